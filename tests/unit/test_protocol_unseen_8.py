"""Probe of 2026.12.31 (474 emergency wordings, 175 look-alikes, written by a red-team pass
over SMS spellings, third persons, questions and long messages): 116 emergency messages got
less than the emergency department and 15 the department where the 15 is needed; 47
look-alikes reached an emergency level. Fixed in 2026.12.32: after it, 21 and 7 such
emergency messages were left (see the issue note) and 32 look-alikes, none of them new.

The wordings below are the probe's own messages that now raise their flag, with look-alikes,
some from the probe, most written for the new patterns: farewells and indirect suicidal
ideation, a person "dans les pommes" or "KO", seizures without the word, a TIA, angina in
everyday words, children's poisonings by chewing, licking or a skin patch, pre-eclampsia, cord
prolapse, postpartum psychosis, electrocution, stab and gunshot wounds, spinal injury, a long
lie, heat and cold, stimulants, a toxic gas, a bowel obstruction, an aortic aneurysm,
haemophilia, methotrexate taken daily, alcohol withdrawal, a weapon in a crisis.

A second probe wrote 374 benign messages around the new patterns (jokes, pets, objects, chronic
and past troubles, idioms): the first version of these patterns raised a flag on 220 of them
that 2026.12.31 did not; after tightening, 13. The tightening was done against those very
messages, so the figure is optimistic; 40 of them, drawn at random, are kept below.
"""

import pytest

try:
    from tests.unit.test_protocol_helpers import assert_flag_at_once, ids, play
except ImportError:  # pragma: no cover - rootdir-less import mode
    from test_protocol_helpers import assert_flag_at_once, ids, play


RAISED = [
    # the regression a false-alarm probe found: an 'unless' had swallowed this pattern
    ("child_breathing_distress", "mon bébé a arrêté de respirer pendant quelques secondes"),
    ("child_breathing_distress", "mon bebe fait des apnees, il arrete de respirer"),
    (
        "limb_weakness",
        "Mon père (72a) fait tomber sa fourchette sans arrêt depuis ce midi et il est tout pâle",
    ),
    (
        "speech_change",
        "elle a soudain plus pu parler pendant 5 min puis c revenu, c est grave ? elle a 67 ans",
    ),
    (
        "sudden_weakness",
        "bjr mon pere a le bras qui pend le long du corps il arrive pas a le remonter depuis son reveil",
    ),
    (
        "sudden_weakness",
        "ma femme a la jambe gauche qui se derobe depuis 1h, elle a failli tomber 3 fois et elle articule mal",
    ),
    (
        "limb_weakness",
        "ma mere 69 ans, elle est diabetique et sous kardegic, on est chez elle et elle a du mal a garder sa tasse dans la main gauche et elle a l air ailleurs depuis une demi heure",
    ),
    (
        "stroke_signs",
        "mon mari 59a a soudain eu la jambe droite qui ne repondait plus en sortant de la douche, il est assis maintenant et il dit que c est rien",
    ),
    (
        "chest_pain_cardiac",
        "ca me brule derriere le sternum depuis 40 min et j ai envie de vomir, j ai 62 ans, j ai deja eu un stent",
    ),
    (
        "chest_pain_persistent",
        "douleur dans la poitrine en montant les escaliers qui dure depuis 25 min meme au repos maintenant, j ai 66 ans",
    ),
    (
        "atypical_cardiac_pain",
        "bonjour, je suis une femme de 58 ans, depuis ce soir j'ai une grosse fatigue, des nausées et une gêne entre les omoplates, et je suis moite",
    ),
    ("stimulant_chest_pain", "j ai pris de la coke hier soir et ce matin j ai le coeur qui serre"),
    (
        "tearing_pain",
        "douleur thoracique brutale, comme si on m arrachait quelque chose dans le dos, je suis hypertendu",
    ),
    ("chest_pain_cardiac", "mon pere est allonge il dit qu il a comme un elephant assis sur lui"),
    ("chest_pain_cardiac", "g mal o coeur depuis ce matin ca serre et ca descend ds le bras"),
    (
        "chest_pain_persistent",
        "mon compagnon 48 ans fumeur a une douleur a la poitrine depuis 30 minutes en faisant son jogging, il s est arrete mais ca passe pas",
    ),
    (
        "arm_jaw_pain_sweats",
        "Mon oncle a une douleur dans le haut du dos et l'épaule gauche, il vomit et il est en nage",
    ),
    (
        "chest_pain_with_breathlessness",
        "ma grand mere 84 ans se sent pas bien, elle dit qu elle a une douleur dans la poitrine qui lui coupe le souffle",
    ),
    ("breathless_speech", "je suis essoufle au moindre mot, j arrive a peine a finir une phrase"),
    (
        "throat_object_breathing",
        "mon fils de 18 mois a mis un petit lego dans sa bouche et depuis il tousse sans arret et respire bizarre",
    ),
    ("infant_grunting", "mon bebe de 3 semaines respire en grognant a chaque expiration"),
    ("cannot_breathe", "mon saturometre affiche 84 % et je suis a bout de souffle, j ai le covid"),
    (
        "breathless_speech",
        "ma fille asthmatique a le souffle qui siffle tres fort, elle est assise penchée en avant et n'arrive plus à dire plus de deux mots",
    ),
    ("anaphylaxis_airway", "mes levres ont triple de volume apres le resto chinois"),
    ("anaphylaxis_shock", "mon mari a ete pique par un frelon, il est tout rouge, il vomit et il est tombe"),
    ("anaphylaxis_shock", "je me sens mal j ai de l'urticaire partout apres le kiwi et ma tension est a 8"),
    (
        "purpura_fever",
        "bonjour mon enfant de 3 ans a de la fievre et il a une eruption qui ne blanchit pas sous le verre",
    ),
    (
        "infant_dry_nappies",
        "mon bébé de 7 mois a la bouche sèche, il est grognon et n'a fait qu'une couche mouillée en 24h",
    ),
    ("loss_of_consciousness", "ma mere est dans les pommes depuis 5 minutes"),
    (
        "loss_of_consciousness",
        "je me suis reveille par terre dans la salle de bain sans savoir combien de temps j y suis reste",
    ),
    ("loss_of_consciousness", "il est KO depuis 10 minutes apres un coup de poing"),
    (
        "loss_of_consciousness",
        "je suis avec ma tante, elle etait en train de parler et d un coup elle s est affalee sur le canape, elle ouvre pas les yeux",
    ),
    ("convulsion", "mon ami est par terre, il est tout raide et ses bras tapent le sol, il bave"),
    (
        "convulsion_signs",
        "je crois que mon bebe a fait une crise, il etait fige le regard fixe et son bras tressautait pendant 1 min",
    ),
    ("convulsion_signs", "mon père est en train de trembler violemment sur le canapé et ne nous entend pas"),
    ("head_injury_pupil", "ma fille s est cognee la tete contre le mur, du liquide clair coule de son nez"),
    (
        "head_injury_pupil",
        "mon papy est tombe dans l escalier et depuis il a une pupille plus grosse que l autre",
    ),
    ("overdose_poisoning", "ma fille de 3 ans a bu du sirop pour la toux, la moitie du flacon"),
    ("overdose_poisoning", "mon bebe de 10 mois a machouille une gelule qui trainait par terre"),
    ("overdose_poisoning", "mon fils de 4 ans a mis dans sa bouche un patch de fentanyl de son grand pere"),
    ("overdose_poisoning", "mon enfant a suce des comprimes de fer de sa mere, il en manque 6"),
    ("overdose_poisoning", "mon fils a mis du deboucheur dans sa bouche, il a les levres brulees"),
    (
        "toxic_gas",
        "j'ai mélangé javel et détartrant en nettoyant la salle de bain et je tousse, j'ai du mal à respirer",
    ),
    ("overdose_poisoning", "ma fille de 18 mois a léché de la soude caustique sur le bord de l'évier"),
    ("plant_ingestion", "jai confondu ail des ours et muguet dans ma salade"),
    ("stimulant_toxicity", "on a pris des ecsta et ma copine a 40 de fievre et elle est agitee"),
    ("overdose_poisoning", "ma fille de 3 ans a mange un bout de space cake qui trainait"),
    (
        "opioid_signs",
        "mon colocataire s est injecte quelque chose, il a les pupilles toutes petites et respire 4 fois par minute",
    ),
    ("overdose_intent", "je vais prendre tout mon stock de medocs ce soir"),
    ("suicidal_farewell", "jai ecrit une lettre pour ma famille, c est la fin"),
    ("suicidal_farewell", "je suis dans ma voiture au garage, le moteur tourne, je veux que ça s'arrête"),
    ("suicidal", "je pense que ma famille serait plus heureuse si je n'étais plus là"),
    ("suicidal_farewell", "j'ai donné toutes mes affaires à mes amis, je n'en aurai plus besoin bientôt"),
    ("suicidal", "a quoi bon continuer, personne ne remarquera mon absence"),
    ("suicidal_farewell", "dites a ma mere que je l aime, je suis desole pour tout"),
    ("suicidal_farewell", "mon fils de 17 ans a fait des recherches sur internet sur comment se pendre"),
    ("suicidal", "je suis un fardeau pour tout le monde, demain ce sera réglé"),
    ("suicidal", "ma femme dit qu'elle ne veut plus se réveiller et elle a stocké ses somnifères"),
    ("suicidal_farewell", "c est la derniere fois que je vous ecris, merci pour tout"),
    (
        "armed_crisis",
        "Mon père répète depuis la mort de maman qu'il va aller la rejoindre bientôt, il a 79 ans et un fusil de chasse",
    ),
    (
        "suicidal",
        "bonsoir, je ne dors plus depuis des semaines, j'ai pas faim, pas de fièvre. au travail ça va pas. parfois je regarde la fenêtre du 8e et je me dis que ce serait plus simple. je voulais un rdv pour un arrêt",
    ),
    ("suicidal_farewell", "personne ne m'aime, je vais partir loin et on ne me reverra plus jamais"),
    ("fetal_movements_felt", "37 sa je sens plus bouger mon bebe depuis ce matin"),
    ("fetal_movements", "je suis à 35 SA et bébé bouge beaucoup moins que d'habitude depuis hier"),
    ("preeclampsia_signs", "enceinte 33 sem, je vois flou et jai mal sous les cotes a droite depuis ce soir"),
    ("cord_prolapse", "le cordon sort avant le bébé !!"),
    (
        "postpartum_psychosis",
        "j'ai accouché il y a 2 semaines, je ne dors plus, je suis persuadée que le bébé est possédé",
    ),
    (
        "bowel_obstruction",
        "je n ai pas fait de selles ni de gaz depuis 3 jours, je vomis et mon ventre gonfle",
    ),
    (
        "aortic_aneurysm_signs",
        "mon pere 75 ans a une douleur dans le ventre enorme, on sent un truc qui bat au niveau du nombril",
    ),
    ("acute_limb_ischaemia", "ma jambe gauche est devenue froide et blanche d'un coup et j'ai très mal"),
    (
        "acute_limb_ischaemia",
        "jai une douleur brutale dans le bras droit, il est froid et je trouve plus le pouls au poignet",
    ),
    (
        "acute_limb_ischaemia",
        "le pied de ma mère est violet et froid depuis ce matin et elle ne peut plus bouger les orteils",
    ),
    ("cauda_equina", "hernie discale, et maintenant j'ai les fesses et l'intérieur des cuisses engourdis"),
    ("severe_burn", "ma femme s est brulee la main avec de l acide"),
    ("severe_burn", "mes parties intimes ont ete brulees par du the bouillant"),
    ("severe_burn", "ma fille s'est brûlée avec le fer à lisser sur tout le cou, ça fait des bulles"),
    ("extensive_burn", "brule partout sur le dos et les bras par une flamme"),
    ("ketoacidosis_signs", "son haleine sent le dissolvant, elle est diabetique et tres fatiguee"),
    ("hypothermia", "on a retrouve papy dans son jardin ce matin, il a passe la nuit dehors, il est glace"),
    ("heatstroke", "mon bebe de 4 mois est reste dans la voiture au soleil 30 min, il est rouge et brulant"),
    (
        "hypothermia",
        "on est en montagne, mon ami est en hypothermie, il ne grelotte plus et il ne tient plus debout",
    ),
    (
        "electrocution",
        "mon mari a touche un fil electrique en bricolant, il a ete projete, il a mal a la poitrine",
    ),
    (
        "electrocution",
        "jai pris une decharge du 220 en changeant une prise, ma main est brulee et j ai des palpitations",
    ),
    ("electrocution", "mon fils a touche la catenaire du train en montant sur un wagon"),
    ("electrocution", "la foudre est tombee a cote de mon cousin, il est sonne"),
    ("high_energy_trauma", "mon collegue a recu une poutre sur la tete sur le chantier"),
    ("penetrating_wound", "coup de couteau dans le ventre"),
    ("penetrating_wound", "mon frere s'est fait tirer dessus, il saigne de la jambe"),
    ("spinal_injury", "ma fille est tombee du cheval, elle a mal au cou et des fourmis dans les mains"),
    ("spinal_injury", "Après un plongeon dans la piscine, mon fils ne sent plus ses bras"),
    ("high_energy_trauma", "je me suis fait agresser dans la rue, j'ai recu des coups de pied dans la tete"),
    (
        "sexual_assault",
        "on m a mis quelque chose dans mon verre en soiree et je me suis reveillee chez un inconnu",
    ),
    (
        "high_energy_trauma",
        "mon fils s est fait tabasser a la sortie du college, il saigne du nez et il a mal a l oeil",
    ),
    (
        "acute_glaucoma",
        "oeil rouge tres douloureux, vision floue, nausees et mal de tete, la pupille est bizarre",
    ),
    ("chemical_eye", "ma fille a reçu de la colle forte dans l'œil, elle n'arrive plus à l'ouvrir"),
    (
        "fall_cannot_get_up",
        "ma grand mère est tombée dans sa salle de bain et personne ne l'a trouvée pendant 12 heures",
    ),
    (
        "fall_cannot_get_up",
        "mamie 88 ans a glissé, elle a très mal à la hanche et ne peut pas mettre le pied par terre",
    ),
    (
        "fall_cannot_get_up",
        "mon grand-père est tombé du lit et il est coincé entre le lit et le mur depuis des heures",
    ),
    (
        "fall_cannot_get_up",
        "bonjour, ma mère a 83 ans et vit seule, elle a déclenché sa téléalarme, elle est tombée vers 2h du matin et elle est encore allongée dans le couloir, elle dit qu'elle n'a pas mal mais elle n'arrive pas à bouger",
    ),
    (
        "neck_swelling_airway",
        "j'ai un abces dentaire et maintenant tout le cou est gonfle et j'ai du mal a respirer",
    ),
    (
        "alcohol_withdrawal",
        "mon pere alcoolique a arrete de boire il y a 2 jours, il tremble, transpire et voit des insectes sur les murs",
    ),
    (
        "armed_crisis",
        "mon frere schizophrene a arrete son traitement, il a un couteau et dit qu il doit tuer le diable",
    ),
    (
        "throat_object_breathing",
        "mon fils de 4 ans a un bonbon coince dans la gorge, il n'arrive plus a tousser ni a parler",
    ),
    ("haemophilia_bleed", "je suis hemophile et je me suis cogne le genou, il gonfle enormement"),
    (
        "alcohol_withdrawal",
        "je suis en état de manque d'alcool, je viens de faire une crise où je tremblais de tout mon corps",
    ),
]


@pytest.mark.parametrize("flag,text", RAISED)
def test_the_wording_raises_its_red_flag(p, flag, text):
    assert flag in ids(p, text)


@pytest.mark.parametrize("flag,text", RAISED)
def test_the_wording_gets_at_least_its_flags_level_at_once(p, flag, text):
    assert_flag_at_once(p, flag, text)


LOOK_ALIKES = [
    # from a second probe, of false alarms (374 benign messages written around the new patterns)
    "Ma fille est partie en Erasmus, je vais la rejoindre pour Noël, il me faut mes vaccins pour le voyage",
    "mon grand pere a parkinson, il tremble, et il nous entend pas car il est sourd, on voudrait renouveler ses appareils auditifs",
    "Je suis enceinte de 20 semaines et le cordon de mon pantalon de grossesse dépasse, il me gratte, lol. Sinon je voulais un rdv pour mon écho",
    "Le papi respire en geignant quand on lui fait sa toilette car il a mal au dos depuis des années, l'infirmière peut-elle passer plus tôt ?",
    "mon pere a eu un pontage en 2019, il a mal a la poitrine quand il tousse depuis son rhume, c est musculaire ?",
    "Mon chat a passé la nuit dehors, il est tout froid mais il mange bien",
    "mon fils ado a mal entre les omoplates avec son sac trop lourd, il est souvent pale, il faut faire une radio ?",
    "Mon dentiste m'a parlé d'acide hyaluronique pour les gencives dans la bouche, c'est remboursé ?",
    "Après 6 mois de rééducation j'ai plus de force dans la main opérée qu'avant l'opération, génial ! Je voulais un certificat",
    "je me suis fait tatouer l avant bras, le pansement film serre et ca file un peu dans le bras, normal ?",
    "Mon chat a le cou gonflé depuis sa piqûre, il respire bien, le véto dit que c'est une réaction au vaccin",
    "je sens pas le pouls au poignet quand je le prends moi meme, c est parce que je m y prends mal ? je voudrais apprendre",
    "Pour mon dossier : l'an dernier en réa ma saturation est tombée à 70, je suis sorti depuis et tout va bien, je veux juste une copie du compte rendu",
    "j ai mal entre les omoplates depuis que je dors sur un nouveau matelas, et je transpire beaucoup la nuit car il fait chaud",
    "Après la piscine j'ai de l'eau qui coule de l'oreille quand je penche la tête, normal ?",
    "Ma femme sent moins bouger le bébé le matin que le soir, ça a toujours été comme ça, il bouge bien la nuit, elle est à 28 semaines",
    "Le forgeron du village m'a dit de poser la main sur l'enclume, je me suis brûlé un doigt, petite cloque",
    "Je suis allergique à la pénicilline, le pharmacien m'a donné de l'amoxicilline par erreur mais je ne l'ai pas prise, vous pouvez corriger l'ordonnance ?",
    "je suis menopausee, bouffees de chaleur et sueurs, et j ai une gene entre les deux omoplates quand je suis assise devant l ordi toute la journee",
    "J'ai mélangé du vinaigre et du bicarbonate pour déboucher l'évier, ça fait des bulles, c'est dangereux de respirer ça ?",
    "Mon bébé né à 36 semaines bouge moins que son frère, il est plus calme, c'est un bon dormeur",
    "Tendinite au coude : quand je serre le poing la douleur irradie dans tout le bras droit depuis 3 semaines, je fais du tennis",
    "Mon pouls est à 40 la nuit d'après ma montre, je fais beaucoup de vélo, c'est normal ?",
    "Il a été KO par une grippe toute la semaine, la fièvre est tombée, faut-il un certificat pour le travail ?",
    "j ai des rougeurs sur le nez qui partent pas, rosacee connue, vous pouvez renouveler ma creme ?",
    "Mon fils de 2 ans est tombé du lit cette nuit et s'est coincé entre le lit et le mur, il a pleuré une minute puis s'est rendormi, ce matin il joue normalement",
    "Mon chat a une boule de poils coincée dans la gorge, il respire bizarrement quand il crache, le véto est fermé",
    "mon fils de 4 ans a dessine un elephant assis sur un ballon, trop mignon. sinon il tousse depuis 3 jours, on peut venir ?",
    "Mon chat s'assoit sur ma poitrine tous les matins pour me réveiller. Je voudrais un rdv pour ma rhinite allergique aux poils",
    "Mon fils ne parle plus à son frère depuis ce matin, ils se sont disputés pour la console",
    "À l'échographie on voit le cordon autour du cou du bébé, je suis à 32 SA, le gynéco dit que c'est fréquent, je m'inquiète quand même",
    "mon bebe de 2 mois grogne un peu quand il respire pendant qu il dort, sinon il tete tres bien, il rit, pas de fievre. c est les bruits normaux du nourrisson ?",
    "Ma fille a une rougeur sur la joue qui ne part pas depuis la naissance, c'est un angiome, on voudrait un avis dermato",
    "Mon ado grogne à chaque respiration de sa sœur tellement elle l'énerve, ça c'est pas médical mdr, par contre il a de l'acné, vous pouvez le voir ?",
    "Mon eczéma me brûle partout comme du feu le soir, je voudrais une nouvelle crème",
    "Je me suis réveillé par terre dans le salon, je m'étais endormi sur le tapis devant la télé, je ne sais pas combien de temps, j'ai mal au cou",
    "Ce week-end je vais rejoindre ma femme à Lyon, elle travaille là-bas, je peux avoir mon ordonnance avant samedi ?",
    "Mes jambes tapent le sol sans arrêt quand je suis assis, c'est un tic nerveux, ça s'appelle impatiences ?",
    "J'ai eu une insolation il y a 3 jours à la plage, j'ai encore un peu mal à la tête, la peau est rouge",
    "Il est KO depuis qu'il a commencé son nouveau boulot, il dort mal, il a besoin d'un bilan sommeil",
    "j'ai pris un petit coup de jus en touchant la portière de la voiture, l'électricité statique, ça m'arrive souvent",
    "ma copine ne répond plus à mes messages, on s'est disputés, je suis triste",
    "mon fils ne répond plus à mes messages depuis hier, il est en vacances avec ses potes",
    "mon chien a fait une crise d'épilepsie, il va mieux",
    "je veux mourir de honte, j'ai une mycose",
    "j'ai envie de disparaître sous ma couette tellement la semaine a été longue, je voudrais un arrêt de travail pour une gastro",
    "je veux en finir avec mes kilos en trop, je cherche une diététicienne",
    "je veux en finir avec cette toux qui dure depuis 2 semaines",
    "plus envie de vivre dans cet appartement humide, mon fils tousse tout le temps",
    "je vois pas d'issue à ce problème de mutuelle, qui rembourse l'ostéo ?",
    "ma lèvre est gonflée parce que je me suis mordue en mangeant",
    "j'ai un bouton de fièvre sur la lèvre qui gonfle un peu",
    "mon mari fait des apnées du sommeil, il a un appareil, il faudrait changer le masque",
    "je suis enceinte de 12 semaines, je ne sens pas encore bébé bouger, c'est normal ?",
    "ça me serre le coeur de voir ma mère vieillir, je voudrais un rdv pour elle pour un bilan mémoire",
    "j'ai écrit une lettre à ma famille pour Noël",
    "le moteur de ma voiture tourne mal, je suis stressé",
    "dis à ma mère que je l'aime quand tu la verras",
    "je suis ko de fatigue",
    "mon fils est KO après sa journée de foot",
    "il ouvre pas les yeux le matin avant 10 h, c'est un ado",
    "je suis tombé dans les pommes de terre du potager",
    "mon chat a fait une convulsion",
    "mon oeil tressaute depuis trois jours",
    "il a mis un bonbon dans sa bouche et il tousse un peu, ça va",
    "mon fils a mis une bille dans son nez, il respire bien",
    "pupilles toutes petites après les gouttes de l'ophtalmo",
    "elle n'a pas pu parler à sa mère hier soir",
    "ma jambe se dérobe depuis des mois à cause du genou",
    "mon fils a fait tomber son verre",
    "j'ai des sueurs et mal entre les omoplates après la muscu",
    "j'ai pris de la coke hier, je voudrais arrêter, mal au coeur ce matin",
    "je me suis fait un coup de couteau en coupant le pain",
    "il s'est fait tirer dessus au paintball, bleu sur la jambe",
    "je suis tombé il y a un mois, je sens plus mes mains quand il fait froid",
    "on voit le cordon ombilical qui sèche, bébé a 5 jours",
    "je suis à 20 sa et je sens pas encore bébé bouger",
    "je vois flou depuis que j'ai changé de lunettes",
    "mon fils a un couteau suisse pour le camping",
    "il a un fusil de chasse, il va à la chasse demain",
    "oeil rouge qui pique un peu, pas de baisse de vue",
    "piqûre de guêpe, ça gonfle un peu, je me sens bien",
    "je suis en manque de sommeil et je vois des choses floues",
    "elle a le visage tout rouge avec des bulles de savon",
    "sat 96 % fc 80",
    "du liquide clair coule de mon nez, j'ai un rhume",
    "je vais en finir avec ce dossier",
    "mon bébé grogne en dormant, c'est normal ?",
    "mon mari fait des apnées, il ronfle",
    "j'ai eu mal à la poitrine pendant 30 minutes hier, c'est passé",
    "j'ai mal à la poitrine depuis 2 jours quand je tousse",
    "on a passé la nuit dehors en camping, il faisait froid, un peu de rhume",
    "j'ai mélangé du vinaigre et du bicarbonate pour nettoyer",
    "je n'ai pas de gaz, je suis constipé, ventre un peu ballonné",
    "je suis enceinte, je sens le coeur du bébé battre dans mon ventre, j'ai un peu mal",
    "mon fils hémophile a besoin d'un certificat pour le sport",
    "je prends du méthotrexate une fois par semaine, puis-je boire de l'alcool ?",
    "il est allongé par terre et joue aux legos sans bouger",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_the_look_alike_raises_no_red_flag(p, text):
    assert ids(p, text) == set()


def test_a_farewell_told_in_answer_to_a_question_stops_the_questions(p):
    r, st, asked = play(
        "j'ai mal à la tête", answers={"age": "24 ans. dites à ma mère que je l'aime, pardon pour tout"}, p=p
    )
    assert "suicidal_farewell" in st.red_flag_ids
    assert r.level == "emergency_ambulance" and asked[-1] == "age"
    assert "3114" in {n["number"] for n in r.numbers}


def test_a_stab_wound_gives_the_police_number_and_its_advice(p):
    r, _, _ = play("mon frère a reçu un coup de couteau dans le ventre", p=p)
    assert r.level == "emergency_ambulance"
    assert "17" in {n["number"] for n in r.numbers}
    assert "Appuyez fort sur la plaie" in r.advice
