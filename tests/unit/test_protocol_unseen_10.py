"""A third red-team probe, held out: 336 emergency messages and 158 look-alikes written by a
subagent that did not read the pattern files nor the earlier probes. On 2026.12.33 before it
(commit ed57c8f), 54 emergency messages got less than the emergency department, 7 the
department where the 15 is needed, and 15 look-alikes reached an emergency level: that is the
protocol's measured generalisation to new wordings. The flags added for them (airway burns,
self-harm, urinary retention, paraphimosis, an old person's dehydration, Guillain-Barré, a
spreading infection, critical lab values, adrenal and sickle cell crises, lithium, croup, a
floppy or cold baby, pesticides, bleeding on a blood thinner, mastoiditis, shock, open
fractures, crush injuries, a failing reliever, a massive thrombosis, an infected blocked
kidney, fever in pregnancy, orbital cellulitis) and the widened ones leave 3 and 0; they were
tuned on these messages, so those figures are optimistic.

A second subagent then wrote 406 benign messages around the new themes: 28 reached an
emergency level that the protocol of the morning did not (an old handlebar blow, a forgotten
dialysis notebook, a phone "sous l'eau", a bin run over by a car, a diver, a diet...). After
tightening, none; the look-alikes below are those 28.
"""

import pytest

try:
    from tests.unit.test_protocol_helpers import assert_flag_at_once, at_least, ids, play
except ImportError:  # pragma: no cover - rootdir-less import mode
    from test_protocol_helpers import assert_flag_at_once, at_least, ids, play


RAISED = [
    (
        "limb_weakness",
        "Mon père de 80 ans s'est réveillé de sa sieste et il n'arrive plus à bouger tout le côté droit, il bave un peu",
    ),
    (
        "speech_change",
        "Mon compagnon bégaie depuis 20 minutes alors qu'il n'a jamais bégayé, et son bras droit est lourd",
    ),
    (
        "asthma_reliever_failing",
        "jai une crise d'asthme depuis 2h j'ai pris 20 bouffées de ventoline et ça se resserre encore",
    ),
    (
        "fast_breathing",
        "jsuis a bout de souffle, je respire a 35 par minute j'ai compté, les levres qui picotent, et la mucoviscidose en plus",
    ),
    (
        "altered_consciousness",
        "ma fille 7 ans est tombée sur la tête du trampoline, elle a vomi 3 fois et elle est endormie, on arrive pas a bien la reveiller",
    ),
    (
        "croup_distress",
        "Slt ma fille 14 mois fait un bruit de phoque quand elle respire, elle a du mal a respirer meme au calme et elle bave, ca empire",
    ),
    (
        "infant_floppy_cold",
        "mon bb de 10 jours est tout froid aux mains, mou, il a 35.8 et il tete presque plus",
    ),
    (
        "drowning",
        "on est à la piscine mon fils de 4 ans était sous l'eau, on l'a sorti, il tousse beaucoup et il respire vite",
    ),
    (
        "cord_prolapse",
        "je suis à 38 SA et j'ai quelque chose qui sort du vagin après avoir perdu les eaux, comme un cordon",
    ),
    (
        "imminent_birth",
        "Je suis à 37 sa, j'ai des contractions fortes toutes les 2 mn et je sens que le bébé pousse, on est encore à la maison à 40 mn de la maternité",
    ),
    (
        "pregnancy_high_fever",
        "enceinte de 28 semaines, diabète gestationnel, et j'ai une forte fièvre 39.2 avec des frissons et mal dans le dos à droite",
    ),
    (
        "suicidal_preparation",
        "j'en peux plus, j'ai préparé toutes mes boîtes de médocs sur la table, ce soir je les prends toutes",
    ),
    ("overdose_poisoning", "je viens d'avaler 30 dolipranes il y a une heure, je regrette"),
    (
        "suicidal_preparation",
        "bonjour je voulais savoir si le cabinet est ouvert le week end. sinon pas grave de toute façon je compte plus être là lundi, j'ai acheté la corde",
    ),
    ("suicidal_jump", "Je pense de plus en plus à me jeter sous un train, je suis sur le quai là"),
    (
        "self_harm_wound",
        "Je me suis scarifiée plus profond que d'habitude, la coupure est béante et ça saigne pas mal",
    ),
    (
        "suicidal_preparation",
        "j'ai des idées noires depuis des semaines, ce soir c'est pire, je sais pas si je vais tenir jusqu'à demain",
    ),
    ("self_harm_urge", "j'ai envie de me faire du mal, je suis seule, le couteau est à côté de moi"),
    (
        "window_danger",
        "mon ami a fumé un truc et il est complètement parano, il hurle, il veut sortir par la fenêtre du 4e",
    ),
    (
        "repeated_doses_drowsy",
        "ma grand mere a pris 2 fois son traitement du coeur ce matin par erreur, elle a le coeur lent et elle est pale",
    ),
    (
        "pesticide_poisoning",
        "je traitais les vignes, j'ai des crampes, je bave, je transpire et mes pupilles sont minuscules",
    ),
    ("open_fracture", "accident de moto, mon ami a la jambe tordue dans un sens pas normal, l'os sort"),
    (
        "crush_injury",
        "jai le bras coincé sous une machine depuis 1h au travail, on vient de le sortir, il est tout écrasé",
    ),
    ("heavy_bleeding", "mon mari s'est tranché la cuisse avec la tronçonneuse, ça gicle"),
    ("amputation", "mon fils a mis la main dans la tondeuse, il lui manque deux doigts"),
    (
        "high_energy_trauma",
        "on sortait du resto, un scooter a renversé ma femme, elle s'est relevée mais elle a mal a la tete et elle se souvient pas de l'accident, elle vomit",
    ),
    (
        "trauma_shock_signs",
        "petite chute en ski, rien de grave je pense, mais mon genou est bloqué, et en fait surtout la j'ai du mal a respirer et j'ai mal a l'épaule depuis que je suis tombé dessus, les amis disent que je suis blanc",
    ),
    (
        "spreading_infection",
        "jai mal a la jambe, elle est rouge violette, ça s'étend à vue d'oeil en quelques heures, j'ai 39 et la douleur est énorme",
    ),
    (
        "low_blood_pressure_signs",
        "ma mère, 78 ans, a de la fièvre et elle urine plus depuis hier, sa tension est à 8",
    ),
    (
        "fever_cold_extremities",
        "slt g 39.8 depuis 2 jours, je respire vite, jsuis tout froid aux extrémités et j'ai pas fait pipi depuis ce matin",
    ),
    (
        "strangulated_hernia",
        "hernie a l'aine que j'ai depuis des années, elle est sortie et ne rentre plus, très douloureuse, et je vomis",
    ),
    (
        "trauma_shock_signs",
        "mon fils 19 ans a pris un coup dans le ventre au foot hier, aujourd'hui il a mal à l'épaule gauche et il est pâle",
    ),
    ("bowel_obstruction", "mon mari a le ventre qui gonfle et il vomit des trucs qui sentent les selles"),
    (
        "anticoagulant_bleeding_persistent",
        "jai eu une extraction dentaire ce matin et ça saigne encore, la bouche se remplit de sang, je prends du xarelto",
    ),
    (
        "sudden_vision_loss",
        "j'ai plus de vision d'un oeil d'un coup depuis ce matin, sans douleur, j'ai 70 ans",
    ),
    (
        "orbital_cellulitis",
        "mon fils de 6 ans a l'oeil gonflé et rouge depuis 2 jours, il peut plus le bouger sans douleur, il a de la fievre",
    ),
    (
        "mastoiditis_signs",
        "mon fils de 4 ans a l'oreille décollée, rouge derrière l'oreille et très gonflée, 39.5",
    ),
    (
        "urinary_retention",
        "ça fait 12h que j'ai pas pu uriner, j'ai le bas ventre tendu et j'ai super mal, j'ai 70 ans",
    ),
    ("febrile_renal_colic", "colique néphrétique avec fièvre 39 et j'ai qu'un seul rein"),
    (
        "paraphimosis",
        "mon mari a le bout du pénis gonflé, la peau est coincée en arrière et ça devient violet",
    ),
    (
        "pyelonephritis_vomiting",
        "j'ai mal aux reins depuis 2 jours avec des brûlures, maintenant 40 de fièvre, je vomis tout et je grelotte",
    ),
    (
        "elderly_dehydration",
        "mon grand-père mange et boit plus depuis 3 jours avec la chaleur, il dort tout le temps et sa langue est sèche",
    ),
    (
        "altered_consciousness",
        "ma grand-mère 91 ans a arrêté de parler et de manger depuis hier, elle répond à peine",
    ),
    (
        "elderly_dehydration",
        "ma mère âgée ne peut plus se lever, elle a les lèvres sèches, elle n'urine plus, elle est très faible, avec la canicule",
    ),
    (
        "fall_cannot_get_up",
        "ma grand mère a chuté il y a 2 jours et depuis elle a mal à l'aine et ne peut plus marcher",
    ),
    (
        "new_diabetes_signs",
        "mon fils de 14 ans maigrit depuis un mois, il boit des litres d'eau, et depuis hier il vomit et il est épuisé",
    ),
    (
        "airway_burn",
        "incendie dans la cuisine, ma femme a les sourcils brûlés et la voix rauque, elle tousse noir",
    ),
    (
        "extensive_burn",
        "feu de barbecue, mon fils a les deux jambes brûlées, ça fait des grandes cloques, il hurle",
    ),
    (
        "ascending_weakness",
        "depuis 3 jours j'ai des fourmis dans les pieds qui montent, maintenant les jambes sont faibles et j'ai du mal à monter les escaliers",
    ),
    (
        "acute_limb_ischaemia",
        "ma main gauche est devenue froide et violette d'un coup avec une grosse douleur, j'ai de l'arythmie",
    ),
    (
        "massive_leg_swelling",
        "toute ma jambe est violette et gonflée du pied jusqu'à l'aine d'un coup, très douloureuse",
    ),
    (
        "adrenal_crisis",
        "je suis sous cortisone au long cours et j'ai arrêté brutalement, je vomis, j'ai mal au ventre et je tiens plus debout, tension basse",
    ),
    (
        "adrenal_crisis",
        "j'ai la maladie d'Addison, gastro depuis hier, je n'arrive pas à garder mon hydrocortisone et je suis très faible",
    ),
    ("lab_critical", "prise de sang: mon potassium est à 7,2, le labo m'a dit d'appeler, je me sens faible"),
    (
        "sickle_cell_crisis",
        "ma fille drépanocytaire a très mal au ventre, sa rate a gonflé et elle est très pâle",
    ),
    (
        "lab_critical",
        "on m'a dit ke mon taux de plaquettes est a 5000 et j'ai des bleus partout et je saigne des gencives",
    ),
    (
        "lithium_toxicity",
        "ma femme sous lithium a eu une gastro, maintenant elle tremble fort, elle parle mal et elle est très endormie",
    ),
]


@pytest.mark.parametrize("flag,text", RAISED)
def test_the_wording_raises_its_red_flag(p, flag, text):
    assert flag in ids(p, text)


@pytest.mark.parametrize("flag,text", RAISED)
def test_the_wording_gets_at_least_its_flags_level_at_once(p, flag, text):
    assert_flag_at_once(p, flag, text)


def test_a_fever_under_treatment_for_leukaemia_goes_to_the_emergency_department(p):
    # read by the fever complaint: a blood cancer under treatment now counts as a lowered immunity
    r, st, _ = play(
        "bonjour, ma mère est en traitement pour une leucémie, elle a pas de fievre, enfin si 38 ce matin et 38.4 maintenant, elle a juste un peu mal a la gorge",
        p=p,
    )
    assert at_least(r.level, "emergency"), (r.level, r.reasons)


LOOK_ALIKES = [
    "j'ai oublie mon carnet de dialyse au centre hier, est ce qu'on peut me le faxer pour mon rdv chez le cardio",
    "Mal aux tempes quand je suis stressee au boulot, ca part avec un doliprane, je voudrais un avis pour mes lunettes car je vois un peu flou de loin depuis des mois",
    "Je fais un regime, j'ai perdu du poids (4 kg en 2 mois) et je bois beaucoup d'eau comme conseille, je voudrais faire un bilan sanguin de controle",
    "Mon fils est tombe de velo il y a 2 semaines, il s'etait fait un bleu au ventre avec le guidon, il a ete vu aux urgences, tout etait normal, faut il un controle ?",
    "Il y a 3 ans mon fils a eu un coup de guidon dans le ventre, il avait eu une echo, c'etait rien. La il a une angine.",
    "J'ai les sourcils brules par la cire chez l'estheticienne 😂 ca repousse ?",
    "Ma fille de 2 ans essaie de monter sur le rebord de la fenetre, quels bloque fenetres conseillez vous ?",
    "Il y a 10 ans j'ai eu un paraphimosis reduit aux urgences, depuis j'ai ete circoncis, je voudrais juste un certificat de sport",
    "Ma soeur est sous lithium et elle a eu une gastro il y a un mois, elle a fait sa prise de sang apres, tout etait normal",
    "Mon voisin pulverise ses arbres fruitiers, je transpire beaucoup en ce moment mais c'est la canicule, je voudrais un avis sur mes sueurs nocturnes depuis des mois",
    "Il y a 5 ans j'ai eu la jambe ecrasee sous un tracteur, je garde des douleurs chroniques, je voudrais un centre anti douleur",
    "Le jus du citron m'a gicle dans l'oeil, ca pique, je rince a l'eau ?",
    "Mon bebe vomit un peu de lait apres le biberon, ca gicle parfois, il prend bien du poids",
    "Le bebe pousse dans mon ventre avec ses pieds, ca fait des bosses 😍 c'est normal d'en avoir autant a 28 semaines ?",
    "Mon telephone etait sous l'eau, il marche plus, je vous contacte donc par le widget pour un rdv",
    "Notre cave etait sous l'eau apres l'orage, il y a de la moisissure, est ce dangereux pour mon asthme ?",
    "Mon chien a vomi et ca sent le caca, il a mange ses crottes je crois 🤢 il va bien",
    "Ma voiture a percute un poteau en se garant, aucun blesse, j'ai juste besoin d'un certificat pour l'assurance",
    "Une voiture a renverse notre poubelle cette nuit 🙄 sinon je voulais prendre rdv pour un frottis",
    "Le matin on n'arrive pas a bien la reveiller pour la creche, elle dort 11h, c'est trop ?",
    "Mon pere a eu un AVC il y a 4 ans, il n'arrive plus a bouger tout le cote droit depuis, il est suivi, on voudrait un kine a domicile",
    "Mon mari ne repond que par oui ou non depuis qu'il regarde le match, il va tres bien hein",
    "Mon fils boit du sirop de fraise et crache de la mousse rose en rigolant 🙄 il va bien",
    "Mon medecin m'a demande si j'avais des difficultes respiratoires importantes a l'effort, non pas du tout, je voulais le preciser pour mon dossier",
    "J'ai eu une grosse difficulte respiratoire lors de mon covid il y a 2 ans, maintenant ca va, je voudrais un bilan de controle",
    "Question pour ma grand mere : est ce que la pollution peut donner des difficultes respiratoires importantes ? elle va bien",
    "Je fais de la plongee, je reste sous l'eau 40 minutes avec ma bouteille, je voudrais un certificat de non contre indication",
    "Mon fils a un petit bleu derriere l'oreille, il s'est cogne au lit superpose en jouant il y a 5 jours, il est en pleine forme",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_the_look_alike_reaches_no_emergency_level(p, text):
    r, _, _ = play(text, p=p)
    assert ids(p, text) == set()
    assert not at_least(r.level, "emergency"), (text, r.level, r.reasons)


@pytest.mark.parametrize(
    "text,flag",
    [
        # the exclusions above keep the same words when they are an emergency
        ("mon fils était sous l'eau au fond de la piscine, il tousse", "drowning"),
        ("une voiture a renversé mon fils, il a mal au ventre", "high_energy_trauma"),
        ("il s'est coupé le bras avec la scie, le sang gicle", "heavy_bleeding"),
        ("je sens que le bébé pousse, contractions toutes les 2 minutes", "imminent_birth"),
        ("depuis ce matin il n'arrive plus à bouger tout le côté droit", "limb_weakness"),
        ("elle crache de la mousse rose et elle étouffe", "pulmonary_oedema_signs"),
    ],
)
def test_the_emergency_wording_of_a_look_alike_still_counts(p, text, flag):
    assert flag in ids(p, text)


# A review of the change found wordings that a first version missed or over-read
REVIEW_RAISED = [
    (
        "J'ai une difficulté respiratoire importante, est-ce que je dois aller aux urgences ?",
        "breathing_difficulty_severe",
    ),
    ("Mon fils s'est défenestré, j'ai peur", "fall_from_height"),
    ("il jouait à un jeu et il est tombé par la fenêtre", "fall_from_height"),
    ("elle étendait le linge et elle est tombée du balcon", "fall_from_height"),
    ("Plus de gaz depuis 3 jours et je vomis, mon chat est malade aussi", "bowel_obstruction"),
    ("Calcul rénal, déjà eu, là fièvre 39 et frissons", "febrile_renal_colic"),
    ("Mamie ne boit plus rien, elle dort tout le temps", "elderly_dehydration"),
    ("Mamie a pris ses médicaments deux fois, pouls lent", "repeated_doses_drowsy"),
    ("Mon père respire à 40 par minute, je suis sa fille", "fast_breathing"),
    ("Il se prend pour Dieu, il n'arrête pas de rire, il ne dort plus", "acute_psychosis"),
]


@pytest.mark.parametrize("text,flag", REVIEW_RAISED)
def test_the_review_s_emergency_wordings_raise_their_flag(p, text, flag):
    assert flag in ids(p, text)


REVIEW_NOT = [
    ("mon chat est tombé du balcon du 1er étage", "fall_from_height"),
    ("j'ai un seul rein, j'ai 39 ans, je peux prendre de l'ibuprofène ?", "single_kidney_pain"),
    ("yeux rouges qui piquent, j'ai 39 ans", "orbital_cellulitis"),
    ("teint gris, j'ai 41 ans", "sepsis_cold_skin"),
    ("coloscopie hier, j'ai 40 ans, un peu mal au ventre", "post_procedure_abdomen"),
    ("J'ai eu un choc émotionnel, je suis toute pâle, mal au ventre", "trauma_shock_signs"),
    ("mon bébé est brûlant et a mal au ventre", "child_trunk_burn"),
    ("ça lui brûle la poitrine quand il tousse, mon fils", "child_trunk_burn"),
    ("Bébé né le 31 mars, il a bien pris 30 g", "infant_floppy_cold"),
    ("j'ai envie de me couper les cheveux", "self_harm_urge"),
    ("Je me suis ouvert le bras sur une vitre en tombant", "self_harm_wound"),
    ("J'ai la gorge en feu et la voix cassée", "airway_burn"),
    ("je sais pas si je vais tenir jusqu'à demain avec cette douleur aux dents", "suicidal_preparation"),
    ("Mon fils est resté deux secondes sous l'eau en jouant, il rigole", "drowning"),
    ("j'ai mis la main sous le robinet, l'eau gicle partout", "heavy_bleeding"),
    ("écharde qui dépasse de la peau", "open_fracture"),
    ("Main écrasée dans la porte", "crush_injury"),
    ("mes cheveux, ça pousse tout seul", "imminent_birth"),
    ("je suis en grande détresse depuis mon divorce", "breathing_difficulty_severe"),
    ("mon fils de 15 ans ne me parle plus, il répond que par oui ou non", "speech_change"),
    ("deux plaquettes de 16 comprimés", "lab_critical"),
    ("J'ai un bout de peau coincé derrière la dent", "paraphimosis"),
    ("il ne faut pas faire de sport après la dialyse ?", "missed_dialysis"),
    ("En passant la tondeuse j'ai mis trop de force, j'ai mal au bras", "power_tool_hand"),
    ("je vois le médecin demain car j'ai mal à la tempe", "giant_cell_arteritis"),
    ("Eliquis, rendez-vous le 9/10", "anticoagulant_internal_bleed"),
    (
        "mes gencives saignent toujours quand je me brosse les dents, je prends du xarelto",
        "anticoagulant_bleeding_persistent",
    ),
    ("j'ai l'oeil rouge, sans douleur, un peu de fièvre avec mon rhume", "orbital_cellulitis"),
    ("mes jambes s'engourdissent quand je monte les escaliers, elles sont faibles", "ascending_weakness"),
    ("je n'arrive pas à uriner, ça brûle et j'ai mal, juste quelques gouttes", "urinary_retention"),
    ("doigts froids et blancs quand il fait froid", "acute_limb_ischaemia"),
    ("cernes noirs autour des yeux tout à coup", "skull_base_signs"),
    ("je bois beaucoup, j'urine la nuit et je suis épuisé", "new_diabetes_signs"),
    ("arrêté le solupred après 3 jours, un peu la diarrhée", "adrenal_crisis"),
    ("ma fille drépanocytaire a un peu mal à la tête", "sickle_cell_crisis"),
    ("un vélo a renversé mon fils, égratignure au genou", "high_energy_trauma"),
]


@pytest.mark.parametrize("text,flag", REVIEW_NOT)
def test_the_review_s_look_alikes_do_not_raise_the_new_flag(p, text, flag):
    assert flag not in ids(p, text)
