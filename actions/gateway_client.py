"""Calls from the action server to the gateway's internal API (service token auth)."""

from __future__ import annotations

import abc
import asyncio
import logging
import os
from typing import Any, Dict, List, Optional, Text

import requests
from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

logger = logging.getLogger(__name__)

_session = requests.Session()  # keep-alive pool shared by all actions


def _base_url() -> str:
    return os.environ.get("GATEWAY_INTERNAL_URL", "http://127.0.0.1:8000").rstrip("/")


def _headers() -> Dict[str, str]:
    return {"Authorization": f"Bearer {os.environ.get('SERVICE_TOKEN', 'dev-service-token')}"}


def post(path: str, payload: Dict[str, Any], timeout: float = 3.0) -> Optional[Dict[str, Any]]:
    """POST JSON to the gateway; returns the JSON answer, or None when the gateway fails.

    Callers must keep the patient safe without the answer (the emergency advice never
    depends on this call succeeding).
    """
    try:
        response = _session.post(_base_url() + path, json=payload, headers=_headers(), timeout=timeout)
        response.raise_for_status()
        return response.json()
    except (requests.RequestException, ValueError) as exc:
        logger.error("gateway call %s failed: %s", path, type(exc).__name__)
        return None


class GatewayAction(Action, abc.ABC):
    """An action that may call the gateway: its body runs in a worker thread.

    The calls above block (requests). Run on the action server's event loop, each one would hold
    up every other conversation's action for as long as the gateway takes to answer; in a
    thread, the loop goes on serving them meanwhile.
    """

    @abc.abstractmethod
    def name(self) -> Text: ...

    @abc.abstractmethod
    def run_blocking(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]: ...

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        return await asyncio.to_thread(self.run_blocking, dispatcher, tracker, domain)
