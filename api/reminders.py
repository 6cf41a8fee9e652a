"""Due jobs: appointment confirmations and reminders by SMS, and follow-up check-ins.

Owns the `gw:jobs:*`, `gw:job:*` and `gw:checkin:*` keys:
- gw:jobs:due              sorted set job id -> due time (epoch seconds)
- gw:jobs:running          sorted set job id -> lease deadline of the gateway running it
- gw:job:{id}              JSON: kind, data, attempts
- gw:checkin:{conv_id}     hash: status (scheduled, sent, answered, skipped), due, level, answer

Every gateway runs a `Scheduler` (started in the app lifespan). A job is claimed by one Lua
script that moves it from `due` to `running`, so two gateways never run the same job; it is
deleted once done. Jobs live in Redis, so a restart loses none: a job whose gateway died
mid-run goes back to `due` when its lease ends. The clock is injectable (`now`, and the
CLOCK_OFFSET_S setting for whole-stack tests), so tests move time instead of waiting.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from pydantic_settings import BaseSettings, SettingsConfigDict
from redis.asyncio import Redis

from api import audit, background, notify
from api.scheduling import PARIS, UTC, Scheduling, appointment_view, load_file
from api.settings import ROOT

logger = logging.getLogger(__name__)

DUE = "gw:jobs:due"
RUNNING = "gw:jobs:running"
MAX_ATTEMPTS = 5
LEASE_S = 120.0
JOB_TTL_S = 60 * 86400

CHECKIN_TEXT = (
    "Bonjour, c'est l'assistant d'orientation : comment allez-vous depuis notre échange ? "
    "Dites-moi si vous allez mieux ou moins bien. En cas d'urgence, appelez le 15 ou le 112."
)
CHECKIN_BUTTONS = [
    {"title": "Je vais mieux", "payload": "/aller_mieux"},
    {"title": "Je vais moins bien", "payload": "/aller_plus_mal"},
]
CHECKIN_SMS_WEB = (
    "Bonjour, l'assistant d'orientation prend de vos nouvelles : comment allez-vous ? Répondez dans "
    "la conversation sur le site. En cas d'urgence, appelez le 15 ou le 112."
)


class SchedulingSettings(BaseSettings):
    """Settings of scheduling and reminders, from the environment (SCHEDULE_FILE, CLOCK_OFFSET_S…)."""

    model_config = SettingsConfigDict(env_file=None, extra="ignore")

    schedule_file: Path = ROOT / "data" / "schedule" / "clinicians.yml"
    # Only for tests and demonstrations: the gateway's scheduling clock runs this far ahead.
    clock_offset_s: float = 0.0
    scheduler_poll_s: float = 1.0
    checkin_delay_hours: float = 24.0


def offset_clock(offset_s: float) -> Callable[[], float]:
    if not offset_s:
        return time.time
    return lambda: time.time() + offset_s


# KEYS: due, running. ARGV: now, lease deadline, limit.
# Expired leases first (their gateway died), then the due jobs, moved to `running` atomically.
_CLAIM = """
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'LIMIT', 0, 100)
for _, id in ipairs(expired) do
  redis.call('ZREM', KEYS[2], id)
  redis.call('ZADD', KEYS[1], ARGV[1], id)
end
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
for _, id in ipairs(ids) do
  redis.call('ZREM', KEYS[1], id)
  redis.call('ZADD', KEYS[2], ARGV[2], id)
end
return ids
"""

# KEYS: check-in hash. ARGV: answer, now. 1 if a sent check-in was waiting for this answer.
_ANSWER_CHECKIN = """
if redis.call('HGET', KEYS[1], 'status') ~= 'sent' then return 0 end
redis.call('HSET', KEYS[1], 'status', 'answered', 'answer', ARGV[1], 'answered_at', ARGV[2])
return 1
"""


def job_key(job_id: str) -> str:
    return f"gw:job:{job_id}"


def checkin_key(conversation_id: str) -> str:
    return f"gw:checkin:{conversation_id}"


class JobQueue:
    """Due jobs in Redis; `claim` hands each job to exactly one caller."""

    def __init__(self, redis: Redis, now: Callable[[], float] = time.time):
        self.redis = redis
        self.now = now
        self._claim = redis.register_script(_CLAIM)

    async def schedule(self, job_id: str, due: float, kind: str, **data: Any) -> None:
        body = json.dumps({"kind": kind, "data": data, "attempts": 0}, ensure_ascii=False)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.set(job_key(job_id), body, ex=JOB_TTL_S)
            pipe.zadd(DUE, {job_id: due})
            await pipe.execute()

    async def cancel(self, *job_ids: str) -> None:
        if not job_ids:
            return
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.zrem(DUE, *job_ids)
            pipe.zrem(RUNNING, *job_ids)
            pipe.delete(*[job_key(j) for j in job_ids])
            await pipe.execute()

    async def claim(self, limit: int = 20, lease_s: float = LEASE_S) -> list[tuple[str, dict]]:
        now = self.now()
        ids = await self._claim(keys=[DUE, RUNNING], args=[f"{now:.3f}", f"{now + lease_s:.3f}", limit])
        out = []
        for job_id in ids:
            raw = await self.redis.get(job_key(job_id))
            if raw is None:  # cancelled meanwhile
                await self.redis.zrem(RUNNING, job_id)
                continue
            out.append((job_id, json.loads(raw)))
        return out

    async def done(self, job_id: str) -> None:
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.zrem(RUNNING, job_id)
            pipe.delete(job_key(job_id))
            await pipe.execute()

    async def retry(self, job_id: str, job: dict) -> bool:
        """Put a failed job back with an exponential delay; False once it has failed too often."""
        job["attempts"] = int(job.get("attempts", 0)) + 1
        if job["attempts"] >= MAX_ATTEMPTS:
            await self.done(job_id)
            return False
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.set(job_key(job_id), json.dumps(job, ensure_ascii=False), ex=JOB_TTL_S)
            pipe.zrem(RUNNING, job_id)
            pipe.zadd(DUE, {job_id: self.now() + 30 * 2 ** job["attempts"]})
            await pipe.execute()
        return True

    async def pending(self) -> list[tuple[str, float]]:
        return [(j, s) for j, s in await self.redis.zrange(DUE, 0, -1, withscores=True)]


# ---- appointment jobs ------------------------------------------------------------------------------


def appointment_job_ids(appointment_id: str) -> list[str]:
    return [f"appt:{appointment_id}:{kind}" for kind in ("confirm", "remind24", "remind1")]


async def schedule_appointment_jobs(queue: JobQueue, appt: dict, now: float, channel: str) -> list[str]:
    """SMS confirmation (web patients: SMS patients already read it in the conversation) and reminders."""
    start = float(appt["start"])
    appointment_id = appt["id"]
    scheduled = []
    if channel != "sms":
        await queue.schedule(
            f"appt:{appointment_id}:confirm", now, "confirmation", appointment_id=appointment_id
        )
        scheduled.append("confirm")
    if start - 24 * 3600 > now + 3600:
        await queue.schedule(
            f"appt:{appointment_id}:remind24", start - 24 * 3600, "reminder", appointment_id=appointment_id
        )
        scheduled.append("remind24")
    if start - 3600 > now + 15 * 60:
        await queue.schedule(
            f"appt:{appointment_id}:remind1", start - 3600, "reminder", appointment_id=appointment_id
        )
        scheduled.append("remind1")
    return scheduled


async def cancel_appointment_jobs(queue: JobQueue, appointment_id: str) -> None:
    await queue.cancel(*appointment_job_ids(appointment_id))


def reminder_text(appt: dict, base_url: str, channel: str) -> str:
    view = appointment_view(appt, base_url)
    how = (
        "Pour l'annuler ou la déplacer, répondez « annuler mon rendez-vous » ou « changer mon rendez-vous »."
        if channel == "sms"
        else "Pour l'annuler ou la déplacer, revenez dans la conversation sur le site."
    )
    return (
        f"Rappel : téléconsultation le {view['label']} (heure de Paris) avec {appt.get('clinician_name')}. "
        f"Pour la rejoindre : {view['join_url']} . {how} En cas d'urgence, appelez le 15 ou le 112."
    )


def confirmation_text(appt: dict, base_url: str) -> str:
    view = appointment_view(appt, base_url)
    return (
        f"Téléconsultation confirmée le {view['label']} (heure de Paris) avec {appt.get('clinician_name')}. "
        f"Pour la rejoindre : {view['join_url']} . Pour l'annuler ou la déplacer, revenez dans la conversation "
        "sur le site. En cas d'urgence, appelez le 15 ou le 112."
    )


# ---- check-ins ----------------------------------------------------------------------------------------


def checkin_due(now: float, delay_hours: float = 24.0) -> float:
    """`delay_hours` after the result, moved out of the night (21 h-9 h) to 9 h: at most 36 h later."""
    local = datetime.fromtimestamp(now + delay_hours * 3600, UTC).astimezone(PARIS)
    if local.hour >= 21:
        local = datetime.combine(
            local.date() + timedelta(days=1), datetime.min.time().replace(hour=9), tzinfo=PARIS
        )
    elif local.hour < 9:
        local = datetime.combine(local.date(), datetime.min.time().replace(hour=9), tzinfo=PARIS)
    return local.timestamp()


async def schedule_checkin(
    redis: Redis, queue: JobQueue, conversation_id: str, level: str, now: float, delay_hours: float = 24.0
) -> float:
    due = checkin_due(now, delay_hours)
    async with redis.pipeline(transaction=True) as pipe:
        pipe.hset(
            checkin_key(conversation_id),
            mapping={"status": "scheduled", "due": f"{due:.0f}", "level": level, "accepted_at": f"{now:.3f}"},
        )
        pipe.expire(checkin_key(conversation_id), 7 * 86400)
        await pipe.execute()
    await queue.schedule(f"checkin:{conversation_id}", due, "checkin", conversation_id=conversation_id)
    return due


async def answer_checkin(redis: Redis, conversation_id: str, answer: str, now: float) -> bool:
    """Record the answer to a sent check-in; True if one was waiting (the caller may then escalate)."""
    return bool(await redis.eval(_ANSWER_CHECKIN, 1, checkin_key(conversation_id), answer, f"{now:.3f}"))


# ---- the scheduler ---------------------------------------------------------------------------------


class Scheduler:
    """Runs due jobs for this gateway. `state` is app.state (redis, store, sms, scheduling, settings)."""

    def __init__(
        self,
        state: Any,
        queue: JobQueue,
        poll_s: float = 1.0,
        now: Callable[[], float] = time.time,
        schedules: list | None = None,
    ):
        self.state = state
        self.queue = queue
        self.poll_s = poll_s
        self.now = now
        self._defaults = schedules
        self.handlers: dict[str, Callable[[dict], Awaitable[None]]] = {
            "confirmation": self.confirmation,
            "reminder": self.reminder,
            "checkin": self.checkin,
        }

    async def tick(self) -> int:
        """Run every job due now; returns how many ran."""
        ran = 0
        for job_id, job in await self.queue.claim():
            handler = self.handlers.get(job.get("kind", ""))
            try:
                if handler is None:
                    raise ValueError(f"unknown job kind {job.get('kind')!r}")
                await handler(job.get("data") or {})
            except Exception as exc:  # a failed job must not stop the others
                logger.warning("job failed", extra={"job_id": job_id, "error": type(exc).__name__})
                await self.queue.retry(job_id, job)
                continue
            await self.queue.done(job_id)
            ran += 1
        return ran

    async def run(self) -> None:
        if self._defaults:
            while True:  # Redis may not be up yet when the gateway starts
                try:
                    await self.state.scheduling.load_defaults(self._defaults)
                    break
                except Exception as exc:
                    logger.warning("could not load schedules yet", extra={"error": type(exc).__name__})
                    background.raise_if_cancelled()
                    await asyncio.sleep(2)
        await background.every(self.poll_s, self.tick, "scheduler tick")

    # -- handlers
    async def _send_sms(self, conversation_id: str, text: str) -> int:
        sms = getattr(self.state, "sms", None)
        return await sms.send_to_conversation(conversation_id, {"text": text, "buttons": []}) if sms else 0

    async def confirmation(self, data: dict) -> None:
        appt = await self.state.scheduling.get(data["appointment_id"])
        if not appt or appt.get("status") != "booked":
            return
        sent = await self._send_sms(
            appt["conversation_id"], confirmation_text(appt, self.state.settings.public_base_url)
        )
        if sent:
            await audit.record(
                self.state.redis,
                appt["conversation_id"],
                "scheduler",
                "appointment_confirmation_sms",
                appointment_id=appt["id"],
            )

    async def reminder(self, data: dict) -> None:
        appt = await self.state.scheduling.get(data["appointment_id"])
        if not appt or appt.get("status") != "booked" or float(appt["start"]) < self.now():
            return
        conversation_id = appt["conversation_id"]
        meta = await self.state.store.get(conversation_id)
        if meta is None:
            return
        channel = meta.get("channel", "web")
        text = reminder_text(appt, self.state.settings.public_base_url, channel)
        message = await self.state.store.append(conversation_id, "system", text)
        await notify.deliver_to_patient(self.state, conversation_id, message)  # SMS for SMS conversations
        if channel != "sms" and meta.get("phone_enc"):
            await self._send_sms(conversation_id, text)
        await audit.record(
            self.state.redis, conversation_id, "scheduler", "appointment_reminder", appointment_id=appt["id"]
        )

    async def checkin(self, data: dict) -> None:
        conversation_id = data["conversation_id"]
        redis = self.state.redis
        meta = await self.state.store.get(conversation_id)
        if not meta or meta.get("status") != "bot" or meta.get("consent") != "accepted":
            await redis.hset(checkin_key(conversation_id), "status", "skipped")
            return
        message = await self.state.store.append(conversation_id, "bot", CHECKIN_TEXT, CHECKIN_BUTTONS)
        await redis.hset(
            checkin_key(conversation_id), mapping={"status": "sent", "sent_at": f"{self.now():.3f}"}
        )
        if meta.get("channel") == "sms":
            # So that "1" or "2" picks a button, as for the bot's own questions (see api.channels.sms).
            await redis.set(
                f"gw:sms:buttons:{conversation_id}",
                json.dumps(CHECKIN_BUTTONS, ensure_ascii=False),
                ex=self.state.settings.retention_seconds,
            )
        await notify.deliver_to_patient(self.state, conversation_id, message)
        if meta.get("channel") != "sms" and meta.get("phone_enc"):
            await self._send_sms(conversation_id, CHECKIN_SMS_WEB)
        await audit.record(redis, conversation_id, "scheduler", "checkin_sent")


# ---- lifespan -------------------------------------------------------------------------------------------


class Running:
    def __init__(self, task: asyncio.Task):
        self.task = task

    async def stop(self) -> None:
        self.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.task


async def start(state: Any) -> Running:
    """Set up scheduling on `app.state` and start this gateway's scheduler task."""
    cfg = SchedulingSettings()
    now = offset_clock(cfg.clock_offset_s)
    policy, closed, schedules, tz = await asyncio.to_thread(load_file, cfg.schedule_file)
    state.scheduling_settings = cfg
    state.clock = now
    state.scheduling = Scheduling(state.redis, policy, closed, now, state.settings.retention_seconds, tz)
    state.jobs = JobQueue(state.redis, now)
    state.scheduler = Scheduler(state, state.jobs, cfg.scheduler_poll_s, now, schedules)
    return Running(asyncio.create_task(state.scheduler.run()))
