"""RGPD, checked in Redis and in the logs: consent, refusal, retention, erasure, export, no leaks."""

from __future__ import annotations

import itertools
import json
import re
import time

import httpx
import pytest
import redis
import yaml
from twilio.request_validator import RequestValidator

from api.phones import PhoneVault
from tests.conftest import SECRET_KEY, TWILIO_SID, TWILIO_TOKEN, Patient, make_stack, remove_logs
from tools.stack import ROOT

pytestmark = pytest.mark.integration

CONSENT_VERSION = yaml.safe_load((ROOT / "data/consent/consent.fr.yml").read_text(encoding="utf-8"))[
    "version"
]
# Fields of a conversation hash that say nothing about health or identity.
NEUTRAL_FIELDS = {
    "created_at",
    "updated_at",
    "status",
    "channel",
    "consent",
    "consent_at",
    "consent_version",
    "token_hash",
    "seq",
    "opened",
    "erased_at",
    "erasure_pending",
}
_numbers = itertools.count(610000001)
_sids = itertools.count(1)


@pytest.fixture
def rdb(stack):
    client = redis.Redis.from_url(stack.effective_redis_url, decode_responses=True)
    yield client
    client.close()


def keys_of(rdb: redis.Redis, conversation_id: str) -> set[str]:
    return {k for k in rdb.scan_iter(match=f"*{conversation_id}*", count=1000)}


def audit_actions(rdb: redis.Redis, conversation_id: str) -> list[str]:
    return [fields["action"] for _, fields in rdb.xrange(f"gw:audit:{conversation_id}")]


def everything_about(rdb: redis.Redis, conversation_id: str) -> str:
    """The content of every key that names the conversation, as one string."""
    parts = []
    for key in keys_of(rdb, conversation_id):
        kind = rdb.type(key)
        if kind == "hash":
            parts.append(json.dumps(rdb.hgetall(key), ensure_ascii=False))
        elif kind == "list":
            parts.extend(rdb.lrange(key, 0, -1))
        elif kind == "stream":
            parts.append(json.dumps(rdb.xrange(key), ensure_ascii=False))
        elif kind == "string":
            parts.append(rdb.get(key) or "")
    return "\n".join(parts)


class Sms:
    def __init__(self, stack):
        n = next(_numbers)
        self.local, self.e164 = f"0{n}", f"+33{n}"
        self.url = f"{stack.gateway_url}/webhooks/twilio/sms"

    def send(self, body: str) -> list[str]:
        import xml.etree.ElementTree as ET

        params = {
            "MessageSid": f"SMp{next(_sids):031d}",
            "AccountSid": TWILIO_SID,
            "From": self.local,
            "To": "+33700000001",
            "Body": body,
            "NumMedia": "0",
        }
        signature = RequestValidator(TWILIO_TOKEN).compute_signature(self.url, params)
        response = httpx.post(self.url, data=params, headers={"X-Twilio-Signature": signature}, timeout=30)
        assert response.status_code == 200, response.text
        return [m.text or "" for m in ET.fromstring(response.text).findall("Message")]

    def conversation(self, rdb) -> str | None:
        return rdb.get(f"gw:sms:phone:{PhoneVault(SECRET_KEY).pseudonym(self.e164)}")


# ---- consent ---------------------------------------------------------------------------------


def test_consent_recorded_with_time_and_version_before_any_health_question(client, rdb):
    patient = Patient(client)
    t0 = time.time()
    opening = patient.say("Bonjour, j'ai mal à la tête depuis ce matin")
    meta = rdb.hgetall(f"gw:conv:{patient.id}")
    assert meta["consent"] == "pending" and "consent_at" not in meta
    # Nothing reached Rasa's tracker before consent, and no bot (health) question was asked.
    assert not rdb.exists(f"rasa:tracker:{patient.id}")
    assert {m["sender"] for m in opening["messages"]} <= {"system"}

    body = patient.say("J'accepte")
    meta = rdb.hgetall(f"gw:conv:{patient.id}")
    assert meta["consent"] == "accepted" and meta["consent_version"] == CONSENT_VERSION
    consent_at = float(meta["consent_at"])
    assert t0 <= consent_at <= time.time()
    entries = [f for _, f in rdb.xrange(f"gw:audit:{patient.id}")]
    given = [e for e in entries if e["action"] == "consent_given"]
    assert len(given) == 1 and json.loads(given[0]["data"])["version"] == CONSENT_VERSION
    log = [json.loads(m) for m in rdb.lrange(f"gw:conv:{patient.id}:log", 0, -1)]
    bot_messages = [m for m in log if m["sender"] == "bot"]
    assert bot_messages and all(m["ts"] >= round(consent_at, 3) - 0.001 for m in bot_messages)
    assert body["messages"][-1]["sender"] == "bot"
    assert rdb.exists(f"rasa:tracker:{patient.id}")  # only now does Rasa hold the conversation


def test_refusal_stores_nothing_more(client, rdb):
    patient = Patient(client)
    patient.say("Bonjour, j'ai une douleur au genou droit")
    body = patient.say("Je refuse")
    assert body["status"] == "closed"
    text = " ".join(m["text"] for m in body["messages"])
    assert "15" in text and "112" in text
    assert keys_of(rdb, patient.id) == {f"gw:conv:{patient.id}", f"gw:audit:{patient.id}"}
    meta = rdb.hgetall(f"gw:conv:{patient.id}")
    assert meta["status"] == "closed" and meta["consent"] == "refused"
    assert meta["consent_version"] == CONSENT_VERSION and float(meta["consent_at"]) > 0
    assert set(meta) <= NEUTRAL_FIELDS, set(meta) - NEUTRAL_FIELDS
    assert audit_actions(rdb, patient.id) == ["consent_refused"]
    assert "genou" not in everything_about(rdb, patient.id)
    # later messages on the closed conversation are not kept either
    patient.say("allo ? j'ai toujours mal au genou")
    assert "genou" not in everything_about(rdb, patient.id)
    assert not rdb.exists(f"gw:conv:{patient.id}:log", f"rasa:tracker:{patient.id}")


# ---- erasure and export ------------------------------------------------------------------------


def assert_erased(rdb, conversation_id: str, secrets_said: list[str]) -> None:
    remaining = keys_of(rdb, conversation_id)
    assert remaining <= {f"gw:conv:{conversation_id}", f"gw:audit:{conversation_id}"}, remaining
    meta = rdb.hgetall(f"gw:conv:{conversation_id}")
    assert meta["status"] == "closed" and "erased_at" in meta
    assert set(meta) <= NEUTRAL_FIELDS, set(meta) - NEUTRAL_FIELDS
    assert conversation_id not in rdb.zrange("gw:handoff:queue", 0, -1)
    assert audit_actions(rdb, conversation_id)[-1] == "erasure"
    content = everything_about(rdb, conversation_id)
    for said in secrets_said:
        assert said not in content


def test_export_then_erasure_by_delete(client, rdb):
    patient = Patient(client)
    patient.consent()
    body = patient.say("J'ai une douleur dans la poitrine qui serre et irradie dans le bras gauche")
    assert body["status"] == "waiting_clinician"
    auth = {"Authorization": f"Bearer {patient.token}"}
    assert rdb.exists(f"rasa:tracker:{patient.id}", f"gw:conv:{patient.id}:log") == 2
    assert any(k.startswith("gw:handoff") for k in keys_of(rdb, patient.id))

    export = client.get(f"/api/v1/conversations/{patient.id}/export", headers=auth)
    assert export.status_code == 200 and export.headers["content-type"].startswith("application/json")
    data = export.json()
    assert data["conversation_id"] == patient.id
    assert data["consent"]["state"] == "accepted" and data["consent"]["version"] == CONSENT_VERSION
    assert data["triage"]["level"] == "emergency_ambulance"
    assert any("poitrine" in m["text"] and m["sender"] == "patient" for m in data["messages"])
    assert {"consent_given", "triage", "handoff_requested"} <= {e["action"] for e in data["audit"]}

    response = client.delete(f"/api/v1/conversations/{patient.id}", headers=auth)
    assert response.status_code == 200 and response.json()["erased"] is True
    assert_erased(rdb, patient.id, ["poitrine", "bras gauche"])
    after = client.get(f"/api/v1/conversations/{patient.id}/export", headers=auth).json()
    assert after["messages"] == [] and after["triage"] is None
    assert [e["action"] for e in after["audit"]][-2:] == ["erasure", "export"]


def test_erasure_from_the_chat_by_sms_removes_the_phone_mapping(stack, rdb):
    sms = Sms(stack)
    sms.send("Bonjour")
    sms.send("1")  # J'accepte
    sms.send("J'ai mal à la gorge depuis deux jours")
    conversation_id = sms.conversation(rdb)
    assert conversation_id and rdb.exists(f"rasa:tracker:{conversation_id}")
    confirm = " ".join(sms.send("supprimer mes données"))
    assert "supprimer" in confirm.lower() and "1." in confirm
    assert rdb.exists(f"gw:conv:{conversation_id}:log")  # nothing erased before confirmation
    done = " ".join(sms.send("1"))
    assert "supprimées" in done and "15" in done
    assert sms.conversation(rdb) is None
    assert_erased(rdb, conversation_id, ["gorge"])
    assert sms.e164 not in everything_about(rdb, conversation_id)


def test_erasure_from_the_web_chat(client, rdb):
    patient = Patient(client)
    patient.consent()
    patient.say("j'ai de la fièvre et des frissons depuis hier")
    body = patient.say("Je veux supprimer mes données")
    assert any(b["payload"] for m in body["messages"] for b in m["buttons"])
    body = patient.say("Oui, supprimer mes données")
    assert body["status"] == "closed"
    assert_erased(rdb, patient.id, ["frissons", "fièvre"])


# ---- logs ------------------------------------------------------------------------------------


def test_logs_hold_no_phone_number_and_no_patient_text(stack, client):
    words = ["zygomatique", "ornithorynque"]  # unusual words that only patients write here
    patient = Patient(client)
    patient.consent()
    patient.say(f"j'ai mal à la tête et une douleur {words[0]} depuis deux jours")
    patient.say("je tousse un peu, rien d'autre")
    sms = Sms(stack)
    sms.send(f"Bonjour, {words[1]} et mal au ventre")
    sms.send("1")
    sms.send("j'ai mal au ventre depuis hier")
    time.sleep(1.0)  # let the processes flush their logs
    logs = {p.name: p.read_text(errors="replace") for p in (stack.var_dir / "log").glob("*.log")}
    assert {"gateway.log", "rasa.log", "actions.log"} <= set(logs)
    digits = re.sub(r"\D", "", sms.e164)[2:]  # the national number, whatever its formatting
    for name, text in logs.items():
        for word in words:
            assert word not in text, f"patient text in {name}"
        assert sms.e164 not in text and sms.local not in text and digits not in text, (
            f"phone number in {name}"
        )
    entries = [json.loads(line) for line in logs["gateway.log"].splitlines() if line.strip()]  # JSON lines
    # the access log reached the file (it is written by a thread, not by the event loop)
    assert any(f"/conversations/{patient.id}/messages" in e.get("event", "") for e in entries)


# ---- retention -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def short_retention_stack(twilio):
    s = make_stack(twilio, "triage-retention-", RETENTION_DAYS="0.00005")  # 4.3 s
    with s:
        yield s
    remove_logs(s)


def test_retention_enforced_by_redis_expiry(short_retention_stack):
    s = short_retention_stack
    rdb = redis.Redis.from_url(s.effective_redis_url, decode_responses=True)
    with httpx.Client(base_url=s.gateway_url, timeout=30) as client:
        patient = Patient(client)
        patient.consent()
        patient.say("j'ai mal au ventre depuis hier")
        keys = {f"gw:conv:{patient.id}", f"gw:conv:{patient.id}:log", f"rasa:tracker:{patient.id}"}
        assert rdb.exists(*keys) == len(keys)
        for key in keys:
            assert 0 < rdb.ttl(key) <= 5, key
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and rdb.exists(*keys):
            time.sleep(0.5)
        assert rdb.exists(*keys) == 0
        assert not {k for k in keys_of(rdb, patient.id) if not k.startswith("gw:audit")}
        assert (
            client.get(
                f"/api/v1/conversations/{patient.id}/messages",
                headers={"Authorization": f"Bearer {patient.token}"},
            ).status_code
            == 404
        )
    rdb.close()
