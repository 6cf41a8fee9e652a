"""The transcript store against a real Redis server: ids, order, expiry and live events."""

from __future__ import annotations

import asyncio
import json

from api import events
from api.conversations import ConversationStore, log_key, meta_key


async def published(pubsub, at_least: int) -> list[dict]:
    """The events received, once at least `at_least` came and the channel went quiet (≤ 5 s)."""
    received = []
    for _ in range(50):
        message = await pubsub.get_message(timeout=0.1)
        if message:
            received.append(json.loads(message["data"]))
        elif len(received) >= at_least:
            break
    return received


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
        received = await published(pubsub, at_least=1)
    finally:
        await pubsub.aclose()
    assert received == [{"type": "message", "message": loud}]
    assert quiet["id"] == 1 and loud["id"] == 2
    for key in (meta_key("conv-pub"), log_key("conv-pub")):
        assert 1200 < await redis.ttl(key) <= 1234
    raw = await redis.lrange(log_key("conv-pub"), 0, -1)
    assert raw[1] == json.dumps(loud, ensure_ascii=False)


async def test_bot_replies_in_one_round_trip_are_stored_and_published_like_appends(redis):
    store = ConversationStore(redis, 900)
    await store.create("conv-replies", channel="web")
    await store.update("conv-replies", status="waiting_clinician")
    patient = await store.append("conv-replies", "patient", "j'ai mal à la gorge")
    pubsub = redis.pubsub(ignore_subscribe_messages=True)
    await pubsub.subscribe(events.conversation_channel("conv-replies"))
    typing_off = {"type": "typing", "sender": "bot", "on": False}
    try:
        stored, meta = await store.append_replies(
            "conv-replies",
            [
                {
                    "sender": "bot",
                    "text": "Quel est votre âge ? 🙂",
                    "buttons": [{"title": "34", "payload": "34"}],
                },
                {"sender": "bot", "text": "Créneau réservé.", "appointment": {"slot_id": "s-1"}},
            ],
            first_event=typing_off,
        )
        received = await published(pubsub, at_least=3)
    finally:
        await pubsub.aclose()
    assert [m["id"] for m in stored] == [patient["id"] + 1, patient["id"] + 2]
    assert stored[1]["appointment"] == {"slot_id": "s-1"} and stored[0]["buttons"][0]["title"] == "34"
    # Typing off first, then each message, in order, exactly as stored.
    assert received == [typing_off] + [{"type": "message", "message": m} for m in stored]
    assert await store.history("conv-replies", after=patient["id"]) == stored
    assert meta["status"] == "waiting_clinician" and int(meta["seq"]) == stored[-1]["id"]
    assert 800 < await redis.ttl(log_key("conv-replies")) <= 900


async def test_an_event_published_with_an_append_comes_after_the_message(redis):
    store = ConversationStore(redis, 900)
    await store.create("conv-then", channel="web")
    pubsub = redis.pubsub(ignore_subscribe_messages=True)
    await pubsub.subscribe(events.conversation_channel("conv-then"))
    typing_on = {"type": "typing", "sender": "bot", "on": True}
    try:
        sent = await store.append(
            "conv-then", "patient", "bjr jai mal 😷", publish=True, then_publish=typing_on
        )
        received = await published(pubsub, at_least=2)
    finally:
        await pubsub.aclose()
    assert received == [{"type": "message", "message": sent}, typing_on]
    assert await store.history("conv-then") == [sent]
