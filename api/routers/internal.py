"""Internal API for the action server (service token): handoff requests."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from api import audit, events, handoff
from api.conversations import STATUS_WAITING, ConversationStore
from api.deps import conversation_id_param, get_store, require_service
from api.errors import ApiError
from api.schemas import ErrorOut, HandoffIn, HandoffOut

router = APIRouter(
    prefix="/internal/v1",
    tags=["internal"],
    dependencies=[Depends(require_service)],
    responses={401: {"model": ErrorOut, "description": "Missing or wrong service token."}},
)


@router.post("/conversations/{conversation_id}/handoff", response_model=HandoffOut)
async def request_handoff(
    body: HandoffIn,
    request: Request,
    conversation_id: str = Depends(conversation_id_param),
    store: ConversationStore = Depends(get_store),
) -> dict:
    """Queue the conversation for a clinician; from now on the gateway routes it to them."""
    meta = await store.get(conversation_id)
    if meta is None:
        raise ApiError(404, "conversation_not_found", "Conversation inconnue.")
    redis = request.app.state.redis
    level = (body.triage or {}).get("level")
    summary = {"triage": body.triage, "answers": body.answers, "state": body.state, "reason": body.reason}
    answer = await handoff.enqueue(
        redis, conversation_id, level, body.reason, summary, request.app.state.settings.retention_seconds
    )
    await store.update(conversation_id, status=STATUS_WAITING)
    await audit.record(
        redis, conversation_id, "assistant", "handoff_requested", reason=body.reason, level=level
    )
    await events.publish_conversation(redis, conversation_id, {"type": "status", "status": STATUS_WAITING})
    await events.publish_clinicians(redis, {"type": "queue_changed", "conversation_id": conversation_id})
    return answer
