"""bot.redis_client: Rasa's stores share Redis through a bounded pool, with or without Sentinel."""

from __future__ import annotations

from urllib.parse import urlparse

from tests.rasa_venv import run_in_rasa

SCRIPT = r"""
import asyncio, json, os, sys, uuid

port = int(sys.argv[1])
os.environ["RASA_REDIS_MAX_CONNECTIONS"] = "4"
os.environ["REDIS_POOL_TIMEOUT_S"] = "10"
from redis.asyncio.connection import BlockingConnectionPool
from redis.asyncio.sentinel import SentinelConnectionPool
from bot.redis_client import redis_client

async def main():
    out = {}
    red = redis_client("127.0.0.1", str(port), "0", "")
    key = "bound-" + uuid.uuid4().hex
    # 50 commands at once, each holding its connection for 50 ms (a blocking pop that times out).
    replies = await asyncio.gather(*(red.blpop([key], timeout=0.05) for _ in range(50)))
    out["replies"] = [r is None for r in replies].count(True)
    out["connections_made"] = len(red.connection_pool._connections)
    out["still_works"] = await red.set(key, "x", ex=5)

    os.environ["RASA_REDIS_MAX_CONNECTIONS"] = ""
    out["default_max"] = redis_client("127.0.0.1", port, 0, None).connection_pool.max_connections
    out["refused"] = []
    for name, value in [("RASA_REDIS_MAX_CONNECTIONS", "dix"), ("RASA_REDIS_MAX_CONNECTIONS", "0"),
                        ("REDIS_POOL_TIMEOUT_S", "-1")]:
        saved = os.environ.get(name, "")
        os.environ[name] = value
        try:
            redis_client("127.0.0.1", port, 0, None)
            out["refused"].append(None)
        except ValueError as exc:
            out["refused"].append(str(exc))
        os.environ[name] = saved

    # Behind Sentinel the pool must both follow the master and stay bounded (building it
    # connects to nothing).
    os.environ["REDIS_SENTINELS"] = "127.0.0.1:1,127.0.0.1:2"
    pool = redis_client("ignored", 0, 0, None).connection_pool
    out["sentinel_pool"] = [isinstance(pool, SentinelConnectionPool),
                            isinstance(pool, BlockingConnectionPool), pool.max_connections]
    return out

print(json.dumps(asyncio.run(main())))
"""


def test_concurrent_commands_wait_for_one_of_a_bounded_number_of_connections(redis_url):
    report = run_in_rasa(SCRIPT, str(urlparse(redis_url).port))
    assert report["replies"] == 50  # every command answered: waiting, not refused
    assert 1 <= report["connections_made"] <= 4
    assert report["still_works"] is True
    assert report["default_max"] == 100
    # A setting that is not a positive number stops Rasa with a message naming it.
    assert report["refused"] == [
        "RASA_REDIS_MAX_CONNECTIONS must be a whole number above 0, not 'dix'",
        "RASA_REDIS_MAX_CONNECTIONS must be a whole number above 0, not '0'",
        "REDIS_POOL_TIMEOUT_S must be a number of seconds above 0, not '-1'",
    ]
    assert report["sentinel_pool"] == [True, True, 100]
