"""Liveness and readiness."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz() -> dict:
    """The gateway process is up."""
    return {"status": "ok"}


async def _check_redis(request: Request) -> None:
    await asyncio.wait_for(request.app.state.redis.ping(), timeout=2)


async def _check_rasa(request: Request) -> None:
    status = await request.app.state.rasa.status()
    if not (status.get("model_id") or status.get("model_file")):
        raise RuntimeError("no model loaded")


async def _check_actions(request: Request) -> None:
    settings = request.app.state.settings
    await request.app.state.rasa.get_ok(settings.actions_url.rstrip("/") + "/health")


@router.get("/readyz", responses={503: {"description": "A component is down; the body names it."}})
async def readyz(request: Request) -> JSONResponse:
    """200 when Redis, Rasa and the action server answer; else 503 naming what fails."""
    checks = {"redis": _check_redis, "rasa": _check_rasa, "actions": _check_actions}
    results = await asyncio.gather(*(fn(request) for fn in checks.values()), return_exceptions=True)
    components = {}
    for name, result in zip(checks, results, strict=True):
        components[name] = "ok" if not isinstance(result, BaseException) else f"down: {type(result).__name__}"
    failing = [name for name, value in components.items() if value != "ok"]
    if failing:
        return JSONResponse(
            {
                "status": "unavailable",
                "failing": failing,
                "components": components,
                "error": {"code": "not_ready", "message": f"Composant indisponible : {', '.join(failing)}."},
            },
            status_code=503,
        )
    return JSONResponse({"status": "ready", "components": components})
