"""Deliver a message written by a clinician (or the system) to the patient, on their channel."""

from __future__ import annotations

from typing import Any

from api import events


async def deliver_to_patient(state: Any, conversation_id: str, message: dict) -> None:
    """Push to the patient's WebSocket(s) through Redis; send an SMS for SMS conversations.

    `state` is `app.state`; `message` is a stored transcript message (with id and sender).
    """
    await events.publish_conversation(state.redis, conversation_id, {"type": "message", "message": message})
    meta = await state.store.get(conversation_id) or {}
    if meta.get("channel") == "sms" and getattr(state, "sms", None) is not None:
        await state.sms.send_to_conversation(conversation_id, message)
