"""A forgotten or mistaken contraceptive pill (protocol 2026.12.29).

It had no complaint: "j'ai oublié ma pilule hier soir" or "je me suis trompée de pilule" went
through the generic questions to a consultation in the coming days, without the one thing that
matters (the emergency contraception, which loses efficacy by the day). Now: a pharmacy the
same day for emergency contraception when the delay is over 12 hours and there was an
intercourse in the 5 days before; otherwise care at home with what to do about the pill.
"""

import pytest

try:
    from tests.unit.test_protocol_helpers import observed, play
except ImportError:  # pragma: no cover - rootdir-less import mode
    from test_protocol_helpers import observed, play


def test_the_version_says_the_change(p):
    assert p.version >= "2026.12.29"


PILLS = [
    "j'ai oublié ma pilule hier soir",
    "oubli de pilule depuis 2 jours",
    "je me suis trompée de pilule",
    "j'ai pris deux pilules ce matin",
    "j'ai pris ma pilule avec 14 heures de retard",
    "jai oublie ma pillule",
    "J'AI OUBLIÉ LA PILULE 😅",
]


@pytest.mark.parametrize("text", PILLS)
def test_a_pill_problem_is_recognised(p, text):
    assert "contraceptive_pill" in observed(p, text).complaints


@pytest.mark.parametrize(
    "text",
    [
        "j'ai oublié de prendre mes pilules pour le coeur",
        "je prends la pilule depuis 3 ans et j'ai mal à la tête",
        "j'ai pris deux pilules du lendemain",
    ],
)
def test_not_a_pill_problem(p, text):
    assert "contraceptive_pill" not in observed(p, text).complaints


def test_late_with_an_intercourse_is_emergency_contraception_today(p):
    r, _, asked = play(
        "j'ai oublié ma pilule",
        answers={"cp_late": "oui, plus de 12 heures", "cp_intercourse": "oui avant-hier"},
        p=p,
    )
    assert r.level == "consultation_24"
    assert {"cp_late", "cp_intercourse"} <= set(asked)
    assert "contraception d'urgence" in r.advice and "sans ordonnance" in r.advice
    assert any("grossesse" in x for x in r.reasons)


@pytest.mark.parametrize("unsure", ["je ne sais pas", "aucune idée"])
def test_unsure_of_the_delay_or_the_intercourse_counts_as_yes(p, unsure):
    r, _, _ = play("j'ai oublié ma pilule", answers={"cp_late": unsure, "cp_intercourse": "oui"}, p=p)
    assert r.level == "consultation_24"
    r, _, _ = play("j'ai oublié ma pilule", answers={"cp_late": "oui", "cp_intercourse": unsure}, p=p)
    assert r.level == "consultation_24"


def test_late_without_intercourse_is_care_at_home_with_condoms(p):
    r, _, _ = play("j'ai oublié ma pilule", answers={"cp_late": "oui", "cp_intercourse": "non"}, p=p)
    assert r.level == "self_care"
    assert any("7 jours" in x for x in r.reasons)
    assert "préservatifs" in r.advice


@pytest.mark.parametrize(
    "text,late",
    [
        ("j'ai pris ma pilule avec 3 heures de retard", "no"),
        ("j'ai pris ma pilule avec 14 heures de retard", "yes"),
        ("oubli de pilule depuis 2 jours", "yes"),
    ],
)
def test_the_delay_is_read_from_the_first_message(p, text, late):
    _, st, asked = play(text, p=p)
    assert "cp_late" not in asked
    assert st.answers["cp_late"] == late


def test_a_short_delay_is_care_at_home(p):
    r, _, asked = play("j'ai pris ma pilule avec 3 heures de retard", p=p)
    assert r.level == "self_care" and "cp_intercourse" not in asked
    assert any("moins de 12 heures" in x for x in r.reasons)
    # and what should make her come back
    assert any("mollet" in s and "15" in s for s in r.safety_net)
    assert any("test de grossesse" in s for s in r.safety_net)


def test_an_intercourse_named_in_the_first_message_is_not_asked_again(p):
    r, _, asked = play("j'ai oublié ma pilule depuis deux jours et on a eu un rapport hier", p=p)
    assert "cp_intercourse" not in asked and "cp_late" not in asked
    assert r.level == "consultation_24"


def test_a_red_flag_with_the_pill_still_wins(p):
    r, _, _ = play(
        "j'ai oublié ma pilule et j'ai une douleur dans la poitrine, je n'arrive plus à respirer", p=p
    )
    assert r.level == "emergency_ambulance"
