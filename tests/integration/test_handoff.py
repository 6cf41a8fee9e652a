"""Clinician handoff end to end: accounts, live queue socket, claim races, messages both ways,
override, hand back, close, audit, a gateway restart, SMS patients, and refused access."""

from __future__ import annotations

import asyncio
import itertools
import json
import statistics
import threading
import time
from pathlib import Path

import httpx
import jwt
import pytest
import websockets

from tests.conftest import (
    CLINICIAN_PASSWORD,
    RASA_TOKEN,
    SECRET_KEY,
    Patient,
    create_clinician,
    new_conversation_id,
)
from tests.integration.test_sms import SmsPatient, conversation_of, new_number

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
SERVICE = {"Authorization": "Bearer test-service-token"}
PASSWORD = CLINICIAN_PASSWORD


def login(stack, username: str, password: str = PASSWORD) -> httpx.Response:
    return httpx.post(
        f"{stack.gateway_url}/api/v1/clinician/token",
        data={"username": username, "password": password},
        timeout=30,
    )


@pytest.fixture(scope="module")
def accounts(stack) -> dict[str, str]:
    """Two clinicians; returns login -> access token."""
    create_clinician(stack, "dr-alice", "Dr Alice Martin")
    create_clinician(stack, "inf-bob", "Infirmier Bob")
    tokens = {}
    for name in ("dr-alice", "inf-bob"):
        response = login(stack, name)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["token_type"] == "bearer" and body["expires_in"] <= 3600
        tokens[name] = body["access_token"]
    return tokens


class Clinician:
    def __init__(self, client: httpx.Client, token: str):
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"}
        self.token = token

    def get(self, path: str, expect: int = 200) -> dict:
        response = self.client.get(f"/api/v1/clinician{path}", headers=self.headers)
        assert response.status_code == expect, response.text
        return response.json()

    def post(self, path: str, body: dict | None = None, expect: int = 200) -> dict:
        response = self.client.post(f"/api/v1/clinician{path}", json=body, headers=self.headers)
        assert response.status_code == expect, response.text
        return response.json()


@pytest.fixture
def alice(client, accounts) -> Clinician:
    return Clinician(client, accounts["dr-alice"])


@pytest.fixture
def bob(client, accounts) -> Clinician:
    return Clinician(client, accounts["inf-bob"])


def ws_url(stack, token: str | None) -> str:
    base = stack.gateway_url.replace("http://", "ws://") + "/ws/clinician"
    return base + (f"?token={token}" if token is not None else "")


async def next_frame(ws, predicate, timeout: float = 30.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError("expected frame not received")
        frame = json.loads(await asyncio.wait_for(ws.recv(), left))
        if predicate(frame):
            return frame


def in_queue(conversation_id: str, status: str | None = None):
    def check(frame: dict) -> bool:
        return frame.get("type") == "queue" and any(
            i["conversation_id"] == conversation_id and (status is None or i["status"] == status)
            for i in frame["items"]
        )

    return check


_ips = itertools.count(1)
_patient_clients: list[httpx.Client] = []


@pytest.fixture(scope="module", autouse=True)
def _close_patient_clients():
    yield
    while _patient_clients:
        _patient_clients.pop().close()


def own_address(client: httpx.Client) -> httpx.Client:
    """A client for one simulated patient with an address of their own (behind the trusted local proxy),
    so that many patients in one test are not one IP for the per-IP rate limit."""
    n = next(_ips)
    other = httpx.Client(
        base_url=client.base_url, timeout=30, headers={"X-Forwarded-For": f"10.66.{n // 250}.{n % 250 + 1}"}
    )
    _patient_clients.append(other)
    return other


def waiting_conversation(
    client: httpx.Client, level: str = "consultation_24", complaints=("headache",)
) -> Patient:
    """A consenting web patient whose conversation the action server handed over (internal API)."""
    patient = Patient(own_address(client))
    patient.consent()
    response = client.post(
        f"/internal/v1/conversations/{patient.id}/handoff",
        headers=SERVICE,
        json={
            "reason": "test",
            "triage": {"level": level, "reasons": ["Motif de test."]},
            "answers": {"age": 42},
            "state": {"complaints": list(complaints), "age_years": 42},
        },
    )
    assert response.status_code == 200, response.text
    return patient


def history(patient: Patient) -> dict:
    response = patient.client.get(
        f"/api/v1/conversations/{patient.id}/messages", headers={"Authorization": f"Bearer {patient.token}"}
    )
    assert response.status_code == 200, response.text
    return response.json()


def wait_ready(stack, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(stack.gateway_url + "/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    raise AssertionError("gateway not ready after restart:\n" + stack.log_tail("gateway"))


# ---- access ---------------------------------------------------------------------------------------


def test_login_refuses_bad_credentials_without_saying_which(stack, accounts):
    for user, password in (("dr-alice", "mauvais-mot-de-passe"), ("personne", PASSWORD), ("", "")):
        response = login(stack, user, password)
        assert response.status_code in (401, 422), response.text
        if response.status_code == 401:
            assert response.json()["error"]["code"] == "invalid_credentials"
            assert "access_token" not in response.text


def test_unauthorised_access_is_refused_on_every_clinician_endpoint(stack, client, accounts):
    patient = waiting_conversation(client)
    cid = patient.id
    now = int(time.time())
    expired = jwt.encode(
        {
            "sub": "dr-alice",
            "aud": "triage-clinician",
            "iat": now - 7200,
            "exp": now - 60,
            "jti": "x",
            "ver": 1,
        },
        SECRET_KEY,
        algorithm="HS256",
    )
    forged = jwt.encode(
        {"sub": "dr-alice", "aud": "triage-clinician", "iat": now, "exp": now + 600, "jti": "y", "ver": 1},
        "not-the-secret-key-at-all-0123456789",
        algorithm="HS256",
    )
    endpoints = [
        ("GET", "/api/v1/clinician/me", None),
        ("GET", "/api/v1/clinician/queue", None),
        ("POST", "/api/v1/clinician/token/refresh", None),
        ("GET", f"/api/v1/clinician/conversations/{cid}", None),
        ("POST", f"/api/v1/clinician/conversations/{cid}/claim", None),
        ("POST", f"/api/v1/clinician/conversations/{cid}/messages", {"text": "Bonjour"}),
        ("POST", f"/api/v1/clinician/conversations/{cid}/level", {"level": "emergency", "reason": "x"}),
        ("POST", f"/api/v1/clinician/conversations/{cid}/handback", None),
        ("POST", f"/api/v1/clinician/conversations/{cid}/close", {"outcome": "x"}),
        ("GET", f"/api/v1/clinician/conversations/{cid}/audit", None),
    ]
    for headers in (
        {},
        {"Authorization": "Bearer garbage"},
        {"Authorization": f"Bearer {expired}"},
        {"Authorization": f"Bearer {forged}"},
        {"Authorization": f"Bearer {patient.token}"},
        {"Authorization": "Basic ZHItYWxpY2U6bW90ZGVwYXNzZQ=="},
    ):
        for method, path, body in endpoints:
            response = client.request(method, path, json=body, headers=headers)
            assert response.status_code == 401, (method, path, headers, response.text)
            assert response.json()["error"]["code"] in ("not_authenticated", "invalid_token")
            assert cid not in response.text and "Motif" not in response.text
            assert response.headers.get("www-authenticate", "").lower().startswith("bearer")
    # nothing happened to the conversation
    assert history(patient)["status"] == "waiting_clinician"

    async def sockets() -> None:
        for token in (None, "", "garbage", expired, forged, patient.token):
            async with websockets.connect(ws_url(stack, token)) as ws:
                with pytest.raises(websockets.ConnectionClosed) as closed:
                    await asyncio.wait_for(ws.recv(), 10)
                assert closed.value.rcvd.code == 4401

    asyncio.run(sockets())


# ---- queue and claims ------------------------------------------------------------------------------


def test_queue_order_across_levels(client, alice):
    patients = {
        level: waiting_conversation(client, level)
        for level in ("self_care", "consultation", "emergency_ambulance", "consultation_24", "emergency")
    }
    ids = {p.id: level for level, p in patients.items()}
    items = [i for i in alice.get("/queue")["items"] if i["conversation_id"] in ids]
    assert [ids[i["conversation_id"]] for i in items] == [
        "emergency_ambulance",
        "emergency",
        "consultation_24",
        "consultation",
        "self_care",
    ]
    for item in items:
        assert item["status"] == "waiting_clinician" and item["channel"] == "web"
        assert (
            item["waiting_seconds"] >= 0 and item["complaints"] == ["headache"] and item["claimed_by"] is None
        )
    for patient in patients.values():  # tidy the shared queue
        alice.post(f"/conversations/{patient.id}/claim")
        alice.post(f"/conversations/{patient.id}/close", {"outcome": "test"})


def test_two_clinicians_racing_for_a_claim_exactly_one_wins(stack, client, accounts, alice):
    runs = 20
    patients = [waiting_conversation(client) for _ in range(runs)]

    async def race(patient: Patient) -> list[httpx.Response]:
        async with (
            httpx.AsyncClient(base_url=stack.gateway_url, timeout=30) as c1,
            httpx.AsyncClient(base_url=stack.gateway_url, timeout=30) as c2,
        ):
            path = f"/api/v1/clinician/conversations/{patient.id}/claim"
            return await asyncio.gather(
                c1.post(path, headers={"Authorization": f"Bearer {accounts['dr-alice']}"}),
                c2.post(path, headers={"Authorization": f"Bearer {accounts['inf-bob']}"}),
            )

    async def all_races() -> list[list[httpx.Response]]:
        return [await race(p) for p in patients]

    for patient, responses in zip(patients, asyncio.run(all_races()), strict=True):
        codes = sorted(r.status_code for r in responses)
        assert codes == [200, 409], [r.text for r in responses]
        loser = next(r for r in responses if r.status_code == 409)
        assert loser.json()["error"]["code"] == "already_claimed"
        winner = next(r for r in responses if r.status_code == 200).json()["claimed_by"]
        joined = [m for m in history(patient)["messages"] if "a rejoint la conversation" in m["text"]]
        assert len(joined) == 1  # the patient is told once, by the winner's claim
        holder = Clinician(patient.client, accounts[winner])
        other = Clinician(patient.client, accounts["inf-bob" if winner == "dr-alice" else "dr-alice"])
        other.post(f"/conversations/{patient.id}/messages", {"text": "Je prends"}, expect=409)
        holder.post(f"/conversations/{patient.id}/close", {"outcome": "test"})

    # and with threads on fresh connections, several clicks at once
    patient = waiting_conversation(client)
    results: list[int] = []

    def click(token: str) -> None:
        response = httpx.post(
            f"{stack.gateway_url}/api/v1/clinician/conversations/{patient.id}/claim",
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        )
        results.append(response.status_code)

    threads = [threading.Thread(target=click, args=(accounts[name],)) for name in ("dr-alice", "inf-bob") * 3]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    holder = alice.get("/queue")["items"]
    owner = next(i["claimed_by"] for i in holder if i["conversation_id"] == patient.id)
    # the winner's own repeated clicks answer 200 (idempotent); the other clinician only ever gets 409
    assert results.count(409) == 3 and results.count(200) == 3
    Clinician(client, accounts[owner]).post(f"/conversations/{patient.id}/close", {"outcome": "test"})


# ---- the whole handoff ---------------------------------------------------------------------------


def test_patient_asks_for_a_doctor_and_a_clinician_takes_it_from_the_socket(stack, client, alice, bob):
    patient = Patient(own_address(client))
    patient.consent()

    async def scenario() -> None:
        async with websockets.connect(ws_url(stack, alice.token)) as ws:
            first = json.loads(await asyncio.wait_for(ws.recv(), 10))
            assert first["type"] == "queue"
            body = await asyncio.to_thread(patient.say, "je veux parler à un médecin")
            assert body["status"] == "waiting_clinician", body
            text = " ".join(m["text"] for m in body["messages"])
            assert "soignant" in text
            frame = await next_frame(ws, in_queue(patient.id, "waiting_clinician"))
            item = next(i for i in frame["items"] if i["conversation_id"] == patient.id)
            assert item["reason"] == "patient_request"

            detail = alice.get(f"/conversations/{patient.id}")
            assert detail["channel"] == "web" and detail["status"] == "waiting_clinician"
            assert any(m["text"] == "je veux parler à un médecin" for m in detail["messages"])
            assert "triage" in detail["summary"] and isinstance(detail["answers"], dict)

            claim = await asyncio.to_thread(alice.post, f"/conversations/{patient.id}/claim")
            assert claim["claimed_by"] == "dr-alice"
            await next_frame(
                ws,
                lambda f: (
                    f.get("type") == "status"
                    and f["conversation_id"] == patient.id
                    and f["status"] == "with_clinician"
                ),
            )
            await next_frame(ws, in_queue(patient.id, "with_clinician"))
            bob.post(f"/conversations/{patient.id}/claim", expect=409)

            await asyncio.to_thread(patient.say, "J'ai très mal à la tête depuis ce matin")
            frame = await next_frame(
                ws,
                lambda f: (
                    f.get("type") == "message"
                    and f["conversation_id"] == patient.id
                    and f["message"]["sender"] == "patient"
                ),
            )
            assert frame["message"]["text"] == "J'ai très mal à la tête depuis ce matin"

            sent = await asyncio.to_thread(
                alice.post,
                f"/conversations/{patient.id}/messages",
                {"text": "Bonjour, je suis le Dr Martin. Avez-vous de la fièvre ?"},
            )
            assert sent["sender"] == "clinician" and sent["author"] == "Dr Alice Martin"

    asyncio.run(scenario())
    messages = history(patient)["messages"]
    assert any(
        m["sender"] == "system" and "Dr Alice Martin" in m["text"] and "a rejoint" in m["text"]
        for m in messages
    )
    assert messages[-1]["sender"] == "clinician" and "Avez-vous de la fièvre" in messages[-1]["text"]
    assert history(patient)["status"] == "with_clinician"

    # override needs a reason
    response = alice.post(f"/conversations/{patient.id}/level", {"level": "emergency"}, expect=422)
    assert response["error"]["code"] == "reason_required"
    alice.post(f"/conversations/{patient.id}/level", {"level": "emergency", "reason": "   "}, expect=422)
    bob.post(f"/conversations/{patient.id}/level", {"level": "self_care", "reason": "x"}, expect=409)
    changed = alice.post(
        f"/conversations/{patient.id}/level",
        {"level": "emergency", "reason": "Céphalée brutale inhabituelle"},
    )
    assert changed["triage"]["level"] == "emergency" and changed["triage"]["set_by"] == "clinician:dr-alice"
    after = history(patient)
    assert after["triage"]["level"] == "emergency" and after["triage"]["set_by"] == "clinician:dr-alice"

    entries = alice.get(f"/conversations/{patient.id}/audit")["entries"]
    actions = [e["action"] for e in entries]
    for expected in ("handoff_requested", "claimed", "clinician_message", "level_override"):
        assert expected in actions, actions
    override = next(e for e in entries if e["action"] == "level_override")
    assert (
        override["actor"] == "clinician:dr-alice"
        and override["data"]["reason"] == "Céphalée brutale inhabituelle"
    )
    assert override["data"]["level"] == "emergency" and "previous_level" in override["data"]
    assert all("mal à la tête" not in json.dumps(e, ensure_ascii=False) for e in entries)  # no patient text

    # hand back: Rasa resumes and the bot answers again
    bob.post(f"/conversations/{patient.id}/handback", expect=409)
    assert alice.post(f"/conversations/{patient.id}/handback")["status"] == "bot"
    assert history(patient)["status"] == "bot"
    body = patient.say("J'ai mal à la gorge depuis deux jours")
    assert body["status"] in ("bot", "waiting_clinician") and any(
        m["sender"] == "bot" for m in body["messages"]
    ), body
    assert "handed_back" in [e["action"] for e in alice.get(f"/conversations/{patient.id}/audit")["entries"]]
    alice.post(f"/conversations/{patient.id}/messages", {"text": "Encore là ?"}, expect=409)


def test_red_flag_while_waiting_for_a_clinician_warns_and_goes_first(stack, client, alice):
    """A paused Rasa runs no protocol: the gateway reads the red flag from the parse. Here DIET
    reads a calm description; the protocol's red flag comes as an entity."""
    text = "depuis hier je crache un peu de sang quand je tousse"
    parsed = httpx.post(
        f"http://127.0.0.1:{stack.rasa_port(0)}/model/parse",
        params={"token": RASA_TOKEN},
        json={"text": text},
        timeout=30,
    ).json()
    assert parsed["intent"]["name"] == "decrire_symptome"
    assert "hemoptysis" in [e["value"] for e in parsed["entities"] if e["entity"] == "red_flag"]

    patient = waiting_conversation(client, level="consultation")
    item = next(i for i in alice.get("/queue")["items"] if i["conversation_id"] == patient.id)
    assert item["red_flag"] is False

    async def scenario() -> None:
        async with websockets.connect(ws_url(stack, alice.token)) as ws:
            await next_frame(ws, in_queue(patient.id, "waiting_clinician"))
            body = await asyncio.to_thread(patient.say, text)
            assert body["status"] == "waiting_clinician"
            assert "peut être grave" in " ".join(m["text"] for m in body["messages"])
            await next_frame(ws, lambda f: f == {"type": "red_flag", "conversation_id": patient.id})

    asyncio.run(scenario())
    item = next(i for i in alice.get("/queue")["items"] if i["conversation_id"] == patient.id)
    assert item["red_flag"] is True
    actions = [e["action"] for e in alice.get(f"/conversations/{patient.id}/audit")["entries"]]
    assert "red_flag_during_handoff" in actions


def test_gateway_restart_with_a_conversation_waiting_loses_nothing(stack, client, alice):
    patient = Patient(own_address(client))
    patient.consent()
    assert patient.say("je veux parler à un médecin")["status"] == "waiting_clinician"
    before = [i for i in alice.get("/queue")["items"] if i["conversation_id"] == patient.id]
    assert before

    stack.stop_process("gateway")
    stack.start_gateway()
    wait_ready(stack)

    with httpx.Client(base_url=stack.gateway_url, timeout=30) as fresh:
        doctor = Clinician(fresh, alice.token)  # tokens survive the restart too
        patient.client = fresh
        after = [i for i in doctor.get("/queue")["items"] if i["conversation_id"] == patient.id]
        assert after and after[0]["status"] == "waiting_clinician"
        assert after[0]["waiting_seconds"] >= before[0]["waiting_seconds"]

        async def scenario() -> None:
            async with websockets.connect(ws_url(stack, alice.token)) as ws:
                await next_frame(ws, in_queue(patient.id))
                await asyncio.to_thread(doctor.post, f"/conversations/{patient.id}/claim")
                await asyncio.to_thread(patient.say, "Je suis toujours là")
                frame = await next_frame(
                    ws,
                    lambda f: (
                        f.get("type") == "message"
                        and f["conversation_id"] == patient.id
                        and f["message"]["text"] == "Je suis toujours là"
                    ),
                )
                assert frame["message"]["sender"] == "patient"

        asyncio.run(scenario())
        doctor.post(f"/conversations/{patient.id}/messages", {"text": "Je vous écoute."})
        assert (
            doctor.post(f"/conversations/{patient.id}/close", {"outcome": "advice_given"})["status"]
            == "closed"
        )
        final = history(patient)
        assert final["status"] == "closed"
        assert any(m["sender"] == "clinician" and m["text"] == "Je vous écoute." for m in final["messages"])
        assert "clôturé" in final["messages"][-1]["text"]
        closed = [
            e for e in doctor.get(f"/conversations/{patient.id}/audit")["entries"] if e["action"] == "closed"
        ]
        assert closed and closed[0]["data"]["outcome"] == "advice_given"
        assert not [i for i in doctor.get("/queue")["items"] if i["conversation_id"] == patient.id]


def test_sms_patient_is_answered_by_a_clinician_by_sms(stack, twilio, alice):
    local, e164 = new_number()
    sms = SmsPatient(stack, local)
    sms.send("Bonjour")
    sms.send("1")  # consent
    answer = " ".join(sms.send("je veux parler à un médecin"))
    assert "soignant" in answer
    import redis as redis_sync

    rdb = redis_sync.Redis.from_url(stack.effective_redis_url, decode_responses=True)
    try:
        cid = conversation_of(rdb, e164)
    finally:
        rdb.close()
    item = next(i for i in alice.get("/queue")["items"] if i["conversation_id"] == cid)
    assert item["channel"] == "sms"
    alice.post(f"/conversations/{cid}/claim")
    alice.post(f"/conversations/{cid}/messages", {"text": "Bonjour, ici l'infirmière de garde."})
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        bodies = [m.get("Body", "") for m in twilio.sent_to(e164)]
        if any("infirmière de garde" in b for b in bodies):
            break
        time.sleep(0.2)
    else:
        raise AssertionError(f"clinician message not sent by SMS: {twilio.sent_to(e164)}")
    alice.post(f"/conversations/{cid}/close", {"outcome": "test"})


# ---- latency -----------------------------------------------------------------------------------------


def test_20_waiting_patients_writing_at_once_reach_the_clinician_socket_once_and_in_order(
    stack, client, alice
):
    patients = [waiting_conversation(client) for _ in range(20)]
    per_patient = 5
    arrived: dict[str, list[str]] = {p.id: [] for p in patients}

    async def scenario() -> list[float]:
        sent: dict[str, float] = {}
        delays: list[float] = []
        async with (
            websockets.connect(ws_url(stack, alice.token), max_queue=None) as ws,
            httpx.AsyncClient(base_url=stack.gateway_url, timeout=30) as http,
        ):
            await asyncio.wait_for(ws.recv(), 10)

            async def talk(patient: Patient) -> None:
                for n in range(per_patient):
                    text = f"message {n} de {patient.id}"
                    sent[text] = time.perf_counter()
                    response = await http.post(
                        f"/api/v1/conversations/{patient.id}/messages",
                        json={"text": text},
                        headers={"Authorization": f"Bearer {patient.token}", **patient.client.headers},
                    )
                    assert response.status_code == 200, response.text

            async def listen() -> None:
                while len(delays) < len(patients) * per_patient:
                    frame = json.loads(await ws.recv())
                    if frame.get("type") == "message" and frame["message"]["text"] in sent:
                        delays.append(time.perf_counter() - sent[frame["message"]["text"]])
                        arrived[frame["conversation_id"]].append(frame["message"]["text"])

            listener = asyncio.create_task(listen())
            await asyncio.gather(*(talk(p) for p in patients))
            await asyncio.wait_for(listener, 30)
        return delays

    delays = asyncio.run(scenario())
    # Each conversation's messages, each once, in the order the patient sent them.
    assert arrived == {p.id: [f"message {n} de {p.id}" for n in range(per_patient)] for p in patients}
    # A figure for the log, not a check (tests never assert a duration).
    p95 = statistics.quantiles(delays, n=20)[-1]
    print(
        f"\np95 patient message -> clinician socket, 20 concurrent conversations: {p95 * 1000:.0f} ms "
        f"(median {statistics.median(delays) * 1000:.0f} ms, n={len(delays)})"
    )
    for patient in patients:
        alice.post(f"/conversations/{patient.id}/claim")
        alice.post(f"/conversations/{patient.id}/close", {"outcome": "test"})


def test_unknown_or_never_handed_off_conversation_is_404(client, alice):
    alice.get(f"/conversations/{new_conversation_id()}", expect=404)
    patient = Patient(own_address(client))
    patient.consent()
    body = alice.get(f"/conversations/{patient.id}", expect=404)
    assert body["error"]["code"] == "conversation_not_found"
    alice.post(f"/conversations/{patient.id}/claim", expect=404)
    alice.get("/conversations/bad id!/audit", expect=400)
