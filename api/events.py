"""Live events between gateways through Redis pub/sub (any gateway can serve any socket)."""

from __future__ import annotations

import json

from redis.asyncio import Redis

CLINICIANS_CHANNEL = "gw:events:clinicians"


def conversation_channel(conversation_id: str) -> str:
    return f"gw:events:conv:{conversation_id}"


def conversation_event(conversation_id: str, event: dict) -> tuple[str, str]:
    """The channel and payload of `event` for a conversation's sockets (also for pipelines)."""
    return conversation_channel(conversation_id), json.dumps(event, ensure_ascii=False)


async def publish_conversation(redis: Redis, conversation_id: str, event: dict) -> None:
    await redis.publish(*conversation_event(conversation_id, event))


async def publish_clinicians(redis: Redis, event: dict) -> None:
    await redis.publish(CLINICIANS_CHANNEL, json.dumps(event, ensure_ascii=False))
