"""Bad input, never a 500: schemathesis on the running gateway's OpenAPI, non-Twilio webhook
bodies, Unicode oddities on REST and WebSocket.

`make test` runs a bounded fuzz (FUZZ_EXAMPLES per operation, 15 by default); `make fuzz` a long one.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
import websockets

from tests.conftest import Patient
from tools.stack import ROOT

pytestmark = pytest.mark.integration

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10"))
FUZZ_MAX_TIME = os.environ.get("FUZZ_MAX_TIME", "60")
# No 5xx, and answers that conform to the spec (status codes, content types, bodies).
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
ST = Path(sys.executable).parent / "st"


@pytest.fixture(scope="module")
def clinician_headers(stack) -> dict:
    """A real clinician token, so that the fuzz gets past authentication on clinician endpoints."""
    env = {**os.environ, "REDIS_URL": stack.effective_redis_url, "PYTHONPATH": str(ROOT)}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "api.cli",
            "create-clinician",
            "--login",
            "fuzz-doctor",
            "--password",
            "fuzz-password-123",
        ],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    response = httpx.post(
        stack.gateway_url + "/api/v1/clinician/token",
        data={"username": "fuzz-doctor", "password": "fuzz-password-123"},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def test_openapi_fuzz_no_5xx_and_conforming_answers(stack, clinician_headers, tmp_path):
    """schemathesis (positive and negative examples) against every operation of /openapi.json."""
    args = [
        str(ST),
        "run",
        stack.gateway_url + "/openapi.json",
        "--checks",
        CHECKS,
        "--max-examples",
        str(FUZZ_EXAMPLES),
        "--max-time",
        FUZZ_MAX_TIME,
        "--request-timeout",
        "20",
        "--continue-on-failure",
        "--workers",
        "1",
        "--no-color",
        "--report",
        "junit",
        "--report-dir",
        str(tmp_path),
        "-H",
        f"Authorization:{clinician_headers['Authorization']}",
    ]
    if os.environ.get("FUZZ_SEED"):
        args += ["--seed", os.environ["FUZZ_SEED"]]
    result = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=int(FUZZ_MAX_TIME) + 240)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-12000:]
    assert "No issues found" in output or "passed" in output.lower(), output[-4000:]
    assert client_alive(stack)


def client_alive(stack) -> bool:
    return httpx.get(stack.gateway_url + "/healthz", timeout=10).status_code == 200


# ---- webhook bodies that are not Twilio's -------------------------------------------------------


@pytest.mark.parametrize(
    "content,content_type",
    [
        (b"", "application/x-www-form-urlencoded"),
        (b"\x00\xff\xfe garbage", "application/x-www-form-urlencoded"),
        (b'{"From": "+33600000000", "Body": "hi"}', "application/json"),
        (b"<xml>not twilio</xml>", "application/xml"),
        (
            b'--b\r\nContent-Disposition: form-data; name="Body"\r\n\r\nhi\r\n--b--\r\n',
            "multipart/form-data; boundary=b",
        ),
        (b"--b\r\nbroken multipart", "multipart/form-data; boundary=b"),
        (b"From=%2B33600000000&Body=%F0%9F%98%80%00&MessageSid=SM1", "application/x-www-form-urlencoded"),
        (b"a=" + b"x" * 20000, "application/x-www-form-urlencoded"),
    ],
)
@pytest.mark.parametrize("signature", [None, "", "forged=="])
def test_non_twilio_webhook_bodies_are_refused_not_500(stack, content, content_type, signature):
    headers = {"content-type": content_type}
    if signature is not None:
        headers["X-Twilio-Signature"] = signature
    response = httpx.post(
        stack.gateway_url + "/webhooks/twilio/sms", content=content, headers=headers, timeout=30
    )
    assert response.status_code in (400, 403, 413), (response.status_code, response.text)
    assert response.json()["error"]["code"]


# ---- Unicode oddities ------------------------------------------------------------------------------

ODDITIES = [
    "😀🤒🤕 j'ai mal 🫀",  # emoji, including recent ones
    "مرحبا، عندي صداع",  # Arabic (RTL)
    "\u202ej'ai mal à la tête\u202c",  # RTL override
    "mal\u200b\u200c\u200dà la\ufeff tête",  # zero-width characters and BOM
    "fi\u0300e\u0301vre",  # combining accents
    "nul\x00octet",  # NUL
    "\ud83d",  # lone surrogate (not valid UTF-8 once encoded: sent as JSON escape)
    "\U0010ffff\ufffe\uffff",  # non-characters
    "Z̷̢̛̛̛̛̛a̸l̴g̷o̷" * 20,  # stacked combining marks
    "\t\n\r mal au dos \x0b\x0c",
    "ﷺ" * 400,  # expands under NFKD
]


def test_unicode_oddities_on_rest(client):
    patient = Patient(client)
    patient.consent()
    for text in ODDITIES:
        payload = json.dumps({"text": text}, ensure_ascii=True)  # \ud83d travels as an escape
        response = client.post(
            f"/api/v1/conversations/{patient.id}/messages",
            content=payload,
            headers={"Authorization": f"Bearer {patient.token}", "content-type": "application/json"},
        )
        assert response.status_code < 500, (text, response.text)
        if response.status_code == 200:
            body = response.json()
            # while waiting for a clinician, a message is forwarded and nothing is said back
            assert body["messages"] or body["status"] in ("waiting_clinician", "with_clinician"), (text, body)
        else:
            assert response.json()["error"]["code"], text
    history = client.get(
        f"/api/v1/conversations/{patient.id}/messages", headers={"Authorization": f"Bearer {patient.token}"}
    )
    assert history.status_code == 200
    assert all("\x00" not in m["text"] for m in history.json()["messages"])


def test_unicode_oddities_on_new_conversations(client):
    for text in ODDITIES:
        response = client.post(
            f"/api/v1/conversations/{Patient(client).id}/messages",
            content=json.dumps({"text": text}),
            headers={"content-type": "application/json"},
        )
        assert response.status_code < 500, (text, response.text)


def test_unicode_oddities_and_bad_frames_on_websocket(stack, client):
    start = client.post("/api/v1/conversations").json()
    url = (
        stack.gateway_url.replace("http://", "ws://")
        + f"/ws/patient/{start['conversation_id']}?token={start['conversation_token']}"
    )

    async def scenario() -> list[dict]:
        frames = []
        async with websockets.connect(url) as ws:
            await ws.recv()
            await ws.send(json.dumps({"type": "message", "text": "J'accepte"}))
            for text in ODDITIES[:6]:
                await ws.send(json.dumps({"type": "message", "text": text}, ensure_ascii=True))
            await ws.send(json.dumps({"type": "message", "text": 12345}))
            await ws.send(json.dumps({"type": "message"}))
            await ws.send(json.dumps({"type": "typing", "on": "\x00"}))
            await ws.send(json.dumps({"type": ["not", "a", "type"]}))
            await ws.send(json.dumps({"type": "ping"}))
            async with asyncio.timeout(60):
                while True:
                    frame = json.loads(await ws.recv())
                    frames.append(frame)
                    if frame.get("type") == "pong":
                        return frames

    frames = asyncio.run(scenario())
    errors = [f["code"] for f in frames if f.get("type") == "error"]
    assert "empty_text" in errors and "unknown_type" in errors, frames
    assert client.get("/healthz").status_code == 200
