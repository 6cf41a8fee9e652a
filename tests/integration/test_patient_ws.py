"""The patient WebSocket against the running gateway: live messages, tabs, reconnect, bad frames."""

from __future__ import annotations

import asyncio
import contextlib
import json

import httpx
import pytest
import redis
import websockets

pytestmark = pytest.mark.integration


def ws_url(stack, conversation_id: str, token: str | None, after: int = 0) -> str:
    base = stack.gateway_url.replace("http://", "ws://")
    query = f"?token={token}&after={after}" if token else ""
    return f"{base}/ws/patient/{conversation_id}{query}"


def start(stack) -> dict:
    response = httpx.post(stack.gateway_url + "/api/v1/conversations", timeout=30)
    assert response.status_code == 201, response.text
    return response.json()


async def frames_until(ws, predicate, timeout: float = 30.0) -> list[dict]:
    """Collect frames until one satisfies `predicate` (heartbeats and typing included)."""
    seen: list[dict] = []
    async with asyncio.timeout(timeout):
        while True:
            frame = json.loads(await ws.recv())
            seen.append(frame)
            if predicate(frame):
                return seen


def is_bot_message(frame: dict) -> bool:
    return frame.get("type") == "message" and frame["message"]["sender"] in ("bot", "system")


async def test_conversation_live_in_two_tabs_and_reconnect(stack):
    convo = start(stack)
    cid, token = convo["conversation_id"], convo["conversation_token"]
    assert "pas un médecin" in convo["messages"][0]["text"]
    async with (
        websockets.connect(ws_url(stack, cid, token)) as tab1,
        websockets.connect(ws_url(stack, cid, token)) as tab2,
    ):
        history = json.loads(await tab1.recv())
        assert history["type"] == "history" and history["messages"][0]["text"] == convo["messages"][0]["text"]
        await tab2.recv()
        await tab1.send(json.dumps({"type": "message", "text": "J'accepte"}))
        got1 = await frames_until(tab1, lambda f: is_bot_message(f) and f["message"]["sender"] == "bot")
        got2 = await frames_until(tab2, lambda f: is_bot_message(f) and f["message"]["sender"] == "bot")
        texts1 = [f["message"]["text"] for f in got1 if f["type"] == "message"]
        texts2 = [f["message"]["text"] for f in got2 if f["type"] == "message"]
        assert texts1 == texts2 and texts1[0] == "J'accepte"
        last_id = max(f["message"]["id"] for f in got1 if f["type"] == "message")

        await tab1.send(json.dumps({"type": "message", "text": "j'ai mal à la gorge depuis deux jours"}))
        frames = await frames_until(tab1, is_bot_message)
        assert any(f["type"] == "typing" and f["on"] for f in frames)

    # Meanwhile the patient writes over REST; a reconnect gets only what was missed.
    httpx.post(
        f"{stack.gateway_url}/api/v1/conversations/{cid}/messages",
        json={"text": "34 ans"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    ).raise_for_status()
    async with websockets.connect(ws_url(stack, cid, token, after=last_id)) as again:
        history = json.loads(await again.recv())
        ids = [m["id"] for m in history["messages"]]
        assert ids and min(ids) == last_id + 1 and ids == sorted(ids)
        assert "34 ans" in [m["text"] for m in history["messages"]]


async def test_a_lost_redis_subscription_loses_no_message(stack):
    """The gateway's one subscription for every patient socket is cut: each open socket gets
    what was written meanwhile (as a history frame) and the live messages after it."""
    convos = [start(stack) for _ in range(3)]
    async with contextlib.AsyncExitStack() as sockets:
        tabs = [
            await sockets.enter_async_context(
                websockets.connect(ws_url(stack, c["conversation_id"], c["conversation_token"]))
            )
            for c in convos
        ]
        for tab in tabs:
            assert json.loads(await tab.recv())["type"] == "history"
        rdb = redis.Redis.from_url(stack.effective_redis_url, decode_responses=True)
        try:
            assert rdb.client_kill_filter(_type="pubsub") >= 1
        finally:
            rdb.close()
        for convo in convos:
            httpx.post(
                f"{stack.gateway_url}/api/v1/conversations/{convo['conversation_id']}/messages",
                json={"text": "J'accepte"},
                headers={"Authorization": f"Bearer {convo['conversation_token']}"},
                timeout=30,
            ).raise_for_status()

        def delivered(frames: list[dict]) -> list[str]:
            texts = []
            for f in frames:
                if f["type"] == "message":
                    texts.append(f["message"]["text"])
                elif f["type"] == "history":
                    texts.extend(m["text"] for m in f["messages"])
            return texts

        for tab in tabs:
            frames = await frames_until(
                tab,
                lambda f: (
                    is_bot_message(f)
                    or (f["type"] == "history" and any(m["sender"] == "bot" for m in f["messages"]))
                ),
            )
            assert "J'accepte" in delivered(frames)
        # and the socket is live again: the next answer comes as messages
        await tabs[0].send(json.dumps({"type": "message", "text": "j'ai mal à la gorge"}))
        await frames_until(
            tabs[0], lambda f: f["type"] == "message" and f["message"]["text"] == "j'ai mal à la gorge"
        )
        await frames_until(tabs[0], lambda f: is_bot_message(f) and f["message"]["sender"] == "bot")


async def test_sockets_opened_while_messages_are_written_get_each_message_once(stack):
    """The history read and the live subscription overlap: every message arrives, none twice."""
    convo = start(stack)
    cid, token = convo["conversation_id"], convo["conversation_token"]
    headers = {"Authorization": f"Bearer {token}"}
    texts = ["J'accepte", "j'ai mal à la gorge", "34 ans", "depuis deux jours", "non", "non"]
    stored: list[int] = []
    written = asyncio.Event()
    async with httpx.AsyncClient(base_url=stack.gateway_url, timeout=30) as client:

        async def watch(delay: float) -> list[int]:
            await asyncio.sleep(delay)
            async with websockets.connect(ws_url(stack, cid, token)) as ws:
                ids: list[int] = []
                async with asyncio.timeout(30):
                    while not (written.is_set() and ids and ids[-1] >= stored[-1]):
                        frame = json.loads(await ws.recv())
                        if frame["type"] == "history":
                            ids += [m["id"] for m in frame["messages"]]
                        elif frame["type"] == "message" and frame["message"].get("id") is not None:
                            ids.append(frame["message"]["id"])
                return ids

        watchers = [asyncio.create_task(watch(0.05 * i)) for i in range(8)]
        for text in texts:
            r = await client.post(
                f"/api/v1/conversations/{cid}/messages", json={"text": text}, headers=headers
            )
            assert r.status_code == 200, r.text
        history = await client.get(f"/api/v1/conversations/{cid}/messages", headers=headers)
        stored += [m["id"] for m in history.json()["messages"]]
        written.set()
        results = await asyncio.gather(*watchers)
    for ids in results:
        assert ids == stored, ids  # every message, in order, none twice


async def test_an_after_beyond_the_last_message_does_not_silence_the_socket(stack):
    """A client's stale or too-high `after` gets an empty history, then every new message."""
    convo = start(stack)
    cid, token = convo["conversation_id"], convo["conversation_token"]
    async with websockets.connect(ws_url(stack, cid, token, after=100000)) as ws:
        history = json.loads(await ws.recv())
        assert history["type"] == "history" and history["messages"] == []
        await ws.send(json.dumps({"type": "message", "text": "J'accepte"}))
        frames = await frames_until(ws, lambda f: is_bot_message(f) and f["message"]["sender"] == "bot")
        texts = [f["message"]["text"] for f in frames if f["type"] == "message"]
        assert texts[0] == "J'accepte", texts


@pytest.mark.parametrize(
    "make_url,code",
    [
        (lambda s, c, t: ws_url(s, "bad.id", t), 4400),
        (lambda s, c, t: ws_url(s, "unknown-conversation-42", t), 4404),
        (lambda s, c, t: ws_url(s, c, "not-the-token"), 4401),
        (lambda s, c, t: ws_url(s, c, None), 4401),
    ],
)
async def test_refused_connections_have_closing_codes(stack, make_url, code):
    convo = start(stack)
    async with websockets.connect(
        make_url(stack, convo["conversation_id"], convo["conversation_token"])
    ) as ws:
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await asyncio.wait_for(ws.recv(), 10)
    assert closed.value.rcvd.code == code


async def test_bad_frames(stack):
    convo = start(stack)
    url = ws_url(stack, convo["conversation_id"], convo["conversation_token"])
    async with websockets.connect(url) as ws:
        await ws.recv()
        await ws.send(json.dumps({"type": "message", "text": ""}))
        assert json.loads(await ws.recv())["code"] == "empty_text"
        await ws.send(json.dumps({"type": "message", "text": "x" * 2500}))
        assert json.loads(await ws.recv())["code"] == "message_too_long"
        for _ in range(3):
            await ws.send("this is not json")
        frames = []
        with pytest.raises(websockets.ConnectionClosed) as closed:
            while True:
                frames.append(json.loads(await asyncio.wait_for(ws.recv(), 10)))
        assert closed.value.rcvd.code == 1003
        assert {f["code"] for f in frames} == {"invalid_frame"}

    async with websockets.connect(url) as ws:
        await ws.recv()
        await ws.send("x" * 20_000)
        with pytest.raises(websockets.ConnectionClosed) as closed:
            while True:
                await asyncio.wait_for(ws.recv(), 10)
        assert closed.value.rcvd.code == 1009

    async with websockets.connect(url) as ws:
        await ws.recv()
        with pytest.raises(websockets.ConnectionClosed) as closed:
            for _ in range(40):
                await ws.send(json.dumps({"type": "ping"}))
            while True:
                await asyncio.wait_for(ws.recv(), 10)
        assert closed.value.rcvd.code == 4429


async def test_unicode_oddities_do_not_break_the_socket(stack):
    convo = start(stack)
    url = ws_url(stack, convo["conversation_id"], convo["conversation_token"])
    async with websockets.connect(url) as ws:
        await ws.recv()
        await ws.send(json.dumps({"type": "message", "text": "J'accepte"}))
        await frames_until(ws, lambda f: is_bot_message(f) and f["message"]["sender"] == "bot")
        for text in ["🤒🤒", "\u202eمرحبا\u200b", "a\x00b"]:
            await ws.send(json.dumps({"type": "message", "text": text}))
            frames = await frames_until(ws, is_bot_message)
            assert frames[-1]["message"]["text"]
