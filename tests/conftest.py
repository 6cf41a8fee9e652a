"""Shared fixtures. Integration tests run the real stack (tools/stack.py) as processes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import httpx
import pytest

from tests.twilio_standin import TwilioStandin
from tools.stack import Ports, Stack

ARTIFACTS = Path(__file__).parent / "artifacts"
TWILIO_SID = "AC" + "7" * 32
TWILIO_TOKEN = "test-twilio-auth-token"
SECRET_KEY = "test-secret-key-0123456789-abcdefghijkl"
RASA_TOKEN = "test-rasa-token"


@pytest.fixture(scope="session")
def twilio():
    """Local stand-in for Twilio's REST API; the gateway's outbound SMS go there."""
    standin = TwilioStandin(TWILIO_SID, TWILIO_TOKEN).start()
    yield standin
    standin.stop()


def make_stack(twilio, prefix: str, **env: str) -> Stack:
    """A stack on free ports with a throw-away Redis, wired to the Twilio stand-in.

    `env` overrides the test defaults (secrets, rate limits, retention...)."""
    ports = Ports.random()
    base = {
        "TWILIO_ACCOUNT_SID": TWILIO_SID,
        "TWILIO_AUTH_TOKEN": TWILIO_TOKEN,
        "TWILIO_API_BASE": twilio.url,
        "TWILIO_FROM_NUMBER": "+33700000001",
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{ports.gateway}",
        "SECRET_KEY": SECRET_KEY,
        "SERVICE_TOKEN": "test-service-token",
        "RASA_TOKEN": RASA_TOKEN,
    }
    return Stack(ports=ports, var_dir=Path(tempfile.mkdtemp(prefix=prefix)), quiet=True, env={**base, **env})


def remove_logs(stack: Stack) -> None:
    if not os.environ.get("KEEP_TEST_LOGS"):
        shutil.rmtree(stack.var_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def stack(twilio):
    """Redis, action server, Rasa and the gateway on free ports, with a throw-away Redis."""
    # tests play long conversations fast; the limits have their own tests
    s = make_stack(twilio, "triage-test-", RATE_LIMIT_CONVERSATION="600/minute")
    with s:
        yield s
    remove_logs(s)


@pytest.fixture
def client(stack):
    with httpx.Client(base_url=stack.gateway_url, timeout=30) as c:
        yield c


CLINICIAN_PASSWORD = "motdepasse-de-test"


def create_clinician(stack, login: str, name: str, password: str = CLINICIAN_PASSWORD) -> None:
    """Create (or reset) a clinician account the operator's way: the CLI `make clinician` calls."""
    root = Path(__file__).resolve().parent.parent
    python = root / ".venv-api" / "bin" / "python"
    done = subprocess.run(
        [
            str(python if python.exists() else sys.executable),
            "-m",
            "api.cli",
            "create-clinician",
            "--login",
            login,
            "--password",
            password,
            "--name",
            name,
        ],
        cwd=root,
        env={**os.environ, "REDIS_URL": stack.effective_redis_url, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr or done.stdout


def new_conversation_id() -> str:
    return "t-" + uuid.uuid4().hex


class Patient:
    """A patient on the REST channel: keeps the conversation id and token."""

    def __init__(self, client: httpx.Client, conversation_id: str | None = None):
        self.client = client
        self.id = conversation_id or new_conversation_id()
        self.token: str | None = None
        self.last: dict | None = None

    def say(self, text: str, expect: int = 200) -> dict:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        response = self.client.post(
            f"/api/v1/conversations/{self.id}/messages", json={"text": text}, headers=headers
        )
        assert response.status_code == expect, response.text
        body = response.json()
        if expect == 200:
            self.token = body.get("conversation_token") or self.token
            self.last = body
        return body

    def consent(self, first: str = "Bonjour") -> dict:
        opening = self.say(first)
        payloads = [b["payload"] for m in opening["messages"] for b in m["buttons"]]
        accept = next(p for p in payloads if "accepte" in p.lower())
        return self.say(accept)

    def answer_until_triage(self, answers: dict[str, str], default: str = "Non", max_turns: int = 20) -> dict:
        """Answer follow-up questions (keyword in the question -> answer) until a level is given."""
        body = self.last
        for _ in range(max_turns):
            if body["triage"] is not None and body["status"] != "bot" or _has_result(body):
                return body
            question = body["messages"][-1]["text"].lower() if body["messages"] else ""
            reply = next((v for k, v in answers.items() if k in question), default)
            body = self.say(reply)
        raise AssertionError(f"no triage after {max_turns} turns: {body}")


def _has_result(body: dict) -> bool:
    return body["triage"] is not None and not any(m["buttons"] for m in body["messages"][-1:])


@pytest.fixture
def patient(client):
    return Patient(client)
