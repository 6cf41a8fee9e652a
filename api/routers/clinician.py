"""Clinician REST API under /api/v1/clinician/: login, queue, claim, messages, level, hand back, close, audit.

Every endpoint but the token one needs `Authorization: Bearer <access token>`; any failure
is the same 401 so nothing tells an attacker why. Actions on a conversation need its claim
(one clinician at a time); each one is written to the audit stream before anyone sees it.
"""

from __future__ import annotations

import asyncio
import time
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

import yaml
from fastapi import APIRouter, Depends, Request
from fastapi.security import OAuth2PasswordBearer, OAuth2PasswordRequestForm

from api import audit, clinicians, events, handoff, notify
from api.clinicians import Clinician
from api.conversations import STATUS_BOT, STATUS_CLOSED, STATUS_WITH_CLINICIAN, ConversationStore, triage_of
from api.deps import conversation_id_param, get_redis, get_settings, get_store
from api.dialogue import public_triage
from api.errors import ApiError
from api.rasa_client import RasaUnavailable
from api.schemas import (
    AuditOut,
    ClaimOut,
    ClinicianConversationOut,
    ClinicianMessageIn,
    ClinicianMessageOut,
    ClinicianOut,
    CloseIn,
    ErrorOut,
    LevelIn,
    LevelOut,
    QueueOut,
    StatusOut,
    TokenOut,
)
from api.settings import Settings

router = APIRouter(prefix="/api/v1/clinician", tags=["clinician"])
oauth2 = OAuth2PasswordBearer(tokenUrl="/api/v1/clinician/token", auto_error=False)

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut},
    404: {"model": ErrorOut},
    409: {"model": ErrorOut},
    422: {"model": ErrorOut},
}
AUTH_HEADERS = {"WWW-Authenticate": "Bearer"}

TEXT_JOINED = "Un soignant ({name}) a rejoint la conversation."
TEXT_HANDBACK = (
    "Le soignant vous a redirigé vers l'assistant automatique : vous pouvez continuer ici. "
    "En cas d'urgence, appelez le 15 ou le 112."
)
TEXT_CLOSED = (
    "Le soignant a clôturé cette conversation. Si votre état s'aggrave ou si un nouveau symptôme "
    "inquiétant apparaît, appelez le 15 (ou le 112)."
)
TEXT_LEVEL = "Un soignant a revu le niveau d'urgence de votre situation : {label}. {advice}"

# Answers the console shows next to the protocol's own question ids.
PROFILE_FIELDS = (
    "age_years",
    "subject",
    "sex",
    "pregnant",
    "duration_hours",
    "pain_score",
    "anticoagulant",
    "antiplatelet",
    "chronic",
    "immunosuppressed",
)


async def current_clinician(request: Request, token: Annotated[str | None, Depends(oauth2)]) -> Clinician:
    """The clinician behind the bearer token; 401 without detail otherwise."""
    if not token:
        raise ApiError(401, "not_authenticated", "Authentification requise.", AUTH_HEADERS)
    try:
        return await clinicians.verify_token(
            request.app.state.redis, token, request.app.state.settings.secret_key
        )
    except clinicians.InvalidToken:
        raise ApiError(
            401, "invalid_token", "Session expirée ou jeton invalide : reconnectez-vous.", AUTH_HEADERS
        ) from None


CurrentClinician = Annotated[Clinician, Depends(current_clinician)]
ConversationId = Annotated[str, Depends(conversation_id_param)]


def _state(request: Request) -> Any:
    return request.app.state


# ---- helpers -------------------------------------------------------------------------------


async def _handoff_record(redis: Any, conversation_id: str) -> dict:
    """Clinicians see only conversations that were handed off to them."""
    record = await handoff.get_record(redis, conversation_id)
    if record is None:
        raise ApiError(
            404, "conversation_not_found", "Conversation inconnue ou jamais transmise à un soignant."
        )
    return record


async def _meta(store: ConversationStore, conversation_id: str) -> dict[str, str]:
    meta = await store.get(conversation_id)
    if meta is None:
        raise ApiError(404, "conversation_not_found", "Conversation inconnue ou expirée.")
    return meta


async def _require_claim(state: Any, conversation_id: str, clinician: Clinician) -> None:
    """The caller holds the claim: this confirms it (it stays theirs while they are active)."""
    redis = state.redis
    if not await handoff.confirm(redis, conversation_id, clinician.login, state.settings.claim_abandon_s):
        if not await handoff.in_handoff(redis, conversation_id):
            raise ApiError(409, "not_in_handoff", "Cette conversation n'est plus en attente d'un soignant.")
        raise ApiError(409, "not_claimed_by_you", "Prenez d'abord cette conversation en charge.")


def _actor(clinician: Clinician) -> str:
    return f"clinician:{clinician.login}"


@lru_cache
def _levels(protocol_file: Path) -> dict[str, dict]:
    data = yaml.safe_load(protocol_file.read_text(encoding="utf-8")) or {}
    return data.get("levels") or {}


async def _level_texts(settings: Settings, level: str) -> dict:
    try:
        levels = await asyncio.to_thread(_levels, Path(settings.protocol_dir) / "protocol.yml")
    except (OSError, yaml.YAMLError):
        return {}
    return levels.get(level) or {}


# ---- login -----------------------------------------------------------------------------------


@router.post(
    "/token", response_model=TokenOut, responses={401: {"model": ErrorOut}, 429: {"model": ErrorOut}}
)
async def login(
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    request: Request,
    settings: Annotated[Settings, Depends(get_settings)],
) -> dict:
    """OAuth2 password flow: form fields `username` and `password` give a short-lived bearer token."""
    redis = request.app.state.redis
    try:
        clinician = await clinicians.authenticate(redis, form.username, form.password)
    except clinicians.TooManyAttempts:
        raise ApiError(
            429, "too_many_attempts", "Trop de tentatives de connexion : réessayez dans quelques minutes."
        ) from None
    if clinician is None:
        raise ApiError(401, "invalid_credentials", "Identifiant ou mot de passe incorrect.", AUTH_HEADERS)
    token = await clinicians.issue_token(redis, clinician, settings.secret_key, settings.token_ttl_s)
    return {"access_token": token, "token_type": "bearer", "expires_in": settings.token_ttl_s}


@router.post("/token/refresh", response_model=TokenOut, responses=ERRORS)
async def refresh(
    clinician: CurrentClinician, request: Request, settings: Annotated[Settings, Depends(get_settings)]
) -> dict:
    """A fresh token for a still-valid one, so a clinician on call does not have to log in again."""
    token = await clinicians.issue_token(
        request.app.state.redis, clinician, settings.secret_key, settings.token_ttl_s
    )
    return {"access_token": token, "token_type": "bearer", "expires_in": settings.token_ttl_s}


@router.get("/me", response_model=ClinicianOut, responses=ERRORS)
async def me(clinician: CurrentClinician) -> dict:
    return {"login": clinician.login, "display_name": clinician.display_name}


# ---- queue and conversations -----------------------------------------------------------------


@router.get("/queue", response_model=QueueOut, responses=ERRORS)
async def queue(_: CurrentClinician, redis: Annotated[Any, Depends(get_redis)]) -> dict:
    """Waiting conversations by priority (level, then waiting time with ageing), then held ones."""
    return {"items": await handoff.queue_items(redis)}


@router.get("/conversations/{conversation_id}", response_model=ClinicianConversationOut, responses=ERRORS)
async def conversation(
    _: CurrentClinician,
    conversation_id: ConversationId,
    redis: Annotated[Any, Depends(get_redis)],
    store: Annotated[ConversationStore, Depends(get_store)],
) -> dict:
    """Everything the clinician needs: level and reasons, answers, transcript, channel, waiting time."""
    record = await _handoff_record(redis, conversation_id)
    meta = await _meta(store, conversation_id)
    summary = record["summary"]
    state = summary.get("state") or {}
    answers = {k: state[k] for k in PROFILE_FIELDS if state.get(k) is not None}
    answers.update(summary.get("answers") or {})
    history = await store.history(conversation_id)
    return {
        "conversation_id": conversation_id,
        "status": meta.get("status", STATUS_BOT),
        "channel": meta.get("channel", "web"),
        "triage": triage_of(meta) or summary.get("triage"),
        "answers": answers,
        "summary": summary,
        "messages": [
            {
                "text": m.get("text", ""),
                "buttons": m.get("buttons") or [],
                "sender": m.get("sender", "bot"),
                "id": m.get("id"),
                "ts": m.get("ts"),
                "author": m.get("author"),
            }
            for m in history
        ],
        "waiting_seconds": max(0, round(time.time() - record["enqueued_at"])),
        "claimed_by": record.get("claimed_by"),
        "red_flag": record["red_flag"],
    }


@router.post("/conversations/{conversation_id}/claim", response_model=ClaimOut, responses=ERRORS)
async def claim(clinician: CurrentClinician, conversation_id: ConversationId, request: Request) -> dict:
    """Take a waiting conversation; exactly one clinician wins when several click at once (409 for the others)."""
    state = _state(request)
    redis = state.redis
    await _handoff_record(redis, conversation_id)
    await _meta(state.store, conversation_id)
    outcome, holder = await handoff.claim(
        redis, conversation_id, clinician.login, clinician.display_name, state.settings.claim_timeout_s
    )
    if outcome == handoff.TAKEN:
        raise ApiError(409, "already_claimed", "Un autre soignant a déjà pris cette conversation en charge.")
    if outcome == handoff.NOT_WAITING:
        raise ApiError(409, "not_in_handoff", "Cette conversation n'est plus en attente d'un soignant.")
    if outcome == handoff.CLAIMED:
        await state.store.update(conversation_id, status=STATUS_WITH_CLINICIAN)
        await audit.record(redis, conversation_id, _actor(clinician), "claimed")
        await handoff.tell_patient(state, conversation_id, TEXT_JOINED.format(name=clinician.display_name))
        await handoff.announce_status(redis, conversation_id, STATUS_WITH_CLINICIAN)
    return {"claimed_by": holder, "conversation_id": conversation_id, "status": STATUS_WITH_CLINICIAN}


@router.post(
    "/conversations/{conversation_id}/messages", response_model=ClinicianMessageOut, responses=ERRORS
)
async def send_message(
    body: ClinicianMessageIn, clinician: CurrentClinician, conversation_id: ConversationId, request: Request
) -> dict:
    """Write to the patient: stored, then pushed on their channel (WebSocket, or SMS)."""
    state = _state(request)
    await _meta(state.store, conversation_id)
    await _require_claim(state, conversation_id, clinician)
    message = await state.store.append(
        conversation_id, "clinician", body.text, [], author=clinician.display_name
    )
    await audit.record(
        state.redis,
        conversation_id,
        _actor(clinician),
        "clinician_message",
        message_id=message["id"],
        chars=len(body.text),
    )
    await notify.deliver_to_patient(state, conversation_id, message)
    await events.publish_clinicians(
        state.redis, {"type": "message", "conversation_id": conversation_id, "message": message}
    )
    return message


@router.post("/conversations/{conversation_id}/level", response_model=LevelOut, responses=ERRORS)
async def change_level(
    body: LevelIn, clinician: CurrentClinician, conversation_id: ConversationId, request: Request
) -> dict:
    """Override the protocol's level; the reason is mandatory and recorded with the previous level."""
    reason = (body.reason or "").strip()
    if not reason:
        raise ApiError(422, "reason_required", "Indiquez la raison du changement de niveau.")
    state = _state(request)
    redis = state.redis
    meta = await _meta(state.store, conversation_id)
    await _handoff_record(redis, conversation_id)
    await _require_claim(state, conversation_id, clinician)
    previous = triage_of(meta) or {}
    texts = await _level_texts(state.settings, body.level)
    triage = {
        **previous,
        "level": body.level,
        "reasons": [reason],
        "set_by": _actor(clinician),
        "previous_level": previous.get("level"),
        "previous_reasons": previous.get("reasons") or [],
        "override_reason": reason,
        "at": time.time(),
    }
    for key in ("advice", "numbers", "safety_net"):
        if key in texts:
            triage[key] = texts[key]
    # Recorded (audit first) before the patient sees it.
    await audit.record(
        redis,
        conversation_id,
        _actor(clinician),
        "level_override",
        level=body.level,
        previous_level=previous.get("level"),
        reason=reason,
    )
    await state.store.update(conversation_id, triage=triage)
    await handoff.set_level(redis, conversation_id, body.level)
    public = public_triage(triage)
    status = meta.get("status", STATUS_WITH_CLINICIAN)
    await events.publish_conversation(
        redis, conversation_id, {"type": "triage", "triage": public, "status": status}
    )
    label = texts.get("label") or body.level
    advice = " ".join(str(texts.get("advice") or "").split())
    await handoff.tell_patient(state, conversation_id, TEXT_LEVEL.format(label=label, advice=advice).strip())
    await events.publish_clinicians(
        redis, {"type": "triage", "conversation_id": conversation_id, "triage": public}
    )
    await events.publish_clinicians(redis, {"type": "queue_changed", "conversation_id": conversation_id})
    return {"conversation_id": conversation_id, "triage": public, "previous_level": previous.get("level")}


@router.post(
    "/conversations/{conversation_id}/handback",
    response_model=StatusOut,
    responses={**ERRORS, 503: {"model": ErrorOut}},
)
async def hand_back(clinician: CurrentClinician, conversation_id: ConversationId, request: Request) -> dict:
    """Give the conversation back to the bot: Rasa's paused conversation is resumed first."""
    state = _state(request)
    redis = state.redis
    await _meta(state.store, conversation_id)
    await _require_claim(state, conversation_id, clinician)
    try:
        await state.rasa.resume(conversation_id)
    except RasaUnavailable:
        raise ApiError(
            503,
            "assistant_unavailable",
            "L'assistant automatique ne répond pas : gardez la conversation ou clôturez-la.",
        ) from None
    if not await handoff.end(redis, conversation_id, clinician.login, STATUS_BOT):
        raise ApiError(409, "not_claimed_by_you", "Prenez d'abord cette conversation en charge.")
    await state.store.update(conversation_id, status=STATUS_BOT)
    await audit.record(redis, conversation_id, _actor(clinician), "handed_back")
    await handoff.tell_patient(state, conversation_id, TEXT_HANDBACK)
    await handoff.announce_status(redis, conversation_id, STATUS_BOT)
    return {"conversation_id": conversation_id, "status": STATUS_BOT}


@router.post("/conversations/{conversation_id}/close", response_model=StatusOut, responses=ERRORS)
async def close(
    body: CloseIn, clinician: CurrentClinician, conversation_id: ConversationId, request: Request
) -> dict:
    """End the conversation with an outcome; the patient is told and given the emergency numbers."""
    state = _state(request)
    redis = state.redis
    await _meta(state.store, conversation_id)
    await _require_claim(state, conversation_id, clinician)
    if not await handoff.end(redis, conversation_id, clinician.login, STATUS_CLOSED):
        raise ApiError(409, "not_claimed_by_you", "Prenez d'abord cette conversation en charge.")
    await audit.record(redis, conversation_id, _actor(clinician), "closed", outcome=body.outcome)
    await handoff.tell_patient(state, conversation_id, TEXT_CLOSED)
    await state.store.update(
        conversation_id, status=STATUS_CLOSED, closed_at=time.time(), outcome=body.outcome
    )
    await handoff.announce_status(redis, conversation_id, STATUS_CLOSED)
    return {"conversation_id": conversation_id, "status": STATUS_CLOSED}


@router.get("/conversations/{conversation_id}/audit", response_model=AuditOut, responses=ERRORS)
async def audit_export(
    _: CurrentClinician, conversation_id: ConversationId, redis: Annotated[Any, Depends(get_redis)]
) -> dict:
    """Every audit entry of the conversation, oldest first (who, when, what; no patient text)."""
    entries = await audit.export(redis, conversation_id)
    if not entries and await handoff.get_record(redis, conversation_id) is None:
        raise ApiError(404, "conversation_not_found", "Aucune trace d'audit pour cette conversation.")
    return {"conversation_id": conversation_id, "entries": entries}
