"""One patient message, from any channel, to its answer: consent, Rasa, handoff routing.

The gateway owns the opening (disclaimer, emergency numbers, consent) so that no health
data reaches Rasa's tracker before the patient agrees; after consent, Rasa drives the
conversation and the protocol decides urgency. While a clinician holds the conversation,
patient messages go to the clinician, not to Rasa.
"""

from __future__ import annotations

import logging
import re
import time
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from redis.asyncio import Redis

from api import audit, events, privacy
from api.conversations import (
    STATUS_BOT,
    STATUS_CLOSED,
    STATUS_WAITING,
    STATUS_WITH_CLINICIAN,
    ConversationStore,
    triage_of,
)
from api.rasa_client import RasaClient, RasaUnavailable
from api.texts import ConsentTexts

logger = logging.getLogger(__name__)

EMERGENCY_INTENT = "signaler_urgence"
# What bot/components/red_flags.py adds to a parse for each red flag the protocol finds.
RED_FLAG_ENTITY = "red_flag"
# Intents whose first message carries nothing to keep for after the consent step.
CONTENTLESS_INTENTS = {"saluer", "affirmer", "nier", "remercier", "au_revoir", "demander_aide", "hors_sujet"}
PENDING_TTL_S = 3600


def signals_emergency(parsed: dict | None) -> bool:
    """A parse in which the protocol found a red flag, or that DIET reads as an emergency."""
    if not parsed:
        return False
    if (parsed.get("intent") or {}).get("name") == EMERGENCY_INTENT:
        return True
    return any(
        isinstance(e, dict) and e.get("entity") == RED_FLAG_ENTITY for e in parsed.get("entities") or ()
    )


@dataclass
class Reply:
    conversation_id: str
    messages: list[dict] = field(default_factory=list)
    triage: dict | None = None
    status: str = STATUS_BOT
    conversation_token: str | None = None

    def as_dict(self) -> dict:
        body = {
            "conversation_id": self.conversation_id,
            "messages": self.messages,
            "triage": self.triage,
            "status": self.status,
        }
        if self.conversation_token:
            body["conversation_token"] = self.conversation_token
        return body


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


_ACCEPT = {
    "oui",
    "j accepte",
    "jaccepte",
    "accepte",
    "j accepte le traitement",
    "ok",
    "d accord",
    "daccord",
    "oui j accepte",
    "je suis d accord",
    "oui d accord",
}
_REFUSE = {
    "non",
    "je refuse",
    "refuse",
    "jrefuse",
    "non merci",
    "je ne suis pas d accord",
    "non je refuse",
    "pas d accord",
}


def parse_consent(text: str, texts: ConsentTexts) -> bool | None:
    """True (accepted), False (refused) or None (not an answer to the consent question)."""
    norm = normalize(text)
    if norm == normalize(texts.accept_payload) or norm in _ACCEPT:
        return True
    if norm == normalize(texts.refuse_payload) or norm in _REFUSE:
        return False
    return None


def public_triage(triage: dict | None) -> dict | None:
    """The `triage` object of the public contract (plus advice fields the widget shows)."""
    if not triage:
        return None
    keys = (
        "level",
        "reasons",
        "advice",
        "safety_net",
        "numbers",
        "protocol_version",
        "model_version",
        "set_by",
    )
    return {k: triage[k] for k in keys if k in triage}


class Dialogue:
    def __init__(self, redis: Redis, store: ConversationStore, rasa: RasaClient, texts: ConsentTexts):
        self.redis = redis
        self.store = store
        self.rasa = rasa
        self.texts = texts

    def pending_key(self, conversation_id: str) -> str:
        return f"gw:conv:{conversation_id}:pending"

    async def _say(
        self,
        conversation_id: str,
        sender: str,
        text: str,
        buttons: list[dict] | None = None,
        **extra: Any,
    ) -> dict:
        return await self.store.append(conversation_id, sender, text, buttons, publish=True, **extra)

    async def handle(
        self, conversation_id: str, text: str, meta: dict[str, str], token: str | None = None
    ) -> Reply:
        """Answer one patient message. `meta` is the conversation as read before this message."""
        status = meta.get("status", STATUS_BOT)
        reply = Reply(
            conversation_id, status=status, conversation_token=token, triage=public_triage(triage_of(meta))
        )

        if status == STATUS_CLOSED:
            reply.messages.append(_unstored("system", self.texts.closed))
            return reply

        erasure = await self._erasure_step(conversation_id, text, meta, reply)
        if erasure is not None:
            return erasure

        consent = meta.get("consent", "pending")
        to_bot = consent == "accepted" and status not in (STATUS_WAITING, STATUS_WITH_CLINICIAN)
        # On its way to the bot, the message and the bot's "typing" go in one round trip.
        patient_message = await self.store.append(
            conversation_id, "patient", text, publish=True, then_publish=TYPING_ON if to_bot else None
        )

        if consent != "accepted":
            return await self._consent_step(conversation_id, text, meta, reply)

        if status in (STATUS_WAITING, STATUS_WITH_CLINICIAN):
            return await self._to_clinician(conversation_id, text, patient_message, reply)

        return await self._to_bot(conversation_id, text, reply, typing_shown=True)

    async def _erasure_step(
        self, conversation_id: str, text: str, meta: dict[str, str], reply: Reply
    ) -> Reply | None:
        """ "supprimer mes données" in the chat: confirm, then erase (any state, any channel)."""
        norm = normalize(text)
        if meta.get("erasure_pending"):
            await self.store.update(conversation_id, erasure_pending="")
            if norm == normalize(privacy.ERASURE_CONFIRM) or norm in _ACCEPT:
                await privacy.erase(self.redis, conversation_id, actor="patient")
                await events.publish_conversation(
                    self.redis, conversation_id, {"type": "status", "status": STATUS_CLOSED}
                )
                reply.status, reply.triage = STATUS_CLOSED, None
                reply.messages = [_unstored("system", self.texts.erased)]
                return reply
            if norm == normalize(privacy.ERASURE_CANCEL) or norm in _REFUSE:
                reply.messages = [
                    _public(await self._say(conversation_id, "system", self.texts.erasure_cancelled))
                ]
                return reply
            return None
        if privacy.ERASURE_REQUEST.search(norm):
            await self.store.update(conversation_id, erasure_pending=1)
            buttons = [
                {"title": privacy.ERASURE_CONFIRM, "payload": privacy.ERASURE_CONFIRM},
                {"title": privacy.ERASURE_CANCEL, "payload": privacy.ERASURE_CANCEL},
            ]
            reply.messages = [_unstored("system", self.texts.erasure_confirm) | {"buttons": buttons}]
            return reply
        return None

    async def open(self, conversation_id: str, first_text: str | None = None) -> list[dict]:
        """The opening: automated assistant, not a doctor, emergency numbers, consent question."""
        messages = []
        if first_text:
            messages += await self._before_consent(conversation_id, first_text)
        opening = self.texts.disclaimer + "\n\n" + self.texts.consent_text
        messages.append(await self._say(conversation_id, "system", opening, self.texts.buttons))
        await self.store.update(conversation_id, opened=1)
        return [_public(m) for m in messages]

    async def _before_consent(self, conversation_id: str, text: str) -> list[dict]:
        """A message written before consent: warn at once on a red flag, keep it for after consent."""
        messages = []
        parsed = await self.rasa.parse(text)
        intent = ((parsed or {}).get("intent") or {}).get("name")
        if signals_emergency(parsed):
            messages.append(await self._say(conversation_id, "system", self.texts.red_flag_warning))
        keep = intent not in CONTENTLESS_INTENTS if parsed else len(text.split()) >= 3
        if keep:
            await self.redis.set(self.pending_key(conversation_id), text, ex=PENDING_TTL_S)
        return messages

    async def _consent_step(
        self, conversation_id: str, text: str, meta: dict[str, str], reply: Reply
    ) -> Reply:
        if not meta.get("opened"):
            reply.messages = await self.open(conversation_id, text)
            return reply
        decision = parse_consent(text, self.texts)
        if decision is None:
            messages = await self._before_consent(conversation_id, text)
            messages.append(
                await self._say(conversation_id, "system", self.texts.reprompt, self.texts.buttons)
            )
            reply.messages = [_public(m) for m in messages]
            return reply

        if decision is False:
            await audit.record(
                self.redis, conversation_id, "patient", "consent_refused", version=self.texts.version
            )
            await self.store.forget_transcript(conversation_id)
            await self.redis.delete(self.pending_key(conversation_id))
            await self.store.update(
                conversation_id,
                consent="refused",
                consent_at=time.time(),
                consent_version=self.texts.version,
                status=STATUS_CLOSED,
            )
            reply.status = STATUS_CLOSED
            reply.messages = [_unstored("system", self.texts.refused)]
            return reply

        await self.store.update(
            conversation_id, consent="accepted", consent_at=time.time(), consent_version=self.texts.version
        )
        await audit.record(
            self.redis, conversation_id, "patient", "consent_given", version=self.texts.version
        )
        accepted = await self._say(conversation_id, "system", self.texts.accepted)
        pending = await self.redis.getdel(self.pending_key(conversation_id))
        if pending:
            bot_reply = await self._to_bot(conversation_id, pending, reply)
            bot_reply.messages = [_public(accepted)] + bot_reply.messages
            return bot_reply
        ask = await self._say(conversation_id, "bot", self.texts.ask_symptoms)
        reply.messages = [_public(accepted), _public(ask)]
        return reply

    async def _to_bot(
        self, conversation_id: str, text: str, reply: Reply, typing_shown: bool = False
    ) -> Reply:
        if not typing_shown:
            await events.publish_conversation(self.redis, conversation_id, TYPING_ON)
        try:
            turn = await self.rasa.send(conversation_id, text)
            if not turn.messages:
                raise RasaUnavailable("empty answer")
        except RasaUnavailable as exc:
            await events.publish_conversation(self.redis, conversation_id, TYPING_OFF)
            logger.warning(
                "assistant unavailable", extra={"conversation_id": conversation_id, "error": str(exc)}
            )
            message = await self._say(conversation_id, "system", self.texts.unavailable)
            reply.messages = [_public(message)]
            return reply
        except BaseException:
            await events.publish_conversation(self.redis, conversation_id, TYPING_OFF)
            raise

        if turn.triage:
            triage = dict(turn.triage)
            triage["model_version"] = await self.rasa.model_id()
            triage["set_by"] = "protocol"
            triage["at"] = time.time()
            # Recorded (audit first) before the patient sees it.
            await audit.record(
                self.redis,
                conversation_id,
                "protocol",
                "triage",
                level=triage.get("level"),
                protocol_version=triage.get("protocol_version"),
                model_version=triage["model_version"],
                red_flags=[r.get("id") for r in triage.get("red_flags", []) if isinstance(r, dict)],
            )
            await self.store.update(conversation_id, triage=triage)
            reply.triage = public_triage(triage)
        # Typing off, the bot's messages (stored and published in order) and the conversation's
        # status after them (a handoff may have changed it): one round trip to Redis.
        stored, meta = await self.store.append_replies(
            conversation_id,
            [
                {"sender": "bot", "text": item["text"], "buttons": item["buttons"]}
                | ({"appointment": item["appointment"]} if item.get("appointment") else {})
                for item in turn.messages
            ],
            first_event=TYPING_OFF,
        )
        reply.messages = [_public(m) for m in stored]
        reply.status = meta.get("status", STATUS_BOT)
        if turn.triage:
            await events.publish_conversation(
                self.redis,
                conversation_id,
                {"type": "triage", "triage": reply.triage, "status": reply.status},
            )
        return reply

    async def _to_clinician(
        self, conversation_id: str, text: str, patient_message: dict, reply: Reply
    ) -> Reply:
        await events.publish_clinicians(
            self.redis,
            {"type": "patient_message", "conversation_id": conversation_id, "message": patient_message},
        )
        parsed = await self.rasa.parse(text)
        if signals_emergency(parsed):
            from api import handoff  # the queue module; local so this edit stays in this method

            warning = await self._say(conversation_id, "system", self.texts.red_flag_warning)
            escalated = await handoff.escalate(self.redis, conversation_id)
            await audit.record(
                self.redis, conversation_id, "protocol", "red_flag_during_handoff", escalated=escalated
            )
            await events.publish_clinicians(
                self.redis, {"type": "red_flag", "conversation_id": conversation_id}
            )
            reply.messages = [_public(warning)]
        return reply


TYPING_ON = {"type": "typing", "sender": "bot", "on": True}
TYPING_OFF = {**TYPING_ON, "on": False}


def _public(message: dict) -> dict:
    """A stored message in the public shape (`text`, `buttons`) plus its id and sender."""
    public = {
        "text": message["text"],
        "buttons": message.get("buttons") or [],
        "sender": message.get("sender", "bot"),
        "id": message.get("id"),
        "ts": message.get("ts"),
    }
    if message.get("appointment"):
        public["appointment"] = message["appointment"]
    return public


def _unstored(sender: str, text: str) -> dict:
    """A message said once and not kept (after a refusal or on a closed conversation)."""
    return {"text": text, "buttons": [], "sender": sender, "id": None, "ts": round(time.time(), 3)}
