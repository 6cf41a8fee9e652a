"""Second round of unseen French wordings (protocol 2026.12.10), written before being played
through the protocol: overdoses told with a box, a blister pack, "tous ses cachets" or alcohol,
seizures told as "une crise" with shaking, collapses ("il s'est écroulé", "tombé raide"), and the
other emergency families; and harmless messages that share their words ("tombé raide amoureux",
"les prix se sont effondrés", "crise d'angoisse", "j'ai pris une boîte de doliprane à la
pharmacie"). Every positive here found no emergency red flag in protocol 2026.12.9; every
negative except the former false alarms found none in either version."""

import pytest

URGENT = {"emergency_ambulance", "emergency"}


def urgent_ids(p, text):
    return {h.id for h in p.detect_red_flags(text) if h.level in URGENT}


# (message, the red flags expected: at least one of them must be found)
UNSEEN_EMERGENCIES = [
    ("mon frère a gobé tous ses anxiolytiques", {"overdose_whole_supply"}),
    ("elle a pris tous ses antidépresseurs d'un coup", {"overdose_whole_supply"}),
    ("j'ai avalé tous mes médicaments", {"overdose_whole_supply"}),
    ("il a bu une bouteille de whisky avec des somnifères", {"alcohol_with_sedatives"}),
    ("ma mère a pris ses cachets avec de l'alcool, beaucoup trop", {"alcohol_with_sedatives"}),
    ("il a avalé un flacon entier de sirop pour la toux", {"overdose_poisoning"}),
    ("elle a vidé sa boîte de stilnox", {"overdose_poisoning"}),
    ("mon mari a avalé la moitié de la boîte de ses anticoagulants", {"overdose_poisoning"}),
    ("j'ai pris une trentaine de cachets", {"overdose_poisoning"}),
    ("je viens d'ingurgiter toute ma boîte de tramadol", {"overdose_poisoning"}),
    ("j'ai englouti la plaquette entière de somnifère", {"overdose_poisoning"}),
    ("elle a mélangé alcool et anxiolytiques, plein", {"alcohol_with_sedatives"}),
    ("mon pere a avaler toute sa boite de cachet pour le coeur", {"overdose_poisoning"}),
    ("mon voisin a pris tous les comprimés de sa femme", {"overdose_whole_supply"}),
    ("elle s'est empoisonnée avec ses médicaments", {"overdose_poisoning"}),
    ("il a avalé une boîte entière d'antidépresseurs", {"overdose_poisoning"}),
    ("j'ai pris toute ma boite de seresta hier soir", {"overdose_poisoning"}),
    ("mon grand-père s'est trompé et a pris trois fois sa dose de digoxine", {"overdose_poisoning"}),
    ("intoxication aux champignons, on a tous vomi depuis la cueillette", {"overdose_poisoning"}),
    ("mon fils tremble de tout son corps et ne répond pas", {"convulsion_described", "convulsion_signs"}),
    ("il fait une crise, il est tout raide et il tremble", {"convulsion_described"}),
    ("mon bébé a les yeux qui partent en arrière et il tremble", {"convulsion_signs"}),
    ("mon mari fait une crise, il se mord la langue", {"convulsion_described"}),
    ("elle est par terre et elle tremble dans tous les sens", {"convulsion_described"}),
    ("ma femme a des mouvements saccadés des bras et des jambes", {"convulsion"}),
    ("bb de 10 mois avec de la fièvre, il tremble et ses yeux roulent", {"convulsion_signs"}),
    ("elle est secouée de partout, ça ne s'arrête pas", {"convulsion_described"}),
    ("il fait une crise et ses jambes tremblent sans arrêt", {"convulsion_described"}),
    ("elle fait des crises de tremblements, tout son corps se secoue", {"convulsion_described"}),
    ("il ses mis a trembler de partout", {"convulsion_described"}),
    ("ma fille fait une crise, ses bras et ses jambes s'agitent", {"convulsion_described"}),
    ("mon mari s'est écroulé dans le jardin", {"sudden_collapse"}),
    ("elle s'est écroulée d'un coup au supermarché", {"sudden_collapse"}),
    ("mon grand-père est tombé raide en se levant de table", {"sudden_collapse"}),
    ("il est tombé d'un coup et il ne bouge plus", {"loss_of_consciousness", "sudden_collapse"}),
    ("ma mère s'est affaissée sur sa chaise", {"sudden_collapse"}),
    ("il sest ecroule dans la rue", {"sudden_collapse"}),
    ("mon pere est tombe raide ds la cuisine", {"sudden_collapse"}),
    ("elle est tombée par terre et elle ne bouge plus", {"loss_of_consciousness", "sudden_collapse"}),
    ("mon fils s'est écroulé sur le terrain de foot", {"sudden_collapse"}),
    ("mon mari est par terre, il ne bouge plus", {"loss_of_consciousness"}),
    ("elle est tombée comme une masse", {"sudden_collapse"}),
    ("il est tombé d'un bloc pendant la course", {"sudden_collapse"}),
    ("papi s'est écroulé en montant l'escalier", {"sudden_collapse"}),
    ("ma femme s'est écroulée, elle respire bizarrement", {"sudden_collapse"}),
    ("pas de fièvre mais il s'est écroulé tout à l'heure", {"sudden_collapse"}),
    ("on le retrouve inerte sur le canapé", {"loss_of_consciousness"}),
    ("ma grand mère s est ecroulée en sortant de la douche", {"sudden_collapse"}),
    ("mon ami s'est écroulé au milieu du match", {"sudden_collapse"}),
    ("elle s'est écroulée comme ça sans raison", {"sudden_collapse"}),
    ("mon père est tombé raide mort dans le salon, il respire à peine", {"sudden_collapse"}),
    ("le coureur s'est écroulé juste après la ligne", {"sudden_collapse"}),
    ("il s'est ecroulé, il bouge plus", {"loss_of_consciousness", "sudden_collapse"}),
    ("il s'est écroulé sur le volant", {"sudden_collapse"}),
    ("la bouche de mon père est de travers depuis ce matin", {"stroke_signs"}),
    ("mon père a mal au coeur, une douleur qui serre et monte dans la mâchoire", {"chest_pain_cardiac"}),
    ("mon père s'est fait renverser par une voiture", {"high_energy_trauma"}),
    ("mon oncle fait une crise cardiaque je crois", {"heart_attack_named"}),
    ("je pense que c'est un infarctus, il a mal partout dans le bras", {"heart_attack_named"}),
    ("on vient de la sortir de la piscine, elle ne respire pas bien", {"drowning"}),
    ("ma fille a failli se noyer au lac", {"drowning"}),
    ("il a glissé dans la rivière, on l'a repêché, il vomit", {"drowning"}),
    ("ma femme est en train d'accoucher dans la voiture", {"imminent_birth"}),
    ("elle a envie de pousser, on est encore à la maison", {"imminent_birth"}),
    ("mon fils s'est pris un coup de couteau à la sortie du bar", {"penetrating_wound"}),
    ("il a été poignardé dans la rue", {"penetrating_wound"}),
    ("mon père vient de s'effondrer à table", {"sudden_collapse"}),
    ("la voisine est étendue au sol sans bouger", {"sudden_collapse"}),
    ("il repond plus et respire fort", {"loss_of_consciousness"}),
    ("elle est toute blanche et elle ne parle plus", {"speech_change"}),
    ("elle s'est tailladé les poignets", {"suicidal"}),
    ("jme sens partir aidez moi", {"loss_of_consciousness"}),
    ("mon copain a avalé une bille de travers et il devient rouge", {"cannot_breathe"}),
    ("il a bu pas mal de vodka et avalé des somnifères", {"alcohol_with_sedatives"}),
    ("elle a gobé toutes ses pilules pour dormir", {"overdose_poisoning", "overdose_whole_supply"}),
    ("j'ai avalé mes comprimés, toute la boîte", {"overdose_poisoning"}),
    ("il est tombé d'un échafaudage", {"high_energy_trauma"}),
    ("elle a le côté droit qui ne marche plus depuis 10 minutes", {"stroke_signs"}),
]


@pytest.mark.parametrize("text,expected", UNSEEN_EMERGENCIES)
def test_unseen_emergency_wording_is_an_emergency(p, text, expected):
    found = urgent_ids(p, text)
    assert found & expected, (text, found)


NO_FALSE_ALARM = [
    "je tremble de froid depuis ce matin",
    "j'ai eu une crise de foie après le repas de Noël",
    "mon ordinateur s'est écroulé, je n'ai pas pu envoyer mon arrêt",
    "j'ai pris un doliprane pour mon mal de tête",
    "crise d'angoisse légère, c'est passé maintenant",
    "je suis tombé raide amoureux de ma voisine",
    "j'ai mal aux pieds après la boîte de nuit",
    "ma main tremble un peu quand je bois du café",
    "j'ai pris mes médicaments comme d'habitude ce matin",
    "je voudrais renouveler ma boîte de pilules contraceptives",
    "il me reste une plaquette de doliprane, combien je peux en prendre ?",
    "j'ai avalé un comprimé d'ibuprofène à midi",
    "la crise économique me stresse",
    "mon fils fait des crises de colère",
    "j'ai eu une crise d'asthme légère, la ventoline a marché",
    "je suis tombée de ma chaise mais je n'ai rien",
    "il est tombé de vélo, il a une égratignure au genou",
    "je tremble avant les examens",
    "j'ai la voix qui tremble quand je parle en public",
    "j'ai des spasmes dans le ventre pendant les règles",
    "mon oeil tressaute depuis trois jours",
    "le bébé bave beaucoup, il fait ses dents",
    "j'ai un tube de crème pour l'eczéma, est-ce que je peux l'utiliser ?",
    "j'ai pris deux cachets de paracétamol hier",
    "je prends un somnifère tous les soirs depuis un mois",
    "mon médecin m'a prescrit des antidépresseurs, j'ai des nausées",
    "j'ai arrêté mes anxiolytiques et je dors mal",
    "je bois un verre de vin le soir avec mes médicaments, est-ce grave ?",
    "mon chat a avalé une ficelle",
    "je ne bouge plus beaucoup depuis ma retraite",
    "ma voiture ne bouge plus, la batterie est morte",
    "je suis crevé, je me suis écroulé sur le canapé après le travail",
    "je me suis affalé devant la télé toute la soirée",
    "j'ai les jambes raides après le marathon",
    "ma nuque est raide depuis que j'ai dormi de travers, pas de fièvre",
    "il a les yeux rouges et il tousse",
    "j'ai une crise d'hémorroïdes",
    "les cours de la bourse se sont écroulés",
    "je mange une boîte de chocolats par semaine",
    "j'ai avalé de travers mais ça va",
    "je fais une crise de nerfs à cause du travail, je voudrais parler à quelqu'un",
    "mon fils a des tics, il cligne des yeux",
    "il a le hoquet depuis une heure",
    "je suis mort de rire",
    "je meurs de faim",
    "je vais mourir d'ennui au travail",
    "mon téléphone est mort",
    "j'ai une petite coupure au doigt qui saigne un peu",
    "je saigne du nez un peu quand je me mouche",
    "je tousse beaucoup la nuit",
    "j'ai un peu de fièvre et le nez qui coule",
    "mon bébé tète bien mais il a des rougeurs aux fesses",
    "je suis enceinte et j'ai des nausées le matin",
    "j'ai mal au dos depuis une semaine",
    "je tremble comme une feuille quand je suis stressée",
    "j'ai des frissons et des courbatures",
    "je suis à bout de souffle après avoir monté l'escalier, c'est normal à mon âge ?",
    "elle a mis tout son coeur dans ce projet",
    "le bébé ne bouge pas beaucoup la nuit dans son lit, il dort bien",
    "j'ai acheté une boîte de doliprane",
    "mon grand-père a des secousses musculaires quand il s'endort",
    "j'ai les paupières qui sautent",
    "j'ai la tête qui tourne un peu quand je me lève trop vite",
    "il s'est écroulé de fatigue dans son lit",
    "j'ai des crampes aux mollets la nuit",
    "il a fait un infarctus en 2019",
    "mon père a fait un infarctus l'année dernière, il a besoin d'un renouvellement",
    "j'ai peur de faire une crise cardiaque",
    "la fièvre est tombée d'un coup",
    "sa température est tombée d'un coup cette nuit",
    "ma tension est tombée d'un coup quand je me suis levé",
    "il est tombé d'un coup de vélo",
    "elle s'est écroulée en larmes",
    "il ne bouge plus beaucoup depuis son opération",
    "mon chat ne bouge plus",
    "elle ne bouge plus de son lit depuis sa grippe",
    "j'ai pris tous mes médicaments ce matin",
    "j'ai bien avalé tous mes comprimés",
    "j'ai avalé tous mes cachets du soir",
    "je dois prendre toute la boîte d'antibiotiques ?",
    "j'ai pris deux cachets de doliprane",
    "je bois un verre de vin avec mes antidépresseurs, c'est grave ?",
    "est-ce qu'on peut boire de l'alcool avec des anxiolytiques ?",
    "j'ai bu beaucoup d'alcool hier et j'ai pris des cachets pour la tête",
    "mon père boit trop d'alcool et il prend des somnifères",
    "il a pris trois fois par jour sa dose de ventoline",
    "j'ai pris deux fois la dose de doliprane",
    "j'ai une intoxication alimentaire",
    "crise d'asthme, je tremble à cause de la ventoline",
    "crise de tétanie, les mains toutes raides",
    "mon fils fait des crises de colère, il tape des pieds",
    "il a eu une crise de hoquet",
    "crise de goutte, je tremble de douleur",
    "crise de panique, je tremble et mes jambes tremblent",
    "j'ai eu une crise de migraine, je tremble un peu",
    "je fais des crises de sudation et je tremble",
    "tout le corps me fait mal et je tremble",
    "il tremble de tout son corps, il a très froid",
    "je suis tombée raide dingue de ce chanteur",
    "il est tombé raide amoureux",
    "mon entreprise s'est écroulée",
    "la tour de kapla s'est écroulée sur le pied de mon fils, il pleure",
    "il est renversé par l'émotion",
    "la bouche de mon fils est un peu rouge",
    "douleur qui serre dans la mâchoire quand je mâche",
    "j'ai vidé la boîte de médicaments périmés à la pharmacie",
    "il ne parle plus à sa soeur depuis la dispute",
    "il répond plus au téléphone depuis hier",
    "il répond plus à mes messages",
    "il va se tuer en voiture à rouler comme ça",
    "j'ai coupé les veines du steak",
    "je me sens partir en vacances bientôt",
    "le bébé arrive dans deux mois",
    "la corde est prête pour l'escalade",
    "c'est fini pour moi ce travail, je démissionne",
    "il s'est fait un coup de couteau en cuisinant, petite entaille",
    "je suis tombé de cheval hier, j'ai mal au poignet",
    "il articule mal depuis qu'il a un appareil dentaire",
    "mon bras pend un peu après le vaccin",
    "il est allongé par terre et joue aux legos sans bouger",
    "je suis noyé sous le travail",
    "il a bu la tasse à la piscine mais ça va",
    "la tête de mon bébé sort du lit quand il dort",
    "je suis en train d'accoucher d'un projet",
]


@pytest.mark.parametrize("text", NO_FALSE_ALARM)
def test_harmless_wording_raises_no_red_flag(p, text):
    assert not p.detect_red_flags(text), [(h.id, h.matched) for h in p.detect_red_flags(text)]


# Raised a red flag in 2026.12.9: a thing, a market or a mood that collapses is not a person,
# and a box fetched at the pharmacy is not a box swallowed.
FORMER_FALSE_ALARMS = [
    "mon château de cartes s'est effondré",
    "les prix se sont effondrés",
    "mes résultats scolaires se sont effondrés",
    "le toit de la grange s'est effondré, personne n'est blessé",
    "j'ai pris une boîte de cachets en pharmacie pour mon rhume",
    "je me suis effondrée en larmes en apprenant la nouvelle",
    "mon moral s'est effondré depuis mon divorce",
    "j'ai pris une boîte de doliprane à la pharmacie hier",
    "les actions se sont effondrées",
]


@pytest.mark.parametrize("text", FORMER_FALSE_ALARMS)
def test_former_false_alarm_is_gone(p, text):
    assert not p.detect_red_flags(text), [(h.id, h.matched) for h in p.detect_red_flags(text)]


def test_collapse_keeps_its_urgency_across_a_denied_symptom(p):
    # a negation elsewhere in the message does not reach the collapse
    assert "sudden_collapse" in urgent_ids(p, "pas de fièvre mais il s'est écroulé tout à l'heure")
    assert "sudden_collapse" not in urgent_ids(p, "il ne s'est pas écroulé, il s'est juste assis")
    # a building named as the place, not as what collapses
    assert "sudden_collapse" in urgent_ids(p, "mon père s'est écroulé en réparant le toit")
    assert "sudden_collapse" in urgent_ids(p, "elle s'est effondrée devant son ordinateur")


def test_the_four_reported_messages(p):
    assert {"overdose_poisoning"} <= urgent_ids(p, "je viens d'avaler une boîte entière de somnifères")
    assert {"convulsion_described"} <= urgent_ids(
        p, "ma femme fait une crise et ses bras tremblent sans arrêt"
    )
    assert {"sudden_collapse"} <= urgent_ids(p, "mon père s'est écroulé en faisant son jogging")
    assert {"sudden_collapse"} <= urgent_ids(p, "il est tombé raide dans le salon")


def test_taking_all_ones_medicines_needs_more_than_the_daily_dose(p):
    assert not p.detect_red_flags("oui j'ai pris tous mes médicaments ce matin")
    assert "overdose_whole_supply" in urgent_ids(p, "elle a pris tous ses antidépresseurs d'un coup")
    assert "overdose_whole_supply" in urgent_ids(p, "mon frère a gobé tous ses anxiolytiques")


def test_alcohol_with_sedatives_needs_a_quantity_and_an_intake(p):
    assert "alcohol_with_sedatives" in urgent_ids(p, "il a bu une bouteille de whisky avec des somnifères")
    assert not p.detect_red_flags("je bois un verre de vin le soir avec mes médicaments, est-ce grave ?")
    assert not p.detect_red_flags("peut-on boire de l'alcool avec des anxiolytiques ?")
