"""WS /ws/patient/{conversation_id}: the patient's conversation, live.

Every message of the conversation (bot, clinician, system, and the patient's own, so that
two tabs stay in step) reaches the socket through Redis pub/sub, whichever gateway wrote it,
by this gateway's one subscription for all its sockets (`patient_hub`). A reconnect sends
`after=<last id seen>` and gets the missed messages first.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time

from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from pydantic import ValidationError
from starlette.websockets import WebSocketState

from api import background, events
from api.channels.fanout import TooSlow
from api.channels.patient_hub import RESYNC, HubUnavailable, PatientHub, PatientSubscriber
from api.conversations import CONVERSATION_ID, triage_of
from api.dialogue import _public, public_triage
from api.ratelimit import client_ip, get_limiter
from api.schemas import MessageIn

logger = logging.getLogger(__name__)
router = APIRouter()

HEARTBEAT_S = 20
MAX_FRAME_BYTES = 8_192
MAX_FRAMES_PER_10S = 20
MAX_BAD_FRAMES = 3

CLOSE_BAD_ID = 4400
CLOSE_UNAUTHORIZED = 4401
CLOSE_UNKNOWN = 4404
CLOSE_RATE = 4429
CLOSE_NOT_JSON = 1003
CLOSE_TOO_BIG = 1009
# Redis unreachable or this socket too slow for its events: the widget reconnects (with `after`).
CLOSE_TRY_AGAIN = 1013


async def _send(ws: WebSocket, frame: dict) -> None:
    if ws.application_state == WebSocketState.CONNECTED:
        await ws.send_text(json.dumps(frame, ensure_ascii=False))


async def _error(ws: WebSocket, code: str, message: str) -> None:
    await _send(ws, {"type": "error", "code": code, "message": message})


@router.websocket("/ws/patient/{conversation_id}")
async def patient_socket(
    ws: WebSocket, conversation_id: str, token: str | None = None, after: int = 0
) -> None:
    await ws.accept()
    state = ws.app.state
    if not CONVERSATION_ID.fullmatch(conversation_id):
        await ws.close(CLOSE_BAD_ID, "identifiant de conversation invalide")
        return
    meta = await state.store.get(conversation_id)
    if meta is None:
        await ws.close(CLOSE_UNKNOWN, "conversation inconnue")
        return
    if not state.store.token_matches(meta, token):
        await ws.close(CLOSE_UNAUTHORIZED, "jeton manquant ou invalide")
        return

    hub: PatientHub = state.patient_hub
    try:
        # Subscribed, confirmed by Redis, before the history is read: nothing falls between.
        subscriber = await hub.subscribe(conversation_id)
    except HubUnavailable:
        await _error(ws, "unavailable", "Service momentanément indisponible, nouvel essai automatique.")
        await ws.close(CLOSE_TRY_AGAIN, "service momentanément indisponible")
        return
    try:
        last_id = await _send_history(ws, conversation_id, after=max(after, 0))
        tasks = [
            asyncio.create_task(_forward(ws, subscriber, conversation_id, last_id)),
            asyncio.create_task(_heartbeat(ws)),
            asyncio.create_task(_receive(ws, conversation_id)),
        ]
        done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        for task in done:
            if task.exception() and not isinstance(task.exception(), WebSocketDisconnect):
                logger.warning("patient socket ended", extra={"error_type": type(task.exception()).__name__})
    finally:
        await hub.unsubscribe(subscriber)
        if ws.application_state == WebSocketState.CONNECTED:
            await ws.close()


async def _send_history(ws: WebSocket, conversation_id: str, after: int) -> int:
    """The conversation's messages after `after`, its triage and status; returns the last id sent."""
    store = ws.app.state.store
    meta = await store.get(conversation_id)
    # An `after` beyond the last id written (a client's stale counter, another conversation's)
    # must not make _forward skip the messages still to come: no id above `seq` exists yet.
    with contextlib.suppress(ValueError, TypeError, AttributeError):
        after = min(after, int((meta or {}).get("seq", 0)))
    history = await store.history(conversation_id, after=after)
    await _send(
        ws,
        {
            "type": "history",
            "messages": [_public(m) for m in history],
            "triage": public_triage(triage_of(meta or {})),
            "status": (meta or {}).get("status", "bot"),
        },
    )
    return max((m.get("id", 0) for m in history), default=after)


async def _forward(ws: WebSocket, subscriber: PatientSubscriber, conversation_id: str, last_id: int) -> None:
    """The hub's events to the socket; after a lost subscription, the history it missed."""
    while True:
        try:
            item = await subscriber.next()
        except TooSlow:
            await ws.close(CLOSE_TRY_AGAIN, "trop d'événements en attente ; reconnectez-vous")
            return
        if item is RESYNC:
            last_id = await _send_history(ws, conversation_id, after=last_id)
            continue
        if item.startswith('{"type": "message"'):
            message_id = None
            with contextlib.suppress(ValueError, TypeError, KeyError, AttributeError):
                message_id = int(json.loads(item)["message"]["id"])
            if message_id is not None:
                if message_id <= last_id:
                    continue  # already sent in a history frame (ids grow in publication order)
                last_id = message_id
        await ws.send_text(item)


async def _heartbeat(ws: WebSocket) -> None:
    while True:
        background.raise_if_cancelled()
        await asyncio.sleep(HEARTBEAT_S)
        await _send(ws, {"type": "ping"})


async def _receive(ws: WebSocket, conversation_id: str) -> None:
    state = ws.app.state
    bad_frames = 0
    window_start, frames = time.monotonic(), 0
    while True:
        background.raise_if_cancelled()
        raw = await ws.receive()
        if raw["type"] == "websocket.disconnect":
            raise WebSocketDisconnect(raw.get("code", 1000))
        data = raw.get("text") if raw.get("text") is not None else raw.get("bytes")
        now = time.monotonic()
        if now - window_start > 10:
            window_start, frames = now, 0
        frames += 1
        if frames > MAX_FRAMES_PER_10S:
            await _error(ws, "rate_limited", "Trop de messages, patientez quelques secondes.")
            await ws.close(CLOSE_RATE, "trop de messages")
            return
        if data is None or len(data) > MAX_FRAME_BYTES:
            await _error(ws, "frame_too_large", "Message trop volumineux.")
            await ws.close(CLOSE_TOO_BIG, "message trop volumineux")
            return
        try:
            frame = json.loads(data)
            if not isinstance(frame, dict):
                raise ValueError("not an object")
        except ValueError:
            bad_frames += 1
            await _error(ws, "invalid_frame", "Format de message invalide (JSON attendu).")
            if bad_frames >= MAX_BAD_FRAMES:
                await ws.close(CLOSE_NOT_JSON, "messages invalides")
                return
            continue
        kind = frame.get("type")
        if kind == "ping":
            await _send(ws, {"type": "pong"})
        elif kind == "typing":
            await events.publish_conversation(
                state.redis,
                conversation_id,
                {"type": "typing", "sender": "patient", "on": bool(frame.get("on"))},
            )
        elif kind == "message":
            await _patient_message(ws, conversation_id, frame)
        else:
            await _error(ws, "unknown_type", "Type de message inconnu.")


async def _patient_message(ws: WebSocket, conversation_id: str, frame: dict) -> None:
    state = ws.app.state
    if limiter := get_limiter(ws):
        refusal = await limiter.hit("ip", client_ip(ws)) or await limiter.hit("conversation", conversation_id)
        if refusal is not None:
            await _send(
                ws,
                {
                    "type": "error",
                    "code": "rate_limited",
                    "message": refusal.message,
                    "retry_after": refusal.retry_after,
                },
            )
            return
    try:
        body = MessageIn(text=frame.get("text"))
    except ValidationError as exc:
        kind = exc.errors()[0].get("type", "")
        if kind == "string_too_long":
            await _error(ws, "message_too_long", "Le message est trop long (2 000 caractères au plus).")
        else:
            await _error(ws, "empty_text", "Le message est vide.")
        return
    meta = await state.store.get(conversation_id)
    if meta is None:
        await ws.close(CLOSE_UNKNOWN, "conversation inconnue")
        return
    reply = await state.dialogue.handle(conversation_id, body.text, meta)
    # Stored messages arrive through pub/sub; only the ones said once and not kept come here.
    for message in reply.messages:
        if message.get("id") is None:
            await _send(ws, {"type": "message", "message": message})
    if reply.status != meta.get("status"):
        await _send(ws, {"type": "status", "status": reply.status})
