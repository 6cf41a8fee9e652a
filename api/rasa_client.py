"""HTTP client for the Rasa server (REST channel and parse API), with a keep-alive pool."""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field

import httpx

logger = logging.getLogger(__name__)


class RasaUnavailable(Exception):
    """Rasa (or the action server behind it) did not give a usable answer."""


@dataclass
class BotTurn:
    messages: list[dict] = field(default_factory=list)
    triage: dict | None = None
    custom: list[dict] = field(default_factory=list)


class RasaClient:
    def __init__(self, base_url: str, token: str, timeout_s: float):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout_s = timeout_s
        self.client = httpx.AsyncClient(
            base_url=self.base_url,
            timeout=httpx.Timeout(timeout_s, connect=2.0),
            limits=httpx.Limits(max_connections=200, max_keepalive_connections=50),
        )
        self._model_id: str | None = None
        self._model_checked = 0.0

    async def close(self) -> None:
        await self.client.aclose()

    def _params(self) -> dict:
        return {"token": self.token} if self.token else {}

    async def send(self, conversation_id: str, text: str) -> BotTurn:
        try:
            # httpx's read timeout is per read; the deadline bounds the whole call (a drip-feeding
            # or stopped Rasa included).
            async with asyncio.timeout(self.timeout_s):
                response = await self.client.post(
                    "/webhooks/rest/webhook",
                    json={"sender": conversation_id, "message": text},
                )
            response.raise_for_status()
            items = response.json()
        except (httpx.HTTPError, ValueError, TimeoutError) as exc:
            raise RasaUnavailable(type(exc).__name__) from exc
        if not isinstance(items, list):
            raise RasaUnavailable("unexpected answer")
        turn = BotTurn()
        for item in items:
            custom = item.get("custom")
            if isinstance(custom, dict):
                turn.custom.append(custom)
                if isinstance(custom.get("triage"), dict):
                    turn.triage = custom["triage"]
                # a booking confirmation: the appointment goes with the text just before it
                if isinstance(custom.get("appointment"), dict) and turn.messages:
                    turn.messages[-1]["appointment"] = custom["appointment"]
            if item.get("text"):
                buttons = [
                    {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
                    for b in item.get("buttons") or []
                ]
                turn.messages.append({"text": item["text"], "buttons": buttons})
        return turn

    async def parse(self, text: str) -> dict | None:
        """NLU only (no tracker is touched); None when Rasa does not answer."""
        try:
            async with asyncio.timeout(self.timeout_s):
                response = await self.client.post("/model/parse", json={"text": text}, params=self._params())
            response.raise_for_status()
            return response.json()
        except (httpx.HTTPError, ValueError, TimeoutError):
            return None

    async def status(self) -> dict:
        async with asyncio.timeout(2.0):
            response = await self.client.get("/status", params=self._params(), timeout=2.0)
        response.raise_for_status()
        return response.json()

    async def model_id(self) -> str | None:
        """The loaded model's id, cached for a minute (recorded with each triage result)."""
        if self._model_id is None or time.monotonic() - self._model_checked > 60:
            try:
                status = await self.status()
                self._model_id = status.get("model_id") or status.get("model_file")
            except (httpx.HTTPError, ValueError, TimeoutError):
                pass
            self._model_checked = time.monotonic()
        return self._model_id
