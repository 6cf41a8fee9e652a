"""Under-triage that protocol 2026.12.24 left (listed in the last closing note), fixed in
2026.12.25.

1. "erreur de dose de doliprane pour mon bébé" had no complaint: a consultation in the coming
   days. New red flag `child_dose_error`: the 15 (and its poison centre) for a dosing error in
   a child (the wrong pipette or syringe, the dose given twice, an adult form, "une dose de
   trop"), whatever the medicine: a child's margin depends on its weight. Not a question about
   the right dose, not a day's usual doses, not an adult's double dose.
2. "je n'ai pas fait pipi depuis ce matin", answered "non" to every question, ended as a simple
   cystitis for the pharmacist, a diagnosis the patient never described. The urinary complaint
   now reads `ur_no_urine` from the description: within 24 h (dehydration, the kidneys); the
   emergency department under 2 years. A baby who no longer pees raises `infant_dry_nappies`
   from the first message, as dry nappies did. Not a short while ("depuis une heure"), not the
   potty.
3. (2026.12.26, over-triage) "je n'ai pas eu de rapport sans préservatif" read as an unprotected
   intercourse: the negation is on "rapport", out of the phrase's reach.
"""

import pytest

try:
    from tests.unit.test_protocol_helpers import ids, observed, play
except ImportError:  # pragma: no cover - rootdir-less import mode
    from test_protocol_helpers import ids, observed, play


def test_the_version_says_the_change(p):
    assert p.version >= "2026.12.26"


# 1 ------------------------------------------------------------------ a child's dose error
@pytest.mark.parametrize(
    "text",
    [
        "erreur de dose de doliprane pour mon bébé",
        "j'ai donné deux fois la dose de doliprane à mon fils",
        "je me suis trompé de pipette pour le doliprane de ma fille",
        "je me suis trompée de seringue, j'ai donné l'advil avec la pipette du doliprane à mon fils",
        "j'ai donné du doliprane adulte à mon fils de 3 ans",
        "surdosage de doliprane chez mon bébé",
        "mon mari et moi avons donné chacun une dose à notre fille, elle a eu une dose de trop",
        "j'ai donné trop de sirop à mon bébé",
        "j'ai donné 2 fois la dose d'amoxicilline à mon enfant",
        "erreur de dose pr mon bb",
        "jme sui trompé de pipete pour mon fils",
        "J'AI DONNÉ LA DOSE ADULTE À MON BÉBÉ 😱",
        "la petite a eu deux fois la dose de sirop",
    ],
)
def test_a_dosing_error_in_a_child_calls_the_15(p, text):
    assert "child_dose_error" in ids(p, text)
    r, _, asked = play(text, p=p)
    assert r.level == "emergency_ambulance"
    assert asked == []
    assert any("poids" in x for x in r.reasons)
    assert "poids" in r.advice and "vomir" in r.advice
    assert "15" in [n["number"] for n in r.numbers]


@pytest.mark.parametrize(
    "text",
    [
        # a question about the right dose, not a dose given
        "quelle est la bonne dose de doliprane pour mon bébé de 8 kg ?",
        "mon fils a de la fièvre, je lui donne du doliprane",
        # a day's usual doses
        "je lui ai donné deux doses de doliprane aujourd'hui, mon fils a toujours de la fièvre",
        # negated, in its own clause
        "il n'y a pas eu d'erreur de dose pour mon bébé, il a juste de la fièvre",
        # no child: an adult's double dose of most medicines is no emergency
        "j'ai pris une double dose de doliprane",
        # "trop" of something else
        "mon fils a pris trop de soleil",
        # "petit" is not a child
        "j'ai fait une petite erreur de dose de doliprane",
        "je lui ai donné du doliprane mais il a trop de fièvre, mon bébé",
    ],
)
def test_a_dose_mentioned_is_not_a_dosing_error(p, text):
    assert "child_dose_error" not in ids(p, text)


# 2 ------------------------------------------------------------------ no urine
@pytest.mark.parametrize(
    "text",
    [
        "pas fait pipi depuis ce matin",
        "je n'ai pas uriné depuis hier soir",
        "j'ai presque plus uriné depuis deux jours",
        "je n'ai pas fait pipi depuis 10 heures",
    ],
)
def test_no_urine_for_hours_is_seen_within_24_hours_not_sent_to_the_pharmacist(p, text):
    r, st, asked = play(text, p=p)
    assert st.complaints == ["urinary"]
    assert r.level == "consultation_24"
    assert any("uriné" in x for x in r.reasons)
    assert not any("cystite" in x for x in r.reasons)
    # the urge of a retention is still asked
    assert "ur_retention" in asked


def test_no_urine_with_the_urge_is_still_a_retention(p):
    r, _, _ = play("je n'arrive pas à faire pipi depuis ce matin", p=p)
    assert r.level == "emergency"


def test_no_urine_under_two_years_is_the_emergency_department(p):
    r, _, _ = play("mon fils de 1 an n'a pas fait pipi depuis ce matin", p=p)
    assert r.level == "emergency"


@pytest.mark.parametrize(
    "text",
    ["pas fait pipi depuis 1h", "j'ai pas fait pipi depuis 20 minutes mais ça brûle"],
)
def test_a_short_while_without_urine_is_not_it(p, text):
    st = observed(p, text)
    assert st.complaints == ["urinary"]
    r, _, _ = play(text, p=p)
    assert not any("plusieurs heures" in x for x in r.reasons)


@pytest.mark.parametrize(
    "text",
    [
        "mon bébé n'a pas fait pipi depuis ce matin",
        "mon bebe fait plus pipi",
        "mon bb a pas uriné depuis hier",
    ],
)
def test_a_baby_who_no_longer_pees_is_the_red_flag(p, text):
    assert "infant_dry_nappies" in ids(p, text)
    r, _, _ = play(text, p=p)
    assert r.level == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "il ne fait pas pipi au pot, mon bébé",
        "mon bébé ne fait plus pipi dans le pot depuis une semaine",
        "mon bébé n'a pas de pipi rouge",
        "mon bébé n'a pas de fièvre, il fait pipi normalement",
    ],
)
def test_the_potty_a_colour_or_a_normal_pee_is_not_it(p, text):
    assert "infant_dry_nappies" not in ids(p, text)


# 3 ------------------------------------------------------------------ an intercourse denied
@pytest.mark.parametrize(
    "text",
    [
        "je n'ai pas eu de rapport sans préservatif",
        "je n'ai jamais eu de rapports sans capote",
        "pas de rapport sans capote depuis des mois, mais j'ai mal à la gorge",
    ],
)
def test_an_intercourse_denied_is_no_exposure(p, text):
    assert "sexual_exposure" not in observed(p, text).complaints


@pytest.mark.parametrize(
    "text",
    [
        "on a eu un rapport sans préservatif",
        "on n'a pas eu de rapport sans préservatif mais la capote a craqué",
        "rapport non protégé samedi",
    ],
)
def test_an_intercourse_affirmed_still_is(p, text):
    assert "sexual_exposure" in observed(p, text).complaints
