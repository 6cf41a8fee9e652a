"""Builds the gateway: the only public process (patient channels, clinicians, handoff, audit)."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from redis.asyncio import Redis

from api.conversations import ConversationStore
from api.dialogue import Dialogue
from api.errors import install_error_handlers
from api.logging_setup import setup_logging
from api.middleware import BodySizeLimit, SecurityHeaders
from api.rasa_client import RasaClient
from api.channels import patient_ws, sms
from api.routers import conversations, health, internal
from api.settings import DEV_SECRET, Settings, get_settings
from api.static import mount_static
from api.texts import load_texts

logger = logging.getLogger("api")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        redis = Redis.from_url(
            settings.redis_url, decode_responses=True,
            socket_timeout=5, socket_connect_timeout=2, health_check_interval=30,
        )
        rasa = RasaClient(settings.rasa_url, settings.rasa_token, settings.rasa_timeout_s)
        store = ConversationStore(redis, settings.retention_seconds)
        app.state.settings = settings
        app.state.redis = redis
        app.state.rasa = rasa
        app.state.store = store
        app.state.dialogue = Dialogue(redis, store, rasa, load_texts(settings.consent_file))
        app.state.sms = sms.SmsChannel(settings, redis, store, app.state.dialogue)
        if settings.secret_key == DEV_SECRET:
            logger.warning("SECRET_KEY is the development default; set it in production")
        yield
        await rasa.close()
        await redis.aclose()

    app = FastAPI(
        title="Assistant d'orientation médicale — passerelle",
        version="0.1.0",
        description="Public API of the French triage assistant (patients, clinicians, Twilio).",
        lifespan=lifespan,
    )
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(conversations.router)
    app.include_router(internal.router)
    app.include_router(patient_ws.router)
    app.include_router(sms.router)
    mount_static(app, settings)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "Content-Type"],
        )
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    return app


setup_logging()
app = create_app()
