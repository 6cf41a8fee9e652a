"""Under-triage found after protocol 2026.12.27, fixed in 2026.12.28.

1. Coming round was not read as a loss of consciousness, and not coming round was read as its
   negation: "il n'a pas repris connaissance" (someone unconscious now) ended as a consultation
   in the coming days. Both are now the loss_of_consciousness red flag.
2. A second dose soon after the first had no reading: "j'ai repris un doliprane une heure
   après" (the medication_error complaint), "j'ai redonné du doliprane à mon fils une heure
   après" and "j'ai donné deux fois le sirop à ma fille" (the child_dose_error red flag).
3. "4 g de doliprane et un doliprane en plus" (over the day's 4 g) was not read as more than
   4 g of paracetamol.
"""

import pytest

try:
    from tests.unit.test_protocol_helpers import ids, observed, play
except ImportError:  # pragma: no cover - rootdir-less import mode
    from test_protocol_helpers import ids, observed, play


def test_the_version_says_the_change(p):
    assert p.version >= "2026.12.28"


# 1 ------------------------------------------------------------------ coming round, or not
@pytest.mark.parametrize(
    "text",
    [
        "il a repris connaissance juste après",
        "elle a repris conscience au bout de 5 minutes",
        "il est revenu à lui après deux minutes",
        "elle a mis du temps à reprendre connaissance",
        # not coming round: the negation belongs to the phrase
        "il n'a pas repris connaissance",
        "il ne reprend pas connaissance",
        "il reprend pas connaissance",
        "il a toujours pas repris connaissance",
        "mon pere a pas repris connaisance",
        "il n'est pas revenu à lui",
        "Il n'a pas de fièvre. Il n'a toujours pas repris connaissance !!",
        "IL A PAS REPRIS CONNAISSANCE 😭",
    ],
)
def test_coming_round_or_not_is_a_loss_of_consciousness(p, text):
    assert "loss_of_consciousness" in ids(p, text)
    r, _, asked = play(text, p=p)
    assert r.level == "emergency_ambulance" and asked == []


@pytest.mark.parametrize(
    "text",
    [
        "j'ai repris le travail",
        "il est revenu à la maison",
        "j'ai repris mes médicaments hier",
        "il a repris des forces",
        "je n'ai jamais perdu connaissance",
    ],
)
def test_other_returns_are_not(p, text):
    assert "loss_of_consciousness" not in ids(p, text)


# 2 ------------------------------------------------------------------ a second dose too soon
@pytest.mark.parametrize(
    "text",
    [
        "j'ai repris un doliprane une heure après",
        "j'ai repris mon comprimé juste après par erreur",
        "mon mari a repris son traitement dans la foulée",
    ],
)
def test_an_adults_second_dose_too_soon_is_a_medication_error(p, text):
    assert "medication_error" in observed(p, text).complaints
    r, _, asked = play(text, p=p)
    assert r.level == "consultation_24" and "me_high_risk" in asked


@pytest.mark.parametrize(
    "text",
    [
        "j'ai redonné du doliprane à mon fils une heure après",
        "j'ai donné deux fois le sirop à ma fille",
        "je lui ai donné son sirop deux fois de suite, c'est mon fils",
        "g redonné du sirop a mon bebe 30 min apres",
    ],
)
def test_a_childs_second_dose_calls_the_15(p, text):
    assert "child_dose_error" in ids(p, text)
    r, _, _ = play(text, p=p)
    assert r.level == "emergency_ambulance"
    assert "poids" in " ".join(r.reasons) + r.advice


@pytest.mark.parametrize(
    "text",
    [
        "je donne deux fois par jour du sirop à ma fille",
        # what came soon after was the vomiting, not a second dose
        "ma fille a de la fièvre, je lui ai donné du doliprane et elle a vomi juste après",
        "ma fille a de la fièvre, je lui ai redonné du doliprane et elle a vomi juste après",
    ],
)
def test_not_a_childs_second_dose(p, text):
    assert "child_dose_error" not in ids(p, text)


def test_the_vomiting_reading_does_not_hide_a_real_second_dose(p):
    text = "je lui ai redonné du doliprane et il a vomi juste après, puis j'ai donné deux fois le sirop à ma fille"
    assert "child_dose_error" in ids(p, text)


# 3 ------------------------------------------------------------------ 4 g and more
@pytest.mark.parametrize(
    "text",
    [
        "j'ai pris 4 g de doliprane et un doliprane en plus",
        "4 grammes de paracétamol et encore un ce soir",
        "j'ai pris 4 doliprane 1000 et 2 dafalgan",
        "j'ai pris 4g de doliprane aujourd'hui et encore un ce soir",
    ],
)
def test_four_grams_and_more_calls_the_15(p, text):
    r, _, _ = play(text, p=p)
    assert r.level == "emergency_ambulance"


@pytest.mark.parametrize(
    "text",
    [
        "je prends 4 g de paracétamol par jour pour mon dos",
        "j'ai pris 4 g de doliprane hier, pas plus",
    ],
)
def test_four_grams_alone_is_not_more(p, text):
    assert "medication_error" not in observed(p, text).complaints
