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
4. "j'entends des voix" had no complaint. New `hallucinations` (always with a clinician):
   within 24 h; the emergency department with confusion, fever, alcohol, drugs or a new
   medicine; the 15 when the voices push to harm oneself or someone (also the red flag
   `command_hallucinations`, from the first message). A lost or hoarse voice is not it.
5. A stiff neck without fever had no complaint. New `neck_pain`: self-care for a torticollis;
   the 15 with fever or a sudden headache, vomiting or light sensitivity (meningitis,
   subarachnoid haemorrhage); the emergency department after a fall or an accident; within
   24 h under 16 or with tingling or weakness in a limb.
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
        "erreur de dose de doliprane pour mon bébé",
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


# 4 ------------------------------------------------------------------ hallucinations
@pytest.mark.parametrize(
    "text",
    [
        "j'entends des voix",
        "elle dit qu'il y a des voix dans sa tête",
        "j'ai des hallucinations depuis deux jours",
        "il voit des choses qui n'existent pas",
        "mon fils est persuadé qu'on veut le tuer",
    ],
)
def test_voices_and_visions_are_seen_within_24_hours_with_a_clinician(p, text):
    r, st, asked = play(text, p=p)
    assert st.complaints == ["hallucinations"]
    assert "hl_harm" in asked
    assert r.level == "consultation_24"
    assert r.needs_clinician


def test_voices_that_push_to_harm_call_the_15_from_the_first_message(p):
    text = "mon frère entend des voix qui lui disent de se tuer"
    assert "command_hallucinations" in ids(p, text)
    r, _, _ = play(text, p=p)
    assert r.level == "emergency_ambulance"
    assert any(n["number"] == "3114" for n in r.numbers)


def test_voices_that_push_to_harm_call_the_15_as_an_answer(p):
    r, _, _ = play("j'entends des voix", answers={"hl_harm": "oui, elles me disent de sauter"}, p=p)
    assert r.level == "emergency_ambulance"


def test_voices_after_drugs_or_with_confusion_go_to_the_emergency_department(p):
    r, _, _ = play("j'entends des voix", answers={"hl_confused": "oui j'ai pris de la cocaïne"}, p=p)
    assert r.level == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "j'ai perdu ma voix",
        "j'ai la voix cassée et mal à la gorge",
        "je n'entends plus rien de l'oreille droite",
    ],
)
def test_a_lost_voice_or_hearing_is_no_hallucination(p, text):
    assert "hallucinations" not in observed(p, text).complaints


# 5 ------------------------------------------------------------------ neck pain
def test_a_torticollis_is_self_care_after_the_red_flag_questions(p):
    r, st, asked = play("je me suis réveillé avec un torticolis", p=p)
    assert st.complaints == ["neck_pain"]
    assert {"fever_any", "nk_headache", "nk_trauma"} <= set(asked)
    assert r.level == "self_care"


def test_a_stiff_neck_with_fever_calls_the_15(p):
    r, _, _ = play("j'ai la nuque raide", answers={"fever_any": "oui 39"}, p=p)
    assert r.level == "emergency_ambulance"
    assert any("méningite" in x for x in r.reasons)


def test_a_stiff_neck_with_a_sudden_headache_calls_the_15(p):
    r, _, _ = play("j'ai la nuque raide", answers={"nk_headache": "oui, c'est venu d'un coup"}, p=p)
    assert r.level == "emergency_ambulance"


def test_neck_pain_after_a_fall_goes_to_the_emergency_department(p):
    r, _, asked = play("j'ai mal à la nuque depuis ma chute de vélo", p=p)
    assert "nk_trauma" not in asked  # the first message answered it
    assert r.level == "emergency"


def test_a_child_with_a_stiff_neck_is_seen_within_24_hours(p):
    r, _, _ = play("mon fils de 8 ans a le cou bloqué", p=p)
    assert r.level == "consultation_24"


def test_tingling_in_an_arm_is_seen_within_24_hours(p):
    r, _, _ = play(
        "j'ai mal aux cervicales depuis une semaine",
        answers={"nk_neuro": "oui des fourmis dans la main"},
        p=p,
    )
    assert r.level == "consultation_24"


@pytest.mark.parametrize("text", ["j'ai perdu la voix et j'ai cru mourir", "sa voix saute, il mue"])
def test_a_voice_near_a_dark_word_is_no_command(p, text):
    assert "command_hallucinations" not in ids(p, text)


def test_voices_that_order_a_jump_call_the_15(p):
    assert "command_hallucinations" in ids(p, "des voix lui ordonnent de sauter par la fenêtre")
