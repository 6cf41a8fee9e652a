"""Partial information, incidental words and secondary complaints (protocol 2026.11.2).

A question never asked is read "the dangerous way" only when it is a safety question;
otherwise the result is uncertain, proportionate, and handed to a clinician."""

from __future__ import annotations

import pytest

try:
    from tests.unit.test_protocol_helpers import RANK, play
except ImportError:  # pragma: no cover - rootdir import mode
    from test_protocol_helpers import RANK, play


def first_message_then_human(p, text):
    st = p.new_state()
    p.observe(st, text)
    st.wants_human = True
    return p.evaluate(st), st


def test_sore_throat_then_human_is_proportionate(p):
    r, _ = first_message_then_human(p, "J'ai mal à la gorge depuis hier")
    assert RANK[r.level] >= RANK["consultation_24"], r.level
    assert r.uncertain and r.needs_clinician


@pytest.mark.parametrize("text", ["J'ai mal à la poitrine", "ma mère a la bouche de travers"])
def test_safety_questions_unasked_stay_dangerous(p, text):
    r, _ = first_message_then_human(p, text)
    assert r.level == "emergency_ambulance"


def test_dont_know_keeps_dangerous_reading(p):
    r, _, _ = play("j'ai mal à la gorge", {"st_drool": "je ne sais pas"})
    assert r.level == "emergency_ambulance"


@pytest.mark.parametrize(
    "text,absent",
    [
        ("ça me brûle quand je fais pipi", "burn"),
        ("ma mère a des boutons sur le ventre et ça la brûle", "burn"),
        ("je me suis brûlé l'avant-bras avec la plaque du four", "rash"),
        ("j'ai les yeux rouges qui grattent", "rash"),
        ("je me suis tordu la cheville en courant", "vomiting_diarrhoea"),
        ("jai l'oeil rouge et douloureux", "cellulitis"),
        ("j'ai le nez bouché et mal sous les yeux", "eye_problem"),
    ],
)
def test_incidental_words_do_not_open_a_complaint(p, text, absent):
    st = p.new_state()
    p.observe(st, text)
    assert absent not in st.complaints, st.complaints


@pytest.mark.parametrize(
    "text,cid",
    [
        ("je me suis brûlé avec la poêle", "burn"),
        ("elle a posé la main sur la porte du four", "burn"),
        ("mon mari n'arrive plus à faire pipi depuis ce matin", "urinary"),
        ("je vois des éclairs et des mouches dans l'œil droit", "eye_problem"),
        ("mon mollet droit est gonflé et douloureux", "leg_swelling"),
        ("jme suis bloqué le dos en portant un meuble", "back_pain"),
        ("pr mon gosse de 4 ans qui a 39", "fever"),
    ],
)
def test_complaint_recognised(p, text, cid):
    st = p.new_state()
    p.observe(st, text)
    assert cid in st.complaints, st.complaints


def test_age_is_not_a_temperature(p):
    st = p.new_state()
    p.observe(st, "mon père a 39 ans et a mal au dos")
    assert "fever" not in st.complaints and st.answers.get("fever_any") is None


def test_stroke_in_sms_spelling(p):
    ids = {
        h.id for h in p.detect_red_flags("mon pere a le bras qui repond plu et il parle bizar depui 10 min")
    }
    assert "stroke_signs" in ids


def test_food_allergy_with_vomiting_is_anaphylaxis(p):
    r, _, _ = play("mon fils de 6 ans a mangé des cacahuètes, il est plein de plaques et il vomit")
    assert r.level == "emergency_ambulance"


def test_urinary_retention_is_emergency(p):
    r, _, _ = play("mon mari de 75 ans n'arrive plus à faire pipi depuis ce matin")
    assert r.level == "emergency"


def test_superficial_hand_burn_is_self_care(p):
    r, _, _ = play("je me suis brûlée sur le dos de la main, c'est rouge sur 2 cm", {"bu_deep": "non"})
    assert r.level == "self_care"


def test_blistered_hand_burn_in_toddler_is_emergency(p):
    r, _, _ = play("ma fille de 18 mois a posé la main sur la porte du four, elle a des cloques")
    assert r.level == "emergency"


def test_calf_swelling_after_cast_is_24h(p):
    r, _, _ = play("mon mollet droit est gonflé et douloureux, j'ai une attelle depuis une semaine")
    assert r.level == "consultation_24"


def test_calf_swelling_with_breathlessness_is_ambulance(p):
    r, _, _ = play("mon mollet est gonflé et douloureux", {"ls_breath": "oui"})
    assert r.level == "emergency_ambulance"


def test_cough_three_weeks_from_duration(p):
    r, _, _ = play("je tousse depuis 3 semaines", {"duration": "3 semaines"})
    assert r.level == "consultation"


def test_secondary_complaint_questions_do_not_leak(p):
    # a cold mentioned in passing must not make a conjunctivitis an emergency
    r, _, asked = play("j'ai les yeux rouges qui collent et qui grattent depuis 2 jours, j'ai un rhume")
    assert "rash_non_blanching" not in asked
    assert RANK[r.level] >= RANK["consultation"], r.level


def test_wound_tetanus_question_only_for_dirty_wounds(p):
    r, _, asked = play("je me suis coupé le doigt en épluchant des légumes, c'est arrêté")
    assert "wo_tetanus_ok" not in asked and r.level == "self_care"
    r, _, asked = play("je me suis coupé avec un outil rouillé", {"wo_tetanus_ok": "je ne sais pas"})
    assert r.level == "consultation_24"
