"""A gateway under a crowd: many patient sockets open at once, a burst of first messages.

redis-py's asyncio pool holds at most 100 connections and refuses the 101st at once
(MaxConnectionsError): every patient socket used to hold one of them for its subscription, and
every request in flight one per command, so a crowd of widgets, or a burst of visitors, turned
every request of that gateway into a 500. Commands now wait for a free connection of a bounded
pool (api.redis_setup.redis_clients), and all the sockets of a gateway share one subscription
(api.channels.patient_hub).
"""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
import redis.asyncio as aioredis
import websockets

from tests.conftest import make_stack, new_conversation_id, remove_logs

pytestmark = pytest.mark.integration

# The gateway's commands get 16 connections here (200 by default): more sockets than that, and a
# burst far beyond it, must still be served.
POOL = 16
SOCKETS = 130
BURST = 220


@pytest.fixture(scope="module")
def stack(twilio):
    s = make_stack(
        twilio, "triage-capacity-", REDIS_MAX_CONNECTIONS=str(POOL), RATE_LIMIT_CONVERSATION="600/minute"
    )
    with s:
        yield s
    remove_logs(s)


async def _open_conversation(client: httpx.AsyncClient) -> dict:
    response = await client.post("/api/v1/conversations")
    assert response.status_code == 201, response.text
    return response.json()


async def test_many_patient_sockets_leave_redis_to_the_other_requests(stack):
    base = stack.gateway_url.replace("http://", "ws://")
    async with httpx.AsyncClient(base_url=stack.gateway_url, timeout=60) as client:
        convos = await asyncio.gather(*(_open_conversation(client) for _ in range(SOCKETS)))
        sockets = []
        try:
            for convo in convos:
                ws = await websockets.connect(
                    f"{base}/ws/patient/{convo['conversation_id']}?token={convo['conversation_token']}"
                )
                sockets.append(ws)
            histories = [json.loads(await asyncio.wait_for(ws.recv(), 30)) for ws in sockets]
            assert all(h["type"] == "history" for h in histories)

            # 130 sockets, two subscribed Redis connections: the patients' hub and the clinicians'
            rdb = aioredis.Redis.from_url(stack.effective_redis_url, decode_responses=True)
            try:
                subscribed = [c for c in await rdb.client_list(_type="pubsub") if int(c.get("sub", 0))]
                assert len(subscribed) == 2, subscribed
                assert len(await rdb.pubsub_channels("gw:events:conv:*")) == SOCKETS
            finally:
                await rdb.aclose()

            # with every socket subscribed, a new patient is still answered, on REST and by SMS
            r = await client.post(
                f"/api/v1/conversations/{new_conversation_id()}/messages", json={"text": "Bonjour"}
            )
            assert r.status_code == 200, r.text
            assert "pas un médecin" in r.json()["messages"][-1]["text"]
            assert (await client.get("/readyz")).status_code == 200

            # and each socket still gets its own conversation's messages live
            first, last = convos[0], convos[-1]
            for convo, ws in ((first, sockets[0]), (last, sockets[-1])):
                r = await client.post(
                    f"/api/v1/conversations/{convo['conversation_id']}/messages",
                    json={"text": "J'accepte"},
                    headers={"Authorization": f"Bearer {convo['conversation_token']}"},
                )
                assert r.status_code == 200, r.text
                async with asyncio.timeout(30):
                    while True:
                        frame = json.loads(await ws.recv())
                        if frame.get("type") == "message" and frame["message"]["sender"] == "bot":
                            break
        finally:
            await asyncio.gather(*(ws.close() for ws in sockets), return_exceptions=True)


async def test_a_burst_of_first_messages_is_answered_in_full(stack):
    limits = httpx.Limits(max_connections=BURST, max_keepalive_connections=BURST)
    async with httpx.AsyncClient(base_url=stack.gateway_url, timeout=120, limits=limits) as client:

        async def first_message() -> httpx.Response:
            return await client.post(
                f"/api/v1/conversations/{new_conversation_id()}/messages",
                json={"text": "Bonjour, j'ai mal à la gorge"},
            )

        responses = await asyncio.gather(*(first_message() for _ in range(BURST)))
    statuses = [r.status_code for r in responses]
    assert statuses == [200] * BURST, {s: statuses.count(s) for s in set(statuses)}
    assert all(r.json()["conversation_token"] for r in responses)
