"""Yes/no answers that describe instead of answering, and the complaints added in
protocol 2026.11.3 (hand tendon/nerve, constipation, mouth ulcers, bruises, cystitis)."""

import pytest

from actions.protocol import text as T

try:
    from tests.unit.test_protocol_helpers import at_least, play
except ImportError:  # pragma: no cover
    from test_protocol_helpers import at_least, play

CLARIFY = "Pour être sûr de bien comprendre : répondez oui ou non."


def _ask_until(p, st, qid):
    for _ in range(15):
        q = p.next_question(st)
        assert q is not None, f"{qid} never asked"
        if q.id == qid:
            return q
        p.answer(st, q.id, {"age": "30 ans", "duration": "depuis hier", "pain": "4"}.get(q.id, "non"))
    raise AssertionError(qid)


READ_CASES = [
    ("as_speak", "oui je parle normalement", "yes", False),
    ("as_speak", "je parle normalement", "no", True),
    ("as_speak", "j'arrive à parler", "no", True),
    ("as_speak", "un peu gênant mais ça passe", "yes", False),
    ("br_chest_pain", "un peu mal quand je tousse", "yes", False),
    ("br_chest_pain", "elle dit que ça serre un peu aussi", "yes", True),
    ("breathing_difficulty", "non pas du tout", "no", True),
    ("breathing_difficulty", "oui un peu", "yes", True),
    ("breathing_difficulty", "un peu", "yes", True),
    ("breathing_difficulty", "pas vraiment", "no", False),
    ("wo_bleeding_stop", "non ça ne saigne plus", "no", True),
    ("wo_tendon_nerve", "oui je bouge bien le doigt", "yes", False),
    ("as_speak", "il n'arrive pas à finir ses phrases", "yes", True),
    ("ur_retention", "j'arrive pas à uriner", "yes", True),
    ("fever_any", "38,5", "yes", True),
    ("fever_any", "37.2", "no", True),
    ("fever_any", "Je ne sais pas", "unknown", True),
]


def test_sms_g_after_a_number_is_grams():
    assert "j ai" not in T.normalise_answer("3 g")
    assert T.normalise_answer("g mal") == "j ai mal"


def test_descriptive_answer_to_safety_question_is_reasked_once(p):
    st = p.new_state()
    p.observe(st, "mon asthme est moins bien depuis 2 jours")
    q = _ask_until(p, st, "as_speak")
    out = p.answer(st, q.id, "oui je parle normalement")
    assert not out.accepted and out.reprompt == CLARIFY
    assert "as_speak" not in st.answers
    q2 = p.next_question(st)
    assert q2.id == "as_speak" and [b["payload"] for b in q2.buttons] == ["Oui", "Non", "Je ne sais pas"]
    out = p.answer(st, q2.id, "non")
    assert out.accepted and st.answers["as_speak"] == "no"


def test_still_descriptive_second_time_keeps_cautious_reading(p):
    # play() repeats the same answer after a reprompt
    r, st, _ = play("mon asthme est moins bien depuis 2 jours", {"as_speak": "oui je parle normalement"})
    assert st.answers["as_speak"] == "yes" and r.level == "emergency_ambulance"


def test_number_is_not_yes(p):
    # a number without a threshold to compare it with does not answer a yes/no question
    assert p.read_yes_no(p.questions["db_ketones"], "3 g") == (None, False)
    # a measured glucose answers "is it low (moins de 0,70 g/L)?"
    st = p.new_state()
    p.observe(st, "je suis diabétique et je me sens bizarre")
    for _ in range(10):
        q = p.next_question(st)
        if q is None or q.id == "db_low":
            break
        p.answer(st, q.id, {"age": "50 ans"}.get(q.id, "non"))
    assert q is not None and q.id == "db_low"
    out = p.answer(st, q.id, "3 g")
    assert out.accepted and st.answers["db_low"] == "no"


def test_explicit_answers_not_reasked(p):
    st = p.new_state()
    p.observe(st, "mon asthme est moins bien depuis 2 jours")
    q = _ask_until(p, st, "as_speak")
    assert p.answer(st, q.id, "non pas du tout").accepted


# ------------------------------------------------------------------ new complaints
def test_hand_wound_with_tendon_sign_is_emergency():
    r, _, _ = play(
        "Je me suis coupé la paume avec un couteau, ça ne saigne plus mais je n'arrive plus à plier un doigt"
    )
    assert r.level == "emergency"
    r, _, _ = play("coupure au pouce, le bout du pouce est tout engourdi")
    assert r.level == "emergency"


def test_small_finger_cut_stays_self_care():
    r, _, _ = play("je me suis coupé le doigt en épluchant des légumes, c'est arrêté")
    assert r.level == "self_care"


def test_constipation():
    r, _, _ = play("je suis constipée depuis 4 jours", {"cn_gas": "oui"})
    assert r.complaints == ["constipation"] and r.level == "self_care"
    r, _, _ = play("constipé depuis 5 jours et je vomis", {"cn_gas": "non plus aucun gaz"})
    assert r.level == "emergency"


def test_mouth_ulcer():
    r, _, _ = play("jai un aphte ds la bouche ki fait mal dpuis 3j", {"drinking_ok": "oui"})
    assert r.complaints == ["mouth_ulcer"] and r.level == "self_care"
    r, _, _ = play("mon fils de 2 ans a plein d'aphtes et ne veut plus boire", {"drinking_ok": "non"})
    assert at_least(r.level, "consultation_24")


def test_bruise_and_anticoagulant():
    r, _, _ = play(
        "Je me suis cogné la cuisse contre une table hier, j'ai un gros bleu mais je marche normalement"
    )
    assert r.complaints == ["bruise"] and r.level == "self_care"
    r, _, _ = play("je prends du Xarelto et j'ai un gros bleu sur la cuisse après un choc")
    assert at_least(r.level, "consultation_24")
    r, _, _ = play("je prends du Xarelto et j'ai un énorme hématome sur la cuisse qui grossit")
    assert r.level == "emergency"


def test_bruise_word_is_not_ischaemia():
    # "un bleu" no longer answers "les orteils sont-ils bleus/froids ?"
    r, st, _ = play("je me suis tordu la cheville, j'ai un bleu", {"li_weight": "oui"})
    assert st.answers.get("li_cold") != "yes" and not at_least(r.level, "emergency")


@pytest.mark.parametrize(
    "first,answers,level",
    [
        ("je suis une femme de 25 ans, ça me brûle quand je fais pipi depuis hier", {}, "self_care"),
        ("je suis un homme de 40 ans, ça me brûle quand je fais pipi depuis hier", {}, "consultation_24"),
        ("je suis enceinte et ça me brûle quand je fais pipi", {"age": "30 ans"}, "consultation_24"),
        ("je suis une femme de 25 ans, brûlures urinaires avec 38,5 de fièvre", {}, "consultation_24"),
        (
            "je suis une femme de 25 ans, encore une cystite, j'en ai eu une le mois dernier",
            {},
            "consultation",
        ),
        ("je suis une femme de 70 ans, ça me brûle quand je fais pipi", {"age": "70 ans"}, "consultation"),
        ("mon mari a des brûlures quand il urine", {"age": "50 ans"}, "consultation_24"),
        ("cystite chez ma fille de 12 ans", {"age": "12 ans"}, "consultation"),
    ],
)
def test_cystitis_pharmacist_only_when_simple(first, answers, level):
    r, _, _ = play(first, answers)
    assert r.level == level, (r.level, r.reasons)
    if level == "self_care":
        assert "pharmacien" in r.advice


def test_answer_naming_an_anticoagulant_is_a_yes(p):
    st = p.new_state()
    p.observe(st, "je me suis cogné la tête hier")
    q = _ask_until(p, st, "anticoagulant")
    out = p.answer(st, q.id, "je prends du xarelto")
    assert out.accepted and st.anticoagulant == "yes"


def test_answer_naming_another_drug_is_reasked(p):
    st = p.new_state()
    p.observe(st, "je me suis cogné la tête hier")
    q = _ask_until(p, st, "anticoagulant")
    out = p.answer(st, q.id, "doliprane")
    assert not out.accepted and out.reprompt == CLARIFY and st.anticoagulant is None
    assert p.answer(st, q.id, "non").accepted and st.anticoagulant == "no"


# ------------------------------------------------- measured answers and mild answers
MEASURED_AND_MILD_CASES = [
    # a duration against the question's own threshold ("depuis plus de 2 semaines")
    ("lm_daily", "un mois", "yes", True),
    ("lm_daily", "ca dure depuis 3 semaines", "yes", True),
    ("lm_daily", "3j", "no", False),  # "manger, dormir ou ...": read as several clauses
    ("nb_20min", "depuis 5 minutes", "no", True),
    ("nb_20min", "depuis 40 minutes", "yes", True),
    # several clauses: a short duration says nothing of the others
    ("mu_long", "3j", "no", False),
    ("cp_exertion", "5 minutes", "no", False),
    ("cp_exertion", "depuis 1 heure", "yes", True),
    # a measured glucose answers "is it low (moins de 0,70 g/L)?"
    ("db_low", "3 g", "no", True),
    ("db_low", "0,5 g/l", "yes", True),
    ("db_low", "250 mg/dl", "no", True),
    ("db_low", "60mg/dl", "yes", True),
    # ... but only one part of "très haute (plus de 2,5 g/L) avec vomissements ..."
    ("db_ketones", "3 g", None, False),
    # the mild form of a symptom asked in its severe form
    ("cn_belly", "un peu gonflé", "no", True),
    ("pb_heavy", "quelques gouttes", "no", True),
    ("pb_heavy", "un peu", "no", False),
    ("cn_belly", "un peu gonflé mais la douleur est forte", "no", False),
]


@pytest.mark.parametrize("qid,text,value,explicit", READ_CASES + MEASURED_AND_MILD_CASES)
def test_read_yes_no(p, qid, text, value, explicit):
    assert p.read_yes_no(p.questions[qid], text) == (value, explicit)


def test_mild_answer_about_a_non_severe_clause_is_reasked(p):
    # "du mal à ouvrir la bouche" is not qualified as severe: "un peu de mal à ouvrir la
    # bouche" may be a yes (trismus), never an explicit no
    q = next(
        q for q in p.questions.values() if "impossible d'avaler" in q.text and "ouvrir la bouche" in q.text
    )
    assert p.read_yes_no(q, "un peu de mal à ouvrir la bouche") != ("no", True)
    # ... while "un peu gênant mais ça passe" only grades the swallowing it asks as impossible
    assert p.read_yes_no(q, "un peu gênant mais ça passe") == ("no", True)


def test_low_mood_over_two_weeks_without_suicidal_thoughts_is_consultation():
    r, _, _ = play(
        "je suis triste et je dors mal depuis un mois, pas d'idées suicidaires",
        {"lm_suicidal": "non", "lm_daily": "oui"},
    )
    assert r.level == "consultation"
    r, _, _ = play("je suis triste depuis un mois", {"lm_suicidal": "oui"})
    assert at_least(r.level, "emergency")
