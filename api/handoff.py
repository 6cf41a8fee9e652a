"""The clinician handoff queue in Redis. Owns the `gw:handoff:*` keys.

- gw:handoff:queue        sorted set of waiting conversations; score = enqueue time minus a
                          head start per level, so urgent levels come first and a long wait
                          eventually overtakes a higher level (ageing)
- gw:handoff:active       sorted set of every conversation in handoff (waiting or held by a
                          clinician), same score: what the clinicians' queue view lists
- gw:handoff:{id}         hash: level, reason, summary (JSON), enqueued_at, score, red_flag,
                          claimed_by, claimed_name, claimed_at, confirmed, ended_at, ...
- gw:handoff:claims       sorted set conversation -> deadline of a claim: unconfirmed, the
                          claim timeout; confirmed, the holder's keep-alive (refreshed by each
                          of their actions and console heartbeats), so a clinician who has gone
                          leaves nobody waiting for ever

Every state change that two clinicians or two gateways could race on is one Lua script, so
Redis decides the single winner (claim: the ZREM from the queue wins). All state is in Redis;
a gateway restart loses nothing. The reaper (`run_reaper`, started in the app lifespan of
every gateway) puts claims nobody acted on back in the queue; the script makes sure only one
gateway does it.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from typing import Any

from redis.asyncio import Redis

from api import audit, background, events, notify
from api.conversations import STATUS_WAITING

logger = logging.getLogger(__name__)

QUEUE = "gw:handoff:queue"
ACTIVE = "gw:handoff:active"
CLAIMS = "gw:handoff:claims"
ONLINE_PREFIX = "gw:clinician:online:"
MAX_LISTED = 500

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

# Claim outcomes
CLAIMED = "claimed"
ALREADY_YOURS = "already_yours"
TAKEN = "taken"
NOT_WAITING = "not_waiting"

TEXT_CLAIM_EXPIRED = (
    "Le soignant qui avait pris votre demande n'a pas pu poursuivre : elle est de nouveau en "
    "attente et un autre soignant va vous répondre. En cas d'urgence, appelez le 15 ou le 112."
)

# KEYS: queue, claims, record. ARGV: id, login, name, now, deadline.
# The ZREM from the queue is the single point of truth: whoever removes it owns the claim.
_CLAIM = """
if redis.call('ZREM', KEYS[1], ARGV[1]) == 1 then
  redis.call('HSET', KEYS[3], 'claimed_by', ARGV[2], 'claimed_name', ARGV[3], 'claimed_at', ARGV[4], 'confirmed', '0')
  redis.call('ZADD', KEYS[2], ARGV[5], ARGV[1])
  return {'claimed', ARGV[2]}
end
local holder = redis.call('HGET', KEYS[3], 'claimed_by')
if not holder then return {'not_waiting', ''} end
if holder == ARGV[2] then return {'already_yours', holder} end
return {'taken', holder}
"""

# KEYS: record, claims. ARGV: id, login, keep-alive deadline.
# 0: not yours; 1: was confirmed already; 2: confirmed now. Either way the deadline moves on.
_CONFIRM = """
if redis.call('HGET', KEYS[1], 'claimed_by') ~= ARGV[2] then return 0 end
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
if redis.call('HGET', KEYS[1], 'confirmed') == '1' then return 1 end
redis.call('HSET', KEYS[1], 'confirmed', '1')
return 2
"""

# KEYS: claims, queue, record. ARGV: id, now.
# Returns {login, confirmed} of the claim whose deadline passed, or false.
_RELEASE_EXPIRED = """
local deadline = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not deadline or tonumber(deadline) > tonumber(ARGV[2]) then return false end
redis.call('ZREM', KEYS[1], ARGV[1])
local score = redis.call('HGET', KEYS[3], 'score')
local holder = redis.call('HGET', KEYS[3], 'claimed_by')
if not score or not holder then return false end
local confirmed = redis.call('HGET', KEYS[3], 'confirmed') or '0'
redis.call('HDEL', KEYS[3], 'claimed_by', 'claimed_name', 'claimed_at', 'confirmed')
redis.call('ZADD', KEYS[2], score, ARGV[1])
return {holder, confirmed}
"""

# KEYS: record, queue, claims, active. ARGV: id, login, now, final status.
# Ends the handoff (hand back or close) if, and only if, the caller holds the claim.
_END = """
if redis.call('HGET', KEYS[1], 'claimed_by') ~= ARGV[2] then return 0 end
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('ZREM', KEYS[4], ARGV[1])
redis.call('HSET', KEYS[1], 'ended_at', ARGV[3], 'ended_by', ARGV[2], 'end_status', ARGV[4], 'handled_by', ARGV[2])
redis.call('HDEL', KEYS[1], 'claimed_by', 'claimed_name', 'claimed_at', 'confirmed')
return 1
"""

# KEYS: record, queue, active. ARGV: id, head start (s). Moves a conversation in handoff up
# to the emergency_ambulance rank (never down) and marks the red flag.
_ESCALATE = """
if not redis.call('ZSCORE', KEYS[3], ARGV[1]) then return 0 end
local enq = tonumber(redis.call('HGET', KEYS[1], 'enqueued_at'))
if not enq then return 0 end
redis.call('HSET', KEYS[1], 'red_flag', '1')
local new = enq - tonumber(ARGV[2])
local cur = tonumber(redis.call('HGET', KEYS[1], 'score'))
if cur and cur <= new + 0.001 then return 1 end
local s = string.format('%.3f', new)
redis.call('HSET', KEYS[1], 'score', s)
redis.call('ZADD', KEYS[2], 'XX', s, ARGV[1])
redis.call('ZADD', KEYS[3], 'XX', s, ARGV[1])
return 2
"""


def record_key(conversation_id: str) -> str:
    return f"gw:handoff:{conversation_id}"


def online_key(login: str) -> str:
    return ONLINE_PREFIX + login


def queue_score(level: str | None, enqueued_at: float, red_flag: bool = False) -> float:
    head_start = HEAD_START_S.get(level or "", HEAD_START_S["consultation_24"])
    if red_flag:
        head_start = max(head_start, HEAD_START_S["emergency_ambulance"])
    return enqueued_at - head_start


async def clinicians_online(redis: Redis) -> int:
    count = 0
    async for _ in redis.scan_iter(match=ONLINE_PREFIX + "*", count=100):
        count += 1
    return count


async def enqueue(
    redis: Redis,
    conversation_id: str,
    level: str | None,
    reason: str,
    summary: dict,
    retention_s: int,
    now: float | None = None,
) -> dict:
    """Put the conversation in the queue (idempotent while in handoff); returns position and wait estimate."""
    now = time.time() if now is None else now
    key = record_key(conversation_id)
    in_handoff = await redis.zscore(ACTIVE, conversation_id) is not None
    existing = await redis.hmget(key, "enqueued_at", "red_flag") if in_handoff else [None, None]
    enqueued_at = float(existing[0]) if existing[0] else round(now, 3)
    red_flag = existing[1] == "1"
    score = queue_score(level, enqueued_at, red_flag)
    async with redis.pipeline(transaction=True) as pipe:
        if not in_handoff:
            pipe.delete(key)
        pipe.hset(
            key,
            mapping={
                "conversation_id": conversation_id,
                "level": level or "",
                "reason": reason,
                "summary": json.dumps(summary, ensure_ascii=False),
                "enqueued_at": enqueued_at,
                "score": f"{score:.3f}",
            },
        )
        pipe.hdel(key, "claimed_by", "claimed_name", "claimed_at", "confirmed")
        pipe.expire(key, retention_s)
        pipe.zadd(QUEUE, {conversation_id: score})
        pipe.zadd(ACTIVE, {conversation_id: score})
        pipe.zrem(CLAIMS, conversation_id)
        await pipe.execute()
    position = (await redis.zrank(QUEUE, conversation_id) or 0) + 1
    online = await clinicians_online(redis)
    wait = None if online == 0 else round(position * MINUTES_PER_CASE / online)
    return {"position": position, "clinicians_online": online, "estimated_wait_minutes": wait}


async def get_record(redis: Redis, conversation_id: str) -> dict[str, Any] | None:
    """The handoff record with its summary decoded; None if the conversation was never handed off."""
    data = await redis.hgetall(record_key(conversation_id))
    if not data or "enqueued_at" not in data:
        return None
    return _decode(data)


def _decode(data: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = dict(data)
    try:
        out["summary"] = json.loads(data.get("summary") or "{}")
    except ValueError:
        out["summary"] = {}
    out["enqueued_at"] = float(data.get("enqueued_at") or 0)
    out["red_flag"] = data.get("red_flag") == "1"
    return out


async def claim(
    redis: Redis, conversation_id: str, login: str, display_name: str, timeout_s: float
) -> tuple[str, str]:
    """Atomically take a waiting conversation. Returns (outcome, holder login)."""
    now = time.time()
    outcome, holder = await redis.eval(
        _CLAIM,
        3,
        QUEUE,
        CLAIMS,
        record_key(conversation_id),
        conversation_id,
        login,
        display_name,
        f"{now:.3f}",
        f"{now + timeout_s:.3f}",
    )
    return outcome, holder


async def confirm(redis: Redis, conversation_id: str, login: str, keep_alive_s: float) -> bool:
    """The holder acted on the claim: it is theirs while they show signs of life (this call,
    `keep_alive`) at least every `keep_alive_s`. False if `login` does not hold it."""
    deadline = f"{time.time() + keep_alive_s:.3f}"
    result = await redis.eval(
        _CONFIRM, 2, record_key(conversation_id), CLAIMS, conversation_id, login, deadline
    )
    return int(result) > 0


async def keep_alive(redis: Redis, login: str, keep_alive_s: float) -> int:
    """The clinician's console is open: push back the deadline of the claims they confirmed.
    Returns how many. (A claim released meanwhile is not re-added: ZADD XX.)"""
    ids = await redis.zrange(CLAIMS, 0, -1)
    if not ids:
        return 0
    async with redis.pipeline(transaction=False) as pipe:
        for conversation_id in ids:
            pipe.hmget(record_key(conversation_id), "claimed_by", "confirmed")
        rows = await pipe.execute()
    held = [cid for cid, (who, confirmed) in zip(ids, rows, strict=True) if who == login and confirmed == "1"]
    if held:
        deadline = time.time() + keep_alive_s
        await redis.zadd(CLAIMS, {cid: deadline for cid in held}, xx=True)
    return len(held)


async def holder(redis: Redis, conversation_id: str) -> str | None:
    return await redis.hget(record_key(conversation_id), "claimed_by")


async def in_handoff(redis: Redis, conversation_id: str) -> bool:
    return await redis.zscore(ACTIVE, conversation_id) is not None


async def end(redis: Redis, conversation_id: str, login: str, final_status: str) -> bool:
    """Hand back or close; only the holder can. False if `login` does not hold the claim."""
    result = await redis.eval(
        _END,
        4,
        record_key(conversation_id),
        QUEUE,
        CLAIMS,
        ACTIVE,
        conversation_id,
        login,
        f"{time.time():.3f}",
        final_status,
    )
    return int(result) == 1


async def escalate(redis: Redis, conversation_id: str) -> bool:
    """A red flag while waiting or held: rank it as a vital emergency. True if it moved up."""
    result = await redis.eval(
        _ESCALATE,
        3,
        record_key(conversation_id),
        QUEUE,
        ACTIVE,
        conversation_id,
        HEAD_START_S["emergency_ambulance"],
    )
    return int(result) == 2


async def set_level(redis: Redis, conversation_id: str, level: str) -> None:
    """A clinician changed the level: re-rank the conversation (a red flag keeps its rank)."""
    data = await redis.hmget(record_key(conversation_id), "enqueued_at", "red_flag")
    if not data[0]:
        return
    score = queue_score(level, float(data[0]), data[1] == "1")
    async with redis.pipeline(transaction=True) as pipe:
        pipe.hset(record_key(conversation_id), mapping={"level": level, "score": f"{score:.3f}"})
        pipe.zadd(QUEUE, {conversation_id: score}, xx=True)
        pipe.zadd(ACTIVE, {conversation_id: score}, xx=True)
        await pipe.execute()


async def forget(redis: Redis, conversation_id: str) -> None:
    """Erasure: take the conversation out of every handoff structure."""
    async with redis.pipeline(transaction=True) as pipe:
        pipe.zrem(QUEUE, conversation_id)
        pipe.zrem(ACTIVE, conversation_id)
        pipe.zrem(CLAIMS, conversation_id)
        pipe.delete(record_key(conversation_id))
        await pipe.execute()


def _complaints(summary: dict) -> list[str]:
    state = summary.get("state") or {}
    triage = summary.get("triage") or {}
    found = state.get("complaints") or triage.get("complaints") or []
    return [str(c) for c in found if c][:10]


async def queue_items(redis: Redis, now: float | None = None) -> list[dict]:
    """The clinicians' view: waiting conversations in priority order, then those held by a clinician."""
    now = time.time() if now is None else now
    async with redis.pipeline(transaction=False) as pipe:
        pipe.zrange(QUEUE, 0, MAX_LISTED - 1)
        pipe.zrange(ACTIVE, 0, MAX_LISTED - 1)
        waiting, active = await pipe.execute()
    waiting_set = set(waiting)
    ids = list(waiting) + [i for i in active if i not in waiting_set]
    if not ids:
        return []
    fields = (
        "level",
        "reason",
        "enqueued_at",
        "claimed_by",
        "claimed_name",
        "red_flag",
        "summary",
        "confirmed",
    )
    async with redis.pipeline(transaction=False) as pipe:
        for conversation_id in ids:
            pipe.hmget(record_key(conversation_id), *fields)
            pipe.hmget(f"gw:conv:{conversation_id}", "status", "channel")
        rows = await pipe.execute()
    items, stale = [], []
    for i, conversation_id in enumerate(ids):
        record = dict(zip(fields, rows[2 * i], strict=True))
        status, channel = rows[2 * i + 1]
        if not record["enqueued_at"]:
            stale.append(conversation_id)
            continue
        try:
            summary = json.loads(record["summary"] or "{}")
        except ValueError:
            summary = {}
        waiting_now = conversation_id in waiting_set
        items.append(
            {
                "conversation_id": conversation_id,
                "level": record["level"] or None,
                "reason": record["reason"] or "",
                "status": status or (STATUS_WAITING if waiting_now else "with_clinician"),
                "channel": channel or "web",
                "waiting_seconds": max(0, round(now - float(record["enqueued_at"]))),
                "claimed_by": None if waiting_now else record["claimed_by"],
                "claimed_by_name": None if waiting_now else record["claimed_name"],
                "claim_confirmed": record["confirmed"] == "1",
                "red_flag": record["red_flag"] == "1",
                "complaints": _complaints(summary),
            }
        )
    if stale:  # records gone (retention or erasure): drop them from the indexes too
        async with redis.pipeline(transaction=True) as pipe:
            pipe.zrem(QUEUE, *stale)
            pipe.zrem(ACTIVE, *stale)
            pipe.zrem(CLAIMS, *stale)
            await pipe.execute()
    return items


# ---- what happens around a state change (shared by the REST router and the reaper) ----------


async def tell_patient(state: Any, conversation_id: str, text: str) -> dict:
    """A gateway message to the patient, on their channel, kept in the transcript."""
    message = await state.store.append(conversation_id, "system", text)
    await notify.deliver_to_patient(state, conversation_id, message)
    await events.publish_clinicians(
        state.redis, {"type": "message", "conversation_id": conversation_id, "message": message}
    )
    return message


async def announce_status(redis: Redis, conversation_id: str, status: str) -> None:
    """Tell the patient's sockets and every clinician socket that the status changed."""
    await events.publish_conversation(redis, conversation_id, {"type": "status", "status": status})
    await events.publish_clinicians(
        redis, {"type": "status", "conversation_id": conversation_id, "status": status}
    )
    await events.publish_clinicians(redis, {"type": "queue_changed", "conversation_id": conversation_id})


@dataclass
class Released:
    conversation_id: str
    login: str
    abandoned: bool = False  # the claim had been confirmed, then its clinician went silent


async def release_expired(state: Any, now: float | None = None) -> list[Released]:
    """Claims not acted on before their deadline go back to the queue (one gateway wins each)."""
    redis: Redis = state.redis
    now = time.time() if now is None else now
    due = await redis.zrangebyscore(CLAIMS, "-inf", now, start=0, num=100)
    released = []
    for conversation_id in due:
        outcome = await redis.eval(
            _RELEASE_EXPIRED, 3, CLAIMS, QUEUE, record_key(conversation_id), conversation_id, f"{now:.3f}"
        )
        if not outcome:
            continue
        login, confirmed = outcome
        abandoned = confirmed == "1"
        released.append(Released(conversation_id, login, abandoned))
        await state.store.update(conversation_id, status=STATUS_WAITING)
        await audit.record(
            redis, conversation_id, f"clinician:{login}", "claim_abandoned" if abandoned else "claim_expired"
        )
        await tell_patient(state, conversation_id, TEXT_CLAIM_EXPIRED)
        await announce_status(redis, conversation_id, STATUS_WAITING)
        logger.info("claim expired", extra={"conversation_id": conversation_id})
    return released


async def run_reaper(state: Any, timeout_s: float) -> None:
    """Background task of every gateway: checks for expired claims a few times per timeout."""
    await background.every(
        max(0.2, min(5.0, timeout_s / 4)), lambda: release_expired(state), "handoff reaper"
    )
