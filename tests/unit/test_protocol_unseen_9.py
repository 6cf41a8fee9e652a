"""Leftovers of the probe of 2026.12.31, fixed in 2026.12.33: after 2026.12.32, 18 of its 474
emergency messages still got less than the emergency department and 7 the department where
the 15 is needed. 2026.12.33 adds red flags for what they describe (a missed dialysis, a
complication after an operation or a colonoscopy, giant-cell arteritis, a child's new diabetes
in ketoacidosis, a handlebar blow, pallor after an accident, a fall from a window or a floor, a
scald on a child's trunk, fever with grey skin (the 15) or icy hands (the emergency
department), repeated doses with drowsiness, a
will written in despair, mania, a blood thinner with a swelling belly, a skull base fracture, a
counted breathing rate, someone lying on the floor who does not answer) and widens others
(pulmonary oedema, a "difficulté respiratoire importante", a patient who answers only yes or
no). Some are read by their complaint: a nosebleed an hour long, palpitations at 200 with
pallor, a heavy bleed in cirrhosis, a bite to the face, breathlessness of the day in pregnancy.

The look-alikes were written for the new patterns (a dialysis patient asking for a
certificate, an old operation, a migraine aura, thirst after sport, a cat fallen from a
balcony, heartburn in pregnancy, a will at the notary's, a counted rate at exercise...).
"""

import pytest

try:
    from tests.unit.test_protocol_helpers import assert_flag_at_once, at_least, ids, play
except ImportError:  # pragma: no cover - rootdir-less import mode
    from test_protocol_helpers import assert_flag_at_once, at_least, ids, play


RAISED = [
    # the probe's own wordings
    (
        "speech_change",
        "mn pere a la tete qui penche et il bave depuis 10 min il repond par oui ou non seulement",
    ),
    (
        "pulmonary_oedema_signs",
        "Ma grand-mère respire en faisant des bulles, elle est assise au bord du lit, elle a les jambes gonflées et elle est épuisée",
    ),
    (
        "fast_breathing",
        "je respire comme si j avais couru un marathon alors que je suis assise depuis 1h, je compte 35 respirations par minute",
    ),
    ("skull_base_signs", "ma fille a un bleu derriere l'oreille et autour des yeux apres sa chute d'hier"),
    ("fall_from_height", "mon fils de 3 ans est tombe du 1er etage par la fenetre"),
    (
        "repeated_doses_drowsy",
        "ma grand mere a la maladie d alzheimer, on pense qu elle a repris ses medicaments plusieurs fois aujourd hui, elle est tres endormie",
    ),
    (
        "suicidal_affairs",
        "je me sens vide, j'ai mis mes papiers en ordre et j'ai rédigé mon testament, j'ai 24 ans",
    ),
    ("post_procedure_abdomen", "douleur du ventre a 10/10 apres ma coloscopie de ce matin"),
    (
        "post_procedure_abdomen",
        "j'ai été opéré de l'appendicite il y a 4 jours et j'ai de la fièvre et mal partout dans le ventre",
    ),
    (
        "handlebar_injury",
        "mon fils de 13 ans a reçu un coup de guidon dans le ventre, il a de plus en plus mal et il est pâle",
    ),
    ("trauma_shock_signs", "accident de scooter, mon fils a mal au ventre et il est pale"),
    (
        "child_trunk_burn",
        "mon fils de 2 ans a renverse la casserole d'eau bouillante sur son torse et son bras",
    ),
    (
        "new_diabetes_signs",
        "mon fils de 9 ans boit enormement, urine sans arret, a maigri et ce soir il vomit et respire bizarrement",
    ),
    (
        "giant_cell_arteritis",
        "douleur a la tempe, mal a la machoire en mangeant et je vois trouble d un oeil, j ai 75 ans",
    ),
    (
        "missed_dialysis",
        "ma mere dialysee a rate sa seance, elle a les jambes lourdes et le coeur qui fait n'importe quoi",
    ),
    (
        "anticoagulant_internal_bleed",
        "mon ventre gonfle et j'ai une douleur enorme dans le dos, je suis sous anticoagulant",
    ),
    (
        "acute_psychosis",
        "mon mari ne dort plus depuis 4 nuits, il dit qu'il est le messie et il veut sortir nu dans la rue",
    ),
    (
        "breathing_difficulty_severe",
        "difficulte respiratoire importante depuis 2h chez mon mari de 67 ans, il a de la fievre",
    ),
    (
        "sepsis_cold_skin",
        "ma copine a de la fievre, des frissons intenses, elle est gris bleu et elle a les mains et les pieds glaces",
    ),
    (
        "found_lying_unresponsive",
        "ma voisine âgée ne répond pas à la porte, je la vois par la fenêtre allongée sur le carrelage",
    ),
    # other wordings of the same
    ("speech_change", "elle ne répond que par oui ou non depuis ce matin"),
    ("pulmonary_oedema_signs", "il crache de la mousse rose et il étouffe"),
    ("breathing_difficulty_severe", "j'ai une grosse difficulté à respirer depuis ce matin"),
    ("fast_breathing", "ma fréquence respiratoire est à 34"),
    ("fast_breathing_child", "mon bebe de 2 mois respire 70 fois par minute"),
    ("fall_from_height", "elle est tombée du balcon"),
    ("fall_from_height", "mon fils est passé par la fenêtre du 2ème étage"),
    ("child_trunk_burn", "le thé chaud s'est renversé sur le ventre de mon bébé"),
    ("child_trunk_burn", "ma fille s'est brûlé le dos avec le four"),
    ("missed_dialysis", "j'ai loupé ma dialyse de mardi"),
    ("missed_dialysis", "je n'ai pas pu aller à ma séance de dialyse hier"),
    (
        "post_procedure_abdomen",
        "on m'a enlevé la vésicule, opérée hier, et j'ai 39 de fièvre avec mal au ventre",
    ),
    ("giant_cell_arteritis", "j'ai mal aux tempes et ma vue est floue de l'oeil droit"),
    ("new_diabetes_signs", "ma fille a tout le temps soif, fait pipi sans arrêt et elle vomit"),
    ("handlebar_injury", "il s'est pris le guidon dans le ventre en tombant de vélo"),
    ("fever_cold_extremities", "il a 40 de fièvre et les mains et les pieds glacés"),
    ("repeated_doses_drowsy", "mon père a pris ses cachets deux fois ce matin, il est tout ensuqué"),
    ("acute_psychosis", "mon fils se prend pour Dieu et ne dort plus"),
    ("anticoagulant_internal_bleed", "je suis sous xarelto et mon ventre a gonflé d'un coup"),
    ("skull_base_signs", "depuis sa chute il a les deux yeux au beurre noir"),
    ("found_lying_unresponsive", "mon père est allongé par terre, il ne répond pas quand on lui parle"),
]


@pytest.mark.parametrize("flag,text", RAISED)
def test_the_wording_raises_its_red_flag(p, flag, text):
    assert flag in ids(p, text)


@pytest.mark.parametrize("flag,text", RAISED)
def test_the_wording_gets_at_least_its_flags_level_at_once(p, flag, text):
    assert_flag_at_once(p, flag, text)


# read by the complaint's questions: the level whatever the patient answers ("Non" to all)
BY_COMPLAINT = [
    ("je me suis cassé le nez et je n'arrive pas a arreter le saignement depuis une heure", "emergency"),
    ("mon mari a des palpitations tres rapides, 200 au tensiometre, et il est blanc", "emergency_ambulance"),
    ("mon coeur bat à toute vitesse, 180 bpm sur ma montre", "emergency"),
    (
        "bonjour j'ai du sang dans les selles en grande quantité avec des caillots, je suis cirrhotique",
        "emergency_ambulance",
    ),
    ("mon chien a mordu mon fils de 3 ans au visage, la joue est ouverte", "emergency"),
    ("g du mal a respirer depuis 1h jsuis enceinte de 8 mois", "emergency"),
]


@pytest.mark.parametrize("text,level", BY_COMPLAINT)
def test_the_complaint_reaches_its_level_whatever_the_answers(p, text, level):
    r, _, _ = play(text, p=p)
    assert at_least(r.level, level), (text, r.level, r.reasons)


def test_a_heavy_bleed_without_a_liver_disease_stays_at_the_emergency_department(p):
    r, _, asked = play("j'ai du sang dans les selles en grande quantité avec des caillots", p=p)
    assert "gb_liver" in asked and r.level == "emergency"


def test_breathlessness_for_days_in_pregnancy_is_not_sent_to_the_emergency_department(p):
    r, _, _ = play(
        "je suis enceinte de 7 mois et un peu essoufflée", answers={"duration": "depuis 3 semaines"}, p=p
    )
    assert r.level == "consultation_24"


LOOK_ALIKES = [
    "je suis dialysé trois fois par semaine, je voudrais un certificat pour le sport",
    "ma mère est dialysée, elle n'a jamais raté une séance, elle a une toux depuis 3 jours",
    "j'ai raté mon rendez-vous chez le dentiste, ma grand-mère est dialysée",
    "j'ai été opéré du genou il y a 3 semaines, la cicatrice est un peu rouge",
    "j'ai eu une coloscopie ce matin, j'ai un peu de ballonnements",
    "j'ai été opéré il y a 10 ans de l'appendicite, j'ai mal au ventre depuis hier",
    "j'ai mal à la tempe quand je porte mes lunettes",
    "j'ai une migraine avec aura, je vois flou et j'ai mal à la tempe comme d'habitude",
    "mon fils boit beaucoup d'eau en été quand il fait du sport et urine beaucoup",
    "je bois beaucoup de café et j'urine tout le temps, c'est normal ?",
    "mon fils est tombé de vélo, il a un bleu au genou, le guidon a tapé sa cuisse",
    "j'ai eu un accident de voiture il y a 3 ans, je suis toujours pâle et fatiguée",
    "il a failli tomber du balcon, on l'a rattrapé, il va bien",
    "ma fille s'est brûlée le doigt avec le fer à repasser",
    "mon fils s'est brûlé le dos au soleil à la plage",
    "J'ai des brûlures dans la poitrine après les repas épicés, je suis enceinte de 8 mois, le bébé appuie",
    "j'ai toujours les mains et les pieds glacés en hiver, j'ai un rhume et 38",
    "ma grand-mère a oublié si elle a pris ses médicaments, elle va bien",
    "j'ai fait mon testament chez le notaire, je voudrais un bilan de santé",
    "j'ai mis mes papiers en ordre pour les impôts, je suis épuisée",
    "il dit qu'il est le messie, c'est une blague entre nous, il a mal à la gorge",
    "ma fille veut sortir nue dans la rue pour le carnaval déguisée",
    "je suis sous anticoagulant et j'ai le ventre gonflé après les repas",
    "je prends du xarelto, j'ai une douleur de dos à 3 sur 10",
    "j'ai des cernes autour des yeux et je suis tombée de fatigue",
    "mon fils s'est pris un coup de poing, il a un oeil au beurre noir",
    "mon bébé de 3 mois respire vite 50 fois par minute, il va bien",
    "je fais 30 respirations par minute pendant mon jogging",
    "ma fréquence respiratoire est de 16 au repos",
    "il répond par oui ou non à mes questions par sms, il est timide",
    "il faut répondre par oui ou par non ?",
    "mon bébé fait des bulles avec sa bouche en respirant",
    "il tousse et crache un peu de mousse blanche après avoir bu son lait",
    "ma lèvre est gonflée parce que je me suis mordue en mangeant",
    "mon grand-père est allongé sur le canapé et ne répond pas au téléphone",
    "je suis allongée, mon dos ne bouge plus bien",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_the_look_alike_raises_no_red_flag_nor_an_emergency(p, text):
    r, _, _ = play(text, p=p)
    assert ids(p, text) == set()
    assert not at_least(r.level, "emergency"), (text, r.level, r.reasons)


# look-alikes of the probe that 2026.12.32 over-escalated, each cancelled only where the phrase
# that gives it another meaning starts (unless_same_start), with the wording it must not hide
RECLAIMED = [
    ("je n'arrive pas à respirer par le nez à cause de mon rhume", None),
    ("j'étouffe dans ce boulot, je veux démissionner, je pense que c'est un burn-out", None),
    ("j'ai les lèvres bleues parce que j'ai mangé des myrtilles", None),
    ("j'en ai marre de vivre avec cette douleur au genou, je voudrais voir un rhumato", None),
    ("je ne trouve plus mes mots en anglais quand je suis fatiguée", None),
    ("mon fils s'évanouit à chaque prise de sang, c'est arrivé encore ce matin", None),
    ("ma fille de 3 ans refuse de boire son lait, elle ne veut que de l'eau, elle va très bien", None),
    ("mon bébé de 4 mois geint un peu quand il pousse pour faire caca mais il va bien", None),
    ("je n'arrive pas à respirer par le nez ni par la bouche", "cannot_breathe"),
    ("j'ai mangé des myrtilles, mes lèvres gonflent et je n'arrive pas à respirer", "cannot_breathe"),
    ("j'en ai marre de vivre, je veux en finir", "suicidal"),
    ("il ne trouve plus ses mots depuis ce matin", "stroke_signs"),
    ("mon bébé geint et refuse le biberon", "infant_weak_cry_no_feed"),
    ("mon bébé refuse de boire depuis ce matin, il ne boit plus rien", "infant_weak_cry_no_feed"),
]


@pytest.mark.parametrize("text,flag", RECLAIMED)
def test_the_other_meaning_cancels_only_its_own_phrase(p, text, flag):
    if flag is None:
        assert ids(p, text) == set()
    else:
        assert flag in ids(p, text)


def test_a_blocked_nose_raises_no_breathing_red_flag(p):
    # the cough complaint still sends it to the emergency department ("toux avec une gêne pour
    # respirer"), as 2026.12.32 did: the nose is not told apart there
    assert ids(p, "j'ai une grande difficulté à respirer par le nez à cause de mon rhume") == set()


def test_the_fall_from_height_tells_not_to_move_the_person(p):
    r, _, _ = play("mon fils est tombé du balcon", p=p)
    assert r.level == "emergency_ambulance"
    assert "Ne déplacez pas la personne" in r.advice
