"""SMS through the Twilio webhook: signatures, numbered choices, STOP/START, retries, a full triage."""

from __future__ import annotations

import secrets

import httpx
import pytest
import redis
from twilio.request_validator import RequestValidator

from api.channels.sms import render_sms
from api.phones import PhoneVault
from tests.conftest import SECRET_KEY, TWILIO_TOKEN

pytestmark = pytest.mark.integration


def new_number() -> tuple[str, str]:
    """A fresh French mobile number (random: other test modules import this one separately)."""
    n = 600000000 + secrets.randbelow(10**8)
    return f"0{n}", f"+33{n}"  # as typed in France, and its E.164 form


class SmsPatient:
    def __init__(self, stack, local_number: str):
        self.stack = stack
        self.number = local_number
        self.url = f"{stack.gateway_url}/webhooks/twilio/sms"

    def signed(self, params: dict, token: str = TWILIO_TOKEN) -> str:
        return RequestValidator(token).compute_signature(self.url, params)

    def send(
        self, body: str, sid: str | None = None, signature: str | None = None, expect: int = 200
    ) -> list[str]:
        params = {
            "MessageSid": sid or "SM" + secrets.token_hex(16),
            "AccountSid": "AC" + "7" * 32,
            "From": self.number,
            "To": "+33700000001",
            "Body": body,
            "NumMedia": "0",
        }
        headers = {"X-Twilio-Signature": signature if signature is not None else self.signed(params)}
        response = httpx.post(self.url, data=params, headers=headers, timeout=30)
        assert response.status_code == expect, response.text
        if expect != 200:
            return []
        assert response.headers["content-type"].startswith("application/xml")
        import xml.etree.ElementTree as ET

        return [m.text or "" for m in ET.fromstring(response.text).findall("Message")]


@pytest.fixture
def rdb(stack):
    client = redis.Redis.from_url(stack.effective_redis_url, decode_responses=True)
    yield client
    client.close()


def conversation_of(rdb, e164: str) -> str:
    pseudonym = PhoneVault(SECRET_KEY).pseudonym(e164)
    return rdb.get(f"gw:sms:phone:{pseudonym}")


def test_forged_or_missing_signature_is_403_and_nothing_stored(stack, rdb):
    local, e164 = new_number()
    patient = SmsPatient(stack, local)
    before = set(rdb.keys("gw:*"))
    patient.send("Bonjour", signature="forged", expect=403)
    patient.send("Bonjour", signature="", expect=403)
    params = {"MessageSid": "SMx", "From": local, "Body": "Bonjour"}
    patient.send("Bonjour", signature=patient.signed(params, token="wrong-token"), expect=403)
    response = httpx.post(patient.url, content=b"not a form", headers={"X-Twilio-Signature": "x"})
    assert response.status_code == 403
    assert set(rdb.keys("gw:*")) == before


def test_whole_triage_by_sms(stack, rdb):
    local, e164 = new_number()
    patient = SmsPatient(stack, local)
    opening = " ".join(patient.send("Bonjour"))
    assert "pas un médecin" in opening and "15" in opening
    assert "Répondez 1 ou 2" in opening and "1. J'accepte" in opening
    answer = " ".join(patient.send("1"))
    assert "Merci" in answer
    body = patient.send("jai mal a la gorge depuis 2 jours")
    for _ in range(15):
        cid = conversation_of(rdb, e164)
        if rdb.hget(f"gw:conv:{cid}", "triage"):
            break
        question = body[-1].lower()
        reply = "30" if "âge" in question else ("2 jours" if "depuis" in question else "2")
        if "Répondez" in body[-1]:
            reply = "2"  # the second choice is "Non" in yes/no questions
        body = patient.send(reply)
    assert rdb.hget(f"gw:conv:{cid}", "triage"), "no triage level reached by SMS"
    assert all(len(text) <= 1600 for text in body)
    assert e164 not in str(rdb.hgetall(f"gw:conv:{cid}"))  # never stored in clear


def test_stop_start_and_help(stack):
    local, _ = new_number()
    patient = SmsPatient(stack, local)
    assert patient.send("AIDE")[0].count("15") >= 1
    assert patient.send("STOP") == []
    assert patient.send("Bonjour, j'ai de la fièvre") == []
    assert patient.send("Arrêt") == []
    assert "de nouveau" in patient.send("START")[0]
    assert patient.send("Bonjour")


def test_retried_message_sid_is_processed_once(stack, rdb):
    local, e164 = new_number()
    patient = SmsPatient(stack, local)
    first = patient.send("Bonjour", sid="SM" + "d" * 32)
    cid = conversation_of(rdb, e164)
    length = rdb.llen(f"gw:conv:{cid}:log")
    again = patient.send("Bonjour", sid="SM" + "d" * 32)
    assert again == first
    assert rdb.llen(f"gw:conv:{cid}:log") == length


def test_long_answer_split_within_twilio_limit():
    text = "\n\n".join(f"Paragraphe {i} : " + "mot " * 120 for i in range(8))
    bodies = render_sms(
        [{"text": text, "buttons": [{"title": "Oui", "payload": "Oui"}, {"title": "Non", "payload": "Non"}]}]
    )
    assert len(bodies) > 1 and all(len(b) <= 1600 for b in bodies)
    assert "".join(bodies).count("mot") == 8 * 120
    assert bodies[-1].endswith("1. Oui\n2. Non")


def test_web_conversation_continues_by_sms_from_the_number_given(stack, client, rdb):
    from tests.conftest import Patient

    web = Patient(client)
    web.consent()
    web.say("j'ai mal au dos depuis trois jours")
    question = web.last["messages"][-1]["text"]
    local, e164 = new_number()
    given = client.post(
        f"/api/v1/conversations/{web.id}/phone",
        json={"phone": local},
        headers={"Authorization": f"Bearer {web.token}"},
    )
    assert given.status_code == 200, given.text
    reply = "Non" if web.last["messages"][-1]["buttons"] else "45 ans"
    answer = SmsPatient(stack, local).send(reply)
    assert conversation_of(rdb, e164) == web.id
    assert answer and answer[-1] != question  # the questionnaire moved on, it did not restart
    history = client.get(
        f"/api/v1/conversations/{web.id}/messages", headers={"Authorization": f"Bearer {web.token}"}
    ).json()["messages"]
    assert reply in [m["text"] for m in history if m["sender"] == "patient"]
    assert "pas un médecin" not in answer[0]  # no new opening: same conversation, consent kept
