"""Conversations in Redis: metadata, transcript and patient token. Owns the `gw:conv:*` keys.

Keys (all expire after the retention period, refreshed on every write):
- gw:conv:{id}        hash: status, channel, consent, token hash, triage, seq, timestamps
- gw:conv:{id}:log    list of JSON messages, oldest first, each with a monotonic `id`
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
import time
from typing import Any

from redis.asyncio import Redis

from api import events

CONVERSATION_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")

STATUS_BOT = "bot"
STATUS_WAITING = "waiting_clinician"
STATUS_WITH_CLINICIAN = "with_clinician"
STATUS_CLOSED = "closed"


def meta_key(conversation_id: str) -> str:
    return f"gw:conv:{conversation_id}"


def log_key(conversation_id: str) -> str:
    return f"gw:conv:{conversation_id}:log"


# KEYS: meta, log. ARGV: message JSON without its opening brace, retention (s), channel or "".
_APPEND = """
local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
local message = '{"id": ' .. seq .. ', ' .. ARGV[1]
redis.call('RPUSH', KEYS[2], message)
redis.call('EXPIRE', KEYS[2], ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[2])
if ARGV[3] ~= '' then
  redis.call('PUBLISH', ARGV[3], '{"type": "message", "message": ' .. message .. '}')
end
return seq
"""


def _message_body(sender: str, text: str, buttons: list[dict] | None, extra: dict) -> dict:
    """A transcript message without its id (the append script gives it)."""
    return {"sender": sender, "text": text, "buttons": buttons or [], "ts": round(time.time(), 3), **extra}


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ConversationStore:
    def __init__(self, redis: Redis, retention_seconds: int):
        self.redis = redis
        self.retention = retention_seconds

    async def create(self, conversation_id: str, channel: str, **fields: Any) -> str | None:
        """Create the conversation; returns its new token, or None if it already exists."""
        token = secrets.token_urlsafe(32)
        now = time.time()
        created = await self.redis.hsetnx(meta_key(conversation_id), "created_at", now)
        if not created:
            return None
        mapping = {
            "status": STATUS_BOT,
            "channel": channel,
            "consent": "pending",
            "token_hash": hash_token(token),
            "seq": 0,
            "updated_at": now,
            **{k: v for k, v in fields.items() if v is not None},
        }
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hset(meta_key(conversation_id), mapping=mapping)
            pipe.expire(meta_key(conversation_id), self.retention)
            await pipe.execute()
        return token

    async def get(self, conversation_id: str) -> dict[str, str] | None:
        data = await self.redis.hgetall(meta_key(conversation_id))
        if not data or "token_hash" not in data:
            return None
        return data

    def token_matches(self, meta: dict[str, str], token: str | None) -> bool:
        if not token:
            return False
        return hmac.compare_digest(meta.get("token_hash", ""), hash_token(token))

    async def update(self, conversation_id: str, **fields: Any) -> None:
        mapping = {k: (json.dumps(v) if isinstance(v, (dict, list)) else v) for k, v in fields.items()}
        mapping["updated_at"] = time.time()
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hset(meta_key(conversation_id), mapping=mapping)
            pipe.expire(meta_key(conversation_id), self.retention)
            await pipe.execute()

    async def append(
        self,
        conversation_id: str,
        sender: str,
        text: str,
        buttons: list[dict] | None = None,
        *,
        publish: bool = False,
        then_publish: dict | None = None,
        **extra: Any,
    ) -> dict:
        """Append one message to the transcript and return it with its sequence number.

        One round trip (a Lua script): the sequence number, the transcript push, both expiries
        and, with `publish`, the live event to the conversation's sockets. Atomic, so two
        messages appended at once (bot and clinician) are stored in the order of their ids.
        `then_publish`, an event for the same sockets, goes in the same round trip, after it.
        """
        body = _message_body(sender, text, buttons, extra)
        args = self._append_args(conversation_id, body, publish)
        if then_publish is None:
            seq = await self.redis.eval(*args)
        else:
            async with self.redis.pipeline(transaction=False) as pipe:
                pipe.eval(*args)
                pipe.publish(*events.conversation_event(conversation_id, then_publish))
                seq, _ = await pipe.execute()
        return {"id": int(seq), **body}

    async def append_replies(
        self, conversation_id: str, replies: list[dict], first_event: dict | None = None
    ) -> tuple[list[dict], dict[str, str]]:
        """The bot's answer to one message in one round trip: `first_event` published, each
        reply appended (and published) as `append` does, in order, then the conversation read.

        `replies` are dicts with sender, text, buttons and any extra fields. Returns the stored
        messages with their sequence numbers, and the conversation as read after them.
        """
        bodies = [
            _message_body(
                r["sender"],
                r["text"],
                r.get("buttons"),
                {k: v for k, v in r.items() if k not in ("sender", "text", "buttons")},
            )
            for r in replies
        ]
        async with self.redis.pipeline(transaction=False) as pipe:
            if first_event is not None:
                pipe.publish(*events.conversation_event(conversation_id, first_event))
            for body in bodies:
                pipe.eval(*self._append_args(conversation_id, body, publish=True))
            pipe.hgetall(meta_key(conversation_id))
            results = await pipe.execute()
        seqs = results[1:-1] if first_event is not None else results[:-1]
        return [{"id": int(seq), **body} for seq, body in zip(seqs, bodies, strict=True)], results[-1]

    def _append_args(self, conversation_id: str, body: dict, publish: bool) -> tuple:
        """The _APPEND script's call for one message (keys, body, expiry, channel or '')."""
        return (
            _APPEND,
            2,
            meta_key(conversation_id),
            log_key(conversation_id),
            # The stored JSON is '{"id": <seq>, ' + the rest, exactly as json.dumps would write it.
            json.dumps(body, ensure_ascii=False)[1:],
            self.retention,
            events.conversation_channel(conversation_id) if publish else "",
        )

    async def history(self, conversation_id: str, after: int = 0) -> list[dict]:
        raw = await self.redis.lrange(log_key(conversation_id), 0, -1)
        messages = [json.loads(item) for item in raw]
        return [m for m in messages if m.get("id", 0) > after]

    async def forget_transcript(self, conversation_id: str) -> None:
        await self.redis.delete(log_key(conversation_id))


def triage_of(meta: dict[str, str]) -> dict | None:
    raw = meta.get("triage")
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return None
