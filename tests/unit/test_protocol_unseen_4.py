"""Fourth round of unseen French cases (issue #4, protocol 2026.12.16 -> 2026.12.17): whole
conversations as patients type them (SMS spellings, missing accents, typos), a denial in one
sentence and the red flag in the next, hypotheticals ("si jamais il a du mal à respirer"), a
relative reporting ("pour ma mère de 80 ans"), pregnancy, anticoagulants, chemotherapy and
transplants, diabetes; and idioms that share the words of a red flag ("je vais me tuer à la
tâche", "le vase est tombé d'un coup", "j'ai failli mourir de rire", "ça me brûle les lèvres
de le dire", "mon cœur balance"), each beside the real red flag told in the same words.

The expected levels were decided before the cases were played, as a careful regulating
physician (médecin régulateur du SAMU) would decide them; each case says why in one line.
Answers are the patient's own, in the patient's register; every question not listed is
answered "non".

On protocol 2026.12.16, 39 of the 121 tests here failed: 10 of the 64 cases (a black curtain
over one eye told after the eye, "bouhce"/"traver", "malèse" with arm pain and sweats,
"des fourmis dans la main et la moitié de la langue", "il arive pas a baissé la tete", a
diabetic child drinking and passing water all the time and vomiting, vomiting every drink in
pregnancy, "me tuer à la tâche", "le vase est tombé d'un coup", a child's chickenpox sent to a
doctor within 24 h), 4 idioms, and the 25 tests of what 2026.12.17 adds (weekdays counted from
today, named lists, sound-alike and swapped-letter typos, the new wordings). Two expected
levels were reconsidered after the first run, not to match the protocol but because the
answers decided them: the suspected pulmonary embolism is not breathless at rest nor sudden
(emergency department, not SMUR), and the treatment behind the corrected hypoglycaemia is not
known (within 24 h, not in the coming days). A third, written later (the cystitis at 80), was
reconsidered the same way: a urinary infection after 75 may show no fever (within 24 h).
"""

from datetime import date

import pytest

from actions.protocol import load_protocol
from actions.protocol import text as T

try:
    from tests.unit.test_protocol_helpers import ids, play
except ImportError:  # pragma: no cover - rootdir-less import mode
    from test_protocol_helpers import ids, play

# failing tests of this file on protocol 2026.12.16, before the fixes (of 121)
FAILED_BEFORE = 39


# (first message, answers by question id, expected level, a word the reasons must contain)
CASES = [
    # ------------------------------------------------------------ call 15 / 112
    # a child turning blue while breathing badly; the denial ("pas de fièvre") is in the
    # sentence before and must not cancel it
    (
        "mon fils de 4 ans n'a pas de fièvre. par contre il respire mal et ses levres deviennent bleues",
        {},
        "emergency_ambulance",
        None,
    ),
    # typical acute coronary syndrome typed in SMS with typos: oppressive pain + sweating
    (
        "jai une douleur o milieu de la poitrinne ki me serre depuis 20 min et je transpir bcp",
        {"age": "56"},
        "emergency_ambulance",
        None,
    ),
    # FAST: arm weakness and abnormal speech for 30 minutes in an 80-year-old, reported by her child
    (
        "pour ma mère de 80 ans : depuis une demi heure elle n'arrive plus a lever son bras droit et elle parle bizare",
        {},
        "emergency_ambulance",
        None,
    ),
    # the first sentence is hypothetical, the second is a cyanosis happening now
    (
        "si jamais il a du mal à respirer je fais quoi ? là il est tout bleu autour de la bouche",
        {"age": "3 ans"},
        "emergency_ambulance",
        None,
    ),
    # a suicidal statement with a time: 15 and 3114 (the look-alike idiom is below)
    ("je vais me tuer ce soir, j'en peux plus de cette vie", {}, "emergency_ambulance", None),
    # food anaphylaxis with a swelling tongue and dysphagia, SMS
    ("g mangé des crevettes et ma langue gonfle, jarrive pa a avaler", {}, "emergency_ambulance", None),
    # fever + non-blanching spots (glass test): purpura fulminans until proven otherwise
    (
        "ma fille a de la fievre depuis ce matin. elle a des taches rouge foncé sur le ventre qui s'effacent pas quand j'appuie avec un verre",
        {"age": "5 ans"},
        "emergency_ambulance",
        None,
    ),
    # a loss of consciousness in a very old woman, even brief and recovered: SAMU sends a team
    (
        "ma grand-mère de 86 ans a perdu connaissance deux minutes à table, maintenant elle parle",
        {"sy_now": "oui elle parle normalement"},
        "emergency_ambulance",
        None,
    ),
    # thunderclap headache told as "d'un seul coup ... comme jamais": subarachnoid haemorrhage
    (
        "d'un seul coup une douleur terrible derriere la tete, comme jamais de ma vie",
        {"age": "45"},
        "emergency_ambulance",
        None,
    ),
    # a new speech disorder for an hour (stroke); the denial is a sentence earlier
    (
        "Il n'a pas de fièvre. Depuis une heure il n'arrive plus à parler correctement.",
        {"age": "70 ans"},
        "emergency_ambulance",
        None,
    ),
    # a very fast pulse with pre-syncope: unstable tachycardia
    (
        "mon coeur bat a 200 et jai l'impression que je vais tomber dans les pommes",
        {"age": "40"},
        "emergency_ambulance",
        None,
    ),
    # insulin-treated diabetic, sweating and incoherent: severe hypoglycaemia
    (
        "mon père diabétique sous insuline transpire beaucoup et dit des choses qui n'ont pas de sens",
        {"age": "72"},
        "emergency_ambulance",
        None,
    ),
    # a sudden collapse of a person who no longer answers (the falling vase is below)
    ("elle est tombée d'un coup dans le couloir et elle ne répond plus", {}, "emergency_ambulance", None),
    # a burning, tight chest pain radiating to the jaw is cardiac, "brûle" or not
    (
        "ça me brûle dans la poitrine et ça serre jusque dans la mâchoire",
        {"age": "60"},
        "emergency_ambulance",
        None,
    ),
    # an infant of 2 months with tachypnoea, intercostal recession and not feeding
    (
        "mon bb de 2 mois respire tres vite, il se creuse sous les cotes et il boit plus",
        {},
        "emergency_ambulance",
        None,
    ),
    # a whole blister pack of a benzodiazepine an hour ago, SMS ("tte", "y a")
    ("jai pris tte la plaquette de xanax y a 1h", {"age": "24"}, "emergency_ambulance", None),
    # a sudden "curtain" over one eye: retinal artery occlusion (an eye stroke) or detachment
    (
        "Aucune douleur. Juste que depuis ce matin je vois flou d'un oeil, comme un rideau noir",
        {"age": "67"},
        "emergency_ambulance",
        None,
    ),
    # a crooked mouth for 10 minutes, typed with typos: stroke
    ("sa bouhce est de traver depuis 10 min", {"age": "75"}, "emergency_ambulance", None),
    # a faintness with pallor, sweating and left-arm pain: acute coronary syndrome
    (
        "mon mari fé un malèse, il est tout pâle et transpire, il a mal ds le bras gauche",
        {"age": "62"},
        "emergency_ambulance",
        None,
    ),
    # acute confusion with fever in an 85-year-old: sepsis until proven otherwise
    (
        "ma mère de 85 ans est plus confuse que d'habitude depuis 2 jours et elle a de la fièvre",
        {},
        "emergency_ambulance",
        None,
    ),
    # a swallowed button battery: oesophageal burn within 2 hours, endoscopy now
    ("mon fils de 6 ans a avalé une pile bouton il y a 10 minutes", {}, "emergency_ambulance", None),
    # tingling of one hand and half of the tongue since this morning: a sensory stroke
    (
        "depuis ce matin jai des fourmis dans la main gauche et la moitié de la langue",
        {"age": "58"},
        "emergency_ambulance",
        None,
    ),
    # fever and a stiff neck, typed with typos: meningitis
    ("il a 39,5 et il arive pas a baissé la tete", {"age": "16 ans"}, "emergency_ambulance", None),
    # ------------------------------------------------------------ emergency department
    # any fever under 3 months: paediatric emergency department (NICE NG143, HAS), even if well
    ("bb de 6 semaines, il a 38,4 ce soir, il tete bien", {"drinking_ok": "oui"}, "emergency", "3 mois"),
    # head injury on a direct oral anticoagulant: CT within 8 h, even if she seems well
    (
        "ma mère de 80 ans sous xarelto est tombée et s'est cognée la tête ce matin, elle va bien",
        {},
        "emergency",
        "anticoagulant",
    ),
    # headache with visual signs at 34 weeks: pre-eclampsia until proven otherwise (maternity now)
    (
        "enceinte de 34 SA, gros mal de tête depuis ce matin et je vois des points lumineux",
        {"age": "31", "pain": "7"},
        "emergency",
        "grossesse",
    ),
    # pain on one side and bleeding at 6 weeks of pregnancy: ectopic pregnancy to exclude today
    (
        "jsui enceinte de 6 semaine, g mal au ventre a droite et je saigne un peu",
        {"age": "29"},
        "emergency",
        None,
    ),
    # fever on chemotherapy: febrile neutropenia, emergency department now (ESMO, AFSOS)
    (
        "mon mari est sous chimio pour un cancer du colon, il a 38,3 depuis cette nuit",
        {"age": "64", "drinking_ok": "oui il boit"},
        "emergency",
        "chimiothérapie",
    ),
    # a diabetic child drinking and urinating a lot, now vomiting: diabetic ketoacidosis
    (
        "mon fils de 10 ans diabétique boit énormément, fait pipi sans arrêt et vomit depuis ce matin",
        {},
        "emergency",
        None,
    ),
    # a deformed wrist after a fall from a bike: displaced fracture, X-ray and reduction
    ("mon fils de 12 ans est tombé du vélo, son poignet est tout tordu", {"pain": "8"}, "emergency", None),
    # woken by a violent pain in one testicle: torsion, surgery within 6 hours
    (
        "mon ado de 14 ans s'est réveillé avec une douleur horrible à une bourse",
        {"pain": "9"},
        "emergency",
        None,
    ),
    # breathlessness and a swollen calf the day after a flight: pulmonary embolism suspected;
    # not at rest, not sudden, no chest pain, so the emergency department now rather than SMUR
    (
        "je respire pas bien depuis que j'ai pris l'avion hier, et j'ai le mollet gonflé",
        {"age": "44", "br_rest": "non, au repos ça va", "br_sudden": "non c'est venu petit à petit"},
        "emergency",
        None,
    ),
    # no fetal movements since last night at 8 months: monitoring at the maternity now
    ("enceinte 8 mois je sens plus le bébé bouger depuis hier soir", {"age": "33"}, "emergency", None),
    # vomiting everything, even water, for 3 days at 3 months of pregnancy: hyperemesis, IV fluids
    (
        "je suis enceinte de 3 mois et je vomis tout ce que je mange depuis 3 jours, même l'eau",
        {"age": "27", "drinking_ok": "non je vomis même l'eau"},
        "emergency",
        None,
    ),
    # shivering on methotrexate and steroids: a fever on immunosuppressants, blood count now
    (
        "je prends du methotrexate et de la cortisone pour ma polyarthrite, j'ai des frissons depuis ce soir",
        {"age": "59", "drinking_ok": "oui"},
        "emergency",
        None,
    ),
    # deep cut of the palm and two fingers he cannot bend: flexor tendon, hand surgeon (SOS Mains)
    (
        "je me suis coupé profondément la paume avec un couteau, je ne peux plus plier deux doigts",
        {"age": "33", "wo_tendon_nerve": "oui je peux plus plier les doigts"},
        "emergency",
        None,
    ),
    # ------------------------------------------------------------ within 24 hours
    # fever with a cough in an 80-year-old, no distress: pneumonia to exclude the same day
    (
        "ma mère de 80 ans tousse depuis 3 jours avec 38,2",
        {"drinking_ok": "oui", "breathing_difficulty": "non elle respire bien", "fe_sepsis_elderly": "non"},
        "consultation_24",
        None,
    ),
    # urinary symptoms in pregnancy: urine culture and treatment without delay (CNGOF)
    (
        "enceinte de 5 mois, ça brule quand je fais pipi depuis hier",
        {"age": "30", "ur_male": "non"},
        "consultation_24",
        "grossesse",
    ),
    # a red, warm wound under the foot of a diabetic: diabetic foot infection, seen today
    (
        "je suis diabétique, j'ai une plaie sous le pied qui est rouge et chaude depuis 3 jours",
        {"age": "62"},
        "consultation_24",
        None,
    ),
    # a sore throat on chemotherapy, no fever yet: blood count and examination within 24 h
    (
        "je suis sous chimio, jai mal a la gorge depuis hier, pas de fievre",
        {"age": "52"},
        "consultation_24",
        "chimiothérapie",
    ),
    # diarrhoea in a kidney transplant recipient: dehydration and drug levels, seen within 24 h
    (
        "greffée du rein, j'ai la diarrhée depuis hier sans fièvre, j'arrive à boire",
        {"age": "47", "drinking_ok": "oui"},
        "consultation_24",
        None,
    ),
    # a cat bite on the hand that turns red and swells: pasteurellosis, antibiotics today
    (
        "mon chat m'a mordu la main hier soir, c'est rouge et ça gonfle",
        {"age": "38", "wo_bite": "oui", "wo_tetanus_ok": "oui"},
        "consultation_24",
        None,
    ),
    # visible blood in the urine on apixaban, no clots, no retention: examined the same day
    (
        "je prends de l'eliquis et j'ai du sang rouge dans les urines depuis ce matin",
        {"age": "74", "ur_male": "oui"},
        "consultation_24",
        None,
    ),
    # cystitis at 80 without fever: a cystitis at risk of complication (SPILF 2017), urine
    # culture; after 75 an upper urinary infection may show no fever, so seen within 24 h
    (
        "pour ma mère de 80 ans, elle a des brûlures en urinant depuis 2 jours, pas de fièvre",
        {"ur_male": "non c'est une femme"},
        "consultation_24",
        None,
    ),
    # bleeding gums and bruises without a knock on a vitamin K antagonist: INR today
    (
        "sous previscan, mes gencives saignent quand je me brosse les dents et j'ai des bleus sans m'être cogné",
        {"age": "77", "bz_use": "oui"},
        "consultation_24",
        None,
    ),
    # a high fever at 2 months of pregnancy: examined the same day (listeria, pyelonephritis)
    (
        "Ma femme a 39,8, elle est enceinte de 2 mois",
        {"age": "30", "drinking_ok": "oui"},
        "consultation_24",
        None,
    ),
    # a hypoglycaemia corrected by sugar, now well; the treatment is not known (a sulfonylurea
    # hypoglycaemia can come back within hours): the treatment is reviewed within 24 h
    (
        "je suis diabétique, ma glycémie était à 0,50 ce matin, j'ai pris du sucre et ça va mieux",
        {"age": "58", "db_resugar": "oui c'est passé"},
        "consultation_24",
        None,
    ),
    # back pain at 7 months of pregnancy (the waters question is hypothetical): midwife or
    # maternity within 24 h to exclude contractions or a pyelonephritis
    (
        "enceinte de 7 mois, si je perds les eaux je vais où ? pour l'instant j'ai juste mal au dos",
        {"age": "28", "pain": "4"},
        "consultation_24",
        "grossesse",
    ),
    # ------------------------------------------------------------ in the coming days
    # bilateral evening ankle swelling for 2 weeks without breathlessness at 70: GP in the days
    (
        "pour mon père de 70 ans : il a les chevilles qui gonflent le soir depuis 2 semaines, il n'est pas essoufflé",
        {},
        "consultation",
        None,
    ),
    # three weeks of heartburn after meals at 40, no alarm sign: GP in the coming days
    (
        "ça fait 3 semaines que j'ai des brûlures d'estomac après les repas, pas de vomissement, j'ai 40 ans",
        {"pain": "3"},
        "consultation",
        None,
    ),
    # a dry cough for 4 weeks in a 55-year-old smoker, no fever: chest X-ray in the coming days
    (
        "jai une toux seche qui traine depuis 4 semaines, je fume un paquet par jour, pas de fievre",
        {"age": "55"},
        "consultation",
        None,
    ),
    # a recent change of bowel habit after 50: a doctor in the coming days (colonoscopy)
    (
        "je suis constipée depuis 3 semaines alors que d'habitude je vais tous les jours, j'ai 58 ans",
        {"cn_gas": "oui", "cn_change": "oui"},
        "consultation",
        None,
    ),
    # ------------------------------------------------------------ self-care
    # common low back pain for a week, no red flag; "me tuer à la tâche" is an idiom
    (
        "je vais me tuer à la tâche avec ce boulot, j'ai mal au dos depuis une semaine",
        {"pain": "4"},
        "self_care",
        None,
    ),
    # a vase fell on the foot, a bruise, walks normally (Ottawa negative)
    (
        "le vase est tombé d'un coup sur mon pied, j'ai un bleu mais je marche normalement",
        {"age": "41", "bz_use": "oui je marche", "li_weight": "oui je marche", "pain": "3"},
        "self_care",
        None,
    ),
    # a cold the day after laughing a lot
    (
        "j'ai failli mourir de rire hier soir, aujourd'hui j'ai juste le nez qui coule et je tousse un peu",
        {"age": "30"},
        "self_care",
        None,
    ),
    # a painful mouth ulcer; "ça me brûle les lèvres de le dire" is an idiom
    (
        "ça me brûle les lèvres de le dire mais j'ai un aphte sur la gencive qui me fait mal",
        {"age": "27", "drinking_ok": "oui"},
        "self_care",
        None,
    ),
    # a sore throat since yesterday without fever; "mon cœur balance" is an idiom
    (
        "mon cœur balance entre deux pharmacies, j'ai juste mal à la gorge depuis hier, pas de fièvre",
        {"age": "34"},
        "self_care",
        None,
    ),
    # a nosebleed stopped in 5 minutes on aspirin (an antiplatelet, not an anticoagulant)
    (
        "sous kardegic, j'ai saigné du nez ce matin, ça s'est arrêté en 5 min en appuyant",
        {"age": "66", "anticoagulant": "non, juste le kardegic"},
        "self_care",
        None,
    ),
    # a cold in pregnancy without fever: pharmacist advice on medicines allowed in pregnancy
    (
        "enceinte de 4 mois, petit rhume depuis 2 jours, nez bouché, pas de fièvre",
        {"age": "32"},
        "self_care",
        None,
    ),
    # a 2-year-old with a cold; the breathing difficulty is only a "what if"
    (
        "mon fils de 2 ans tousse et a le nez qui coule depuis hier. si jamais il a du mal à respirer cette nuit, je fais quoi ?",
        {"breathing_difficulty": "non il respire bien"},
        "self_care",
        None,
    ),
    # a febrile 2-year-old who plays; the convulsion is only a "what if"
    (
        "si jamais elle fait une convulsion avec la fièvre, je fais quoi ? elle a 38,5 et elle joue",
        {"age": "2 ans", "drinking_ok": "oui elle boit bien"},
        "self_care",
        None,
    ),
    # a known chickenpox in a healthy 8-year-old: paracetamol, no ibuprofen, watch the spots
    (
        "mon fils de 8 ans a la varicelle, des boutons partout qui grattent, il a 38",
        {"drinking_ok": "oui", "rash_non_blanching": "non ils s'effacent"},
        "self_care",
        None,
    ),
    # viral sore throat since this morning, no fever, SMS
    ("mal o gorge dpuis ce mat, pa de fievr, jai 25 ans", {}, "self_care", None),
    # a small superficial burn (no blister) of the forearm from an iron
    (
        "je me suis brulé l'avant bras avec le fer a repasser, c rouge, pas de cloque",
        {"age": "36", "pain": "3"},
        "self_care",
        None,
    ),
]


@pytest.mark.parametrize("first,answers,level,why", CASES)
def test_unseen_case(p, first, answers, level, why):
    r, st, asked = play(first, answers, default="non", p=p)
    assert r.level == level, (first, r.level, r.reasons, st.red_flag_ids, st.complaints, asked)
    assert r.reasons, first
    if why:
        assert why.lower() in " ".join(r.reasons).lower(), (first, r.reasons)


def test_cases_cover_every_level():
    assert {c[2] for c in CASES} == {
        "emergency_ambulance",
        "emergency",
        "consultation_24",
        "consultation",
        "self_care",
    }


# ====================================================================== look-alikes
# Idioms built on the words of a red flag: no red flag at all.
IDIOMS = [
    "je vais me tuer à la tâche",
    "je vais me tuer à la tache pour finir ce dossier",
    "le vase est tombé d'un coup",
    "le vase est tombé d'un coup de la table",
    "l'étagère est tombée d'un coup",
    "j'ai failli mourir de rire",
    "jai failli mourir de rire au spectacle",
    "ça me brûle les lèvres de le dire",
    "ca me brule les levres de lui dire",
    "mon cœur balance",
    "mon coeur balance entre les deux",
    "je suis tombée des nues en lisant la facture",
    "les bras m'en tombent",
    "mon téléphone est tombé en panne d'un coup",
    "ça me tue de le voir comme ça",
    "je meurs d'envie d'aller à la plage",
]


@pytest.mark.parametrize("text", IDIOMS)
def test_idiom_is_not_a_red_flag(p, text):
    assert not p.detect_red_flags(text), [(h.id, h.matched) for h in p.detect_red_flags(text)]


# The same words about a person, now: still a red flag.
REAL = [
    ("suicidal", "je vais me tuer"),
    ("suicidal", "je vais me tuer, à la fin de la journée tout sera fini"),
    ("sudden_collapse", "mon père est tombé d'un coup"),
    ("sudden_collapse", "elle est tombée d'un coup dans la cuisine"),
    ("sudden_collapse", "ma mère est tombée d'un coup, la tête la première"),
    ("chest_pain_cardiac", "ça me brûle dans la poitrine et ça serre jusque dans la mâchoire"),
    ("loss_of_consciousness", "j'ai l'impression que je vais tomber dans les pommes"),
]


@pytest.mark.parametrize("flag,text", REAL)
def test_real_red_flag_in_the_same_words(p, flag, text):
    assert flag in ids(p, text), (text, ids(p, text))


# A red flag told after a denial in another sentence, or after a hypothetical one.
ACROSS_SENTENCES = [
    ("cannot_breathe", "pas de fièvre. par contre il respire tres mal"),
    ("cyanosis", "si jamais il a du mal à respirer je fais quoi ? là il est tout bleu"),
    ("speech_change", "Il n'a pas de fièvre. Il ne parle plus normalement depuis une heure."),
    ("chest_pain_cardiac", "non je ne tousse pas. j'ai une douleur qui serre la poitrine"),
]


@pytest.mark.parametrize("flag,text", ACROSS_SENTENCES)
def test_red_flag_after_a_denial_or_a_hypothetical(p, flag, text):
    assert flag in ids(p, text), (text, ids(p, text))


def test_a_hypothetical_alone_raises_nothing(p):
    assert "cannot_breathe" not in ids(p, "si jamais il a du mal à respirer cette nuit, je fais quoi ?")
    assert not ids(p, "si je perds les eaux je vais où ?")
    assert not ids(p, "au cas où il tomberait dans les pommes, je le mets sur le côté ?")


# ====================================================================== weekday durations
# "depuis lundi": the days back to the last Monday, from the day the message is read.
# 2026-12-17 is a Thursday.
THURSDAY = date(2026, 12, 17)


@pytest.mark.parametrize(
    "text,hours",
    [
        ("depuis lundi", 72),
        ("depuis mardi", 48),
        ("depuis mercredi", 24),
        ("depuis vendredi", 144),
        ("depuis dimanche", 96),
        ("depuis jeudi", 168),  # on a Thursday, "since Thursday" is a week ago (the cautious reading)
        ("depuis lundi dernier", 72),
        ("ça a commencé samedi", 120),
    ],
)
def test_weekday_duration_counts_back_from_today(text, hours):
    assert T.parse_duration(text, today=THURSDAY) == hours


def test_weekday_duration_in_the_free_text_uses_the_protocol_clock(p, monkeypatch):
    monkeypatch.setattr(p, "today", lambda: THURSDAY)
    st = p.new_state()
    p.observe(st, "je tousse depuis lundi")
    assert st.duration_hours == 72
    monkeypatch.setattr(p, "today", lambda: date(2026, 12, 15))  # a Tuesday
    assert p._parse(p.questions["duration"], "depuis lundi") == 24


def test_fever_since_monday_read_on_thursday_is_three_days(p, monkeypatch):
    # fever for 3 days in a well adult: a doctor within 24 h (fever > 3 days)
    monkeypatch.setattr(p, "today", lambda: THURSDAY)
    r, st, _ = play("j'ai de la fièvre depuis lundi", {"age": "30", "drinking_ok": "oui"}, default="non", p=p)
    assert st.duration_hours == 72
    assert r.level == "consultation_24", r.reasons


def test_a_weekday_inside_a_word_is_not_a_duration():
    assert T.parse_duration("j'ai vu le docteur lundinette", today=THURSDAY) is None


# ====================================================================== changes of 2026.12.17
def test_typos_are_read_by_sound_and_with_swapped_letters(p):
    # a swap of two neighbouring letters is one typo; "malèse" is "malaise" written as it sounds
    assert "stroke_signs" in ids(p, "sa bouhce est de traver")
    assert p.matcher.analyse("il a fé un malèse").words[-1] == "malaise"
    assert "syncope" in p.complaints_in("il a fé un malèse")
    # a frequent French word is never read as another word
    assert p.matcher.analyse("il mange une salade").words[-1] == "salade"


def test_a_black_curtain_over_the_eye_in_either_order(p):
    assert "sudden_vision_loss" in ids(p, "je vois flou d'un oeil, comme un rideau noir")
    assert "sudden_vision_loss" in ids(p, "un rideau noir devant l'oeil droit")
    assert not ids(p, "j'ai acheté un rideau noir pour la chambre")


def test_arm_or_jaw_pain_with_sweats_is_cardiac_until_proven_otherwise(p):
    assert "arm_jaw_pain_sweats" in ids(p, "il est tout pâle et transpire, il a mal dans le bras gauche")
    assert "arm_jaw_pain_sweats" in ids(p, "j'ai mal à la mâchoire et je suis en sueur")
    assert not ids(p, "j'ai mal au bras gauche depuis le vaccin, j'ai transpiré cette nuit")
    assert not ids(p, "j'ai mal au bras gauche depuis que je suis tombé")
    assert not ids(p, "mal à la mâchoire à cause d'une dent de sagesse, je transpire")
    assert not ids(p, "j'ai mal au bras gauche")


def test_tingling_of_one_side_told_in_everyday_words(p):
    assert "sudden_numbness" in ids(p, "des fourmis dans la main gauche depuis ce matin")
    assert "sudden_numbness" in ids(p, "des picotements dans la moitié du visage depuis 20 minutes")
    assert not ids(p, "j'ai des fourmis dans les jambes quand je reste assis")
    assert not ids(p, "mal au dos et des fourmis dans la jambe gauche depuis ce matin")


def test_thirst_and_vomiting_in_a_diabetic_is_ketoacidosis(p):
    st = p.new_state()
    p.observe(st, "diabétique, il vomit et il a très soif")
    assert st.answers.get("db_ketones") == "yes"
    st = p.new_state()
    p.observe(st, "diabétique type 1, elle boit beaucoup et elle a vomi deux fois")
    assert st.answers.get("db_ketones") == "yes"
    st = p.new_state()
    p.observe(st, "diabétique, j'ai très soif depuis hier")
    assert st.answers.get("db_ketones") != "yes"


def test_not_keeping_fluids_in_pregnancy_goes_to_hospital(p):
    r, _, _ = play(
        "enceinte de 2 mois, je vomis tout depuis hier",
        {"age": "30", "drinking_ok": "non je garde rien"},
        default="non",
        p=p,
    )
    assert r.level == "emergency", r.reasons
    # the same in a woman who is not pregnant: a doctor within 24 h
    r, _, _ = play(
        "je vomis tout depuis hier",
        {"age": "30", "drinking_ok": "non je garde rien", "pregnancy": "non"},
        default="non",
        p=p,
    )
    assert r.level == "consultation_24", r.reasons


@pytest.mark.parametrize(
    "first,answers,level",
    [
        # an immunosuppressed child with chickenpox: intravenous aciclovir
        (
            "ma fille de 6 ans sous chimio a la varicelle",
            {"drinking_ok": "oui", "rash_non_blanching": "non"},
            "emergency",
        ),
        # a fever that lasts 4 days in a chickenpox: superinfection to look for
        (
            "mon fils de 5 ans a la varicelle et 38,5",
            {"duration": "4 jours", "drinking_ok": "oui", "rash_non_blanching": "non"},
            "consultation_24",
        ),
        # an adult with chickenpox and fever: more complications, seen within 24 h as any rash
        # with fever
        (
            "j'ai la varicelle et 38,5",
            {"age": "32", "drinking_ok": "oui", "pregnancy": "non"},
            "consultation_24",
        ),
        # a child's chickenpox without fever
        ("mon fils de 4 ans a la varicelle, ça le gratte", {"rash_non_blanching": "non"}, "self_care"),
        # a chickenpox with spots that do not blanch is still a purpura
        (
            "ma fille de 4 ans a la varicelle et 39",
            {"rash_non_blanching": "oui", "fever_any": "oui 39"},
            "emergency_ambulance",
        ),
    ],
)
def test_chickenpox(p, first, answers, level):
    r, st, asked = play(first, answers, default="non", p=p)
    assert r.level == level, (first, r.level, r.reasons, asked)


def test_named_lists_are_written_once(p):
    src = (p.directory / "red_flags.yml").read_text(encoding="utf-8")
    # loss_of_consciousness, altered_consciousness (twice since 2026.12.33: "répond à peine")
    assert src.count("{@treatments}") == 3
    assert "antihistaminique\\w*" not in src
    assert "ventoline" in p.matcher.lists["treatments"]
    # the two flags still read a treatment after "ne réagit pas"
    assert not ids(p, "sa fièvre ne réagit pas au doliprane")
    assert not ids(p, "elle réagit à peine au traitement")
    assert "loss_of_consciousness" in ids(p, "il ne réagit pas")
    assert "altered_consciousness" in ids(p, "il réagit à peine")


def test_a_list_is_usable_in_a_plain_pattern():
    from actions.protocol.matcher import Matcher

    m = Matcher()
    m.add_lists({"pets": ["chat", "chien*", "poisson rouge"]})
    ps = m.compile(["@pets|lapin _ mord*", "re:(?<![^\\s]){@pets}(?![^\\s])"])
    m.finalize()
    for text in ("le chien m'a mordu", "le lapin a mordu", "le poisson rouge mord"):
        assert m.status(ps, m.analyse(text))[0] == "present", text
    assert m.status(ps, m.analyse("la vache a mordu"))[0] is None
    assert m.status(ps, m.analyse("les chiens"))[0] == "present"


@pytest.mark.parametrize(
    "lists,pattern",
    [
        ({"pets": ["chat"]}, "@animals _ mord*"),  # unknown list
        ({"pets": ["chat|chien"]}, "@pets"),  # one alternative per item
        ({"pets": []}, "@pets"),  # empty
    ],
)
def test_bad_lists_are_rejected(lists, pattern):
    from actions.protocol.matcher import Matcher

    m = Matcher()
    with pytest.raises(ValueError):
        m.add_lists(lists)
        m.compile([pattern])


def test_an_unknown_list_in_the_yaml_is_a_protocol_error(tmp_path):
    import shutil

    from actions.protocol import ProtocolError

    d = tmp_path / "protocol"
    shutil.copytree(load_protocol().directory, d)
    f = d / "red_flags.yml"
    good = f.read_text(encoding="utf-8")
    f.write_text(good.replace("{@treatments}", "{@nothing}", 1), encoding="utf-8")
    with pytest.raises(ValueError, match="unknown list @nothing"):
        load_protocol(d)
    # the same list name in protocol.yml and red_flags.yml
    f.write_text(good, encoding="utf-8")
    main = d / "protocol.yml"
    main.write_text(
        main.read_text(encoding="utf-8") + "\nlists:\n  treatments: [doliprane]\n", encoding="utf-8"
    )
    with pytest.raises(ProtocolError, match="duplicate list"):
        load_protocol(d)
