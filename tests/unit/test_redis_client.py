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


PAST_THE_BOUND = r"""
import asyncio, json, os, sys, uuid

port = int(sys.argv[1])
os.environ["RASA_REDIS_MAX_CONNECTIONS"] = "1"
os.environ["REDIS_POOL_TIMEOUT_S"] = "0.3"
from rasa.core.tracker_store import FailSafeTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
import bot.rasa_server as fast
from bot.tracker_store import CompactingRedisTrackerStore

rasa_retrieve = FailSafeTrackerStore.retrieve
fast.install()

async def main():
    out = {}
    domain = Domain.load("bot/domain.yml")
    store = CompactingRedisTrackerStore(domain, host="127.0.0.1", port=port)
    safe = FailSafeTrackerStore(store)  # as Rasa's Agent wraps every tracker store
    sid = "bound-" + uuid.uuid4().hex
    tracker = DialogueStateTracker(sid, domain.slots)
    tracker.update(UserUttered("j'ai mal à la gorge"))
    await safe.save(tracker)

    # The only connection is busy for 1.5 s, past the 0.3 s the pool waits for it.
    busy = asyncio.create_task(store.red.blpop(["busy-" + sid], timeout=1.5))
    await asyncio.sleep(0.1)
    try:
        out["rasa_alone"] = await rasa_retrieve(safe, sid)  # Rasa's own: a fresh conversation
    except Exception as exc:
        out["rasa_alone"] = type(exc).__name__
    for name in ("retrieve", "retrieve_full_tracker", "get_or_create_tracker"):
        try:
            await getattr(safe, name)(sid)
            out[name] = "answered"
        except Exception as exc:
            out[name] = f"{type(exc).__name__}: {exc}"
    await busy
    again = await safe.retrieve(sid)
    out["after"] = [e.text for e in again.events if isinstance(e, UserUttered)]
    return out

print(json.dumps(asyncio.run(main())))
"""


def test_past_the_pool_wait_the_turn_fails_instead_of_starting_a_fresh_conversation(redis_url):
    report = run_in_rasa(PAST_THE_BOUND, str(urlparse(redis_url).port))
    # Rasa's FailSafeTrackerStore would hand the turn an empty tracker ...
    assert report["rasa_alone"] is None
    # ... bot.rasa_server makes the read fail, so the REST channel answers nothing and the
    # gateway says the assistant is unavailable (an empty answer is RasaUnavailable there).
    for name in ("retrieve", "retrieve_full_tracker", "get_or_create_tracker"):
        assert report[name] == "ConnectionError: No connection available.", report
    # Nothing was lost: once the connection is free the conversation reads back whole.
    assert report["after"] == ["j'ai mal à la gorge"]
