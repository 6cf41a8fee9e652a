"""Every door without its key; rate limits (429 + Retry-After); CORS; no secret in the repo.

Clinician and internal endpoints are listed from the OpenAPI spec, so that a new endpoint is
covered as soon as it exists.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import subprocess
import time
from pathlib import Path

import httpx
import jwt
import pytest
import websockets
from twilio.request_validator import RequestValidator

from tests.conftest import RASA_TOKEN, SECRET_KEY, TWILIO_SID, TWILIO_TOKEN, Patient, make_stack, remove_logs
from tools.stack import ROOT

pytestmark = pytest.mark.integration

SERVICE_TOKEN = "test-service-token"
_numbers = itertools.count(620000001)
_sids = itertools.count(1)


def operations(spec: dict, prefix: str) -> list[tuple[str, str, dict]]:
    out = []
    for path, item in spec["paths"].items():
        if path.startswith(prefix):
            for method, op in item.items():
                if method in {"get", "post", "put", "patch", "delete"}:
                    out.append((method.upper(), path, op))
    return out


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "t-0123456789abcdef", path)


def ws_base(stack) -> str:
    return stack.gateway_url.replace("http://", "ws://")


async def close_code(url: str) -> int | None:
    async with websockets.connect(url) as ws:
        try:
            async with asyncio.timeout(10):
                while True:
                    await ws.recv()
        except websockets.ConnectionClosed:
            pass
        return ws.close_code


# ---- patients ----------------------------------------------------------------------------


def test_patient_endpoints_need_the_conversation_token(stack, client):
    mine, other = Patient(client), Patient(client)
    mine.say("Bonjour")
    other.say("Bonjour")
    base = f"/api/v1/conversations/{mine.id}"
    doors = [
        ("GET", base + "/messages", None),
        ("GET", base + "/export", None),
        ("DELETE", base, None),
        ("POST", base + "/messages", {"text": "J'accepte"}),
    ]
    for method, url, body in doors:
        for headers, status in [
            ({}, 401),
            ({"Authorization": "Bearer wrong"}, 403),
            ({"Authorization": f"Bearer {other.token}"}, 403),
            ({"Authorization": f"Bearer {SERVICE_TOKEN}"}, 403),
            ({"Authorization": f"Basic {other.token}"}, 401),
        ]:
            response = client.request(method, url, json=body, headers=headers)
            assert response.status_code == status, (method, url, headers, response.text)
            assert response.json()["error"]["code"] == "invalid_conversation_token"
    # nothing changed: the conversation is still waiting for consent and was not erased
    history = client.get(base + "/messages", headers={"Authorization": f"Bearer {mine.token}"}).json()
    assert history["status"] == "bot" and len(history["messages"]) == 2


def test_patient_websocket_needs_the_conversation_token(stack, client):
    mine, other = Patient(client), Patient(client)
    mine.say("Bonjour")
    other.say("Bonjour")
    url = f"{ws_base(stack)}/ws/patient/{mine.id}"
    assert asyncio.run(close_code(url)) == 4401
    assert asyncio.run(close_code(url + "?token=wrong")) == 4401
    assert asyncio.run(close_code(url + f"?token={other.token}")) == 4401
    assert asyncio.run(close_code(f"{ws_base(stack)}/ws/patient/unknown-conversation-x?token=x")) == 4404


# ---- clinicians ------------------------------------------------------------------------------


def clinician_tokens() -> dict[str, str]:
    now = int(time.time())
    claims = {
        "sub": "dr-house",
        "aud": "triage-clinician",
        "iat": now - 7200,
        "exp": now - 3600,
        "jti": "x",
        "ver": 1,
    }
    return {
        "expired": jwt.encode(claims, SECRET_KEY, algorithm="HS256"),
        "wrong key": jwt.encode({**claims, "exp": now + 3600}, "not-the-key", algorithm="HS256"),
        "wrong audience": jwt.encode(
            {**claims, "exp": now + 3600, "aud": "something-else"}, SECRET_KEY, algorithm="HS256"
        ),
        "alg none": jwt.encode({**claims, "exp": now + 3600}, None, algorithm="none"),
        "garbage": "not-a-jwt",
        "service token": SERVICE_TOKEN,
    }


def test_every_clinician_endpoint_refuses_missing_wrong_and_expired_tokens(client):
    spec = client.get("/openapi.json").json()
    doors = [
        op
        for op in operations(spec, "/api/v1/clinician")
        if not op[1].startswith("/api/v1/clinician/token") or op[1] == "/api/v1/clinician/token/refresh"
    ]
    assert len(doors) >= 5, doors
    for method, path, _ in doors:
        url = concrete(path) + ("?date=2026-01-01" if "appointments" in path else "")
        body = (
            {"text": "x", "level": "self_care", "reason": "x", "outcome": "x"} if method == "POST" else None
        )
        response = client.request(method, url, json=body)
        assert response.status_code == 401, (method, path, response.text)
        for name, token in clinician_tokens().items():
            response = client.request(method, url, json=body, headers={"Authorization": f"Bearer {token}"})
            assert response.status_code == 401, (method, path, name, response.text)
            assert response.headers.get("www-authenticate", "").lower().startswith("bearer")


def test_clinician_login_refuses_bad_credentials(client):
    response = client.post(
        "/api/v1/clinician/token", data={"username": "nobody", "password": "wrong-password"}
    )
    assert response.status_code == 401, response.text
    assert "access_token" not in response.text


def test_clinician_websocket_needs_a_valid_token(stack):
    url = f"{ws_base(stack)}/ws/clinician"
    assert asyncio.run(close_code(url)) == 4401
    for token in clinician_tokens().values():
        assert asyncio.run(close_code(f"{url}?token={token}")) == 4401


# ---- internal --------------------------------------------------------------------------------


def test_internal_endpoints_need_the_service_token(client):
    patient = Patient(client)
    patient.say("Bonjour")
    spec = client.get("/openapi.json").json()
    doors = operations(spec, "/internal/")
    assert doors
    for method, path, _ in doors:
        url = path.replace("{conversation_id}", patient.id)
        body = {"reason": "x"}
        for headers in [
            {},
            {"Authorization": "Bearer wrong"},
            {"Authorization": f"Bearer {patient.token}"},
            {"Authorization": f"Bearer {RASA_TOKEN}"},
        ]:
            response = client.request(method, url, json=body, headers=headers)
            assert response.status_code == 401, (method, path, headers, response.text)
    history = client.get(
        f"/api/v1/conversations/{patient.id}/messages", headers={"Authorization": f"Bearer {patient.token}"}
    ).json()
    assert history["status"] == "bot"  # no handoff was forced


# ---- Rasa and the action server: loopback only, Rasa's API behind its token --------------------


def listening_addresses(port: int) -> set[str]:
    """Local addresses on which something listens on `port` (from /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local, state = fields[1], fields[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:  # LISTEN
                found.add(address)
    return found


LOOPBACK = {"0100007F", "00000000000000000000000001000000"}  # 127.0.0.1, ::1


def test_rasa_and_actions_listen_on_loopback_only(stack):
    for name, port in [
        ("rasa", stack.ports.rasa),
        ("actions", stack.ports.actions),
        ("redis", stack.ports.redis),
    ]:
        addresses = listening_addresses(port)
        assert addresses, f"{name} does not listen on {port}"
        assert addresses <= LOOPBACK, f"{name} listens on {addresses}"


def test_rasa_http_api_needs_its_token(stack):
    rasa = f"http://127.0.0.1:{stack.ports.rasa}"
    for method, path, body in [
        ("GET", "/status", None),
        ("POST", "/model/parse", {"text": "bonjour"}),
        ("GET", "/conversations/t-0123456789abcdef/tracker", None),
    ]:
        for params in [{}, {"token": "wrong"}, {"token": SERVICE_TOKEN}]:
            response = httpx.request(method, rasa + path, json=body, params=params, timeout=10)
            assert response.status_code in (401, 403), (path, params, response.status_code)
    assert httpx.get(rasa + "/status", params={"token": RASA_TOKEN}, timeout=10).status_code == 200


# ---- CORS ------------------------------------------------------------------------------------


def test_no_cors_for_other_origins_by_default(client):
    preflight = client.options(
        "/api/v1/conversations",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in preflight.headers
    response = client.get("/healthz", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in response.headers


# ---- rate limits, on a small stack of their own (Redis and the gateway) ----------------------


@pytest.fixture(scope="module")
def limited(twilio):
    s = make_stack(
        twilio,
        "triage-limits-",
        RATE_LIMIT_CONVERSATION="4/minute",
        RATE_LIMIT_IP="6/minute",
        RATE_LIMIT_PHONE="3/minute",
        CORS_ORIGINS='["https://clinique.example"]',
        RASA_TIMEOUT_S="1",
    )
    try:
        s.start_redis()
        s.start_gateway()  # no Rasa: limits apply before any call to it
        s._wait_http("gateway", s.gateway_url + "/healthz", 60)
        yield s
    finally:
        s.stop()
        remove_logs(s)


def assert_429(response: httpx.Response) -> int:
    assert response.status_code == 429, response.text
    retry_after = int(response.headers["Retry-After"])
    assert 1 <= retry_after <= 60
    assert response.json()["error"]["code"] == "rate_limited"
    assert "15" in response.json()["error"]["message"]
    return retry_after


def test_rate_limit_per_conversation(limited):
    with httpx.Client(
        base_url=limited.gateway_url, timeout=30, headers={"X-Forwarded-For": "198.51.100.1"}
    ) as client:
        patient = Patient(client)
        for text in ["Bonjour", "J'accepte", "mal à la tête", "depuis hier"]:
            patient.say(text)
        response = client.post(
            f"/api/v1/conversations/{patient.id}/messages",
            json={"text": "encore"},
            headers={"Authorization": f"Bearer {patient.token}"},
        )
        assert_429(response)
    with httpx.Client(
        base_url=limited.gateway_url, timeout=30, headers={"X-Forwarded-For": "198.51.100.2"}
    ) as client:
        Patient(client).say("Bonjour")  # another conversation is not limited


def test_rate_limit_per_ip(limited):
    def start(ip: str) -> httpx.Response:
        return httpx.post(
            limited.gateway_url + "/api/v1/conversations", headers={"X-Forwarded-For": ip}, timeout=30
        )

    for _ in range(6):
        assert start("203.0.113.9").status_code == 201
    assert_429(start("203.0.113.9"))
    # message posts from the same address count too, and another address is not limited
    response = httpx.post(
        limited.gateway_url + "/api/v1/conversations/t-fedcba9876543210/messages",
        json={"text": "Bonjour"},
        headers={"X-Forwarded-For": "203.0.113.9"},
        timeout=30,
    )
    assert_429(response)
    assert start("203.0.113.10").status_code == 201


def test_rate_limit_per_phone_number(limited):
    url = limited.gateway_url + "/webhooks/twilio/sms"

    def send(number: str) -> httpx.Response:
        params = {
            "MessageSid": f"SMl{next(_sids):031d}",
            "AccountSid": TWILIO_SID,
            "From": number,
            "To": "+33700000001",
            "Body": "Bonjour",
            "NumMedia": "0",
        }
        signature = RequestValidator(TWILIO_TOKEN).compute_signature(url, params)
        return httpx.post(url, data=params, headers={"X-Twilio-Signature": signature}, timeout=30)

    number, other = f"0{next(_numbers)}", f"0{next(_numbers)}"
    for _ in range(3):
        assert send(number).status_code == 200
    assert_429(send(number))
    # the same number written another way is the same phone
    assert_429(send("+33" + number[1:]))
    assert send(other).status_code == 200


def test_rate_limit_on_the_websocket(limited):
    response = httpx.post(
        limited.gateway_url + "/api/v1/conversations", headers={"X-Forwarded-For": "192.0.2.44"}, timeout=30
    )
    convo = response.json()
    url = f"{ws_base(limited)}/ws/patient/{convo['conversation_id']}?token={convo['conversation_token']}"

    async def scenario() -> list[dict]:
        errors = []
        async with websockets.connect(url) as ws:
            await ws.recv()  # history
            for i in range(6):
                await ws.send(json.dumps({"type": "message", "text": f"message {i}"}))
            async with asyncio.timeout(20):
                while not errors:
                    frame = json.loads(await ws.recv())
                    if frame.get("type") == "error":
                        errors.append(frame)
        return errors

    errors = asyncio.run(scenario())
    assert errors[0]["code"] == "rate_limited" and errors[0]["retry_after"] >= 1


def test_cors_only_for_configured_origins(limited):
    allowed = "https://clinique.example"
    ok = httpx.options(
        limited.gateway_url + "/api/v1/conversations",
        headers={"Origin": allowed, "Access-Control-Request-Method": "POST"},
        timeout=10,
    )
    assert ok.status_code == 200 and ok.headers["access-control-allow-origin"] == allowed
    evil = httpx.options(
        limited.gateway_url + "/api/v1/conversations",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
        timeout=10,
    )
    assert evil.headers.get("access-control-allow-origin") not in ("*", "https://evil.example")
    response = httpx.get(
        limited.gateway_url + "/healthz", headers={"Origin": "https://evil.example"}, timeout=10
    )
    assert "access-control-allow-origin" not in response.headers
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors" in response.headers["content-security-policy"]


# ---- secrets ---------------------------------------------------------------------------------

SECRET_PATTERNS = {
    "private key": re.compile(r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP )?PRIVATE KEY"),
    "AWS key": re.compile(r"\bAKIA[0-9A-Z]{16}\b"),
    "GitHub token": re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,}\b"),
    "Slack token": re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}"),
    "Stripe key": re.compile(r"\b[sr]k_live_[A-Za-z0-9]{16,}"),
    "Google key": re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b"),
    "Twilio key": re.compile(r"\bSK[0-9a-f]{32}\b"),
    # A Twilio account SID with varied hex digits (test SIDs are repeated digits).
    "Twilio account": re.compile(r"\bAC(?![0-9a-f]?(\w)\1{20})[0-9a-f]{32}\b"),
    "assigned secret": re.compile(
        r"""(?i)\b(?:secret_key|auth_token|service_token|password|api_key)\s*[:=]\s*["']([^"'\s]{12,})["']"""
    ),
}
ALLOWED_VALUE = re.compile(r"(?i)(test|dev|example|change-me|changeme|faults|unit|dummy|wrong|\{|\$)")


def test_no_secret_in_the_repository():
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert files
    assert not [
        f
        for f in files
        if re.search(r"(^|/)(\.env(\..*)?|id_rsa|.*\.pem|.*\.key|.*\.p12)$", f)
        and not f.endswith(".env.example")
    ]
    found = []
    for name in files:
        path = ROOT / name
        if (
            not path.is_file()
            or path.stat().st_size > 2_000_000
            or name.startswith(("models/", "tests/artifacts/"))
        ):
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        for kind, pattern in SECRET_PATTERNS.items():
            for match in pattern.finditer(text):
                value = match.group(match.lastindex or 0) if kind == "assigned secret" else match.group(0)
                if kind == "assigned secret" and ALLOWED_VALUE.search(value):
                    continue
                found.append(f"{name}: {kind}")
    assert not found, found


def test_secret_patterns_do_find_secrets():
    """The scanner itself works (so that a clean scan means something)."""
    samples = {  # built by pieces, so that this file does not trip the scan itself
        "private key": "-----BEGIN RSA " + "PRIVATE KEY-----",
        "AWS key": "AKIA" + "IOSFODNN7ABCDEFG",
        "Twilio account": "AC" + "0123456789abcdef" * 2,
        "assigned secret": "SECRET_KEY = " + '"k9Qf3vT1xLr8Zp2W"',
    }
    for kind, sample in samples.items():
        assert SECRET_PATTERNS[kind].search(sample), kind
    assert not SECRET_PATTERNS["Twilio account"].search("AC" + "7" * 32)
