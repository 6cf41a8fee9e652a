"""The gateway's one subscription for all its patient sockets, against a real redis-server."""

from __future__ import annotations

import asyncio

import pytest
from redis.asyncio import Redis

from api import events
from api.channels.fanout import OUTBOX_SIZE, TooSlow
from api.channels.patient_hub import CONTROL_CHANNEL, RESYNC, HubUnavailable, PatientHub
from tools.stack import free_port


@pytest.fixture
async def hub(redis_url, redis):
    client = Redis.from_url(redis_url, decode_responses=True, socket_timeout=5)
    h = PatientHub(client)
    await h.start()
    yield h
    await h.stop()
    await client.aclose()


async def _publish(redis: Redis, conversation_id: str, text: str) -> int:
    return await redis.publish(events.conversation_channel(conversation_id), text)


async def _next(subscriber, timeout: float = 5.0):
    return await asyncio.wait_for(subscriber.next(), timeout)


async def _numsub(redis: Redis, conversation_id: str) -> int:
    channel = events.conversation_channel(conversation_id)
    return dict(await redis.pubsub_numsub(channel))[channel]


async def _pubsub_clients(redis: Redis) -> int:
    return sum(1 for c in await redis.client_list(_type="pubsub") if int(c.get("sub", 0)) > 0)


async def test_many_sockets_one_connection_each_gets_its_own_conversation(hub, redis):
    subscribers = {f"conv-{i:04d}": [await hub.subscribe(f"conv-{i:04d}")] for i in range(200)}
    subscribers["conv-0007"].append(await hub.subscribe("conv-0007"))  # a second tab
    assert await _pubsub_clients(redis) == 1
    assert len(await redis.pubsub_channels()) == 201  # 200 conversations and the control channel
    assert (hub.channels, hub.sockets) == (200, 201)

    # subscribe() returned once Redis had confirmed: a publish right after reaches the socket
    assert await _publish(redis, "conv-0007", "pour 7") == 1
    assert await _publish(redis, "conv-0100", "pour 100") == 1
    assert [await _next(s) for s in subscribers["conv-0007"]] == ["pour 7", "pour 7"]
    assert await _next(subscribers["conv-0100"][0]) == "pour 100"
    for cid, subs in subscribers.items():
        for s in subs:
            assert s.outbox.empty(), cid


async def test_the_channel_is_left_with_its_last_socket(hub, redis):
    tab1 = await hub.subscribe("conv-leave")
    tab2 = await hub.subscribe("conv-leave")
    await hub.unsubscribe(tab1)
    assert await _publish(redis, "conv-leave", "encore là") == 1
    assert await _next(tab2) == "encore là"
    await hub.unsubscribe(tab2)
    async with asyncio.timeout(5):
        while await _numsub(redis, "conv-leave"):
            await asyncio.sleep(0.01)
    assert hub.channels == 0
    assert await redis.pubsub_channels() == [CONTROL_CHANNEL]


async def test_churn_on_one_conversation_leaves_exactly_the_open_sockets_subscribed(hub, redis):
    """Tabs opening and closing at once: no SUBSCRIBE is taken for another, nothing left over."""

    async def open_close(i: int):
        s = await hub.subscribe("conv-churn")
        await asyncio.sleep(0.001 * (i % 5))
        if i % 3:
            await hub.unsubscribe(s)
            return None
        return s

    for _ in range(3):
        kept = [s for s in await asyncio.gather(*(open_close(i) for i in range(60))) if s]
        assert await _publish(redis, "conv-churn", "à tous") == 1
        assert [await _next(s) for s in kept] == ["à tous"] * len(kept)
        for s in kept:
            await hub.unsubscribe(s)
        async with asyncio.timeout(5):
            while await _numsub(redis, "conv-churn"):
                await asyncio.sleep(0.01)
        assert hub.channels == 0


async def test_a_cancelled_subscribe_leaves_nothing_behind(hub, redis):
    task = asyncio.create_task(hub.subscribe("conv-gone"))
    await asyncio.sleep(0)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    s = await hub.subscribe("conv-other")
    await hub.unsubscribe(s)
    async with asyncio.timeout(5):
        while await redis.pubsub_channels() != [CONTROL_CHANNEL]:
            await asyncio.sleep(0.01)
    assert hub.channels == 0


async def test_a_lost_connection_is_made_again_and_every_socket_told_to_resync(hub, redis):
    a = await hub.subscribe("conv-a")
    b = await hub.subscribe("conv-b")
    killed = await redis.client_kill_filter(_type="pubsub")
    assert killed == 1
    # whatever was published while the hub was away is gone from pub/sub: the sockets must
    # read their history again, and they are told so
    assert await _next(a, 15) is RESYNC
    assert await _next(b, 15) is RESYNC
    assert await _numsub(redis, "conv-a") == 1 and await _numsub(redis, "conv-b") == 1
    await _publish(redis, "conv-a", "après")
    assert await _next(a) == "après"
    # a socket opened after the reconnection is served like the others
    c = await hub.subscribe("conv-c")
    await _publish(redis, "conv-c", "nouveau")
    assert await _next(c) == "nouveau"
    assert await _pubsub_clients(redis) == 1


async def test_a_socket_that_cannot_keep_up_is_dropped_alone(hub, redis):
    slow = await hub.subscribe("conv-busy")
    fast = await hub.subscribe("conv-busy")
    received: list[str] = []

    async def read_fast():
        while len(received) < OUTBOX_SIZE + 10:
            received.append(await _next(fast))

    reader = asyncio.create_task(read_fast())
    for i in range(OUTBOX_SIZE + 10):
        await _publish(redis, "conv-busy", str(i))
    await asyncio.wait_for(reader, 10)
    assert received == [str(i) for i in range(OUTBOX_SIZE + 10)]
    async with asyncio.timeout(5):
        while not slow.overflow.is_set():
            await asyncio.sleep(0.01)
    with pytest.raises(TooSlow):
        await slow.next()


async def test_no_redis_is_a_clear_refusal_not_a_hang():
    client = Redis.from_url(
        f"redis://127.0.0.1:{free_port()}/0", decode_responses=True, socket_connect_timeout=0.2
    )
    h = PatientHub(client, subscribe_timeout_s=0.5)
    await h.start()
    try:
        with pytest.raises(HubUnavailable):
            await h.subscribe("conv-nowhere")
        assert h.channels == 0
    finally:
        await h.stop()
        await client.aclose()


async def test_subscribe_returns_only_once_redis_has_confirmed(hub):
    """Else a message published between the history read and the SUBSCRIBE would be lost."""
    handle, confirmed = hub._handle, []

    async def slow_handle(message):
        if message.get("type") == "subscribe" and message.get("channel") != CONTROL_CHANNEL:
            await asyncio.sleep(0.2)  # a confirmation slow to come back
            confirmed.append(message["channel"])
        await handle(message)

    hub._handle = slow_handle
    await hub.subscribe("conv-slow")
    assert confirmed == [events.conversation_channel("conv-slow")]
    # a second tab of the same conversation, while the first SUBSCRIBE is still unconfirmed,
    # waits for that same confirmation and sends no SUBSCRIBE of its own
    confirmed.clear()
    first, second = await asyncio.gather(hub.subscribe("conv-two"), hub.subscribe("conv-two"))
    assert confirmed == [events.conversation_channel("conv-two")]


async def test_a_tab_closed_before_its_confirmation_does_not_unsubscribe_the_next_one(hub, redis):
    handle = hub._handle

    async def slow_handle(message):
        if message.get("type") == "subscribe" and message.get("channel") != CONTROL_CHANNEL:
            await asyncio.sleep(0.2)
        await handle(message)

    hub._handle = slow_handle
    first = asyncio.create_task(hub.subscribe("conv-flaky"))
    await asyncio.sleep(0.05)  # its SUBSCRIBE is sent, not yet confirmed
    first.cancel()
    with pytest.raises(asyncio.CancelledError):
        await first
    second = await hub.subscribe("conv-flaky")
    await asyncio.sleep(0.5)  # every confirmation is in
    assert await _publish(redis, "conv-flaky", "toujours abonné") == 1
    assert await _next(second) == "toujours abonné"


async def test_a_subscribe_cancelled_before_it_was_sent_does_not_block_the_conversation(hub, redis):
    await asyncio.wait_for(hub._online.wait(), 5)
    pubsub, stuck = hub._pubsub, asyncio.Event()
    real = pubsub.subscribe

    async def never_sent(*channels):
        await stuck.wait()

    pubsub.subscribe = never_sent
    first = asyncio.create_task(hub.subscribe("conv-stuck"))
    await asyncio.sleep(0.05)
    first.cancel()
    with pytest.raises(asyncio.CancelledError):
        await first
    pubsub.subscribe = real
    second = await asyncio.wait_for(hub.subscribe("conv-stuck"), 5)
    assert await _publish(redis, "conv-stuck", "servi") == 1
    assert await _next(second) == "servi"
