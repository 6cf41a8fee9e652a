"""FastAPI dependencies: shared clients from app state, and the auth checks.

All of them are `async def` although none awaits: FastAPI runs a plain `def` dependency in its
thread pool, a thread hop per dependency and per request for what is an attribute lookup.
"""

from __future__ import annotations

import hmac

from fastapi import Depends, Path, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from redis.asyncio import Redis

from api.conversations import CONVERSATION_ID, ConversationStore
from api.dialogue import Dialogue
from api.errors import ApiError
from api.settings import Settings

bearer = HTTPBearer(auto_error=False)


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_redis(request: Request) -> Redis:
    return request.app.state.redis


async def get_store(request: Request) -> ConversationStore:
    return request.app.state.store


async def get_dialogue(request: Request) -> Dialogue:
    return request.app.state.dialogue


async def conversation_id_param(
    conversation_id: str = Path(description="8 to 64 characters: letters, digits, '-' or '_'."),
) -> str:
    if not CONVERSATION_ID.fullmatch(conversation_id):
        raise ApiError(
            400,
            "invalid_conversation_id",
            "Identifiant de conversation invalide (8 à 64 caractères : lettres, chiffres, - ou _).",
        )
    return conversation_id


async def bearer_token(credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> str | None:
    return credentials.credentials if credentials else None


async def require_service(
    token: str | None = Depends(bearer_token), settings: Settings = Depends(get_settings)
) -> None:
    """Service-to-service calls (action server -> gateway) carry the shared service token."""
    if not token or not hmac.compare_digest(token, settings.service_token):
        raise ApiError(
            401, "unauthorized", "Jeton de service manquant ou invalide.", {"WWW-Authenticate": "Bearer"}
        )
