"""Red flags: several wordings each (formal, SMS, typos), negation and hypotheticals."""

import pytest


def ids(p, text):
    return {h.id for h in p.detect_red_flags(text)}


POSITIVE = [
    # breathing
    ("cannot_breathe", "Je n'arrive plus à respirer"),
    ("cannot_breathe", "j'étouffe"),
    ("cannot_breathe", "jarrive pa a respiré"),
    ("cannot_breathe", "j'arrive plu a respirer aidez moi"),
    ("cannot_breathe", "il ne respire plus"),
    ("cannot_breathe", "je respire très mal"),
    ("cannot_breathe", "ses lèvres sont bleues"),
    ("cannot_breathe", "chui en train d etouffer"),
    ("child_breathing_distress", "on voit ses côtes qui se creusent quand il respire"),
    # chest
    ("chest_pain_cardiac", "J'ai une douleur dans la poitrine qui serre"),
    ("chest_pain_cardiac", "douleur thoracique qui irradie dans le bras gauche"),
    ("chest_pain_cardiac", "mal a la poitrin ca descend ds le bras"),
    ("chest_pain_cardiac", "une douleur dans la poitrine qui monte dans la mâchoire"),
    ("chest_pain_cardiac", "j'ai mal dans la poitrine et je transpire beaucoup"),
    ("chest_pain_cardiac", "comme un étau sur la poitrine"),
    ("chest_pain_cardiac", "douleur au thorax, sensation d'écrasement"),
    ("chest_pain_with_breathlessness", "douleur à la poitrine et je suis essoufflé"),
    # stroke
    ("stroke_signs", "sa bouche est de travers"),
    ("stroke_signs", "le visage de mon père est tombé d'un côté"),
    ("stroke_signs", "il n'arrive plus à parler"),
    ("stroke_signs", "elle parle bizarrement depuis une heure"),
    ("stroke_signs", "je crois qu'il fait un AVC"),
    ("stroke_signs", "faiblesse du bras droit d'un coup"),
    ("stroke_signs", "paralysie du côté gauche"),
    ("limb_weakness", "elle ne peut plus lever le bras"),
    ("legs_lost", "je ne sens plus mes jambes"),
    ("tearing_pain", "j'ai une douleur brutale dans le dos qui déchire, j'ai 70 ans"),
    ("tearing_pain", "ça déchire dans la poitrine"),
    ("speech_change", "ma mere parle plus normalement depuis 1h"),
    ("overdose_poisoning", "il a pri 20 doliprane"),
    ("overdose_poisoning", "elle a avalé une dizaine de cachets"),
    ("fall_cannot_get_up", "ma mère de 80 ans est tombée, elle a mal à la hanche et ne peut plus se lever"),
    ("fall_cannot_get_up", "chui tombé dans l'escalier jpeu plus poser le pied"),
    ("chest_pain_cardiac", "g une douleur thoracik ki serre depuis 30 min"),
    ("suicidal_preparation", "jai des idées noires et jai preparé les medicaments"),
    ("suicidal_preparation", "jai des idee noir et g preparé les medoc"),
    ("legs_lost", "jsens plu mes jambe et je fais pipi sur moi"),
    ("legs_lost", "il ne sent rien dans les jambes depuis sa chute"),
    ("legs_lost", "mes jambes ne me portent plus"),
    ("legs_lost", "je ne sens plus mon pied gauche, il est froid et blanc"),
    # consciousness
    ("loss_of_consciousness", "il a perdu connaissance"),
    ("loss_of_consciousness", "je me suis évanouie ce matin"),
    ("loss_of_consciousness", "elle est tombée dans les pommes"),
    ("loss_of_consciousness", "mon père ne répond plus"),
    ("loss_of_consciousness", "perte de conaissance"),
    ("convulsion", "mon fils fait une convulsion"),
    ("convulsion", "elle a fait une crise d'épilepsie"),
    ("convulsion", "il convulse"),
    ("altered_consciousness", "ma mère est confuse et désorientée"),
    ("altered_consciousness", "on n'arrive pas à le réveiller"),
    ("altered_consciousness", "le bébé est tout mou"),
    # bleeding
    ("heavy_bleeding", "ça saigne beaucoup"),
    ("heavy_bleeding", "je saigne énormément de la main"),
    ("heavy_bleeding", "le sang gicle"),
    ("heavy_bleeding", "ça n'arrête pas de saigner"),
    ("heavy_bleeding", "il a fait une hémorragie"),
    ("vomiting_blood", "j'ai vomi du sang"),
    ("vomiting_blood", "vomissements avec du sang"),
    ("vomiting_blood", "g vomi du sang"),
    ("black_stools", "mes selles sont noires"),
    ("black_stools", "caca tout noir comme du goudron"),
    # skin
    ("purpura_fever", "il a de la fièvre et des taches violettes sur les jambes"),
    ("purpura_fever", "39 de fièvre et des petites taches qui ne s'effacent pas quand j'appuie"),
    ("purpura", "des taches qui ne disparaissent pas à la pression"),
    # headache
    ("thunderclap_headache", "mal de tête brutal comme un coup de tonnerre"),
    ("thunderclap_headache", "le pire mal de tête de ma vie"),
    ("thunderclap_headache", "j'ai jamais eu aussi mal à la tête"),
    ("thunderclap_headache", "d'un coup un mal de tête terrible"),
    ("meningitis_signs", "fièvre et nuque raide"),
    ("meningitis_signs", "39.5 et il ne peut pas baisser la tête"),
    # suicide
    ("suicidal", "je veux mourir"),
    ("suicidal", "j'ai envie de me suicider"),
    ("suicidal", "je veux en finir"),
    ("suicidal", "jveu mourir"),
    ("suicidal", "je pense à me tuer"),
    ("suicidal", "je n'ai plus envie de vivre"),
    ("suicidal", "je veux mettre fin à mes jours"),
    ("suicidal", "idées suicidaires"),
    ("overdose_poisoning", "j'ai avalé toute la boîte de doliprane"),
    # allergy
    ("anaphylaxis_airway", "mes lèvres gonflent"),
    ("anaphylaxis_airway", "gonflement de la langue après avoir mangé des cacahuètes"),
    ("anaphylaxis_airway", "ma gorge se serre"),
    ("anaphylaxis_airway", "la gorge qui gonfle"),
    ("anaphylaxis_breathing", "piqûre de guêpe et j'ai du mal à respirer"),
    # spine
    ("cauda_equina", "je ne sens plus rien entre les jambes"),
    ("cauda_equina", "engourdissement des fesses et de l'anus"),
    ("cauda_equina_sphincter", "mal au dos et je n'arrive plus à uriner"),
    ("cauda_equina_sphincter", "sciatique et incontinence"),
    # testicle
    ("testicular_sudden", "douleur brutale au testicule"),
    ("testicular_sudden", "mal a une couille d un coup"),
    # eyes
    ("sudden_vision_loss", "je ne vois plus rien de l'œil droit"),
    ("sudden_vision_loss", "perte de la vue d'un coup"),
    ("sudden_vision_loss", "je vois double"),
    ("chemical_eye", "j'ai reçu de la javel dans l'œil"),
    ("chemical_eye", "projection de produit dans les yeux"),
    # pregnancy
    ("ectopic_bleeding_pain", "je suis enceinte, j'ai mal au ventre et je saigne"),
    ("ectopic_bleeding_pain", "retard de règles, douleur au bas ventre et saignements"),
    ("ectopic_fainting", "enceinte de 7 semaines, mal au ventre et j'ai fait un malaise"),
    ("waters_broken", "j'ai perdu les eaux"),
    # diabetes
    ("hypoglycaemia_confusion", "il est diabétique et il est confus"),
    ("hypoglycaemia_confusion", "hypoglycémie, elle dit n'importe quoi"),
    ("ketoacidosis", "diabète et des cétones dans les urines"),
    # trauma / burn
    ("open_fracture_deformity", "on voit l'os"),
    ("open_fracture_deformity", "son poignet est déformé"),
    ("high_energy_trauma", "il a été renversé par une voiture"),
    ("amputation", "il s'est coupé le doigt net"),
    ("severe_burn", "brûlure au visage avec de l'eau bouillante"),
    ("severe_burn", "il s'est électrocuté"),
    ("extensive_burn", "il a renversé la casserole d'eau bouillante, il a tout le torse brûlé"),
    ("extensive_burn", "brûlé sur tout le dos"),
    ("cannot_swallow_drool", "il n'arrive plus à avaler sa salive"),
    ("impending_doom", "j'ai une sensation de mort imminente"),
    ("snake_bite", "il s'est fait mordre par une vipère"),
    ("stimulant_chest_pain", "après de la cocaïne j'ai une oppression dans la poitrine"),
    ("swallowed_object", "mon fils a avalé une pièce de monnaie"),
    ("hypertension_symptoms", "ma tension est à 19 et j'ai très mal à la tête"),
    ("wild_mushrooms", "on a mangé des champignons ramassés dans la forêt"),
    ("sexual_assault", "j'ai été violée cette nuit"),
    ("violence", "mon mari me frappe"),
    ("hiv_exposure", "je me suis piqué avec une seringue trouvée dans la rue"),
    ("rabies_exposure", "une chauve-souris m'a mordu"),
    ("insulin_overdose", "j'ai fait deux fois mon insuline ce matin"),
    ("child_dose_error", "je me suis trompé de pipette, j'ai donné trop de doliprane à mon bébé"),
    ("command_hallucinations", "il entend des voix qui lui disent de se tuer"),
    ("priapism", "j'ai une érection douloureuse qui ne part pas"),
    ("infant_dry_nappies", "mon bébé ne mouille plus ses couches"),
    ("infant_dry_nappies", "mon bébé n'a pas fait pipi depuis ce matin"),
    ("embolism_risk", "j'ai mal à la poitrine depuis mon opération du genou"),
    ("anaphylaxis_cough", "il a mangé des cacahuètes, il a des plaques et il tousse"),
    ("back_pain_shock", "une douleur horrible dans le dos et elle est toute pâle"),
    ("infant_weak_cry_no_feed", "le bébé geint et refuse le biberon"),
    ("hemoptysis", "je crache du sang"),
    # added after an adversarial review (more wordings in test_protocol_unseen.py)
    ("acute_limb_ischaemia", "sa jambe droite est froide et pâle et il a très mal"),
    ("carbon_monoxide", "on a tous mal à la tête depuis qu'on a allumé le poêle à pétrole"),
    ("tissue_necrosis", "la plaie de mon pied est devenue noire"),
    ("convulsion_signs", "il secoue les bras, les yeux révulsés vers le haut"),
    ("mottled_skin", "sa peau est marbrée et il a de la fièvre"),
    ("abdominal_pain_shock", "mal au ventre brutal et il fait un malaise"),
    ("waters_leak", "enceinte de 36 semaines, je perds du liquide"),
    ("ketoacidosis_signs", "mon fils est diabétique et son haleine sent la pomme, il respire vite"),
    ("sudden_numbness", "tout le côté droit engourdi brutalement"),
    ("unknown_ingestion", "il a avalé des médicaments, je sais pas combien"),
    ("suicidal_jump", "je vais me jeter par la fenêtre ce soir"),
    ("overdose_intent", "je suis prête à avaler toute la boîte de somnifères"),
    ("cyanosis", "le bébé devient violet quand il pleure fort"),
    ("smoke_inhalation", "ma voisine a inhalé de la fumée pendant l'incendie"),
    ("power_tool_hand", "il s'est entaillé la main avec la meuleuse"),
    ("sudden_imbalance", "d'un coup il n'arrive plus à tenir en équilibre"),
    ("pregnancy_trauma", "enceinte de 6 mois, j'ai pris un coup dans le ventre"),
    ("atypical_cardiac_pain", "une douleur au creux de l'estomac qui remonte dans le cou"),
    ("overdose_poisoning", "on pense à une intoxication au monoxyde de carbone"),
    # protocol 2026.12.10
    ("sudden_collapse", "mon père s'est écroulé dans le jardin"),
    ("sudden_collapse", "il sest ecroule ds la rue"),
    ("sudden_collapse", "elle est tombée raide dans l'escalier"),
    ("convulsion_described", "il fait une crise et ses jambes tremblent"),
    ("convulsion_described", "elle tremble dans tous les sens par terre"),
    ("overdose_whole_supply", "elle a avalé tous ses somnifères"),
    ("alcohol_with_sedatives", "il a bu une bouteille de vodka avec ses calmants"),
    ("heart_attack_named", "je crois que mon mari fait une crise cardiaque"),
    ("drowning", "mon fils a failli se noyer à la piscine"),
    ("imminent_birth", "ma femme est en train d'accoucher, on voit la tête"),
    # protocol 2026.12.17
    ("arm_jaw_pain_sweats", "j'ai mal au bras gauche et je transpire à grosses gouttes"),
    # protocol 2026.12.30
    ("hanging", "mon voisin s'est pendu dans son garage"),
    # protocol 2026.12.31
    ("half_body_numbness", "je sens plus la moitié de mon corps"),
    ("sudden_weakness", "mon bras est tout faible d'un coup"),
    ("slow_pulse", "mon coeur bat à 35 par minute"),
    ("glucose_meter_high", "mon lecteur de glycémie affiche HI"),
    ("strangulated_hernia", "ma hernie est dure et ne rentre plus, j'ai mal"),
    ("plant_ingestion", "mon fils a mangé des baies dans le jardin"),
    ("fetal_movements_felt", "je sens plus le bébé bouger depuis hier"),
    ("throat_object_breathing", "j'ai une arête coincée dans la gorge et je respire mal"),
    # protocol 2026.12.32
    ("suicidal_farewell", "j'ai écrit une lettre pour ma famille, c'est la fin"),
    ("opioid_signs", "il s'est injecté un truc, il dort et il a les pupilles toutes petites"),
    ("electrocution", "il a touché un fil électrique dénudé"),
    ("penetrating_wound", "il a reçu un coup de couteau dans le ventre"),
    ("spinal_injury", "après un plongeon il ne sent plus ses jambes"),
    ("preeclampsia_signs", "enceinte de 34 semaines, je vois flou depuis ce matin"),
    ("postpartum_psychosis", "j'ai accouché il y a 10 jours et je suis sûre que ce n'est pas mon bébé"),
    ("acute_glaucoma", "mon oeil est rouge et très douloureux et je vois flou"),
    ("anaphylaxis_shock", "urticaire partout après les crevettes et j'ai fait un malaise"),
    ("alcohol_withdrawal", "il a arrêté de boire avant-hier et il voit des bêtes sur les murs"),
    ("armed_crisis", "mon frère a pris un couteau et menace de tuer tout le monde"),
    ("head_injury_pupil", "il est tombé sur la tête et une pupille est plus grande que l'autre"),
    ("cord_prolapse", "je suis en plein travail et le cordon sort"),
    ("hypothermia", "il a passé la nuit dehors, il est glacé et ne grelotte plus"),
    ("heatstroke", "mon fils est resté dans la voiture en plein soleil, il est brûlant"),
    ("stimulant_toxicity", "il a pris de la MDMA, il est brûlant et très agité"),
    ("toxic_gas", "j'ai mélangé de la javel et du vinaigre, je tousse"),
    ("neck_swelling_airway", "abcès dentaire, le cou gonfle et j'ai du mal à respirer"),
    ("bowel_obstruction", "ni selles ni gaz depuis 2 jours et je vomis"),
    ("aortic_aneurysm_signs", "douleur énorme au ventre et ça bat au niveau du nombril"),
    ("haemophilia_bleed", "mon fils est hémophile, il s'est cogné le coude et ça gonfle"),
    ("methotrexate_daily", "j'ai pris mon méthotrexate tous les jours cette semaine"),
    ("chest_pain_persistent", "douleur dans la poitrine depuis 40 minutes, ça ne passe pas"),
    ("infant_grunting", "mon bébé de 2 mois grogne à chaque respiration"),
    ("breathless_speech", "je suis tellement essoufflé que j'arrive à peine à finir mes phrases"),
    # protocol 2026.12.33
    ("missed_dialysis", "j'ai raté ma séance de dialyse et j'ai les jambes lourdes"),
    ("post_procedure_abdomen", "opérée il y a 3 jours, j'ai de la fièvre et mal au ventre"),
    ("giant_cell_arteritis", "j'ai mal à la tempe et je vois trouble"),
    ("new_diabetes_signs", "il boit énormément, fait pipi sans arrêt et il vomit"),
    ("handlebar_injury", "il a pris le guidon dans le ventre"),
    ("trauma_shock_signs", "après l'accident elle est toute pâle et a mal au ventre"),
    ("fall_from_height", "il est tombé du toit"),
    ("child_trunk_burn", "mon fils s'est renversé de l'eau bouillante sur le ventre"),
    ("sepsis_cold_skin", "elle a de la fièvre et elle est grise"),
    ("fever_cold_extremities", "38,9 de fièvre et les pieds glacés"),
    ("repeated_doses_drowsy", "il a repris ses médicaments plusieurs fois, il est somnolent"),
    ("suicidal_affairs", "j'ai rédigé mon testament, plus rien n'a de sens, je suis vide"),
    ("acute_psychosis", "elle dit qu'elle est le messie"),
    ("anticoagulant_internal_bleed", "sous anticoagulant, mon ventre gonfle"),
    ("skull_base_signs", "après sa chute il a un bleu derrière l'oreille"),
    ("fast_breathing", "je compte 32 respirations par minute"),
    ("fast_breathing_child", "mon bébé respire 75 fois par minute"),
    ("found_lying_unresponsive", "elle est allongée par terre et ne répond pas"),
    # protocol 2026.12.33, after a third (held-out) probe
    ("airway_burn", "après l'incendie il a les sourcils brûlés et la voix rauque"),
    ("window_danger", "il est complètement paniqué et veut sauter par la fenêtre"),
    ("self_harm_urge", "j'ai envie de me faire du mal ce soir"),
    ("self_harm_wound", "je me suis scarifiée et ça saigne beaucoup"),
    ("urinary_retention", "je n'arrive plus à uriner depuis 10 heures et j'ai le bas ventre tendu"),
    ("paraphimosis", "la peau est restée coincée en arrière du gland et ça gonfle"),
    ("elderly_dehydration", "ma grand-mère ne boit plus et elle dort tout le temps"),
    ("ascending_weakness", "des fourmis qui remontent dans les jambes et je suis très faible"),
    ("spreading_infection", "la rougeur s'étend à vue d'oeil et j'ai 39 de fièvre"),
    ("lab_critical", "le labo m'a appelé, mon potassium est à 6,8"),
    ("adrenal_crisis", "j'ai une maladie d'Addison et je vomis tout depuis ce matin"),
    ("sickle_cell_crisis", "mon fils drépanocytaire a de la fièvre et très mal aux jambes"),
    ("lithium_toxicity", "sous lithium, elle tremble fort et elle est confuse"),
    ("croup_distress", "il a une toux de phoque et du mal à respirer même au calme"),
    ("infant_floppy_cold", "mon bébé de 2 semaines est tout mou"),
    ("pesticide_poisoning", "après avoir pulvérisé un insecticide, je bave et je transpire"),
    ("anticoagulant_bleeding_persistent", "sous Eliquis, ma plaie saigne encore depuis une heure"),
    ("mastoiditis_signs", "il a l'oreille décollée et de la fièvre"),
    ("low_blood_pressure_signs", "ma tension est à 8 et j'ai de la fièvre"),
    ("open_fracture", "on voit l'os de sa jambe"),
    ("crush_injury", "sa jambe est restée coincée sous le tracteur depuis 2 heures"),
    ("asthma_reliever_failing", "j'ai pris 15 bouffées de ventoline sans effet"),
    ("massive_leg_swelling", "toute ma jambe est devenue violette et gonflée"),
    ("febrile_renal_colic", "colique néphrétique avec 39 de fièvre"),
    ("single_kidney_pain", "j'ai un seul rein et j'ai de la fièvre"),
    ("pyelonephritis_vomiting", "mal aux reins, 39 de fièvre et je vomis tout"),
    ("pregnancy_high_fever", "enceinte de 30 semaines, 39 de fièvre et des frissons"),
    ("orbital_cellulitis", "son oeil est gonflé et rouge et il a de la fièvre"),
    ("breathing_difficulty_severe", "il a une difficulté respiratoire importante"),
    ("pulmonary_oedema_signs", "elle respire en faisant des bulles"),
]


@pytest.mark.parametrize("flag,text", POSITIVE)
def test_red_flag_detected(p, flag, text):
    assert flag in ids(p, text), (text, ids(p, text))


def test_every_red_flag_has_a_positive_test(p):
    tested = {f for f, _ in POSITIVE}
    untested = {rf.id for rf in p.red_flags} - tested
    # a few are only reachable by their complaint questions or very specific wording
    assert untested <= {
        "face_swelling",
        "bulging_fontanelle",
        "rigid_abdomen",
        "fetal_movements",
        "eye_penetrating",
    }, untested


@pytest.mark.parametrize(
    "flag,text",
    [
        ("face_swelling", "son visage est tout gonflé"),
        ("bulging_fontanelle", "la fontanelle est bombée"),
        ("rigid_abdomen", "le ventre est dur comme du bois"),
        ("fetal_movements", "enceinte de 8 mois, le bébé ne bouge plus"),
        ("eye_penetrating", "un éclat de métal est rentré dans l'œil"),
    ],
)
def test_other_red_flags(p, flag, text):
    assert flag in ids(p, text)


def test_suicidal_flag_carries_3114_and_15(p):
    st = p.new_state()
    p.observe(st, "je veux en finir")
    assert p.next_question(st) is None
    r = p.evaluate(st)
    assert r.level == "emergency_ambulance"
    numbers = [n["number"] for n in r.numbers]
    assert "3114" in numbers and "15" in numbers
    assert r.needs_clinician


NEGATED = [
    ("fever", "pas de fièvre"),
    ("chest_pain_cardiac", "je n'ai aucune douleur thoracique qui serre"),
    ("chest_pain_cardiac", "Je n'ai pas de douleur dans la poitrine qui serre"),
    ("meningitis_signs", "fièvre mais sans raideur de nuque"),
    ("convulsion", "je n'ai jamais eu de convulsion"),
    ("vomiting_blood", "je n'ai pas vomi de sang"),
    ("loss_of_consciousness", "il n'a pas perdu connaissance"),
    ("loss_of_consciousness", "pas de perte de connaissance"),
    ("suicidal", "je ne veux pas mourir"),
    ("suicidal", "je n'ai pas d'idées suicidaires"),
    ("stroke_signs", "pas de difficulté à parler"),
    ("black_stools", "ni selles noires ni vomissement"),
    ("anaphylaxis_airway", "les lèvres ne gonflent pas"),
    ("cannot_breathe", "je n'étouffe pas"),
    ("purpura_fever", "de la fièvre mais pas de taches violettes"),
    ("legs_lost", "pas de perte de sensibilité dans les jambes"),
    ("tearing_pain", "pas de douleur qui déchire dans le dos"),
    ("tearing_pain", "je me suis déchiré un muscle du mollet"),
    ("legs_lost", "je ne sens pas de douleur aux jambes"),
]


@pytest.mark.parametrize(
    "text",
    [
        "j'ai mal au dos depuis des années",  # was corrected to "apnées": a child's breathing distress
        "je veux créer un compte",  # was "crever": suicidal
        "je voudrais passer à la pharmacie",  # was "pisser"
        "la relation avec mon mari est difficile",
        "elle est belle ma cicatrice",
    ],
)
def test_frequent_french_words_are_never_corrected_into_a_red_flag(p, text):
    assert not ids(p, text)


def test_doses_and_languages_are_not_red_flags(p):
    assert not ids(p, "j'ai pris 10 mg de xanax")
    assert not ids(p, "j'ai pris 2 doliprane")
    assert not ids(p, "je ne parle pas bien français")


def test_cannot_get_up_needs_a_fall(p):
    assert not ids(p, "je ne peux pas me lever le matin tellement je suis fatigué")
    assert not ids(p, "je suis tombée hier mais je marche sans problème")


def test_prepared_medicines_alone_are_not_a_suicidal_plan(p):
    assert not ids(p, "j'ai préparé les médicaments de la semaine pour ma mère")
    assert not ids(p, "je n'ai pas d'idées noires, j'ai préparé mes médicaments dans le pilulier")


def test_tired_legs_after_effort_are_not_a_lost_leg(p):
    assert "legs_lost" not in ids(p, "j'ai tellement marché que je sens plus mes jambes, je suis crevé")
    assert "legs_lost" in ids(p, "je sens plus mes jambes, ça m'inquiète")


@pytest.mark.parametrize("flag,text", NEGATED)
def test_negation_same_sentence(p, flag, text):
    assert flag not in ids(p, text), ids(p, text)


def test_negation_in_other_sentence_does_not_cancel(p):
    text = "Pas de fièvre. J'ai une douleur dans la poitrine qui serre et irradie dans le bras."
    assert "chest_pain_cardiac" in ids(p, text)
    assert "stroke_signs" in ids(p, "Pas de fièvre. Sa bouche est de travers.")
    assert "suicidal" in ids(p, "Je n'ai pas mal. Je veux mourir.")


def test_negation_does_not_cross_mais(p):
    assert "cannot_breathe" in ids(p, "pas de fièvre mais j'étouffe")
    assert "vomiting_blood" in ids(p, "pas de diarrhée mais j'ai vomi du sang")


def test_ni_ni_negates_both(p):
    st = p.new_state()
    obs = p.observe(st, "ni vomissement ni diarrhée")
    assert "vomiting_diarrhoea" not in obs.complaints
    assert "vomiting_diarrhoea" in obs.negated_complaints


def test_pas_mal_de_is_not_negation(p):
    st = p.new_state()
    obs = p.observe(st, "j'ai pas mal de fièvre")
    assert "fever" in obs.complaints


def test_double_negation_counts_as_present(p):
    st = p.new_state()
    obs = p.observe(st, "je ne peux pas marcher sans avoir mal à la poitrine")
    assert "chest_pain" in obs.complaints


def test_cannot_breathe_is_not_cancelled_by_its_own_negation(p):
    # "n'arrive pas", "ne peux plus" are part of the red flag, not a negation of it
    assert "cannot_breathe" in ids(p, "je ne peux plus respirer")
    assert "cannot_breathe" in ids(p, "elle n'arrive pas à respirer")


@pytest.mark.parametrize(
    "text,flag",
    [
        ("si j'avais du mal à respirer, que faire ?", "cannot_breathe"),
        ("que ferais-je si j'avais une douleur dans la poitrine qui serre ?", "chest_pain_cardiac"),
        ("au cas où il perdrait connaissance", "loss_of_consciousness"),
        ("en cas de convulsion, j'appelle qui ?", "convulsion"),
    ],
)
def test_hypothetical_not_present(p, text, flag):
    assert flag not in ids(p, text)


def test_hypothetical_scope_ends_at_comma(p):
    assert "cannot_breathe" in ids(p, "si je comprends bien, je n'arrive plus à respirer")


def test_uncertainty_is_present(p):
    st = p.new_state()
    p.observe(st, "je ne sais pas si j'ai de la fièvre")
    assert "fever" in st.complaints


def test_history_is_not_current(p):
    assert "stroke_signs" not in ids(p, "antécédent d'AVC")
    assert "stroke_signs" not in ids(p, "il a fait un AVC il y a 5 ans")


def test_mal_au_coeur_is_nausea_not_chest_pain(p):
    st = p.new_state()
    obs = p.observe(st, "j'ai mal au cœur et envie de vomir")
    assert "chest_pain" not in obs.complaints
    assert "vomiting_diarrhoea" in obs.complaints
    assert not obs.red_flags


@pytest.mark.parametrize(
    "text",
    [
        "je parle mal français, excusez-moi, j'ai mal à la gorge",
        "je ne bois pas d'alcool",
        "je suis KO après le travail",
        "j'ai pris mes médicaments ce matin",
        "j'ai peur de mourir de honte",
        "intoxication alimentaire je crois, diarrhée",
        "il fait chaud",
        "j'ai un signe sur la peau",
        "mon test covid est positif",
        "je me suis foulé la cheville, je ne peux pas bouger le pied",
    ],
)
def test_no_false_alarm(p, text):
    emergencies = {h.id for h in p.detect_red_flags(text) if h.level == "emergency_ambulance"}
    assert not emergencies, emergencies


def test_detect_red_flags_is_pure(p):
    a = p.detect_red_flags("j'étouffe")
    b = p.detect_red_flags("j'étouffe")
    assert [h.id for h in a] == [h.id for h in b]
    h = a[0]
    assert h.level in ("emergency_ambulance", "emergency") and h.reason and h.matched
