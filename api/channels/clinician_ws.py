"""WS /ws/clinician: the live queue, patient messages and red flags, for on-call clinicians.

Events come from the Redis pub/sub channel `gw:events:clinicians`, so whichever gateway
changed the queue, every clinician socket on every gateway hears it. Each gateway holds one
subscription (`ClinicianHub`) and fans events out to its own sockets; a burst of queue
changes costs one snapshot, not one per socket per change. While a socket is open it keeps
`gw:clinician:online:{login}` alive, which the handoff wait estimate counts.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from typing import Any

from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from redis.asyncio import Redis
from starlette.websockets import WebSocketState

from api import background, clinicians, events, handoff
from api.channels.fanout import Subscriber, TooSlow

logger = logging.getLogger(__name__)
router = APIRouter()

HEARTBEAT_S = 20
PRESENCE_TTL_S = 60
MAX_FRAME_BYTES = 4_096
MAX_FRAMES_PER_10S = 30
SNAPSHOT_COALESCE_S = 0.05

CLOSE_UNAUTHORIZED = 4401
CLOSE_TOO_SLOW = 1013
CLOSE_RATE = 4429
CLOSE_TOO_BIG = 1009

# Event types on the clinicians channel that change what the queue view shows.
QUEUE_EVENTS = {"queue_changed", "status", "red_flag"}


class ClinicianHub:
    """This gateway's single subscription to clinician events, fanned out to its sockets."""

    def __init__(self, redis: Redis) -> None:
        self.redis = redis
        self.subscribers: set[Subscriber] = set()
        self._dirty = asyncio.Event()
        self._tasks: list[asyncio.Task] = []

    async def start(self) -> None:
        self._tasks = [asyncio.create_task(self._listen()), asyncio.create_task(self._snapshots())]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []

    def register(self) -> Subscriber:
        subscriber = Subscriber()
        self.subscribers.add(subscriber)
        return subscriber

    def unregister(self, subscriber: Subscriber) -> None:
        self.subscribers.discard(subscriber)

    def broadcast(self, frame: dict) -> None:
        for subscriber in list(self.subscribers):
            subscriber.push(frame)

    def dispatch(self, event: dict) -> None:
        """Turn a channel event into socket frames (public frame shapes are in docs/API.md)."""
        kind = event.get("type")
        conversation_id = event.get("conversation_id")
        if kind == "patient_message" or kind == "message":
            self.broadcast(
                {"type": "message", "conversation_id": conversation_id, "message": event.get("message")}
            )
        elif kind == "red_flag":
            self.broadcast({"type": "red_flag", "conversation_id": conversation_id})
        elif kind == "status":
            self.broadcast(
                {"type": "status", "conversation_id": conversation_id, "status": event.get("status")}
            )
        elif kind == "triage":
            self.broadcast(
                {"type": "triage", "conversation_id": conversation_id, "triage": event.get("triage")}
            )
        if kind in QUEUE_EVENTS:
            self._dirty.set()

    async def _listen(self) -> None:
        while True:
            pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.subscribe(events.CLINICIANS_CHANNEL)
                self._dirty.set()  # (re)subscribed: events may have been missed, resync everyone
                while True:
                    background.raise_if_cancelled()
                    message = await pubsub.get_message(timeout=1.0)
                    if message is None or message.get("type") != "message":
                        continue
                    try:
                        event = json.loads(message["data"])
                    except (TypeError, ValueError):
                        continue
                    if isinstance(event, dict):
                        self.dispatch(event)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning("clinician events subscription lost; retrying", exc_info=True)
                background.raise_if_cancelled()
                await asyncio.sleep(1.0)
            finally:
                with contextlib.suppress(Exception):
                    await pubsub.aclose()

    async def _snapshots(self) -> None:
        while True:
            background.raise_if_cancelled()
            await self._dirty.wait()
            await asyncio.sleep(SNAPSHOT_COALESCE_S)
            self._dirty.clear()
            if not self.subscribers:
                continue
            try:
                items = await handoff.queue_items(self.redis)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning("queue snapshot failed", exc_info=True)
                await asyncio.sleep(1.0)
                self._dirty.set()
                continue
            self.broadcast(queue_frame(items))


def queue_frame(items: list[dict]) -> dict:
    return {"type": "queue", "items": items, "at": round(time.time(), 3)}


async def _send(ws: WebSocket, frame: dict) -> None:
    if ws.application_state == WebSocketState.CONNECTED:
        await ws.send_text(json.dumps(frame, ensure_ascii=False))


async def _forward(ws: WebSocket, subscriber: Subscriber) -> None:
    while True:
        try:
            frame = await subscriber.next()
        except TooSlow:
            await ws.close(CLOSE_TOO_SLOW, "trop d'événements en attente ; reconnectez-vous")
            return
        await _send(ws, frame)


async def _heartbeat(ws: WebSocket, redis: Redis, login: str, expires_at: float, keep_alive_s: float) -> None:
    """Ping, keep the presence key and the clinician's confirmed claims alive, and close when
    the token expires."""
    while True:
        background.raise_if_cancelled()
        remaining = expires_at - time.time()
        if remaining <= 0:
            await ws.close(CLOSE_UNAUTHORIZED, "session expirée")
            return
        await asyncio.sleep(min(HEARTBEAT_S, remaining))
        if time.time() >= expires_at:
            continue
        await redis.set(handoff.online_key(login), "1", ex=PRESENCE_TTL_S)
        await handoff.keep_alive(redis, login, keep_alive_s)
        await _send(ws, {"type": "ping"})


async def _receive(ws: WebSocket) -> None:
    window_start, frames = time.monotonic(), 0
    while True:
        background.raise_if_cancelled()
        raw = await ws.receive_text()
        now = time.monotonic()
        if now - window_start > 10:
            window_start, frames = now, 0
        frames += 1
        if frames > MAX_FRAMES_PER_10S:
            await ws.close(CLOSE_RATE, "trop de messages")
            return
        if len(raw) > MAX_FRAME_BYTES:
            await ws.close(CLOSE_TOO_BIG, "message trop long")
            return
        try:
            frame = json.loads(raw)
        except ValueError:
            frame = None
        if not isinstance(frame, dict):
            await _send(ws, {"type": "error", "code": "invalid_frame", "message": "Trame JSON attendue."})
            continue
        if frame.get("type") == "ping":
            await _send(ws, {"type": "pong"})
        # Actions (claim, messages, ...) go through REST, where they are validated and audited.


@router.websocket("/ws/clinician")
async def clinician_socket(ws: WebSocket, token: str | None = None) -> None:
    await ws.accept()
    state: Any = ws.app.state
    try:
        clinician = await clinicians.verify_token(state.redis, token, state.settings.secret_key)
    except clinicians.InvalidToken:
        await ws.close(CLOSE_UNAUTHORIZED, "jeton manquant ou invalide")
        return
    hub: ClinicianHub = state.clinician_hub
    subscriber = hub.register()
    presence = handoff.online_key(clinician.login)
    try:
        await state.redis.set(presence, "1", ex=PRESENCE_TTL_S)
        await _send(ws, queue_frame(await handoff.queue_items(state.redis)))
        tasks = [
            asyncio.create_task(_forward(ws, subscriber)),
            asyncio.create_task(
                _heartbeat(
                    ws, state.redis, clinician.login, clinician.expires_at, state.settings.claim_abandon_s
                )
            ),
            asyncio.create_task(_receive(ws)),
        ]
        done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        for task in done:
            exc = task.exception()
            if exc and not isinstance(exc, WebSocketDisconnect):
                logger.warning("clinician socket ended", extra={"error_type": type(exc).__name__})
    except WebSocketDisconnect:
        pass
    finally:
        hub.unregister(subscriber)
        with contextlib.suppress(Exception):
            await state.redis.delete(presence)
        if ws.application_state == WebSocketState.CONNECTED:
            with contextlib.suppress(Exception):
                await ws.close()
