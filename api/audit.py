"""Append-only audit log in Redis streams: who did what, when, to which conversation.

- gw:audit            every entry (for operations and retention review)
- gw:audit:{conv_id}  the same entries for one conversation (export)
Entries never hold free text from the patient, only decisions and identifiers.
"""

from __future__ import annotations

import json
import time
from typing import Any

from redis.asyncio import Redis

GLOBAL_STREAM = "gw:audit"


def conversation_stream(conversation_id: str) -> str:
    return f"gw:audit:{conversation_id}"


async def record(redis: Redis, conversation_id: str, actor: str, action: str, **data: Any) -> str:
    entry = {
        "conversation_id": conversation_id,
        "actor": actor,
        "action": action,
        "at": f"{time.time():.3f}",
        "data": json.dumps(data, ensure_ascii=False, default=str),
    }
    async with redis.pipeline(transaction=True) as pipe:
        pipe.xadd(GLOBAL_STREAM, entry)
        pipe.xadd(conversation_stream(conversation_id), entry)
        ids = await pipe.execute()
    return ids[0]


async def export(redis: Redis, conversation_id: str) -> list[dict]:
    entries = await redis.xrange(conversation_stream(conversation_id))
    out = []
    for entry_id, fields in entries:
        item = dict(fields)
        item["id"] = entry_id
        item["data"] = json.loads(item.get("data") or "{}")
        item["at"] = float(item["at"])
        out.append(item)
    return out
