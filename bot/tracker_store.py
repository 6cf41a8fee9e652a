"""A Redis tracker store whose cost per message stays flat as a conversation grows.

Rasa's own RedisTrackerStore reads, merges and rewrites the whole serialised tracker on every
message, with a blocking client, so a message costs more the longer the conversation. Here:
- events live in a Redis list (`rasa:tracker:<sender_id>`); a save appends only the events
  added since the tracker was retrieved (RPUSH), with the non-blocking client;
- when the list grows past `compact_at` events, everything before the last `keep_events`
  events (cut at a user turn) is replaced by a snapshot of the state at the cut: the slots
  that were set, the active loop and the paused flag. Rules and forms only look at the last
  few turns, so the dialogue behaves the same, and each retrieve replays a bounded number of
  events instead of the whole history. The full transcript is kept by the gateway.
"""

from __future__ import annotations

import itertools
import json
import logging
from typing import Any, Dict, Iterable, List, Optional, Text

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActiveLoop, ConversationPaused, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.redis_client import redis_client

logger = logging.getLogger(__name__)

_PERSISTED = "_persisted_events"  # attribute on a tracker: how many of its events are in Redis


class CompactingRedisTrackerStore(TrackerStore):
    def __init__(
        self,
        domain: Domain,
        host: Text = "localhost",
        port: Any = 6379,
        db: Any = 0,
        password: Optional[Text] = None,
        record_exp: Any = None,
        key_prefix: Text = "rasa",
        compact_at: Any = 60,
        keep_events: Any = 24,
        event_broker: Optional[EventBroker] = None,
        **kwargs: Dict[Text, Any],
    ) -> None:
        self.red = redis_client(host, port, db, password)
        self.record_exp = int(float(record_exp)) if record_exp not in (None, "") else None
        self.prefix = f"{key_prefix}:tracker:"
        self.compact_at = int(compact_at)
        self.keep_events = int(keep_events)
        super().__init__(domain, event_broker, **kwargs)

    def key(self, sender_id: Text) -> Text:
        return self.prefix + sender_id

    async def keys(self) -> Iterable[Text]:
        return [k[len(self.prefix) :] async for k in self.red.scan_iter(match=self.prefix + "*")]

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        raw = await self.red.lrange(self.key(sender_id), 0, -1)
        if not raw:
            return None
        events = [json.loads(item) for item in raw]
        tracker = DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        setattr(tracker, _PERSISTED, len(tracker.events))
        return tracker

    async def retrieve_full_tracker(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        return await self.retrieve(sender_id)

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        key = self.key(tracker.sender_id)
        persisted = getattr(tracker, _PERSISTED, None)
        total = len(tracker.events)
        if persisted is None and await self.red.exists(key):
            # A tracker this store did not load, over a stored conversation: the retrieve
            # failed (Redis restarting) and Rasa started afresh. Refuse rather than replace
            # the conversation's state; the gateway tells the patient to try again.
            raise RuntimeError(f"refusing to overwrite the stored tracker of {tracker.sender_id}")
        async with self.red.pipeline(transaction=True) as pipe:
            if persisted is None:  # a new conversation: write it whole
                new_events = list(tracker.events)
            else:
                new_events = list(itertools.islice(tracker.events, persisted, None))
            if new_events:
                pipe.rpush(key, *(json.dumps(e.as_dict()) for e in new_events))
            if self.record_exp:
                pipe.expire(key, self.record_exp)
            pipe.llen(key)
            results = await pipe.execute()
        setattr(tracker, _PERSISTED, total)
        if results[-1] > self.compact_at:
            await self._compact(tracker)

    async def _compact(self, tracker: DialogueStateTracker) -> None:
        """Replace the events before the last user turns by a snapshot of the state at the cut."""
        events: List[Event] = list(tracker.events)
        cut = max(0, len(events) - self.keep_events)
        while cut > 0 and not isinstance(events[cut], UserUttered):
            cut -= 1
        if cut <= 0:
            return
        at_cut = DialogueStateTracker.from_events(tracker.sender_id, events[:cut], self.domain.slots)
        snapshot: List[Event] = []
        for name, slot in at_cut.slots.items():
            if slot.value != slot.initial_value:
                snapshot.append(SlotSet(name, slot.value))
        if at_cut.active_loop_name:
            snapshot.append(ActiveLoop(at_cut.active_loop_name))
        if at_cut.is_paused():
            snapshot.append(ConversationPaused())
        compacted = snapshot + events[cut:]
        key = self.key(tracker.sender_id)
        async with self.red.pipeline(transaction=True) as pipe:
            pipe.delete(key)
            pipe.rpush(key, *(json.dumps(e.as_dict()) for e in compacted))
            if self.record_exp:
                pipe.expire(key, self.record_exp)
            await pipe.execute()
        logger.debug("compacted tracker %s: %d -> %d events", tracker.sender_id, len(events), len(compacted))
