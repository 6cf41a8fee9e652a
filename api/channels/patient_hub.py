"""This gateway's one Redis subscription for all its patient sockets.

Each conversation has its channel (`events.conversation_channel`). A patient socket used to
subscribe on a Redis connection of its own, so a gateway with 3,000 open widgets held 3,000
connections to Redis (whose `maxclients` is 10,000 for every process together). Now the hub
holds one connection, subscribes to a conversation's channel while at least one of this
gateway's sockets shows that conversation, and puts each event in those sockets' outboxes.

Nothing is lost when the subscription is:
- `subscribe()` returns once Redis has confirmed the channel, so a history read after it and
  the live events overlap instead of leaving a gap (the widget drops duplicates by id);
- after the connection is lost and made again (by redis-py's retries or by the hub), every
  socket gets `RESYNC` in its outbox and reads the history after the last message it sent.

At most one SUBSCRIBE per channel is in flight, and no UNSUBSCRIBE is sent while it is, so a
confirmation always answers the request it is taken for.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from redis.asyncio import Redis
from redis.asyncio.client import PubSub
from redis.exceptions import RedisError

from api import background, events
from api.channels.fanout import Subscriber

logger = logging.getLogger(__name__)

# Subscribed on every connection the hub makes: its confirmation arriving unasked means the
# connection was made again, and whatever was published meanwhile was missed.
CONTROL_CHANNEL = "gw:events:patient-hub"
SUBSCRIBE_TIMEOUT_S = 5.0
RECONNECT_DELAY_S = 0.5


class RESYNC:  # noqa: N801 - a sentinel, put in outboxes as the class itself
    """Events may have been missed: read the stored history again."""


class HubUnavailable(Exception):
    """Redis did not confirm the subscription in time."""


class PatientSubscriber(Subscriber):
    def __init__(self, channel: str) -> None:
        super().__init__()
        self.channel = channel


class PatientHub:
    def __init__(self, redis: Redis, subscribe_timeout_s: float = SUBSCRIBE_TIMEOUT_S) -> None:
        self.redis = redis
        self.subscribe_timeout_s = subscribe_timeout_s
        self._sockets: dict[str, set[PatientSubscriber]] = {}
        self._pending: dict[str, asyncio.Future[None]] = {}
        self._confirmed: set[str] = set()
        self._pubsub: PubSub | None = None
        self._online = asyncio.Event()
        self._lock = asyncio.Lock()
        self._task: asyncio.Task | None = None
        self.reconnections = 0

    @property
    def channels(self) -> int:
        """Conversations this gateway is subscribed to for its sockets."""
        return len(self._sockets)

    @property
    def sockets(self) -> int:
        return sum(len(s) for s in self._sockets.values())

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    @contextlib.asynccontextmanager
    async def subscription(self, conversation_id: str) -> AsyncIterator[PatientSubscriber]:
        subscriber = await self.subscribe(conversation_id)
        try:
            yield subscriber
        finally:
            await self.unsubscribe(subscriber)

    async def subscribe(self, conversation_id: str) -> PatientSubscriber:
        """A new outbox for the conversation's events, once Redis has confirmed the channel."""
        subscriber = PatientSubscriber(events.conversation_channel(conversation_id))
        try:
            async with asyncio.timeout(self.subscribe_timeout_s):
                await self._online.wait()
                waiting = await self._add(subscriber)
                if waiting is not None:
                    await asyncio.shield(waiting)
        except BaseException as exc:
            with contextlib.suppress(Exception):
                await self.unsubscribe(subscriber)
            if isinstance(exc, (TimeoutError, OSError, RedisError)):
                raise HubUnavailable(str(exc) or type(exc).__name__) from exc
            raise
        return subscriber

    async def _add(self, subscriber: PatientSubscriber) -> asyncio.Future[None] | None:
        channel = subscriber.channel
        async with self._lock:
            self._sockets.setdefault(channel, set()).add(subscriber)
            if channel in self._confirmed:
                return None
            waiting = self._pending.get(channel)
            if waiting is None:
                waiting = asyncio.get_running_loop().create_future()
                self._pending[channel] = waiting
                pubsub = self._pubsub
                if pubsub is None:  # lost since _online was seen: the next connection subscribes it
                    return waiting
                try:
                    await pubsub.subscribe(channel)
                except BaseException as exc:  # cancelled too: a pending entry nobody answers
                    # would make every later socket of this conversation wait in vain
                    self._pending.pop(channel, None)
                    if not waiting.done():
                        waiting.set_exception(
                            exc if isinstance(exc, Exception) else HubUnavailable("subscription cancelled")
                        )
                        waiting.exception()  # retrieved: no "never retrieved" warning
                    raise
            return waiting

    async def unsubscribe(self, subscriber: PatientSubscriber) -> None:
        channel = subscriber.channel
        async with self._lock:
            sockets = self._sockets.get(channel)
            if sockets is None:
                return
            sockets.discard(subscriber)
            if sockets:
                return
            del self._sockets[channel]
            if channel in self._pending:
                return  # its confirmation, when it comes, finds nobody and unsubscribes
            if channel in self._confirmed:
                self._confirmed.discard(channel)
                await self._send_unsubscribe(channel)

    async def _send_unsubscribe(self, channel: str) -> None:
        pubsub = self._pubsub
        if pubsub is None:
            return
        try:
            await pubsub.unsubscribe(channel)
        except Exception:  # the connection is gone; the next one subscribes only what is wanted
            logger.warning("patient hub: unsubscribe failed", exc_info=True)

    async def _run(self) -> None:
        while True:
            pubsub = self.redis.pubsub()
            try:
                async with self._lock:
                    self._confirmed.clear()
                    wanted = set(self._sockets) | set(self._pending)
                    await pubsub.subscribe(CONTROL_CHANNEL, *sorted(wanted))
                    self._pubsub = pubsub
                self._online.set()
                while True:
                    background.raise_if_cancelled()
                    message = await pubsub.get_message(timeout=1.0)
                    if message is not None:
                        await self._handle(message)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning("patient events subscription lost; retrying", exc_info=True)
            finally:
                self._online.clear()
                self._pubsub = None
                with contextlib.suppress(Exception):
                    await pubsub.aclose()
            background.raise_if_cancelled()
            await asyncio.sleep(RECONNECT_DELAY_S)

    async def _handle(self, message: dict) -> None:
        kind, channel = message.get("type"), message.get("channel")
        if kind == "message":
            for subscriber in self._sockets.get(channel, ()):
                subscriber.push(message["data"])
        elif kind == "subscribe":
            if channel == CONTROL_CHANNEL:
                self._connected_again()
                return
            async with self._lock:
                self._confirmed.add(channel)
                waiting = self._pending.pop(channel, None)
                if waiting is not None and not waiting.done():
                    waiting.set_result(None)
                if channel not in self._sockets:
                    self._confirmed.discard(channel)
                    await self._send_unsubscribe(channel)

    def _connected_again(self) -> None:
        """Every connection confirms the control channel first (a new one, or redis-py's own
        reconnection, which subscribes again to everything in one command)."""
        self.reconnections += 1
        if self.reconnections == 1:
            return  # the hub's first connection: nothing was missed
        logger.warning("patient events subscription made again; sockets resync")
        for sockets in self._sockets.values():
            for subscriber in sockets:
                subscriber.push(RESYNC)
