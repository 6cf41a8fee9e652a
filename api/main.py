"""Builds the gateway: the only public process (patient channels, clinicians, handoff, audit)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from api import handoff, reminders
from api.channels import clinician_ws, patient_ws, sms
from api.channels.patient_hub import PatientHub
from api.conversations import ConversationStore
from api.dialogue import Dialogue
from api.errors import install_error_handlers
from api.logging_setup import setup_logging
from api.middleware import BodySizeLimit, SecurityHeaders
from api.rasa_client import RasaClient
from api.ratelimit import RateLimiter
from api.redis_setup import redis_clients
from api.routers import clinician, conversations, health, internal
from api.routers import scheduling as scheduling_routes
from api.schemas import ErrorOut
from api.settings import DEV_SECRET, Settings, get_settings
from api.static import mount_static
from api.texts import load_texts

logger = logging.getLogger("api")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        redis, subscriptions = redis_clients(settings)
        rasa = RasaClient(settings.rasa_url, settings.rasa_token, settings.rasa_timeout_s)
        store = ConversationStore(redis, settings.retention_seconds)
        app.state.settings = settings
        app.state.redis = redis
        app.state.rasa = rasa
        app.state.store = store
        app.state.ratelimit = RateLimiter(settings, redis)
        app.state.dialogue = Dialogue(redis, store, rasa, load_texts(settings.consent_file))
        app.state.sms = sms.SmsChannel(settings, redis, store, app.state.dialogue)
        if settings.secret_key == DEV_SECRET:
            logger.warning("SECRET_KEY is the development default; set it in production")
        # One subscription per gateway for its patient sockets, one for its clinician sockets,
        # and the claim-timeout reaper.
        app.state.patient_hub = PatientHub(subscriptions)
        await app.state.patient_hub.start()
        app.state.clinician_hub = clinician_ws.ClinicianHub(redis)
        await app.state.clinician_hub.start()
        reaper = asyncio.create_task(handoff.run_reaper(app.state, settings.claim_timeout_s))
        # Teleconsultation booking, and this gateway's share of due reminders and check-ins.
        scheduler = await reminders.start(app.state)
        yield
        await scheduler.stop()
        reaper.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await reaper
        await app.state.clinician_hub.stop()
        await app.state.patient_hub.stop()
        await rasa.close()
        await redis.aclose()
        await subscriptions.aclose()

    app = FastAPI(
        title="Assistant d'orientation médicale — passerelle",
        version="0.1.0",
        description="Public API of the French triage assistant (patients, clinicians, Twilio).",
        lifespan=lifespan,
        # Any operation can answer these: malformed JSON or id (400), body over the limit (413).
        responses={
            400: {"model": ErrorOut, "description": "Malformed request."},
            413: {"model": ErrorOut, "description": "Body too large."},
        },
    )
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(conversations.router)
    app.include_router(internal.router)
    app.include_router(patient_ws.router)
    app.include_router(sms.router)
    app.include_router(clinician.router)
    app.include_router(clinician_ws.router)
    app.include_router(scheduling_routes.router)
    mount_static(app, settings)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "Content-Type"],
        )
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    return app


setup_logging()
app = create_app()
