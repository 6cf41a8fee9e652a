"""Two gateways and two Rasa servers on one Redis: a conversation moves between them."""

from __future__ import annotations

import asyncio
import tempfile
import threading
from pathlib import Path

import httpx
import pytest

from tests.conftest import Patient, new_conversation_id
from tools.stack import Ports, Stack

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def two_by_two():
    var_dir = Path(tempfile.mkdtemp(prefix="triage-scale-"))
    with Stack(
        ports=Ports.random(),
        var_dir=var_dir,
        quiet=True,
        n_rasa=2,
        n_gateways=2,
        env={"SECRET_KEY": "scale-secret-key-0123456789-abcdefghij", "SERVICE_TOKEN": "scale-service-token"},
    ) as s:
        yield s


class RoundRobinPatient(Patient):
    """A patient whose every message goes to the next gateway."""

    def __init__(self, urls: list[str]):
        self.clients = [httpx.Client(base_url=u, timeout=30) for u in urls]
        self.turn = 0
        super().__init__(self.clients[0])

    def say(self, text: str, expect: int = 200) -> dict:
        self.client = self.clients[self.turn % len(self.clients)]
        self.turn += 1
        return super().say(text, expect)


def test_conversation_alternating_between_gateways_and_rasa_servers(two_by_two):
    urls = two_by_two.gateway_urls()
    assert len(set(urls)) == 2
    patient = RoundRobinPatient(urls)
    patient.consent()
    patient.say("j'ai mal à la gorge depuis deux jours")
    body = patient.answer_until_triage({"âge": "30 ans", "depuis": "2 jours", "0 à 10": "3"}, default="Non")
    assert body["triage"]["level"] in {"self_care", "consultation", "consultation_24"}
    history = httpx.get(
        f"{urls[1]}/api/v1/conversations/{patient.id}/messages",
        headers={"Authorization": f"Bearer {patient.token}"},
    ).json()["messages"]
    ids = [m["id"] for m in history]
    assert ids == sorted(ids) and len(ids) == len(set(ids))
    patient_texts = [m["text"] for m in history if m["sender"] == "patient"]
    assert len(patient_texts) == patient.turn  # nothing lost, nothing doubled
    # every patient message after consent got at least one answer before the next one
    senders = [m["sender"] for m in history]
    for i, sender in enumerate(senders[:-1]):
        if sender == "patient":
            assert senders[i + 1] != "patient", senders


def test_simultaneous_messages_on_two_gateways_are_both_answered_in_order(two_by_two):
    urls = two_by_two.gateway_urls()
    cid = new_conversation_id()
    first = httpx.post(
        f"{urls[0]}/api/v1/conversations/{cid}/messages", json={"text": "Bonjour"}, timeout=30
    ).json()
    auth = {"Authorization": f"Bearer {first['conversation_token']}"}
    httpx.post(
        f"{urls[1]}/api/v1/conversations/{cid}/messages", json={"text": "J'accepte"}, headers=auth, timeout=30
    ).raise_for_status()
    results: dict[int, httpx.Response] = {}

    def send(i: int, text: str) -> None:
        results[i] = httpx.post(
            f"{urls[i]}/api/v1/conversations/{cid}/messages", json={"text": text}, headers=auth, timeout=60
        )

    threads = [
        threading.Thread(target=send, args=(0, "bonjour")),
        threading.Thread(target=send, args=(1, "merci")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r.status_code == 200 and r.json()["messages"] for r in results.values())
    rasa_events = httpx.get(
        f"http://127.0.0.1:{two_by_two.rasa_port(0)}/conversations/{cid}/tracker",
        params={"token": two_by_two.base_env()["RASA_TOKEN"]},
        timeout=10,
    ).json()["events"]
    user_texts = [e["text"] for e in rasa_events if e["event"] == "user"]
    assert sorted(user_texts[-2:]) == ["bonjour", "merci"]


async def test_clinician_on_gateway_a_answers_patient_on_gateway_b(two_by_two):
    import json

    import websockets

    from tests.conftest import create_clinician

    a, b = two_by_two.gateway_urls()
    create_clinician(two_by_two, "dr-scale", "Dr Échelle")
    token = httpx.post(
        f"{a}/api/v1/clinician/token",
        data={"username": "dr-scale", "password": "motdepasse-de-test"},
        timeout=30,
    ).json()["access_token"]
    auth = {"Authorization": f"Bearer {token}"}
    async with websockets.connect(a.replace("http", "ws") + f"/ws/clinician?token={token}") as clinician_ws:
        patient = Patient(httpx.Client(base_url=b, timeout=30))
        patient.consent()
        body = patient.say("je veux parler à un médecin")
        assert body["status"] == "waiting_clinician"
        claim = httpx.post(f"{a}/api/v1/clinician/conversations/{patient.id}/claim", headers=auth, timeout=30)
        assert claim.status_code == 200, claim.text
        patient.say("j'ai très mal au dos depuis ce matin")
        async with asyncio.timeout(30):
            while True:
                frame = json.loads(await clinician_ws.recv())
                if frame.get("type") == "message" and frame.get("message", {}).get("sender") == "patient":
                    assert frame["conversation_id"] == patient.id
                    break
        # the clinician answers from gateway A; the patient's socket is on gateway B
        ws_b = b.replace("http", "ws") + f"/ws/patient/{patient.id}?token={patient.token}&after=100000"
        async with websockets.connect(ws_b) as patient_ws:
            await patient_ws.recv()  # history frame
            sent = httpx.post(
                f"{a}/api/v1/clinician/conversations/{patient.id}/messages",
                json={"text": "Bonjour, je suis le Dr Échelle. Depuis quand exactement ?"},
                headers=auth,
                timeout=30,
            )
            assert sent.status_code == 200, sent.text
            async with asyncio.timeout(30):
                while True:
                    frame = json.loads(await patient_ws.recv())
                    if frame.get("type") == "message" and frame["message"]["sender"] == "clinician":
                        assert "Dr Échelle" in frame["message"]["text"]
                        break
