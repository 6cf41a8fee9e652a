"""Third round of unseen French wordings (issue #4, protocol 2026.12.12 -> 2026.12.13):
everyday, non-emergency and borderline cases as patients word them (formal, familiar, SMS),
and the free-text answers they give to the follow-up questions, for every answer kind the
engine reads (yes/no, age, duration, pain scale, choice).

Written before being played through the protocol. On protocol 2026.12.12, 44 of the 210
tests here failed: 10 of the 52 everyday cases (a febrile or discharging ear in a child
under-triaged, a toothache with a slightly swollen cheek sent to the emergency department,
a man who introduced himself as "homme 55 ans" sent to the pharmacist, a contact-lens wearer
with a red eye never asked about the lenses, "se plaint de la gorge" / "se tient l'oreille" /
"une dent qui me lance" not recognised, a flu or an acute bronchitis of one day sent to a
doctor), 1 of the 6 urgent versions of the same stories, and 33 answer readings (emoji,
"ptet", "35ans", "la cinquantaine", "une dizaine de jours", "1h30", "ce midi", "6-7",
"12/10", "un 5 peut-être", "pas très fort", "un mal de chien"). The look-alike tests of the
new wordings passed before and after. The expected levels are those a careful French GP or
regulating physician would give; each case says why in one line.

Safety rule checked throughout: an answer the engine cannot read is never taken as "no"
to a red-flag question; when unsure it errs toward more urgency.
"""

import shutil

import pytest
import yaml

from actions.protocol import load_protocol
from actions.protocol import text as T

try:
    from tests.unit.test_protocol_helpers import play
except ImportError:  # pragma: no cover - rootdir-less import mode
    from test_protocol_helpers import play

# failing tests of this file on protocol 2026.12.12, before the fixes (of 210)
FAILED_BEFORE = 44


# ====================================================================== yes/no answers
# (answer, value, explicit) read for a plain question ("Y a-t-il de la fièvre ?").
# "explicit" False means a safety question is asked again once, then read cautiously.
YES_NO_ANSWERS = [
    ("oui un peu", "yes", True),
    ("un petit peu oui", "yes", True),
    ("ouais", "yes", True),
    ("ouep", "yes", True),
    ("ui", "yes", True),
    ("Ouiii", "yes", True),
    ("oui oui", "yes", True),
    ("je crois que oui", "yes", True),
    ("absolument", "yes", True),
    ("si", "yes", True),
    ("👍", "yes", True),
    ("oui 👍", "yes", True),
    ("✅", "yes", True),
    ("nan", "no", True),
    ("nn", "no", True),
    ("Non.", "no", True),
    ("non 😕", "no", True),
    ("👎", "no", True),
    ("noooon", "no", True),
    ("nope", "no", True),
    ("je crois pas", "no", True),
    ("je ne crois pas", "no", True),
    ("je crois que non", "no", True),
    ("pas que je sache", "no", True),
    ("pas du tout", "no", True),
    ("négatif", "no", True),
    ("nan pas du tout", "no", True),
    ("pas vraiment", "no", False),  # a hedged no: re-asked on a safety question
    ("bof", "unknown", True),
    ("jsp", "unknown", True),
    ("chais pas", "unknown", True),
    ("j'en sais rien", "unknown", True),
    ("aucune idée", "unknown", True),
    ("ptet", "unknown", True),
    ("p-ê", "unknown", True),
    ("🤷", "unknown", True),
    ("🤷‍♀️", "unknown", True),
    ("ça dépend des moments", "unknown", True),
    ("c'est possible", "unknown", True),
]


@pytest.mark.parametrize("answer,value,explicit", YES_NO_ANSWERS)
def test_yes_no_answer_as_typed(p, answer, value, explicit):
    q = p.questions["co_blood"]  # "Y a-t-il du sang dans les crachats ?"
    assert p.read_yes_no(q, answer) == (value, explicit), answer


# Unreadable answers to a red-flag question: re-asked once, then never read as "no".
UNREADABLE = ["azerty", "???", "hmm", "...", "🙂", "ok merci", "je vais voir", "lol"]


@pytest.mark.parametrize("answer", UNREADABLE)
def test_unreadable_answer_to_red_flag_question_is_never_no(p, answer):
    st = p.new_state()
    p.observe(st, "je tousse depuis hier")
    st.age_years = 40.0
    q = p.questions["co_blood"]
    out = p.answer(st, q.id, answer)
    if not out.accepted:
        out = p.answer(st, q.id, answer)
    assert st.answers.get(q.id) in (None, "yes", "unknown"), (answer, st.answers.get(q.id))
    if st.answers.get(q.id) is not None:
        assert p.evaluate(st).level in ("emergency_ambulance", "emergency"), answer


def test_no_with_extra_information_records_the_extra_symptom(p):
    # "non mais j'ai aussi de la fièvre" to "du sang dans les crachats ?": no blood, but fever
    st = p.new_state()
    p.observe(st, "je tousse depuis 2 jours")
    out = p.answer(st, "co_blood", "non mais j'ai aussi de la fièvre")
    assert out.accepted and st.answers["co_blood"] == "no"
    assert st.answers.get("fever_any") == "yes"


def test_typo_without_accents_is_read(p):
    # "Y a-t-il une gene pour respirer" answered "non je respire normalemnt"
    q = p.questions["breathing_difficulty"]
    assert p.read_yes_no(q, "non je respire normalemnt")[0] == "no"
    assert p.read_yes_no(q, "oui un peu essouflé")[0] == "yes"


# ====================================================================== ages
AGES = [
    ("42", 42),
    ("quarante deux ans", 42),
    ("quarante-deux", 42),
    ("j'ai 35 ans", 35),
    ("35ans", 35),
    ("35 ans.", 35),
    ("soixante-dix ans", 70),
    ("quatre-vingt-deux ans", 82),
    ("il a 18 mois", 1.5),
    ("18 mois", 1.5),
    ("elle va sur ses 4 ans", 4),
    ("bientôt 3 ans", 3),
    ("2 ans et demi", 2.5),
    ("1 an et demi", 1.5),
    ("6 semaines", 6 / 52),
    ("elle a 3 semaines", 3 / 52),
    ("un an", 1),
    ("8 mois et demi", 8.5 / 12),
    ("il a eu 7 ans en mars", 7),
    ("la cinquantaine", 50),
    ("une quarantaine d'années", 40),
    ("j'ai 67 ans et je suis diabétique", 67),
    ("28a", 28),
]


@pytest.mark.parametrize("answer,years", AGES)
def test_age_answer_as_typed(p, answer, years):
    value = p._parse(p.questions["age"], answer)
    assert isinstance(value, float | int) and abs(value - years) < 0.02, (answer, value)


@pytest.mark.parametrize("answer", ["jsp", "je ne sais pas", "aucune idée"])
def test_age_unknown(p, answer):
    assert p._parse(p.questions["age"], answer) == "unknown"


@pytest.mark.parametrize("answer", ["née en 2019", "azerty", "vieux"])
def test_age_not_read_is_reasked(p, answer):
    assert p._parse(p.questions["age"], answer) is None


# ====================================================================== durations (hours)
DURATIONS = [
    ("depuis hier soir", 12, 24),
    ("ça fait 3 jours", 72, 72),
    ("une semaine environ", 168, 168),
    ("depuis lundi", 24, 168),
    ("48h", 48, 48),
    ("trois semaines", 504, 504),
    ("2j", 48, 48),
    ("depuis ce matin", 2, 12),
    ("depuis ce midi", 1, 8),
    ("depuis 2 heures", 2, 2),
    ("depuis une dizaine de jours", 240, 240),
    ("depuis une quinzaine de jours", 336, 360),
    ("depuis quinze jours", 360, 360),
    ("depuis avant-hier", 48, 48),
    ("depuis cette nuit", 4, 12),
    ("depuis la nuit dernière", 4, 24),
    ("depuis le week-end", 48, 96),
    ("ça a commencé il y a deux jours", 48, 48),
    ("depuis 1 mois", 720, 720),
    ("depuis 1h30", 1.5, 1.5),
    ("depuis 1 h 30", 1.5, 1.5),
    ("2-3 jours", 48, 72),
    ("depuis la semaine dernière", 168, 336),
    ("ça fait longtemps", 500, 5000),
    ("dpuis hier", 24, 24),
    ("depuis 3 semaines environ", 504, 504),
    ("une bonne semaine", 168, 240),
]


@pytest.mark.parametrize("answer,low,high", DURATIONS)
def test_duration_answer_as_typed(p, answer, low, high):
    value = p._parse(p.questions["duration"], answer)
    assert isinstance(value, float | int) and low <= value <= high, (answer, value)


@pytest.mark.parametrize("answer", ["jsp", "je sais plus", "aucune idée"])
def test_duration_unknown(p, answer):
    assert p._parse(p.questions["duration"], answer) == "unknown"


# ====================================================================== pain scale
PAIN = [
    ("7/10", 7, 7),
    ("7 / 10", 7, 7),
    ("sept sur dix", 7, 7),
    ("8", 8, 8),
    ("huit", 8, 8),
    ("assez fort", 6, 8),
    ("très fort", 8, 9),
    ("insupportable", 9, 10),
    ("6-7", 7, 7),  # a range: the higher bound (cautious)
    ("entre 5 et 6", 6, 6),
    ("3 ou 4", 4, 4),
    ("12/10", 10, 10),  # beyond the scale: the top of it
    ("10/10 !!", 10, 10),
    ("un 5 peut-être", 5, 5),
    ("pas très fort", 1, 4),
    ("pas trop mal", 1, 4),
    ("supportable", 3, 5),
    ("ça va, 2", 2, 2),
    ("légère", 1, 3),
    ("un mal de chien", 8, 9),
]


@pytest.mark.parametrize("answer,low,high", PAIN)
def test_pain_answer_as_typed(p, answer, low, high):
    value = p._parse(p.questions["pain"], answer)
    assert isinstance(value, float | int) and low <= value <= high, (answer, value)


@pytest.mark.parametrize("answer", ["jsp", "je ne sais pas", "difficile à dire"])
def test_pain_unknown(p, answer):
    assert p._parse(p.questions["pain"], answer) == "unknown"


# ====================================================================== choice answers
@pytest.fixture(scope="module")
def p_choice(tmp_path_factory):
    """The protocol with one choice question added (no complaint of the protocol uses one
    yet; the engine reads them)."""
    d = tmp_path_factory.mktemp("protocol")
    shutil.copytree(load_protocol().directory, d, dirs_exist_ok=True)
    main = yaml.safe_load((d / "protocol.yml").read_text(encoding="utf-8"))
    main["shared_questions"]["test_side"] = {
        "kind": "choice",
        "text": "De quel côté est la douleur ?",
        "options": [
            {"label": "À droite", "value": "right", "patterns": ["droite|droit"]},
            {"label": "À gauche", "value": "left", "patterns": ["gauche"]},
            {"label": "Des deux côtés", "value": "both", "patterns": ["(des deux cotes|les deux|partout)"]},
        ],
    }
    (d / "protocol.yml").write_text(yaml.safe_dump(main, allow_unicode=True), encoding="utf-8")
    return load_protocol(d)


CHOICES = [
    ("À droite", "right"),
    ("a droite", "right"),
    ("plutôt à gauche", "left"),
    ("gauche je crois", "left"),
    ("les deux", "both"),
    ("des deux cotés", "both"),
    ("jsp", "unknown"),
]


@pytest.mark.parametrize("answer,value", CHOICES)
def test_choice_answer_as_typed(p_choice, answer, value):
    assert p_choice._parse(p_choice.questions["test_side"], answer) == value


# ====================================================================== everyday cases
# (first message, answers by question id, default answer, expected complaint, expected level)
# default answers are the patient's own "no" for the questions not listed.
CASES = [
    # --- sore throat
    # viral pharyngitis without fever, adult: self-care, pharmacist TROD if it worsens
    (
        "J'ai mal à la gorge depuis deux jours, ça gratte surtout le matin",
        {"age": "28"},
        "non",
        "sore_throat",
        "self_care",
    ),
    # fever 39 + painful swallowing: TROD / McIsaac score, doctor or pharmacist in the days
    (
        "jai mal a la gorge g du mal a avaler et 39 de fievre",
        {"age": "19 ans"},
        "nan",
        "sore_throat",
        "consultation",
    ),
    # child 6 y with fever: TROD needed (strep angina possible), not urgent
    ("Ma fille de 6 ans se plaint de la gorge et elle a 38,5", {}, "non", "sore_throat", "consultation"),
    # --- ear pain (the known weak spot: a febrile child's otalgia needs an otoscopy within 24 h)
    (
        "ma fille de 4 ans a mal à l'oreille depuis cette nuit et elle a 38,6",
        {"ea_mastoid": "non, rien derrière l'oreille"},
        "non",
        "ear_pain",
        "consultation_24",
    ),
    # under 2 with fever: acute otitis media is treated with antibiotics (HAS 2021)
    (
        "Mon fils de 18 mois se tient l'oreille et pleure, il a de la fièvre",
        {},
        "non",
        "ear_pain",
        "consultation_24",
    ),
    # otorrhoea in a young child: perforated otitis media, antibiotics, seen within 24 h
    (
        "l'oreille de mon fils de 5 ans coule depuis ce matin, il a eu mal toute la nuit",
        {},
        "non",
        "ear_pain",
        "consultation_24",
    ),
    # 10-year-old, fever 38,2, ear pain since yesterday: otoscopy within 24 h
    (
        "mon grand de 10 ans a mal à l'oreille gauche et 38,2 de fièvre",
        {},
        "non",
        "ear_pain",
        "consultation_24",
    ),
    # adult, no fever, 2 days: paracetamol, review if > 3 days
    (
        "otite ? j'ai mal à l'oreille droite depuis 2 jours, pas de fièvre",
        {"age": "40"},
        "non",
        "ear_pain",
        "self_care",
    ),
    # child 7 y, no fever, since yesterday: analgesia, review at 48-72 h
    ("mon fils de 7 ans a mal à l'oreille depuis hier, pas de fièvre", {}, "non", "ear_pain", "self_care"),
    # --- cough
    # viral cough 4 days, no fever, no dyspnoea
    (
        "je tousse depuis 4 jours, un peu le nez qui coule, rien d'autre",
        {"age": "30"},
        "non",
        "cough",
        "self_care",
    ),
    # cough for three weeks: chronic cough work-up (tuberculosis, asthma, reflux)
    (
        "Toux sèche qui ne passe pas",
        {"age": "45", "duration": "trois semaines"},
        "non",
        "cough",
        "consultation",
    ),
    # infant 5 months with a cold and cough, feeding well: seen within 24 h (bronchiolitis)
    (
        "mon bébé de 5 mois tousse et a le nez bouché depuis 2 jours",
        {"co_infant_feed": "non il boit bien"},
        "non",
        "cough",
        "consultation_24",
    ),
    # acute bronchitis with fever since yesterday, healthy adult, no dyspnoea nor chest
    # pain: self-care, a doctor if the fever lasts beyond 3 days (SPILF)
    ("toux grasse avec de la fièvre à 38,5 depuis hier", {"age": "35"}, "pas du tout", "cough", "self_care"),
    # the same after 4 days of fever: a doctor in the coming days
    (
        "toux grasse avec de la fièvre à 38,5",
        {"age": "35", "duration": "ça fait 4 jours"},
        "pas du tout",
        "cough",
        "consultation",
    ),
    # --- sinusitis
    ("J'ai le nez bouché et mal aux sinus depuis 5 jours", {"age": "33"}, "non", "sinusitis", "self_care"),
    # > 10 days without improvement: consider antibiotics
    (
        "sinusite depuis 12 jours ça s'améliore pas, mal sous les yeux",
        {"age": "41"},
        "non",
        "sinusitis",
        "consultation",
    ),
    # --- urinary
    # simple cystitis, woman 28: pharmacist test-and-treat
    (
        "j'ai des brûlures quand je fais pipi depuis hier",
        {"age": "28", "ur_male": "non je suis une femme", "pregnancy": "non"},
        "non",
        "urinary",
        "self_care",
    ),
    # fever + flank pain: pyelonephritis, treatment within 24 h
    (
        "ça brûle quand j'urine et j'ai mal dans le bas du dos, 38,7",
        {"age": "30", "ur_male": "non", "pregnancy": "non", "ur_vomit_chills": "non"},
        "non",
        "urinary",
        "consultation_24",
    ),
    # urinary infection in a man: prostatitis possible, seen within 24 h
    ("homme 55 ans, brûlures en urinant depuis 2 jours", {}, "non", "urinary", "consultation_24"),
    # --- back pain without red flags
    (
        "j'ai mal au dos depuis que j'ai porté des cartons samedi",
        {"age": "40", "pain": "5"},
        "non",
        "back_pain",
        "self_care",
    ),
    (
        "lumbago, je suis bloqué depuis ce matin en me baissant",
        {"age": "50", "pain": "6/10"},
        "nan",
        "back_pain",
        "self_care",
    ),
    # sciatica without deficit: examination in the coming days
    (
        "mal au dos qui descend dans la jambe jusqu'au pied depuis 1 semaine",
        {"age": "45", "pain": "6"},
        "non",
        "back_pain",
        "consultation",
    ),
    # --- sprained ankle
    # Ottawa negative (walks), mild swelling: RICE
    (
        "je me suis tordu la cheville au foot, elle a un peu gonflé mais j'arrive à marcher",
        {"age": "22", "li_weight": "oui je marche", "pain": "4"},
        "non",
        "limb_injury",
        "self_care",
    ),
    # unable to bear weight: X-ray (Ottawa)
    (
        "entorse de la cheville hier, je ne peux pas poser le pied par terre",
        {"age": "30", "li_weight": "non impossible", "pain": "7"},
        "non",
        "limb_injury",
        "consultation_24",
    ),
    # --- small cut
    (
        "je me suis coupé le doigt en coupant du pain, c'est superficiel et ça ne saigne plus",
        {"age": "50", "wo_tendon_nerve": "non, je le bouge bien", "wo_face_hand": "non"},
        "non",
        "wound",
        "self_care",
    ),
    (
        "petite coupure au genou de ma fille de 8 ans en tombant du vélo, ça saigne plus",
        {"wo_dirty": "non", "wo_face_hand": "non"},
        "non",
        "wound",
        "self_care",
    ),
    # --- sunburn
    (
        "coup de soleil sur les épaules après la plage, ça chauffe",
        {"age": "25"},
        "non",
        "sunburn",
        "self_care",
    ),
    # child 3 y, large blistering sunburn: second-degree burn, seen within 24 h
    (
        "mon fils de 3 ans a pris un gros coup de soleil avec des cloques sur le dos",
        {},
        "non",
        "sunburn",
        "consultation_24",
    ),
    # --- insect bite
    (
        "piqûre de moustique qui gratte et un peu gonflée sur le bras",
        {"age": "35"},
        "non",
        "insect_bite",
        "self_care",
    ),
    # local reaction to a wasp sting, nothing systemic
    (
        "piqué par une guêpe à la main il y a 10 minutes, ça gonfle un peu autour, rien d'autre",
        {"age": "45"},
        "non",
        "insect_bite",
        "self_care",
    ),
    # tick removed, no erythema: watch the skin for a month
    ("une tique sur la jambe de mon fils de 6 ans, je l'ai retirée", {}, "non", "insect_bite", "self_care"),
    # --- hay fever
    (
        "j'éternue sans arrêt, le nez qui coule et les yeux qui piquent, c'est le pollen chaque printemps",
        {"age": "27"},
        "non",
        "hay_fever",
        "self_care",
    ),
    # --- dental pain
    (
        "j'ai une rage de dent depuis hier soir",
        {"age": "35", "pain": "6"},
        "non",
        "dental_pain",
        "consultation",
    ),
    # slight cheek swelling without spread, trismus or fever: dental abscess, dentist today
    (
        "J'ai une dent qui me lance depuis 3 jours et ce matin ma joue a un peu gonflé",
        {"age": "38", "pain": "6"},
        "non",
        "dental_pain",
        "consultation_24",
    ),
    # --- mild diarrhoea / gastroenteritis
    (
        "j'ai la diarrhée depuis hier, pas de sang, pas de fièvre, j'arrive à boire",
        {"age": "34", "dehydration_signs": "non, j'urine normalement"},
        "non",
        "vomiting_diarrhoea",
        "self_care",
    ),
    (
        "gastro depuis ce matin, j'ai vomi deux fois et la chiasse",
        {"age": "25", "drinking_ok": "oui ça va je bois"},
        "non",
        "vomiting_diarrhoea",
        "self_care",
    ),
    (
        "mon fils de 3 ans a la diarrhée depuis 2 jours, il boit bien et il joue",
        {"drinking_ok": "oui"},
        "non",
        "vomiting_diarrhoea",
        "self_care",
    ),
    # --- anxiety
    # recurrent panic attacks, calm now, known: GP in the coming days
    (
        "crise d'angoisse ce soir, ça va mieux, j'en fais souvent",
        {"age": "29"},
        "non",
        "anxiety",
        "consultation",
    ),
    # --- low mood without suicidal thoughts
    (
        "j'ai le moral à zéro depuis un mois",
        {"age": "36", "lm_suicidal": "non jamais", "lm_daily": "oui"},
        "non",
        "low_mood",
        "consultation",
    ),
    (
        "je suis déprimée depuis la rupture, je pleure tout le temps mais je ne pense pas au suicide",
        {"age": "24"},
        "non",
        "low_mood",
        "consultation",
    ),
    # --- rash without purpura
    # child 2 y, small spots, blanching, no fever: see a doctor in the coming days
    (
        "ma fille de 2 ans a des petits boutons sur le ventre, pas de fièvre, ils s'effacent quand on appuie",
        {},
        "non",
        "rash",
        "consultation",
    ),
    # hives limited to the skin: antihistamine from the pharmacist
    (
        "des plaques rouges qui grattent sur les bras depuis ce matin, ça ressemble à de l'urticaire",
        {"age": "30"},
        "non",
        "allergic_reaction",
        "self_care",
    ),
    # --- eye redness
    # sticky red eye without pain or visual change: conjunctivitis
    (
        "j'ai l'oeil rouge qui colle le matin depuis 2 jours, pas de douleur",
        {"age": "30"},
        "non",
        "eye_problem",
        "self_care",
    ),
    # red eye in a contact-lens wearer: keratitis to exclude within 24 h
    (
        "j'ai l'œil rouge depuis hier, je porte des lentilles",
        {"age": "24", "ey_lens": "oui"},
        "non",
        "eye_problem",
        "consultation_24",
    ),
    # --- other everyday complaints
    # tension-type headache after a bad night, usual for the patient
    (
        "mal de tête depuis ce matin après une mauvaise nuit, comme d'habitude quand je suis fatigué",
        {"age": "30", "pain": "4"},
        "non",
        "headache",
        "self_care",
    ),
    # flu-like illness in a healthy adult, < 48 h
    (
        "j'ai 38,2 depuis hier avec des courbatures, je pense que c'est la grippe",
        {"age": "30", "drinking_ok": "oui"},
        "non",
        ("fever", "cough"),
        "self_care",
    ),
    ("je suis constipé depuis 4 jours", {"age": "40", "cn_gas": "oui"}, "non", "constipation", "self_care"),
    (
        "j'ai un bleu sur la cuisse après m'être cogné à la table",
        {"age": "33", "bz_use": "oui je marche normalement"},
        "non",
        "bruise",
        "self_care",
    ),
    (
        "j'ai un aphte sur la langue qui fait mal",
        {"age": "26", "drinking_ok": "oui"},
        "non",
        "mouth_ulcer",
        "self_care",
    ),
    (
        "mon fils de 9 ans a saigné du nez, ça s'est arrêté en appuyant 5 minutes",
        {},
        "non",
        "nosebleed",
        "self_care",
    ),
    (
        "je me suis brûlé le bout du doigt avec la poêle, c'est rouge, pas de cloque",
        {"age": "45", "bu_zone": "non"},
        "non",
        "burn",
        "self_care",
    ),
    # well child 3 y, fever since this morning, drinking and playing: paracetamol, watch
    (
        "mon fils de 3 ans a 38,5 depuis ce matin, il joue et il boit bien",
        {"drinking_ok": "oui"},
        "non",
        "fever",
        "self_care",
    ),
]


@pytest.mark.parametrize("first,answers,default,complaint,level", CASES)
def test_everyday_case(p, first, answers, default, complaint, level):
    r, st, asked = play(first, answers, default=default, p=p)
    wanted = complaint if isinstance(complaint, tuple) else (complaint,)
    assert set(wanted) & set(st.complaints), (first, st.complaints)
    assert r.level == level, (first, r.level, r.reasons, asked)


# ====================================================================== borderline: still urgent
# The wordings added for the everyday cases must not hide the urgent version of the same story.
STILL_URGENT = [
    # dental cellulitis spreading towards the eye or the neck
    (
        "rage de dent depuis 3 jours et maintenant le visage est très gonflé jusqu'à l'œil",
        {"age": "40"},
        "emergency",
    ),
    ("mal aux dents et ma joue a gonflé, le gonflement descend dans le cou", {"age": "40"}, "emergency"),
    # asked, not told: the spreading is answered yes
    ("j'ai une dent qui me lance et la gencive gonflée", {"age": "40", "de_swelling": "oui"}, "emergency"),
    # without a tooth, a swollen face stays a red flag (angio-oedema)
    ("ma joue a gonflé d'un coup après avoir mangé des crevettes", {"age": "40"}, "emergency"),
    # a febrile otalgia with swelling behind the ear: mastoiditis
    (
        "mon fils de 4 ans a mal à l'oreille et 39 de fièvre",
        {"ea_mastoid": "oui derrière l'oreille c'est gonflé"},
        "emergency",
    ),
    # cough with fever since yesterday but short of breath
    (
        "toux grasse avec de la fièvre à 38,5 depuis hier",
        {"age": "35", "breathing_difficulty": "ouais un peu"},
        "emergency",
    ),
]


@pytest.mark.parametrize("first,answers,level", STILL_URGENT)
def test_urgent_version_of_an_everyday_story(p, first, answers, level):
    r, _, asked = play(first, answers, default="non", p=p)
    assert r.level == level, (first, r.level, r.reasons, asked)


# ====================================================================== no false alarm
# One or more look-alikes for every wording added in 2026.12.13.
NOT_EAR = [
    "il se frotte les yeux et se tient la tête",  # "se tient|frotte" without an ear
    "elle se plaint de son patron",
    "j'ai acheté un nouvel oreiller",
]
NOT_THROAT = ["elle se plaint de la chaleur", "il se plaint de sa voisine"]
NOT_TOOTH = ["ma fille a perdu une dent de lait", "il lance le ballon à son frère"]


@pytest.mark.parametrize("text", NOT_EAR)
def test_no_ear_pain_from_a_look_alike(p, text):
    assert "ear_pain" not in p.complaints_in(text)


@pytest.mark.parametrize("text", NOT_THROAT)
def test_no_sore_throat_from_a_look_alike(p, text):
    assert "sore_throat" not in p.complaints_in(text)


@pytest.mark.parametrize("text", NOT_TOOTH)
def test_no_dental_pain_from_a_look_alike(p, text):
    assert "dental_pain" not in p.complaints_in(text)


def test_child_signs_of_ear_pain_are_recognised(p):
    assert "ear_pain" in p.complaints_in("mon bébé se frotte l'oreille droite et pleure")
    assert "ear_pain" in p.complaints_in("elle se plaint de l'oreille depuis ce matin")
    assert "sore_throat" in p.complaints_in("il se plaint de la gorge")


def test_contact_lenses_read_from_the_description(p):
    st = p.new_state()
    p.observe(st, "j'ai l'œil rouge, je porte des lentilles de contact")
    assert st.answers.get("ey_lens") == "yes"
    st = p.new_state()
    p.observe(st, "j'ai l'œil rouge et je ne porte pas de lentilles")
    assert st.answers.get("ey_lens") != "yes"
    st = p.new_state()
    p.observe(st, "j'ai mangé des lentilles à midi et j'ai l'œil qui pique")
    assert st.answers.get("ey_lens") != "yes"


def test_dental_swelling_questions_are_not_set_by_a_denial(p):
    st = p.new_state()
    p.observe(st, "j'ai mal aux dents, la joue n'est pas gonflée")
    assert st.answers.get("de_cheek") != "yes" and st.answers.get("de_swelling") != "yes"
    # a tooth named without swelling leaves the face-swelling red flag alone
    assert not p.detect_red_flags("j'ai mal aux dents depuis hier")
    # a swollen face without a tooth is still a red flag
    assert "face_swelling" in {h.id for h in p.detect_red_flags("mon visage a gonflé d'un coup")}


def test_patient_introducing_himself_gives_the_sex(p):
    st = p.new_state()
    p.observe(st, "homme 55 ans, brûlures en urinant")
    assert st.sex == "male" and st.age_years == 55
    st = p.new_state()
    p.observe(st, "Bonjour, femme 30 ans, j'ai mal au dos")
    assert st.sex == "female"
    # a relative introduced by a possessive is not the writer
    st = p.new_state()
    p.observe(st, "ma femme 60 ans a des brûlures en urinant")
    assert st.subject == "other" and st.sex == "female"
    # "homme" after the opening words says nothing of the writer
    st = p.new_state()
    p.observe(st, "j'ai mal au dos, mon voisin homme 40 ans aussi")
    assert st.sex != "male" or st.subject == "other"


def test_answer_words_do_not_leak_into_the_free_text(p):
    # emoji and "p-ê" are read only in answers: no complaint, no red flag from them
    assert not p.detect_red_flags("👍 merci")
    assert p.complaints_in("👎") == []
    assert T.normalise_answer("p-ê") == "peut etre"
    assert T.simple_normalise("p-ê") == "p e"


def test_pain_words_keep_their_old_reading(p):
    q = p.questions["pain"]
    assert p._parse(q, "très fort") == 8
    assert p._parse(q, "fort") == 7
    assert p._parse(q, "pas mal") == 0
    assert p._parse(q, "j'en sais rien") == "unknown"  # never a 0 read from "rien"
    # a number with a unit of time is not the score
    assert p._parse(q, "depuis 3 jours, 6") == 6


def test_approximate_numbers_are_not_ages_or_durations_of_something_else(p):
    st = p.new_state()
    p.observe(st, "j'ai une cinquantaine de piqûres de moustique")
    assert st.age_years is None
    st = p.new_state()
    p.observe(st, "mal au dos depuis une quinzaine de jours")
    assert st.duration_hours == 360
    # an overdose counted approximately is still a red flag
    assert p.detect_red_flags("j'ai pris une dizaine de cachets de somnifère")


# 2026.12.15: a fall onto the tailbone is back pain after a fall (found in the held-out NLU
# set, where DIET read "elle est tombée" as "la fièvre est tombée": aller_mieux).
@pytest.mark.parametrize(
    "first,answers",
    [
        ("ma mère de 82 ans est tombée sur le coccyx ce matin et n'arrive plus à s'asseoir", {}),
        ("je suis tombé sur le coccyx en skiant hier, j'ai mal quand je m'assois", {"age": "30"}),
        ("jai mal au coccyx depuis que jai chuté dans l'escalier", {"age": "45"}),
    ],
)
def test_fall_onto_the_tailbone_is_seen_within_24_hours(p, first, answers):
    r, st, asked = play(first, answers, default="non", p=p)
    assert "back_pain" in st.complaints, first
    assert r.level == "consultation_24", (first, r.level, r.reasons, asked)
