"""RGPD: a patient's export of their data, and erasure (the audit entry of the erasure stays)."""

from __future__ import annotations

import json
import re
import time

from redis.asyncio import Redis

from api import audit, handoff
from api.conversations import STATUS_CLOSED, ConversationStore, log_key, meta_key, triage_of
from api.scheduling import Scheduling

ERASURE_REQUEST = re.compile(
    r"\b(supprim\w*|effac\w*|efface|detrui\w*|oubli\w*)\b.*\b(donnees|conversation|historique|infos?|informations)\b"
    r"|droit a l oubli"
)
ERASURE_CONFIRM = "Oui, supprimer mes données"
ERASURE_CANCEL = "Non, garder"
# Fields of the conversation hash that hold nothing about health or identity.
KEPT_FIELDS = {
    "created_at",
    "status",
    "channel",
    "consent",
    "consent_at",
    "consent_version",
    "token_hash",
    "seq",
}
RASA_TRACKER_KEY = "rasa:tracker:{}"


async def export(redis: Redis, store: ConversationStore, conversation_id: str) -> dict:
    meta = await store.get(conversation_id) or {}
    appointments = await redis.lrange(f"gw:conv:{conversation_id}:appointments", 0, -1)
    return {
        "conversation_id": conversation_id,
        "exported_at": time.time(),
        "channel": meta.get("channel"),
        "status": meta.get("status"),
        "created_at": float(meta["created_at"]) if meta.get("created_at") else None,
        "consent": {
            "state": meta.get("consent"),
            "at": meta.get("consent_at"),
            "version": meta.get("consent_version"),
        },
        "triage": triage_of(meta),
        "messages": await store.history(conversation_id),
        "appointments": [json.loads(a) for a in appointments],
        "audit": await audit.export(redis, conversation_id),
    }


async def erase(redis: Redis, conversation_id: str, actor: str) -> None:
    """Remove the transcript, answers, triage, phone, handoff and Rasa tracker of a conversation."""
    # Appointments first: the active one is cancelled so its slot returns to the pool.
    await Scheduling(redis).erase_conversation(conversation_id)
    meta = await redis.hgetall(meta_key(conversation_id))
    phone_hash = meta.get("phone_hash")
    drop = [field for field in meta if field not in KEPT_FIELDS]
    async with redis.pipeline(transaction=True) as pipe:
        pipe.delete(
            log_key(conversation_id),
            f"gw:conv:{conversation_id}:pending",
            f"gw:sms:buttons:{conversation_id}",
            handoff.record_key(conversation_id),
            RASA_TRACKER_KEY.format(conversation_id),
            f"gw:conv:{conversation_id}:appointments",
        )
        if drop:
            pipe.hdel(meta_key(conversation_id), *drop)
        pipe.hset(meta_key(conversation_id), mapping={"status": STATUS_CLOSED, "erased_at": time.time()})
        if phone_hash:
            pipe.delete(f"gw:sms:phone:{phone_hash}")
        await pipe.execute()
    await handoff.forget(redis, conversation_id)
    await audit.record(redis, conversation_id, actor, "erasure")
