"""The transcript store against a real Redis server: ids, order, expiry and live events."""

from __future__ import annotations

import asyncio
import json

from api import events
from api.conversations import ConversationStore, log_key, meta_key


async def test_concurrent_appends_are_stored_in_the_order_of_their_ids(redis):
    store = ConversationStore(redis, 3600)
    await store.create("conv-order", channel="web")
    sent = await asyncio.gather(
        *(
            store.append("conv-order", "bot" if i % 2 else "clinician", f"message {i} — é 🙂")
            for i in range(60)
        )
    )
    assert sorted(m["id"] for m in sent) == list(range(1, 61))
    stored = await store.history("conv-order")
    assert [m["id"] for m in stored] == list(range(1, 61))
    by_id = {m["id"]: m for m in sent}
    assert all(m == by_id[m["id"]] for m in stored)  # what append returned is what was stored
    assert await store.history("conv-order", after=58) == stored[58:]


async def test_append_refreshes_expiry_and_publishes_only_when_asked(redis):
    store = ConversationStore(redis, 1234)
    await store.create("conv-pub", channel="sms")
    pubsub = redis.pubsub(ignore_subscribe_messages=True)
    await pubsub.subscribe(events.conversation_channel("conv-pub"))
    try:
        quiet = await store.append("conv-pub", "system", "pas publié")
        loud = await store.append(
            "conv-pub", "bot", "Quel est votre âge ?", [{"title": "Oui", "payload": "/oui"}], publish=True
        )
        received = []
        for _ in range(50):
            message = await pubsub.get_message(timeout=0.1)
            if message:
                received.append(json.loads(message["data"]))
            elif received:
                break
    finally:
        await pubsub.aclose()
    assert received == [{"type": "message", "message": loud}]
    assert quiet["id"] == 1 and loud["id"] == 2
    for key in (meta_key("conv-pub"), log_key("conv-pub")):
        assert 1200 < await redis.ttl(key) <= 1234
    raw = await redis.lrange(log_key("conv-pub"), 0, -1)
    assert raw[1] == json.dumps(loud, ensure_ascii=False)
