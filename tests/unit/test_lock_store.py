"""bot.lock_store: one message at a time per conversation, in ticket order, across replicas."""

from __future__ import annotations

from urllib.parse import urlparse

from tests.rasa_venv import run_in_rasa

SCRIPT = r"""
import asyncio, contextvars, json, sys, uuid
from rasa.core.lock_store import LockError, LockStore
from rasa.utils.endpoints import EndpointConfig
from bot.lock_store import AtomicRedisLockStore

port = int(sys.argv[1])

def replica():
    # As Rasa builds it from endpoints.yml.
    return LockStore.create(EndpointConfig(url="127.0.0.1", port=port, db=0, key_prefix="rasa",
                                           type="bot.lock_store.AtomicRedisLockStore"))

async def main():
    a, b = replica(), replica()
    out = {"class": type(a).__name__}
    issued = contextvars.ContextVar("issued")  # the ticket each message got, seen from inside
    for store in (a, b):
        async def issue(*args, _issue=store._issue, **kwargs):
            ticket = await _issue(*args, **kwargs)
            issued.set(int(ticket))
            return ticket
        store._issue = issue
    cid = "c-" + uuid.uuid4().hex

    # 20 messages of one conversation, arriving at once on two replicas.
    inside, most, served = 0, 0, []
    async def message(store, i):
        nonlocal inside, most
        async with store.lock(cid):
            inside += 1
            most = max(most, inside)
            served.append(issued.get())
            await asyncio.sleep(0.005)
            inside -= 1
    await asyncio.gather(*(message(a if i % 2 else b, i) for i in range(20)))
    out["most_at_once"] = most
    out["served"] = list(served)
    out["keys_left"] = await a.red.keys(f"rasa:lock:{{{cid}}}*")

    # A replica died holding the lock: the next message gets it once that ticket expires.
    cid2 = "c-" + uuid.uuid4().hex
    dead = await a._issue(keys=a.keys(cid2), args=["dead", 300])  # 0.3 s lifetime, never released
    again = await a._issue(keys=a.keys(cid2), args=["dead", 300])  # a retry after a lost reply
    out["retry_queued_once"] = [int(again), await a.red.zcard(a.keys(cid2)[1])]
    async with b.lock(cid2):
        out["after_dead_holder"] = True
    out["dead_ticket"] = int(dead)

    # A waiting message that is cancelled gives its place back.
    cid3 = "c-" + uuid.uuid4().hex
    holder_in, release = asyncio.Event(), asyncio.Event()
    async def holder():
        async with a.lock(cid3):
            holder_in.set()
            await release.wait()
    h = asyncio.create_task(holder())
    await holder_in.wait()
    waiter = asyncio.create_task(message(b, 99))
    await asyncio.sleep(0.1)
    waiter.cancel()
    await asyncio.gather(waiter, return_exceptions=True)
    out["queue_after_cancel"] = await a.red.zcard(a.keys(cid3)[1])
    release.set()
    await h
    async with b.lock(cid3):
        out["after_cancel"] = True

    # A message whose own ticket expired while it waited gets Rasa's LockError.
    cid4 = "c-" + uuid.uuid4().hex
    await a._issue(keys=a.keys(cid4), args=["long", 60_000])  # a long holder ahead of it
    try:
        async with b.lock(cid4, lock_lifetime=0.2):
            out["expired_waiter"] = "acquired"
    except LockError:
        out["expired_waiter"] = "LockError"
    return out

print(json.dumps(asyncio.run(main())))
"""


def test_messages_of_one_conversation_run_one_at_a_time_in_order(redis_url):
    report = run_in_rasa(SCRIPT, str(urlparse(redis_url).port))
    assert report["class"] == "AtomicRedisLockStore"
    assert report["most_at_once"] == 1
    assert report["served"] == list(range(1, 21))  # each message in the order of its ticket
    assert report["keys_left"] == []  # the last one out deletes the lock
    assert report["after_dead_holder"] and report["dead_ticket"] == 1
    assert report["retry_queued_once"] == [1, 1]
    assert report["queue_after_cancel"] == 1  # only the holder is left
    assert report["after_cancel"]
    assert report["expired_waiter"] == "LockError"
