"""HTTP client for the Rasa server (REST channel and parse API), with a keep-alive pool.

aiohttp rather than httpx on this path: a py-spy profile of the gateway put 58 % of a patient
message's CPU in httpx/httpcore (anyio's socket layer, and an import attempted by httpcore's
async-library detection on every request), for one loopback POST to Rasa.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from dataclasses import dataclass, field
from typing import Any

import aiohttp

logger = logging.getLogger(__name__)

# Idle pooled connections close after this, below the keep-alive timeout of Rasa's and the
# action server's HTTP server (Sanic, 5 s): the client always closes first, so a request is
# never sent on a connection that the server is closing.
KEEPALIVE_S = 2.0


async def _json(response: aiohttp.ClientResponse) -> Any:
    """The JSON body; ValueError for an empty or undecodable one (aiohttp gives None for empty)."""
    try:
        text = await response.text()
    except LookupError as exc:  # an unknown charset
        raise ValueError(str(exc)) from exc
    if not text.strip():
        raise ValueError("empty body")
    return json.loads(text)


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
        self._session: aiohttp.ClientSession | None = None
        self._model_id: str | None = None
        self._model_checked = 0.0

    @property
    def session(self) -> aiohttp.ClientSession:
        """Made on first use, inside the running event loop (as aiohttp requires)."""
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=200, keepalive_timeout=KEEPALIVE_S),
                timeout=aiohttp.ClientTimeout(total=self.timeout_s, sock_connect=2.0),
            )
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

    def _params(self) -> dict:
        return {"token": self.token} if self.token else {}

    async def _post_json(self, path: str, body: dict, params: dict | None = None) -> Any:
        # The deadline bounds the whole call (a drip-feeding or stopped Rasa included).
        async with asyncio.timeout(self.timeout_s):
            async with self.session.post(self.base_url + path, json=body, params=params) as response:
                response.raise_for_status()
                return await _json(response)

    async def send(self, conversation_id: str, text: str) -> BotTurn:
        try:
            items = await self._post_json(
                "/webhooks/rest/webhook", {"sender": conversation_id, "message": text}
            )
        except (aiohttp.ClientError, ValueError, TimeoutError) as exc:
            raise RasaUnavailable(type(exc).__name__) from exc
        if not isinstance(items, list):
            raise RasaUnavailable("unexpected answer")
        turn = BotTurn()
        for item in items:
            if not isinstance(item, dict):
                continue
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
            parsed = await self._post_json("/model/parse", {"text": text}, params=self._params())
        except (aiohttp.ClientError, ValueError, TimeoutError):
            return None
        return parsed if isinstance(parsed, dict) else None

    async def resume(self, conversation_id: str) -> None:
        """Resume a conversation paused for a clinician; raises RasaUnavailable if Rasa refuses."""
        try:
            await self._post_json(
                f"/conversations/{conversation_id}/tracker/events", {"event": "resume"}, params=self._params()
            )
        except (aiohttp.ClientError, ValueError, TimeoutError) as exc:
            raise RasaUnavailable(type(exc).__name__) from exc

    async def get_ok(self, url: str, params: dict | None = None, timeout_s: float = 2.0) -> dict:
        """GET `url` (Rasa's or the action server's), its JSON object; raises unless 2xx and an object."""
        async with asyncio.timeout(timeout_s):
            async with self.session.get(url, params=params) as response:
                response.raise_for_status()
                answer = await _json(response)
        if not isinstance(answer, dict):
            raise ValueError("not a JSON object")
        return answer

    async def status(self) -> dict:
        return await self.get_ok(self.base_url + "/status", params=self._params())

    async def model_id(self) -> str | None:
        """The loaded model's id, cached for a minute (recorded with each triage result)."""
        if self._model_id is None or time.monotonic() - self._model_checked > 60:
            try:
                status = await self.status()
                self._model_id = status.get("model_id") or status.get("model_file")
            except (aiohttp.ClientError, ValueError, TimeoutError):
                pass
            self._model_checked = time.monotonic()
        return self._model_id
