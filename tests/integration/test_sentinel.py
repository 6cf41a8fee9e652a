"""Redis Sentinel: the stack finds its master through the sentinels and follows a failover.

A master, its replica and one sentinel (real redis-server processes, the sentinel in its own
mode). REDIS_URL points nowhere, so that everything must go through the sentinel. A
conversation is started, with a patient socket open; the master is killed; once the sentinel
has promoted the replica, the conversation goes on from where it was (Rasa's tracker, the
gateway's transcript, the token), and the open socket gets the messages written after it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import subprocess
import time
from pathlib import Path

import pytest
import redis
import websockets

from tests.conftest import Patient, make_stack, remove_logs
from tools.stack import free_port, redis_server_binary, wait_redis

pytestmark = pytest.mark.integration

MASTER = "triage-master"


def _redis(port: int, directory: Path, *extra: str) -> subprocess.Popen:
    directory.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(
        [redis_server_binary(), "--port", str(port), "--bind", "127.0.0.1", "--dir", str(directory)]
        + ["--save", "", "--appendonly", "no", *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.fixture(scope="module")
def sentinel_setup(tmp_path_factory):
    root = tmp_path_factory.mktemp("sentinel")
    master, replica, sentinel = free_port(), free_port(), free_port()
    procs = {"master": _redis(master, root / "master")}
    assert wait_redis(master)
    procs["replica"] = _redis(replica, root / "replica", "--replicaof", "127.0.0.1", str(master))
    assert wait_redis(replica)
    conf = root / "sentinel.conf"
    conf.write_text(
        f"port {sentinel}\nbind 127.0.0.1\ndir {root}\n"
        f"sentinel monitor {MASTER} 127.0.0.1 {master} 1\n"
        f"sentinel down-after-milliseconds {MASTER} 1000\n"
        f"sentinel failover-timeout {MASTER} 5000\n"
    )
    procs["sentinel"] = subprocess.Popen(
        [redis_server_binary(), str(conf), "--sentinel"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    assert wait_redis(sentinel)
    yield {"master": master, "replica": replica, "sentinel": sentinel, "procs": procs}
    for proc in procs.values():
        proc.kill()
        proc.wait(5)


def _master_port(sentinel_port: int) -> int | None:
    client = redis.Redis(port=sentinel_port, decode_responses=True, socket_timeout=2)
    try:
        address = client.sentinel_get_master_addr_by_name(MASTER)
        return int(address[1]) if address else None
    finally:
        client.close()


def _until(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            value = predicate()
            if value:
                return value
        time.sleep(0.2)
    raise AssertionError(f"timed out: {what}")


@pytest.fixture(scope="module")
def sstack(twilio, sentinel_setup):
    nowhere = free_port()  # nothing listens there: only the sentinel can give the master
    s = make_stack(
        twilio,
        "triage-sentinel-",
        RATE_LIMIT_CONVERSATION="600/minute",
        REDIS_SENTINELS=f"127.0.0.1:{sentinel_setup['sentinel']}",
        REDIS_SENTINEL_MASTER=MASTER,
    )
    s.redis_url = f"redis://127.0.0.1:{nowhere}/0"
    with s:
        yield s
    remove_logs(s)


def _say_through_failover(patient: Patient, text: str) -> dict:
    """During the failover the gateway answers 503 (Retry-After) or the bot says it is
    unavailable; the patient sends again, as the widget lets them."""
    last = None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        headers = {"Authorization": f"Bearer {patient.token}"}
        response = patient.client.post(
            f"/api/v1/conversations/{patient.id}/messages", json={"text": text}, headers=headers
        )
        last = response
        if response.status_code == 200 and "indisponible" not in json.dumps(
            response.json(), ensure_ascii=False
        ):
            patient.last = response.json()
            return patient.last
        assert response.status_code in (200, 503), response.text
        time.sleep(0.5)
    raise AssertionError(f"no answer after the failover: {last.status_code} {last.text}")


def test_the_stack_follows_a_failover(sstack, sentinel_setup):
    import httpx

    assert _master_port(sentinel_setup["sentinel"]) == sentinel_setup["master"]
    with httpx.Client(base_url=sstack.gateway_url, timeout=30) as client:
        patient = Patient(client)
        patient.consent()
        asked = patient.say("j'ai mal à la gorge depuis deux jours")
        assert asked["messages"] and asked["triage"] is None
        question = asked["messages"][-1]["text"]

        async def with_socket():
            url = sstack.gateway_url.replace("http://", "ws://")
            async with websockets.connect(f"{url}/ws/patient/{patient.id}?token={patient.token}") as ws:
                history = json.loads(await asyncio.wait_for(ws.recv(), 10))
                assert history["type"] == "history"
                last_seen = max(m["id"] for m in history["messages"])

                # every write so far is on the replica before the master goes
                primary = redis.Redis(port=sentinel_setup["master"])
                assert primary.execute_command("WAIT", 1, 5000) == 1
                primary.close()
                sentinel_setup["procs"]["master"].kill()
                sentinel_setup["procs"]["master"].wait(5)
                promoted = await asyncio.to_thread(
                    _until,
                    lambda: _master_port(sentinel_setup["sentinel"]) == sentinel_setup["replica"],
                    60,
                    "the sentinel promotes the replica",
                )
                assert promoted

                # the conversation goes on at the question it was at
                body = await asyncio.to_thread(_say_through_failover, patient, "34 ans")
                said = " ".join(m["text"] for m in body["messages"])
                # not the age question again, not a conversation started afresh
                assert question not in said and "Qu'est-ce qui vous amène" not in said, said
                assert "pas un médecin" not in said and "consent" not in said.lower(), said

                # and the socket opened before the failover gets what was written after it
                texts = []
                async with asyncio.timeout(30):
                    while "34 ans" not in texts:
                        frame = json.loads(await ws.recv())
                        if frame["type"] == "message":
                            texts.append(frame["message"]["text"])
                        elif frame["type"] == "history":
                            texts += [m["text"] for m in frame["messages"] if m["id"] > last_seen]
                return body

        asyncio.run(with_socket())
        # the whole transcript survived, in order, from the promoted replica
        history = client.get(
            f"/api/v1/conversations/{patient.id}/messages",
            headers={"Authorization": f"Bearer {patient.token}"},
        ).json()["messages"]
        ids = [m["id"] for m in history]
        assert ids == sorted(ids) and len(ids) == len(set(ids))
        texts = [m["text"] for m in history]
        assert "j'ai mal à la gorge depuis deux jours" in texts and "34 ans" in texts
        assert client.get("/readyz").status_code == 200
    # Rasa's tracker is on the promoted replica too
    promoted = redis.Redis(port=sentinel_setup["replica"], decode_responses=True)
    try:
        assert promoted.llen(f"rasa:tracker:{patient.id}") > 0
        # and the rate limiter counted there, not on REDIS_URL (where it used to fail open)
        assert promoted.keys("gw:ratelimit*")
    finally:
        promoted.close()
