"""Patient REST API: send a message, read the history."""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Depends, Request

from api import audit, privacy
from api.conversations import ConversationStore, triage_of
from api.deps import bearer_token, conversation_id_param, get_dialogue, get_store
from api.dialogue import Dialogue, _public, public_triage
from api.errors import ApiError
from api.ratelimit import client_ip, get_limiter
from api.schemas import ConversationOut, ErrorOut, MessageIn

router = APIRouter(prefix="/api/v1/conversations", tags=["patient"])

ERRORS = {
    400: {"model": ErrorOut},
    401: {"model": ErrorOut},
    403: {"model": ErrorOut},
    404: {"model": ErrorOut},
    413: {"model": ErrorOut},
    422: {"model": ErrorOut},
}
LIMITED = {**ERRORS, 429: {"model": ErrorOut, "description": "Too many messages; see Retry-After."}}


async def authorized_meta(store: ConversationStore, conversation_id: str, token: str | None) -> dict:
    meta = await store.get(conversation_id)
    if meta is None:
        raise ApiError(404, "conversation_not_found", "Conversation inconnue ou expirée.")
    if not store.token_matches(meta, token):
        raise ApiError(
            401 if not token else 403,
            "invalid_conversation_token",
            "Jeton de conversation manquant ou invalide.",
            {"WWW-Authenticate": "Bearer"},
        )
    return meta


@router.post("", response_model=ConversationOut, status_code=201, responses=LIMITED)
async def start_conversation(
    request: Request,
    store: ConversationStore = Depends(get_store),
    dialogue: Dialogue = Depends(get_dialogue),
) -> dict:
    """Start a conversation with an unguessable id; answers the opening and the token."""
    if limiter := get_limiter(request):
        await limiter.check("ip", client_ip(request))
    conversation_id = "w-" + secrets.token_hex(16)
    token = await store.create(conversation_id, channel="web")
    messages = await dialogue.open(conversation_id)
    return {
        "conversation_id": conversation_id,
        "conversation_token": token,
        "messages": messages,
        "triage": None,
        "status": "bot",
    }


@router.post(
    "/{conversation_id}/messages",
    response_model=ConversationOut,
    response_model_exclude_none=False,
    responses=LIMITED,
)
async def post_message(
    body: MessageIn,
    request: Request,
    conversation_id: str = Depends(conversation_id_param),
    token: str | None = Depends(bearer_token),
    store: ConversationStore = Depends(get_store),
    dialogue: Dialogue = Depends(get_dialogue),
) -> dict:
    """Send the patient's message (or a button's payload); answers the assistant's messages."""
    limiter = get_limiter(request)
    if limiter:
        await limiter.check("ip", client_ip(request))
    # An existing conversation (every message but the first) costs one read; HSETNX in `create`
    # still decides which of two simultaneous first messages creates it.
    new_token = None
    meta = await store.get(conversation_id)
    if meta is None:
        new_token = await store.create(conversation_id, channel="web")
    if new_token is not None:
        meta = await store.get(conversation_id) or {}
    elif meta is None or not store.token_matches(meta, token):
        meta = await authorized_meta(store, conversation_id, token)
    if limiter:
        await limiter.check("conversation", conversation_id)
    reply = await dialogue.handle(conversation_id, body.text, meta, token=new_token)
    return reply.as_dict()


@router.get("/{conversation_id}/messages", response_model=ConversationOut, responses=ERRORS)
async def get_history(
    conversation_id: str = Depends(conversation_id_param),
    token: str | None = Depends(bearer_token),
    store: ConversationStore = Depends(get_store),
) -> dict:
    """The whole conversation so far, in the same shape as the answers."""
    meta = await authorized_meta(store, conversation_id, token)
    history = await store.history(conversation_id)
    return {
        "conversation_id": conversation_id,
        "messages": [_public(m) for m in history],
        "triage": public_triage(triage_of(meta)),
        "status": meta.get("status", "bot"),
    }


@router.get("/{conversation_id}/export", responses=ERRORS)
async def export_data(
    request: Request,
    conversation_id: str = Depends(conversation_id_param),
    token: str | None = Depends(bearer_token),
    store: ConversationStore = Depends(get_store),
) -> dict:
    """Everything held about this conversation, as JSON (RGPD right of access)."""
    await authorized_meta(store, conversation_id, token)
    await audit.record(request.app.state.redis, conversation_id, "patient", "export")
    return await privacy.export(request.app.state.redis, store, conversation_id)


@router.delete("/{conversation_id}", responses=ERRORS)
async def erase_data(
    request: Request,
    conversation_id: str = Depends(conversation_id_param),
    token: str | None = Depends(bearer_token),
    store: ConversationStore = Depends(get_store),
) -> dict:
    """Erase the transcript, answers, triage and appointments; the audit keeps the erasure itself."""
    await authorized_meta(store, conversation_id, token)
    await privacy.erase(request.app.state.redis, conversation_id, actor="patient")
    return {"conversation_id": conversation_id, "erased": True, "status": "closed"}
