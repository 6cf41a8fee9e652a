"""The clinician handoff queue in Redis. Owns the `gw:handoff:*` keys.

- gw:handoff:queue        sorted set of waiting conversations; score = enqueue time minus a
                          head start per level, so urgent levels come first and a long wait
                          eventually overtakes a higher level (ageing)
- gw:handoff:{id}         hash: level, reason, summary (JSON), enqueued_at, claimed_by, ...
- gw:handoff:claims       sorted set conversation -> deadline of an unconfirmed claim
"""

from __future__ import annotations

import json
import time

from redis.asyncio import Redis

QUEUE = "gw:handoff:queue"
CLAIMS = "gw:handoff:claims"
ONLINE_PREFIX = "gw:clinician:online:"

# Head start (seconds) that each level gets in the queue: a self_care request that has
# waited 30 minutes more than a `consultation` one goes before it.
HEAD_START_S = {
    "emergency_ambulance": 4 * 3600,
    "emergency": 2 * 3600,
    "consultation_24": 3600,
    "consultation": 1800,
    "self_care": 0,
}
MINUTES_PER_CASE = 5


def record_key(conversation_id: str) -> str:
    return f"gw:handoff:{conversation_id}"


def queue_score(level: str | None, enqueued_at: float) -> float:
    return enqueued_at - HEAD_START_S.get(level or "", HEAD_START_S["consultation_24"])


async def clinicians_online(redis: Redis) -> int:
    count = 0
    async for _ in redis.scan_iter(match=ONLINE_PREFIX + "*", count=100):
        count += 1
    return count


async def enqueue(
    redis: Redis, conversation_id: str, level: str | None, reason: str, summary: dict, retention_s: int
) -> dict:
    """Put the conversation in the queue (idempotent); returns position and wait estimate."""
    now = time.time()
    key = record_key(conversation_id)
    existing = await redis.hget(key, "enqueued_at")
    enqueued_at = float(existing) if existing else now
    async with redis.pipeline(transaction=True) as pipe:
        pipe.hset(
            key,
            mapping={
                "conversation_id": conversation_id,
                "level": level or "",
                "reason": reason,
                "summary": json.dumps(summary, ensure_ascii=False),
                "enqueued_at": enqueued_at,
            },
        )
        pipe.hdel(key, "claimed_by", "claimed_at")
        pipe.expire(key, retention_s)
        pipe.zadd(QUEUE, {conversation_id: queue_score(level, enqueued_at)})
        pipe.zrem(CLAIMS, conversation_id)
        await pipe.execute()
    position = (await redis.zrank(QUEUE, conversation_id) or 0) + 1
    online = await clinicians_online(redis)
    wait = None if online == 0 else round(position * MINUTES_PER_CASE / online)
    return {"position": position, "clinicians_online": online, "estimated_wait_minutes": wait}
