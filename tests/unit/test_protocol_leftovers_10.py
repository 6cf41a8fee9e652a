"""Under-triage that protocol 2026.12.26 left (listed in the last closing note), fixed in
2026.12.27.

1. An adult's medication error had no complaint: "je me suis trompé de dose de doliprane",
   "j'ai pris mon anticoagulant deux fois de suite", "j'ai pris 8 doliprane 1000 aujourd'hui"
   ended as a consultation in the coming days after generic questions. New complaint
   `medication_error`: the 15 for a medicine with a narrow margin, for more than 4 g of
   paracetamol in 24 h, for any symptom since, for a child; otherwise a doctor's or the poison
   centre's advice the same day, the box in hand, and no next dose before it.
2. The SMS normaliser collapsed any run of three repeated characters, digits included:
   "doliprane 1000" was read "doliprane 10". Only letters are stretched ("fiiièvre").
3. A number given twice (the poison centre's 15 and the level's 15) is listed once, with the
   more specific label.
4. The ways of writing a temperature were copied in four pattern lists; they are one phrase set
   (`phrase_sets` in protocol.yml, `{phrases: temperature}`). A pattern that is not a string
   (a YAML slip) used to be dropped without a word; it is now an error.
"""

import pytest

from actions.protocol.matcher import Matcher

try:
    from tests.unit.test_protocol_helpers import observed, play
except ImportError:  # pragma: no cover - rootdir-less import mode
    from test_protocol_helpers import observed, play


def test_the_version_says_the_change(p):
    assert p.version >= "2026.12.27"


# 1 ------------------------------------------------------------------ an adult's medication error
ERRORS = [
    "je me suis trompé de dose de doliprane",
    "j'ai pris deux fois la dose de doliprane",
    "j'ai repris du doliprane trop tôt",
    "j'ai doublé la dose de mon traitement",
    "j'ai pris le double de ma dose d'ibuprofène",
    "j'ai pris par erreur le traitement de ma femme",
    "j'ai confondu les boîtes de mon père",
    "j'ai dépassé la dose de doliprane",
    "j'ai pris plus que la dose prescrite",
    "erreur de dose ce matin, j'ai pris mon comprimé deux fois de suite",
    "jme sui trompé de médoc",
    "DOUBLE DOSE D'ADVIL PAR ERREUR 😬",
]


@pytest.mark.parametrize("text", ERRORS)
def test_an_adults_medication_error_is_checked_the_same_day(p, text):
    st = observed(p, text)
    assert "medication_error" in st.complaints
    r, _, asked = play(text, p=p)
    # the safety questions are asked, and "no" to all of them is still a same-day check
    assert {"me_symptoms", "me_high_risk", "me_paracetamol"} <= set(asked)
    assert r.level == "consultation_24"
    assert "antipoison" in r.advice and "dose suivante" in r.advice
    assert "antipoison" in [n for n in r.numbers if n["number"] == "15"][0]["label"]
    assert any("somnolence" in s for s in r.safety_net)


@pytest.mark.parametrize(
    "text",
    [
        "j'ai pris mon xarelto deux fois de suite",
        "j'ai pris deux fois mon anticoagulant par erreur",
        "erreur de dose de previscan",
        "ma mère a pris deux fois ses médicaments pour le coeur",
        "je me suis trompé de dose d'insuline",
        "j'ai doublé ma dose de lithium",
    ],
)
def test_a_narrow_margin_medicine_calls_the_15_at_once(p, text):
    r, _, asked = play(text, p=p)
    assert r.level == "emergency_ambulance"
    assert "me_high_risk" not in asked  # read from the description


@pytest.mark.parametrize(
    "text",
    [
        "j'ai pris 8 doliprane 1000 aujourd'hui",
        "j'ai pris 6 g de paracétamol",
        "plus de 4 g de doliprane aujourd'hui",
    ],
)
def test_more_than_four_grams_of_paracetamol_calls_the_15(p, text):
    assert "medication_error" in observed(p, text).complaints
    r, _, _ = play(text, p=p)
    assert r.level == "emergency_ambulance"
    assert any("foie" in x for x in r.reasons)


@pytest.mark.parametrize(
    "answers",
    [
        {"me_symptoms": "oui je suis très somnolent"},
        {"me_high_risk": "oui c'est du kardegic et du bisoprolol pour le coeur"},
        {"me_paracetamol": "oui, 6 comprimés de 1 g"},
        {"age": "10 ans"},
    ],
)
def test_each_answer_that_raises_the_level(p, answers):
    r, _, _ = play("je me suis trompé de dose de mon traitement", answers=answers, p=p)
    assert r.level == "emergency_ambulance"


@pytest.mark.parametrize(
    "text",
    [
        "quelle est la bonne dose de doliprane",
        "je prends du doliprane 1000 trois fois par jour",
        "je ne me suis pas trompé de dose",
        "j'ai mal à la tête depuis 3 jours, j'ai pris 5 doliprane",
        "je ne veux pas dépasser la dose",
        "j'ai oublié ma dose de ce matin",
    ],
)
def test_not_a_medication_error(p, text):
    assert "medication_error" not in observed(p, text).complaints


# 2 ------------------------------------------------------------------ digits are not stretched letters
def test_repeated_digits_are_kept_and_stretched_letters_collapsed(p):
    assert p.matcher.analyse("doliprane 1000, 10000 pas").string == "doliprane 1000 , 10000 pas"
    assert p.matcher.analyse("j'ai de la fiiiièvre").string == "j ai de la fievre"


# 3 ------------------------------------------------------------------ each number once
def test_each_number_is_listed_once(p):
    r, _, _ = play("je me suis trompé de dose d'insuline", p=p)
    numbers = [n["number"] for n in r.numbers]
    assert len(numbers) == len(set(numbers)) and "15" in numbers and "112" in numbers


# 4 ------------------------------------------------------------------ phrase sets
@pytest.mark.parametrize("text", ["elle a 39", "38,5 depuis hier", "40 degrés"])
def test_every_list_that_reads_a_temperature_reads_it_the_same_way(p, text):
    assert "fever" in observed(p, text).complaints
    assert "purpura_fever" in {h.id for h in p.detect_red_flags(f"des taches qui ne s'effacent pas, {text}")}
    assert "meningitis_signs" in {h.id for h in p.detect_red_flags(f"il ne supporte plus la lumière, {text}")}


def test_a_phrase_set_is_expanded_and_a_slip_is_an_error():
    m = Matcher()
    m.add_phrase_sets({"hot": ["brulant|brulante", "39 degres"]})
    ps = m.compile(["fievre", {"phrases": "hot"}])
    assert len(ps.phrases) == 3
    with pytest.raises(ValueError, match="unknown phrase set"):
        m.compile([{"phrases": "cold"}])
    with pytest.raises(ValueError, match="non-empty string"):
        m.compile([{38: "degres"}])
    with pytest.raises(ValueError, match="non-empty string"):
        m.compile([""])
