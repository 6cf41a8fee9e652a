"""Teleconsultation booking on the real stack: web and SMS, race, exports, reminders, check-ins.

Time: the clinicians' schedules are set to every hour of every day (REST, as a clinician would),
so the tests do not depend on when they run. Reminders and check-ins are due hours ahead: an
extra gateway started with CLOCK_OFFSET_S (its scheduling clock runs ahead) picks them up from
Redis, which also shows that pending jobs survive a gateway restart.
"""

from __future__ import annotations

import json
import threading
import time

import httpx
import pytest
import redis
from fhir.resources.R4B.appointment import Appointment
from icalendar import Calendar

from tests.conftest import Patient, create_clinician
from tests.integration.test_handoff import login
from tests.integration.test_sms import SmsPatient, conversation_of, new_number

pytestmark = pytest.mark.integration
SERVICE = {"Authorization": "Bearer test-service-token"}
ALL_DAY = {
    day: ["00:00-24:00"] for day in ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
}

# A urinary infection in a man: a doctor within 24 h (prostatitis must be ruled out).
URGENT_FIRST = "J'ai des brûlures en urinant depuis 2 jours, je suis un homme"
URGENT_ANSWERS = {"âge": "45 ans", "depuis": "2 jours", "0 à 10": "4"}
COLD_FIRST = "J'ai le nez qui coule et je tousse un peu depuis deux jours, rien d'autre"
COLD_ANSWERS = {
    "âge": "34 ans",
    "depuis": "2 jours",
    "0 à 10": "2",
    "enceinte": "Non",
    "maladie chronique": "Non",
    "traitement": "Non",
}


@pytest.fixture(scope="module")
def rdb(stack):
    client = redis.Redis.from_url(stack.effective_redis_url, decode_responses=True)
    yield client
    client.close()


@pytest.fixture(scope="module")
def doctor(stack) -> dict[str, str]:
    """Dr Claire Martin's and Dr Karim Benali's accounts, each available around the clock."""
    headers = {}
    for login_name, name, minutes in (
        ("claire.martin", "Dr Claire Martin", 30),
        ("karim.benali", "Dr Karim Benali", 20),
    ):
        create_clinician(stack, login_name, name)
        response = login(stack, login_name)
        assert response.status_code == 200, response.text
        headers[login_name] = {"Authorization": f"Bearer {response.json()['access_token']}"}
        put = httpx.put(
            f"{stack.gateway_url}/api/v1/clinician/schedule",
            headers=headers[login_name],
            timeout=30,
            json={"name": name, "slot_minutes": minutes, "hours": ALL_DAY, "exceptions": []},
        )
        assert put.status_code == 200, put.text
        assert put.json()["hours"]["dimanche"] == ["00:00-24:00"]
    return headers["claire.martin"]


def buttons(body: dict) -> list[dict]:
    return [b for m in body["messages"] for b in m["buttons"]]


def text_of(body: dict) -> str:
    return "\n".join(m["text"] for m in body["messages"])


def until_offer(patient: Patient, answers: dict[str, str], marker: str, max_turns: int = 20) -> dict:
    """Answer the protocol's questions until the assistant offers buttons whose payload starts with `marker`."""
    body = patient.last
    for _ in range(max_turns):
        if any(b["payload"].startswith(marker) for b in buttons(body)):
            return body
        assert body["status"] == "bot", f"handed off instead of an offer: {body}"
        question = body["messages"][-1]["text"].lower() if body["messages"] else ""
        body = patient.say(next((v for k, v in answers.items() if k in question), "Non"))
    raise AssertionError(f"no offer {marker} after {max_turns} turns: {body}")


def appointments(patient: Patient) -> list[dict]:
    response = patient.client.get(
        f"/api/v1/conversations/{patient.id}/appointments",
        headers={"Authorization": f"Bearer {patient.token}"},
    )
    assert response.status_code == 200, response.text
    return response.json()["items"]


def free_slot_ids(
    client: httpx.Client, conversation_id: str, level: str, limit: int = 10, after: float | None = None
) -> list[str]:
    params = {"level": level, "limit": limit} | ({"after": after} if after else {})
    response = client.get(
        f"/internal/v1/conversations/{conversation_id}/slots", params=params, headers=SERVICE
    )
    assert response.status_code == 200, response.text
    return [s["slot_id"] for s in response.json()["slots"]]


def test_web_booking_after_consultation_24_then_exports_and_cancel(client, doctor, rdb):
    patient = Patient(client)
    patient.consent()
    patient.say(URGENT_FIRST)
    body = until_offer(patient, URGENT_ANSWERS, "/choisir_creneau")
    assert body["triage"]["level"] == "consultation_24"
    offer = buttons(body)
    assert offer[-1] == {"title": "Aucun ne me convient", "payload": "/refuser_creneaux"}
    assert len(offer) == 4 and all("Dr " in b["title"] for b in offer[:-1])
    slot_payload = offer[0]["payload"]
    slot_id = json.loads(slot_payload[len("/choisir_creneau") :])["slot_id"]

    body = patient.say(slot_payload)
    confirmation = text_of(body)
    assert "C'est réservé" in confirmation and "heure de Paris" in confirmation, confirmation
    assert "/visio/" in confirmation and (
        "Dr Claire Martin" in confirmation or "Dr Karim Benali" in confirmation
    )
    assert "annuler mon rendez-vous" in confirmation
    [appt] = appointments(patient)
    assert appt["status"] == "booked" and appt["level"] == "consultation_24"
    assert appt["join_url"].endswith("/visio/" + appt["appointment_id"])
    assert slot_id not in free_slot_ids(client, patient.id, "consultation_24", limit=10)
    # The confirming message (and only it) carries the appointment, in the answer and the history.
    carried = [m["appointment"] for m in body["messages"] if "appointment" in m]
    shown = {k: appt[k] for k in ("appointment_id", "label", "start", "clinician_name", "join_url")}
    assert carried == [shown], body["messages"]
    history = client.get(
        f"/api/v1/conversations/{patient.id}/messages", headers={"Authorization": f"Bearer {patient.token}"}
    ).json()["messages"]
    assert [m["appointment"] for m in history if "appointment" in m] == [shown]

    # ICS and FHIR, read back with their own libraries.
    auth = {"Authorization": f"Bearer {patient.token}"}
    ics = client.get(f"/api/v1/appointments/{appt['appointment_id']}.ics", headers=auth)
    assert ics.status_code == 200 and ics.headers["content-type"].startswith("text/calendar")
    event = next(c for c in Calendar.from_ical(ics.content).walk() if c.name == "VEVENT")
    assert event.decoded("dtstart").isoformat().replace("+00:00", "") == appt["start"].replace("+00:00", "")
    assert str(event.get("status")) == "CONFIRMED" and appt["join_url"] == str(event.get("url"))
    fhir = client.get(f"/api/v1/appointments/{appt['appointment_id']}/fhir?token={patient.token}")
    assert fhir.status_code == 200 and fhir.headers["content-type"].startswith("application/fhir+json")
    resource = Appointment.model_validate(fhir.json())
    assert resource.status == "booked" and resource.minutesDuration in (20, 30)
    other = Patient(client)
    other.consent()
    assert (
        client.get(
            f"/api/v1/appointments/{appt['appointment_id']}.ics",
            headers={"Authorization": f"Bearer {other.token}"},
        ).status_code
        == 403
    )
    assert client.get(f"/api/v1/appointments/{appt['appointment_id']}/fhir").status_code == 401
    assert client.get(f"/api/v1/appointments/{appt['appointment_id']}.ics", headers=doctor).status_code == 200
    day = appt["start_local"][:10]
    listed = client.get("/api/v1/clinician/appointments", params={"date": day}, headers=doctor)
    assert listed.status_code == 200
    assert appt["appointment_id"] in [a["appointment_id"] for a in listed.json()["items"]]
    assert client.get("/api/v1/clinician/appointments", params={"date": day}).status_code == 401
    visio = client.get(f"/visio/{appt['appointment_id']}")
    assert visio.status_code == 200 and "Téléconsultation" in visio.text

    # "annuler mon rendez-vous" from the conversation: confirmation asked, then the slot is free again.
    body = patient.say("annuler mon rendez-vous")
    assert "vraiment annuler" in text_of(body) and [b["payload"] for b in buttons(body)] == [
        "/affirmer",
        "/nier",
    ]
    body = patient.say("/affirmer")
    assert "annulée" in text_of(body)
    assert appointments(patient)[0]["status"] == "cancelled"
    assert slot_id in free_slot_ids(client, patient.id, "consultation_24", limit=10)
    audit = [
        e["action"]
        for e in client.get(f"/api/v1/conversations/{patient.id}/export", headers=auth).json()["audit"]
    ]
    assert "appointment_booked" in audit and "appointment_cancelled" in audit


def test_sms_booking_with_numbered_choices(stack, doctor, rdb):
    local, e164 = new_number()
    patient = SmsPatient(stack, local)
    patient.send("Bonjour")
    patient.send("1")  # J'accepte
    body = patient.send(URGENT_FIRST)
    for _ in range(20):
        joined = "\n".join(body)
        if "Aucun ne me convient" in joined:
            break
        question = body[-1].lower()
        reply = next((v for k, v in URGENT_ANSWERS.items() if k in question), None)
        if reply is None:
            reply = "2" if "Répondez" in body[-1] else "non"  # the second choice is "Non"
        body = patient.send(reply)
    joined = "\n".join(body)
    assert "Aucun ne me convient" in joined and "Répondez 1, 2, 3 ou 4" in joined, joined
    body = patient.send("1")
    joined = "\n".join(body)
    assert "C'est réservé" in joined and "/visio/" in joined, joined
    cid = conversation_of(rdb, e164)
    active = rdb.get(f"gw:appt:active:{cid}")
    assert active and rdb.hget(f"gw:appt:{active}", "status") == "booked"
    # "changer mon rendez-vous": other slots, the first is taken, the old one freed.
    body = patient.send("changer mon rendez-vous")
    assert "Votre rendez-vous actuel" in "\n".join(body)
    old_slot = rdb.hget(f"gw:appt:{active}", "slot_id")
    body = patient.send("2")
    assert "C'est déplacé" in "\n".join(body), body
    new_active = rdb.get(f"gw:appt:active:{cid}")
    assert new_active != active and rdb.hget(f"gw:appt:{active}", "status") == "rescheduled"
    assert rdb.hget(f"gw:appt:{new_active}", "slot_id") != old_slot


def test_fifty_concurrent_http_bookings_of_one_slot(stack, client, doctor, rdb):
    ids = [f"t-race-{i:02d}-{time.time_ns()}" for i in range(50)]
    for cid in ids:  # minimal conversations, as the gateway stores them
        rdb.hset(
            f"gw:conv:{cid}",
            mapping={
                "token_hash": "x",
                "status": "bot",
                "channel": "web",
                "consent": "accepted",
                "created_at": time.time(),
            },
        )
    slot_id = free_slot_ids(client, ids[0], "consultation_24", limit=1)[0]
    barrier = threading.Barrier(50)
    statuses: list[int] = []
    lock = threading.Lock()

    def attempt(cid: str) -> None:
        with httpx.Client(base_url=stack.gateway_url, timeout=30) as c:
            barrier.wait()
            response = c.post(
                f"/internal/v1/conversations/{cid}/appointments",
                headers=SERVICE,
                json={"slot_id": slot_id, "level": "consultation_24"},
            )
        with lock:
            statuses.append(response.status_code)

    started = time.perf_counter()
    threads = [threading.Thread(target=attempt, args=(cid,)) for cid in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    elapsed = time.perf_counter() - started
    assert sorted(statuses) == [201] + [409] * 49, statuses
    winners = [cid for cid in ids if rdb.get(f"gw:appt:active:{cid}")]
    assert len(winners) == 1
    print(f"\n50 concurrent bookings of one slot: 1 booked, 49 refused (409) in {elapsed:.2f} s")


def wait_for(predicate, timeout: float = 20.0, step: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return predicate()


def start_shifted_gateway(stack, offset_s: float, name_index: int = 7) -> str:
    """One more gateway on the same Redis whose scheduling clock runs `offset_s` ahead."""
    stack.env["CLOCK_OFFSET_S"] = str(offset_s)
    stack.env["SCHEDULER_POLL_S"] = "0.2"
    try:
        stack.start_gateway(name_index)
    finally:
        stack.env.pop("CLOCK_OFFSET_S", None)
        stack.env.pop("SCHEDULER_POLL_S", None)
    url = f"http://127.0.0.1:{stack.gateway_port(name_index)}"
    stack._wait_http(f"gateway{name_index}", url + "/readyz", 90)
    return url


def test_reminders_survive_restart_and_checkin_worsening_hands_off(stack, client, doctor, twilio, rdb):
    # A web patient with self-care advice accepts the check-in.
    followed = Patient(client)
    followed.consent()
    followed.say(COLD_FIRST)
    body = until_offer(followed, COLD_ANSWERS, "/accepter_suivi")
    assert body["triage"]["level"] == "self_care"
    assert "prenne de vos nouvelles dans 24 à 48 h" in text_of(body)
    body = followed.say("/accepter_suivi")
    assert "je vous écrirai le" in text_of(body), text_of(body)

    # A web patient books a routine slot about three days ahead and gives a mobile number.
    booked = Patient(client)
    booked.consent()
    local, e164 = new_number()
    response = client.post(
        f"/api/v1/conversations/{booked.id}/phone",
        json={"phone": local},
        headers={"Authorization": f"Bearer {booked.token}"},
    )
    assert response.status_code == 200, response.text
    slot_id = free_slot_ids(client, booked.id, "consultation", limit=1, after=time.time() + 72 * 3600)[0]
    response = client.post(
        f"/internal/v1/conversations/{booked.id}/appointments",
        headers=SERVICE,
        json={"slot_id": slot_id, "level": "consultation"},
    )
    assert response.status_code == 201, response.text
    assert wait_for(lambda: [m for m in twilio.sent_to(e164) if "confirmée" in m["Body"]]), (
        "no confirmation SMS"
    )
    assert not [m for m in twilio.sent_to(e164) if "Rappel" in m["Body"]]

    # 49 hours later (a gateway whose clock runs ahead): the 24 h reminder and the check-in go out once.
    shifted = 49 * 3600
    try:
        start_shifted_gateway(stack, shifted)
        reminders_sent = wait_for(lambda: [m for m in twilio.sent_to(e164) if "Rappel" in m["Body"]])
        assert len(reminders_sent) == 1, twilio.sent_to(e164)
        assert "/visio/" in reminders_sent[0]["Body"]
        checkin = wait_for(
            lambda: [m for m in followed_history(followed) if "comment allez-vous" in m["text"].lower()]
        )
        assert len(checkin) == 1 and checkin[0]["sender"] == "bot"
        # Restart the shifted gateway: nothing is sent twice.
        stack.stop_process("gateway7")
        start_shifted_gateway(stack, shifted)
        time.sleep(2)
        assert len([m for m in twilio.sent_to(e164) if "Rappel" in m["Body"]]) == 1
        assert len([m for m in followed_history(followed) if "comment allez-vous" in m["text"].lower()]) == 1
    finally:
        stack.stop_process("gateway7")

    # The patient answers that it is worse: triage runs again and a clinician is alerted.
    body = followed.say("/aller_plus_mal")
    assert body["status"] == "waiting_clinician", text_of(body)
    assert "soignant" in text_of(body)
    actions = [
        e["action"]
        for e in client.get(
            f"/api/v1/conversations/{followed.id}/export",
            headers={"Authorization": f"Bearer {followed.token}"},
        ).json()["audit"]
    ]
    assert "checkin_sent" in actions and "checkin_answered" in actions and "handoff_requested" in actions


def followed_history(patient: Patient) -> list[dict]:
    response = patient.client.get(
        f"/api/v1/conversations/{patient.id}/messages", headers={"Authorization": f"Bearer {patient.token}"}
    )
    assert response.status_code == 200, response.text
    return response.json()["messages"]


def test_clinician_cancels_and_patient_is_told(client, doctor):
    patient = Patient(client)
    patient.consent()
    slot_id = free_slot_ids(client, patient.id, "consultation", limit=1)[0]
    response = client.post(
        f"/internal/v1/conversations/{patient.id}/appointments",
        headers=SERVICE,
        json={"slot_id": slot_id, "level": "consultation"},
    )
    appointment_id = response.json()["appointment_id"]
    response = client.post(
        f"/api/v1/clinician/appointments/{appointment_id}/cancel",
        headers=doctor,
        json={"reason": "médecin indisponible"},
    )
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert slot_id in free_slot_ids(client, patient.id, "consultation", limit=10)
    assert any("annulée par le cabinet" in m["text"] for m in followed_history(patient))
    assert (
        client.post(f"/api/v1/clinician/appointments/{appointment_id}/cancel", headers=doctor).status_code
        == 409
    )
    # Emergency levels are never offered or booked.
    assert free_slot_ids(client, patient.id, "emergency") == []
    response = client.post(
        f"/internal/v1/conversations/{patient.id}/appointments",
        headers=SERVICE,
        json={"slot_id": slot_id, "level": "emergency"},
    )
    assert response.status_code == 422
