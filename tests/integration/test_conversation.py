"""Real conversations through the gateway, with real Redis, Rasa, model and action server."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration

LEVELS = {"emergency_ambulance", "emergency", "consultation_24", "consultation", "self_care"}


def test_health_and_readiness(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200, ready.text
    assert ready.json()["components"] == {"redis": "ok", "rasa": "ok", "actions": "ok"}


def test_opening_says_automated_not_doctor_gives_numbers_and_asks_consent(patient):
    body = patient.say("Bonjour")
    assert body["conversation_token"]
    assert body["status"] == "bot" and body["triage"] is None
    text = " ".join(m["text"] for m in body["messages"])
    assert "assistant automatique" in text and "pas un médecin" in text
    assert "15" in text and "112" in text
    titles = [b["title"] for m in body["messages"] for b in m["buttons"]]
    assert "J'accepte" in titles and "Je refuse" in titles


def test_chest_pain_emergency(patient):
    patient.consent()
    body = patient.say("J'ai une douleur dans la poitrine qui serre et irradie dans le bras gauche")
    assert body["triage"] is not None, body
    assert body["triage"]["level"] == "emergency_ambulance"
    assert body["triage"]["reasons"]
    text = " ".join(m["text"] for m in body["messages"])
    assert "15" in text
    assert body["status"] == "waiting_clinician"


# The gateway's warning before consent (data/consent/consent.fr.yml, red_flag_warning); the
# opening names the 15 too, so the test looks for the warning's own words.
RED_FLAG_WARNING = "peut être grave"


@pytest.mark.parametrize(
    "first",
    [
        # DIET itself reads an emergency
        "je n'arrive plus à respirer",
        # a calm description: DIET reads a description, the protocol a red flag (an entity)
        "depuis hier je crache un peu de sang quand je tousse",
        "mon père a la bouche de travers depuis une heure",
    ],
)
def test_red_flag_in_first_message_warns_before_consent(patient, first):
    body = patient.say(first)
    text = " ".join(m["text"] for m in body["messages"])
    assert RED_FLAG_WARNING in text
    # after consent the same message is triaged without being asked again
    body = patient.say("J'accepte")
    assert body["triage"] and body["triage"]["level"] in ("emergency_ambulance", "emergency")


def test_no_red_flag_warning_for_an_ordinary_first_message(patient):
    body = patient.say("j'ai le nez qui coule depuis deux jours")
    assert RED_FLAG_WARNING not in " ".join(m["text"] for m in body["messages"])


def test_cold_ends_in_self_care(patient):
    patient.consent()
    patient.say("J'ai le nez qui coule et je tousse un peu depuis deux jours, rien d'autre")
    body = patient.answer_until_triage(
        {
            "âge": "34 ans",
            "depuis": "2 jours",
            "0 à 10": "2",
            "enceinte": "Non",
            "maladie chronique": "Non",
            "traitement": "Non",
        },
        default="Non",
    )
    assert body["triage"]["level"] == "self_care", body
    assert body["status"] == "bot"


def test_red_flag_mid_questionnaire_jumps_to_emergency(patient):
    patient.consent()
    body = patient.say("j'ai mal au ventre depuis hier")
    assert body["triage"] is None and body["messages"][-1]["text"].endswith("?")
    body = patient.say("et là je n'arrive plus à respirer")
    assert body["triage"]["level"] == "emergency_ambulance"


def test_consent_refusal_closes_and_keeps_nothing(client, patient):
    patient.say("Bonjour, j'ai mal à la tête")
    body = patient.say("Je refuse")
    assert body["status"] == "closed"
    text = body["messages"][0]["text"]
    assert "15" in text and "112" in text
    history = client.get(
        f"/api/v1/conversations/{patient.id}/messages", headers={"Authorization": f"Bearer {patient.token}"}
    ).json()
    assert history["messages"] == [] and history["status"] == "closed"
    again = patient.say("allo ?")
    assert again["status"] == "closed"


@pytest.mark.parametrize("garbage", ["asdfgh", "😀😀😀", "x" * 1999, "مرحبا שלום 你好", "a\u200bb\u202e c"])
def test_garbage_gets_a_clear_answer(patient, garbage):
    patient.consent()
    body = patient.say(garbage)
    assert body["messages"], body
    assert body["status"] in {"bot", "waiting_clinician"}


def test_history_in_same_shape_and_token_required(client, patient):
    patient.consent()
    patient.say("j'ai de la fièvre")
    url = f"/api/v1/conversations/{patient.id}/messages"
    assert client.get(url).status_code == 401
    assert client.get(url, headers={"Authorization": "Bearer wrong"}).status_code == 403
    body = client.get(url, headers={"Authorization": f"Bearer {patient.token}"}).json()
    senders = [m["sender"] for m in body["messages"]]
    assert senders[0] == "patient" and "bot" in senders
    assert all(set(m) >= {"text", "buttons"} for m in body["messages"])


def test_bad_requests_are_4xx_with_stable_codes(client, patient):
    patient.say("Bonjour")
    url = f"/api/v1/conversations/{patient.id}/messages"
    auth = {"Authorization": f"Bearer {patient.token}"}
    cases = [
        (
            dict(content=b"{not json", headers={**auth, "content-type": "application/json"}),
            400,
            "invalid_json",
        ),
        (dict(json={"text": ""}, headers=auth), 422, "empty_text"),
        (dict(json={"text": "   "}, headers=auth), 422, "empty_text"),
        (dict(json={"text": "bonjour", "extra": 1}, headers=auth), 422, "unknown_field"),
        (dict(json={}, headers=auth), 422, "missing_field"),
        (dict(json=["text"], headers=auth), 422, "invalid_body"),
        (dict(json={"text": "x" * 5000}, headers=auth), 413, "message_too_long"),
        (
            dict(
                content=b'{"text": "' + b"a" * 40000 + b'"}',
                headers={**auth, "content-type": "application/json"},
            ),
            413,
            "payload_too_large",
        ),
    ]
    for kwargs, status, code in cases:
        response = client.post(url, **kwargs)
        assert response.status_code == status, (code, response.text)
        assert response.json()["error"]["code"] == code
    for bad_id in ["short", "a" * 65, "bad id with spaces", "x%00yyyyyyyy"]:
        response = client.post(f"/api/v1/conversations/{bad_id}/messages", json={"text": "hi"})
        assert response.status_code in (400, 404), response.text
        assert response.json()["error"]["code"] in ("invalid_conversation_id", "not_found")


def test_unknown_conversation_history_is_404(client):
    response = client.get(
        "/api/v1/conversations/unknown-conversation-1/messages", headers={"Authorization": "Bearer x"}
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "conversation_not_found"


def test_openapi_is_served(client):
    spec = client.get("/openapi.json").json()
    assert "/api/v1/conversations/{conversation_id}/messages" in spec["paths"]
    assert client.get("/docs").status_code == 200


def test_button_payload_can_be_sent_back_as_text(patient):
    patient.consent()
    body = patient.say("j'ai mal à la tête")
    buttons = [b for m in body["messages"] for b in m["buttons"]]
    if buttons:
        body = patient.say(buttons[0]["payload"])
        assert body["messages"]
    assert patient.last["triage"] is None or patient.last["triage"]["level"] in LEVELS


def test_asking_for_a_human_mid_questions_hands_off_without_a_guessed_level(patient):
    patient.consent()
    body = patient.say("J'ai mal à la gorge depuis hier")
    assert body["triage"] is None
    body = patient.say("Je veux parler à un humain")
    assert body["status"] == "waiting_clinician", body
    assert body["triage"] is None
    text = " ".join(m["text"] for m in body["messages"])
    assert "soignant" in text and "URGENCE VITALE" not in text and "appelez d'abord le 15" not in text


def test_the_symptom_description_is_not_taken_as_the_answer_to_the_first_question(patient):
    patient.consent()
    body = patient.say("j'ai mal à la gorge depuis 2 jours")
    # in-process, the protocol's first question for this message is the age
    assert "âge" in body["messages"][-1]["text"], body["messages"][-1]
    body = patient.answer_until_triage({"âge": "40 ans", "depuis": "2 jours", "0 à 10": "2"}, default="Non")
    assert not any("bébé" in reason for reason in body["triage"]["reasons"]), body["triage"]


@pytest.mark.parametrize(
    "first",
    [
        "bonjour ma fille a de la fièvre",  # DIET alone reads a greeting
        "euh je sais pas trop, j'ai des vertiges",  # DIET alone reads "I don't know"
    ],
)
def test_a_symptom_inside_small_talk_starts_the_triage(patient, first):
    patient.consent()
    body = patient.say(first)
    question = body["messages"][-1]["text"]
    assert "âge" in question, body["messages"]  # the protocol's first question, not small talk
    assert body["triage"] is None
    body = patient.answer_until_triage({"âge": "30 ans", "depuis": "hier", "0 à 10": "3"}, default="Non")
    assert body["triage"]["level"], body
