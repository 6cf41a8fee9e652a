"""Errors are answers too: one JSON shape, a stable code, the right HTTP status."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

logger = logging.getLogger(__name__)


class ApiError(Exception):
    """An error the client can act on. `code` is stable; `message` is for people (French)."""

    def __init__(self, status: int, code: str, message: str, headers: dict | None = None):
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


def error_body(code: str, message: str, **extra) -> dict:
    return {"error": {"code": code, "message": message, **extra}}


def _validation_code(exc: RequestValidationError) -> tuple[int, str, str]:
    errors = exc.errors()
    for err in errors:
        if err.get("type") == "json_invalid":
            return 400, "invalid_json", "Le corps de la requête n'est pas un JSON valide."
    for err in errors:
        loc = err.get("loc") or ()
        kind = err.get("type", "")
        if "text" in loc and kind in ("string_too_short", "value_error"):
            return 422, "empty_text", "Le message est vide."
        if "text" in loc and kind == "string_too_long":
            return 413, "message_too_long", "Le message est trop long."
        if kind == "extra_forbidden":
            return 422, "unknown_field", f"Champ inconnu : {loc[-1]}."
        if kind == "missing":
            return 422, "missing_field", f"Champ manquant : {loc[-1]}."
        if kind in ("model_attributes_type", "dict_type"):
            return 422, "invalid_body", "Le corps doit être un objet JSON."
    return 422, "invalid_request", "Requête invalide."


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(error_body(exc.code, exc.message), status_code=exc.status, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        status, code, message = _validation_code(exc)
        details = [{"loc": [str(p) for p in e.get("loc", ())], "type": e.get("type")} for e in exc.errors()]
        return JSONResponse(error_body(code, message, details=details), status_code=status)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        codes = {
            404: "not_found",
            405: "method_not_allowed",
            401: "unauthorized",
            403: "forbidden",
            413: "payload_too_large",
            415: "unsupported_media_type",
        }
        code = codes.get(exc.status_code, "http_error")
        return JSONResponse(
            error_body(code, str(exc.detail)),
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )

    # Redis unreachable, or every pooled connection busy beyond REDIS_POOL_TIMEOUT_S (the
    # commands were already retried): temporary, so 503 and when to try again, not a 500.
    @app.exception_handler(RedisConnectionError)
    @app.exception_handler(RedisTimeoutError)
    async def _redis_unavailable(_: Request, exc: Exception) -> JSONResponse:
        logger.warning("redis unavailable", extra={"error_type": type(exc).__name__})
        return JSONResponse(
            error_body(
                "unavailable",
                "Le service est momentanément indisponible : réessayez dans quelques secondes. "
                "En cas d'urgence, appelez le 15 ou le 112.",
            ),
            status_code=503,
            headers={"Retry-After": "5"},
        )

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        logger.exception("unexpected error", extra={"error_type": type(exc).__name__})
        return JSONResponse(
            error_body("internal_error", "Erreur interne. En cas d'urgence, appelez le 15 ou le 112."),
            status_code=500,
        )
