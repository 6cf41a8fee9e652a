"""Under-triage that protocol 2026.12.23 left (listed in the last closing note), fixed in
2026.12.24.

1. "le préservatif a craqué" alone had no complaint: a consultation in the coming days, when
   emergency contraception works best the same day and an HIV prophylaxis must start within
   48 hours. New `sexual_exposure`: within 24 h, with the pharmacy's emergency contraception in
   the advice; the emergency department when the partner is HIV-positive or of unknown status
   and the intercourse was less than 48 hours ago.
2. A double dose of insulin got the diabetes questions. New red flag `insulin_overdose`: the 15
   (a severe hypoglycaemia can follow within hours). Not an insulin taken twice a day, nor
   a dose the doctor doubled.
3. A bat bite got a wound's 24 h with no word on rabies. New red flag `rabies_exposure`: the
   emergency department today for a bat (a bite, a scratch, a bat handled or found where
   someone slept), a monkey, or a mammal's bite abroad. Not a dog bite at home.
"""

import pytest

try:
    from tests.unit.test_protocol_helpers import ids, observed, play
except ImportError:  # pragma: no cover - rootdir-less import mode
    from test_protocol_helpers import ids, observed, play


def test_the_version_says_the_change(p):
    assert p.version >= "2026.12.24"


# 1 ------------------------------------------------------------------ sexual exposure
@pytest.mark.parametrize(
    "text",
    [
        "le préservatif a craqué",
        "la capote s'est déchirée",
        "on a eu un rapport sans préservatif, j'ai peur d'être enceinte",
        "rapport non protégé samedi",
        "j'ai besoin de la pilule du lendemain",
        "mon copain a enlevé la capote sans me le dire",
        "j'ai oublié ma pilule et on a eu un rapport",
        "sms: la capote a craque hier",
    ],
)
def test_an_unprotected_intercourse_is_its_own_complaint(p, text):
    assert "sexual_exposure" in observed(p, text.removeprefix("sms: ")).complaints


@pytest.mark.parametrize(
    "text",
    [
        "j'ai toujours utilisé un préservatif",
        "je prends la pilule",
        "je voudrais des préservatifs",
        "j'ai mal à la gorge",
    ],
)
def test_a_condom_or_a_pill_mentioned_is_not_an_exposure(p, text):
    assert "sexual_exposure" not in observed(p, text).complaints


def test_a_broken_condom_alone_is_seen_within_24_hours_with_emergency_contraception(p):
    r, st, asked = play("le préservatif a craqué", answers={"se_hiv_risk": "non"}, p=p)
    assert st.complaints == ["sexual_exposure"]
    assert "se_hiv_risk" in asked
    assert r.level == "consultation_24"
    assert "pilule du lendemain" in r.advice and "sans ordonnance" in r.advice


def test_a_partner_of_unknown_status_within_48_hours_sends_to_the_emergency_department(p):
    r, _, asked = play(
        "le préservatif a craqué", answers={"se_hiv_risk": "je ne sais pas", "se_recent": "oui"}, p=p
    )
    assert asked[-2:] == ["se_hiv_risk", "se_recent"]
    assert r.level == "emergency"
    assert any("4 heures" in x for x in r.reasons)


def test_the_same_risk_after_48_hours_is_a_screening_within_24_hours(p):
    r, _, _ = play("rapport non protégé samedi", answers={"se_hiv_risk": "oui", "se_recent": "non"}, p=p)
    assert r.level == "consultation_24"
    assert any("dépistage" in x for x in r.reasons)


def test_the_first_message_can_answer_both_questions(p):
    r, _, asked = play("la capote a craqué hier soir avec un mec rencontré sur tinder", p=p)
    assert r.level == "emergency"
    assert "se_hiv_risk" not in asked and "se_recent" not in asked


def test_an_hiv_positive_partner_is_still_the_red_flag(p):
    r, _, _ = play("le préservatif a craqué, il est séropositif", p=p)
    assert r.level == "emergency"
    assert "hiv_exposure" in r.red_flags


# 2 ------------------------------------------------------------------ insulin overdose
@pytest.mark.parametrize(
    "text",
    [
        "j'ai fait deux fois mon insuline ce matin",
        "je me suis trompé, j'ai injecté deux fois ma lantus",
        "j'ai pris trop d'insuline",
        "j'ai fait une double dose d'insuline",
        "j'ai pris mon insuline deux fois hier et je tremble",
        "je me suis trompé de stylo, j'ai fait la rapide à la place de la lente",
        "ma mère a fait sa novorapid en double",
    ],
)
def test_a_double_dose_of_insulin_calls_the_15(p, text):
    assert "insulin_overdose" in ids(p, text)
    r, _, _ = play(text, p=p)
    assert r.level == "emergency_ambulance"


@pytest.mark.parametrize(
    "text",
    [
        "je fais mon insuline deux fois par jour et j'ai mal à la tête",
        "j'ai pris trop de sucre avant mon insuline",
        "mon médecin a doublé ma dose d'insuline",
        "je n'ai pas fait deux fois mon insuline",
        "mon insuline est en trop grande quantité dans le frigo",
        "je fais ma lantus deux fois par jour",
    ],
)
def test_insulin_taken_as_prescribed_is_no_overdose(p, text):
    assert "insulin_overdose" not in ids(p, text)


# 3 ------------------------------------------------------------------ rabies
@pytest.mark.parametrize(
    "text",
    [
        "une chauve-souris m'a mordu",
        "j'ai ramassé une chauve-souris à mains nues",
        "mon fils a été griffé par une chauve souris",
        "la chauve-souris est entrée dans la chambre pendant que je dormais",
        "en vacances au Maroc, un chien m'a mordu",
        "mordu par un singe en Thaïlande",
        "j'ai été mordu par un chat errant en voyage",
    ],
)
def test_a_rabies_exposure_goes_to_the_emergency_department_today(p, text):
    assert "rabies_exposure" in ids(p, text)
    r, _, _ = play(text, p=p)
    assert r.level == "emergency"
    assert any("rage" in x for x in r.reasons)
    assert "15 minutes" in r.advice


@pytest.mark.parametrize(
    "text",
    [
        "mon chien m'a mordu la main",
        "il y a une chauve-souris dans le grenier",
        "je pars en voyage en Inde, faut-il un vaccin contre la rage ?",
        "je ne me suis pas fait mordre par la chauve-souris, elle est restée au plafond",
        "une tique m'a mordu",
    ],
)
def test_a_bite_at_home_or_a_bat_seen_is_no_rabies_exposure(p, text):
    assert "rabies_exposure" not in ids(p, text)


def test_a_dog_bite_at_home_keeps_the_wound_questions(p):
    r, st, asked = play("mon chien m'a mordu la main", p=p)
    assert st.complaints == ["wound"]
    assert r.level == "consultation_24"
    assert "wo_bleeding_stop" in asked
