"""SMS through Twilio: the inbound webhook (TwiML answers) and outbound messages (REST API).

Buttons become numbered choices and a digit picks the button, so an SMS patient has the same
conversation as a web patient. STOP/ARRET/DESINSCRIPTION stop every message until START;
AIDE answers with help and the emergency numbers. Twilio retries the same MessageSid when
it does not get an answer in time: each MessageSid is processed once and its answer replayed.
"""

from __future__ import annotations

import asyncio
import logging
import re
import secrets
from urllib.parse import urlsplit, urlunsplit

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from twilio.http.http_client import TwilioHttpClient
from twilio.request_validator import RequestValidator
from twilio.rest import Client
from twilio.twiml.messaging_response import MessagingResponse

from api import audit
from api.conversations import STATUS_CLOSED
from api.dialogue import normalize
from api.errors import error_body
from api.phones import InvalidPhoneNumber, PhoneVault, to_e164
from api.ratelimit import get_limiter

logger = logging.getLogger(__name__)
router = APIRouter(tags=["sms"])

SMS_MAX_CHARS = 1600  # Twilio's limit for one (concatenated) message
STOP_WORDS = {"stop", "arret", "arreter", "desinscription", "stopall", "unsubscribe", "cancel", "end", "quit"}
START_WORDS = {"start", "unstop", "demarrer"}
HELP_WORDS = {"aide", "help", "info"}
SID_TTL_S = 48 * 3600
HELP_TEXT = (
    "Assistant automatique d'orientation médicale (pas un médecin). Décrivez vos symptômes par SMS "
    "pour être orienté·e. Urgence : 15 ou 112 ; 114 par SMS pour les personnes sourdes ou "
    "malentendantes ; 3114 en cas de pensées suicidaires. STOP pour ne plus recevoir de messages."
)
RESUMED_TEXT = "Vous recevrez de nouveau nos messages. Décrivez vos symptômes pour commencer."


class _RedirectingHttpClient(TwilioHttpClient):
    """Sends Twilio REST calls to another base URL (a local stand-in in tests)."""

    def __init__(self, api_base: str):
        super().__init__(timeout=10)
        self._base = urlsplit(api_base)

    def request(self, method, url, *args, **kwargs):
        parts = urlsplit(url)
        url = urlunsplit((self._base.scheme, self._base.netloc, parts.path, parts.query, parts.fragment))
        return super().request(method, url, *args, **kwargs)


def render_sms(messages: list[dict]) -> list[str]:
    """The texts of one answer as SMS bodies: buttons as numbered choices, ≤ 1,600 characters each."""
    paragraphs: list[str] = []
    for message in messages:
        if message.get("text"):
            paragraphs.append(message["text"].strip())
    buttons = messages[-1].get("buttons") if messages else None
    if buttons:
        numbers = [str(i + 1) for i in range(len(buttons))]
        choice = ", ".join(numbers[:-1]) + " ou " + numbers[-1] if len(numbers) > 1 else numbers[0]
        paragraphs.append(
            f"Répondez {choice} :\n" + "\n".join(f"{i + 1}. {b['title']}" for i, b in enumerate(buttons))
        )
    return _split("\n\n".join(paragraphs))


def _split(text: str, limit: int = SMS_MAX_CHARS) -> list[str]:
    """Split at paragraph, then line, then word boundaries; never cut a word if avoidable."""
    chunks: list[str] = []
    current = ""
    for piece in re.split(r"(\n\n|\n| )", text):
        if len(current) + len(piece) <= limit:
            current += piece
            continue
        if current.strip():
            chunks.append(current.strip())
        current = piece.lstrip()
        while len(current) > limit:  # a single "word" longer than a message
            chunks.append(current[:limit])
            current = current[limit:]
    if current.strip():
        chunks.append(current.strip())
    return chunks


def twiml(bodies: list[str]) -> str:
    response = MessagingResponse()
    for body in bodies:
        response.message(body)
    return str(response)


class SmsChannel:
    def __init__(self, settings, redis, store, dialogue):
        self.settings = settings
        self.redis = redis
        self.store = store
        self.dialogue = dialogue
        self.vault = PhoneVault(settings.secret_key)
        self.validator = RequestValidator(settings.twilio_auth_token)
        # Always a client with a timeout: Twilio's default HTTP client has none.
        http_client = (
            _RedirectingHttpClient(settings.twilio_api_base)
            if settings.twilio_api_base
            else TwilioHttpClient(timeout=10)
        )
        self.client = Client(settings.twilio_account_sid, settings.twilio_auth_token, http_client=http_client)

    # ---- keys -----------------------------------------------------------------------------
    @staticmethod
    def phone_key(pseudonym: str) -> str:
        return f"gw:sms:phone:{pseudonym}"

    @staticmethod
    def optout_key(pseudonym: str) -> str:
        return f"gw:sms:optout:{pseudonym}"

    @staticmethod
    def buttons_key(conversation_id: str) -> str:
        return f"gw:sms:buttons:{conversation_id}"

    # ---- inbound ----------------------------------------------------------------------------
    def signed_url(self, request: Request) -> str:
        url = self.settings.public_base_url.rstrip("/") + request.url.path
        return url + ("?" + request.url.query if request.url.query else "")

    async def conversation_for(self, e164: str) -> str:
        pseudonym = self.vault.pseudonym(e164)
        conversation_id = await self.redis.get(self.phone_key(pseudonym))
        if conversation_id:
            meta = await self.store.get(conversation_id)
            if meta and meta.get("status") != STATUS_CLOSED:
                return conversation_id
        conversation_id = "sms-" + secrets.token_hex(16)
        await self.store.create(
            conversation_id, channel="sms", phone_hash=pseudonym, phone_enc=self.vault.encrypt(e164)
        )
        await self.redis.set(self.phone_key(pseudonym), conversation_id, ex=self.settings.retention_seconds)
        return conversation_id

    async def handle(self, e164: str, body: str) -> list[str]:
        pseudonym = self.vault.pseudonym(e164)
        word = normalize(body)
        if word in STOP_WORDS:
            await self.redis.set(self.optout_key(pseudonym), 1)
            await audit.record(self.redis, "sms-" + pseudonym[:16], "patient", "sms_opt_out")
            return []
        if word in START_WORDS:
            await self.redis.delete(self.optout_key(pseudonym))
            await audit.record(self.redis, "sms-" + pseudonym[:16], "patient", "sms_opt_in")
            return [RESUMED_TEXT]
        if await self.redis.exists(self.optout_key(pseudonym)):
            return []
        if word in HELP_WORDS:
            return [HELP_TEXT]
        conversation_id = await self.conversation_for(e164)
        text = await self._button_choice(conversation_id, body.strip()) or body.strip()
        if not text:
            return []
        text = text[: self.settings.max_message_chars]
        meta = await self.store.get(conversation_id) or {}
        reply = await self.dialogue.handle(conversation_id, text, meta)
        last_buttons = reply.messages[-1].get("buttons") if reply.messages else None
        if last_buttons:
            await self.redis.set(
                self.buttons_key(conversation_id), _dump(last_buttons), ex=self.settings.retention_seconds
            )
        else:
            await self.redis.delete(self.buttons_key(conversation_id))
        return render_sms(reply.messages) if reply.messages else []

    async def _button_choice(self, conversation_id: str, body: str) -> str | None:
        if not re.fullmatch(r"\d{1,2}", body):
            return None
        raw = await self.redis.get(self.buttons_key(conversation_id))
        if not raw:
            return None
        buttons = _load(raw)
        index = int(body) - 1
        return buttons[index]["payload"] if 0 <= index < len(buttons) else None

    # ---- outbound ---------------------------------------------------------------------------
    async def send_to_conversation(self, conversation_id: str, message: dict) -> int:
        """Send a message (a clinician's, a reminder) to the conversation's phone, unless opted out."""
        meta = await self.store.get(conversation_id) or {}
        e164 = self.vault.decrypt(meta.get("phone_enc", "")) if meta.get("phone_enc") else None
        if not e164 or await self.redis.exists(self.optout_key(self.vault.pseudonym(e164))):
            return 0
        bodies = render_sms([message])
        for body in bodies:
            await asyncio.to_thread(self._create, e164, body)
        return len(bodies)

    def _create(self, e164: str, body: str) -> None:
        self.client.messages.create(to=e164, from_=self.settings.twilio_from_number, body=body)


def _dump(buttons: list[dict]) -> str:
    import json

    return json.dumps([{"title": b["title"], "payload": b["payload"]} for b in buttons], ensure_ascii=False)


def _load(raw: str) -> list[dict]:
    import json

    try:
        return json.loads(raw)
    except ValueError:
        return []


def _forbidden() -> JSONResponse:
    return JSONResponse(error_body("invalid_signature", "Signature Twilio invalide."), status_code=403)


@router.post("/webhooks/twilio/sms", responses={403: {"description": "Forged or missing signature."}})
async def twilio_sms(request: Request) -> Response:
    """Twilio's inbound SMS webhook: signature checked, each MessageSid processed once, TwiML answer."""
    sms: SmsChannel = request.app.state.sms
    signature = request.headers.get("X-Twilio-Signature")
    if not signature:
        return _forbidden()
    try:
        form = await request.form()
    except Exception:  # not form-encoded: cannot be Twilio
        return _forbidden()
    params = {key: value for key, value in form.multi_items() if isinstance(value, str)}
    if not sms.validator.validate(sms.signed_url(request), params, signature):
        return _forbidden()
    sid, sender, body = params.get("MessageSid"), params.get("From"), params.get("Body", "")
    if not sid or not sender:
        return JSONResponse(error_body("invalid_webhook", "MessageSid et From sont requis."), status_code=400)
    limiter = get_limiter(request)
    if limiter:
        try:
            refusal = await limiter.hit("phone", sms.vault.pseudonym(to_e164(sender)))
        except InvalidPhoneNumber:
            refusal = None
        if refusal is not None:
            return JSONResponse(
                error_body("rate_limited", refusal.message),
                status_code=429,
                headers={"Retry-After": str(refusal.retry_after)},
            )
    key = f"gw:sms:sid:{sid}"
    if not await sms.redis.set(key, "", nx=True, ex=SID_TTL_S):
        return Response(await sms.redis.get(key) or twiml([]), media_type="application/xml")
    try:
        e164 = to_e164(sender)
    except InvalidPhoneNumber:
        answer = twiml([])
    else:
        answer = twiml(await sms.handle(e164, body.replace("\x00", "")))
    await sms.redis.set(key, answer, ex=SID_TTL_S)
    return Response(answer, media_type="application/xml")
