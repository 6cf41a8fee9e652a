"""Teleconsultation scheduling: clinician availability, slots, prioritized and atomic booking.

Owns the `gw:sched:*` and `gw:appt:*` keys:
- gw:sched:clinicians                 set of clinician ids that have a schedule
- gw:sched:clinician:{id}             JSON schedule (working hours per weekday, slot length, exceptions)
- gw:sched:taken:{id}:{YYYY-MM-DD}    hash slot start (UTC, YYYYMMDDTHHMMZ) -> appointment id; the
                                      HSETNX on it is the single point of truth of a booking
- gw:appt:{appointment_id}            hash: the appointment (no name, no phone, no health text)
- gw:appt:active:{conversation_id}    id of the conversation's one active appointment
- gw:appt:day:{YYYY-MM-DD}            sorted set of the day's booked appointments, by start
- gw:conv:{id}:appointments           JSON snapshots for the patient's RGPD export (api.privacy)

Why slots are computed, not stored: a schedule change (leave, new hours) applies at once to
every future day and nothing has to be migrated; only taken slots are written. Times are local
wall-clock times in Europe/Paris, turned into instants with zoneinfo, so a slot series crosses
the daylight-saving change correctly (the missing hour has no slot, the repeated hour has two).

Priority: a share of each clinician-day's slots is reserved for `consultation_24`; routine
`consultation` bookings get a reserved slot only once it starts within `release_hours`, so a
slot nobody urgent needed is not lost. Reservation depends only on the schedule and the clock,
so it is checked before the booking script, which then only has to decide who gets the slot.
"""

from __future__ import annotations

import json
import math
import secrets
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as dtime
from datetime import timezone as dt_timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from redis.asyncio import Redis

PARIS = ZoneInfo("Europe/Paris")
UTC = dt_timezone.utc
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
URGENT_LEVELS = {"consultation_24"}
BOOKABLE_LEVELS = {"consultation_24", "consultation"}
CLINICIANS_KEY = "gw:sched:clinicians"
SLOT_STAMP = "%Y%m%dT%H%MZ"


class BookingError(Exception):
    """A booking the caller can act on: stable `code`, HTTP `status`, French `message`."""

    def __init__(self, status: int, code: str, message: str, extra: dict | None = None):
        super().__init__(code)
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra or {}


class ScheduleError(ValueError):
    """A schedule that cannot be used (message in French, shown to the clinician)."""


# ---- policy and schedules ---------------------------------------------------------------------


@dataclass(frozen=True)
class Policy:
    """The booking rules; loaded from the `policy` section of data/schedule/clinicians.yml."""

    reserved_share: float = 0.3
    release_hours: float = 3.0
    lead_minutes: float = 20.0
    urgent_window_hours: float = 24.0
    horizon_days: int = 14
    offer_count: int = 3

    def __post_init__(self) -> None:
        if not 0 <= self.reserved_share < 1:
            raise ScheduleError("La part réservée doit être comprise entre 0 et 1 (exclu).")


def _parse_hhmm(text: str) -> tuple[int, int]:
    hours, _, minutes = text.strip().partition(":")
    h, m = int(hours), int(minutes or 0)
    if not (0 <= h <= 24 and 0 <= m < 60) or (h == 24 and m):
        raise ScheduleError(f"Heure invalide : {text!r} (format HH:MM).")
    return h, m


def parse_range(text: str) -> tuple[tuple[int, int], tuple[int, int]]:
    """'08:30-12:30' -> ((8, 30), (12, 30)); '24:00' as an end means midnight (end of the day)."""
    start, sep, end = str(text).partition("-")
    if not sep:
        raise ScheduleError(f"Plage horaire invalide : {text!r} (format HH:MM-HH:MM).")
    a, b = _parse_hhmm(start), _parse_hhmm(end)
    if b <= a:
        raise ScheduleError(f"Plage horaire invalide : {text!r} (la fin doit suivre le début).")
    if a[0] == 24:
        raise ScheduleError(f"Plage horaire invalide : {text!r}.")
    return a, b


def _as_date(value: Any) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ScheduleError(f"Date invalide : {value!r} (format AAAA-MM-JJ).") from None


@dataclass
class ClinicianSchedule:
    """One clinician's availability, in the YAML/REST shape (French weekday names, HH:MM ranges)."""

    id: str
    name: str
    slot_minutes: int = 20
    hours: dict[str, list[str]] = field(default_factory=dict)
    # {"from": date, "to": date, "reason"} (leave), {"date", "reason"} (day off) or
    # {"date", "hours": [...]} (different hours that day).
    exceptions: list[dict] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not (5 <= int(self.slot_minutes) <= 240):
            raise ScheduleError("La durée d'un créneau doit être comprise entre 5 et 240 minutes.")
        self.slot_minutes = int(self.slot_minutes)
        for day, ranges in self.hours.items():
            if day not in WEEKDAYS:
                raise ScheduleError(f"Jour inconnu : {day!r} (lundi … dimanche).")
            for r in ranges:
                parse_range(r)
        clean = []
        for exc in self.exceptions:
            item = dict(exc)
            for key in ("from", "to", "date"):
                if key in item:
                    item[key] = _as_date(item[key]).isoformat()
            if "date" not in item and not ("from" in item and "to" in item):
                raise ScheduleError("Une exception doit avoir « date », ou « from » et « to ».")
            for r in item.get("hours") or []:
                parse_range(r)
            clean.append(item)
        self.exceptions = clean

    @classmethod
    def from_dict(cls, data: dict) -> ClinicianSchedule:
        return cls(
            id=str(data["id"]),
            name=str(data.get("name") or data["id"]),
            slot_minutes=int(data.get("slot_minutes") or 20),
            hours={str(k): [str(r) for r in v or []] for k, v in (data.get("hours") or {}).items()},
            exceptions=list(data.get("exceptions") or []),
        )

    def to_dict(self) -> dict:
        return asdict(self)

    def ranges_on(self, day: date, closed_days: frozenset[date] = frozenset()) -> list[str]:
        """The working ranges of that local date, after closed days and exceptions."""
        if day in closed_days:
            return []
        iso = day.isoformat()
        for exc in self.exceptions:
            if exc.get("date") == iso:
                return list(exc.get("hours") or [])
            if "from" in exc and exc["from"] <= iso <= exc["to"]:
                return []
        return list(self.hours.get(WEEKDAYS[day.weekday()]) or [])


@dataclass(frozen=True)
class Slot:
    clinician_id: str
    clinician_name: str
    start: datetime  # aware, UTC
    end: datetime
    reserved: bool = False

    @property
    def slot_id(self) -> str:
        return f"{self.clinician_id}@{self.start.strftime(SLOT_STAMP)}"

    @property
    def field(self) -> str:
        return self.start.strftime(SLOT_STAMP)

    def local_date(self, tz: ZoneInfo = PARIS) -> date:
        return self.start.astimezone(tz).date()

    def to_dict(self, tz: ZoneInfo = PARIS) -> dict:
        return {
            "slot_id": self.slot_id,
            "clinician_id": self.clinician_id,
            "clinician_name": self.clinician_name,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "start_local": self.start.astimezone(tz).isoformat(),
            "reserved": self.reserved,
            "label": french_datetime(self.start, tz),
            "short_label": short_label(self.start, tz),
        }


def parse_slot_id(slot_id: str) -> tuple[str, datetime]:
    clinician_id, sep, stamp = str(slot_id).rpartition("@")
    if not sep or not clinician_id:
        raise BookingError(404, "unknown_slot", "Ce créneau n'existe pas.")
    try:
        start = datetime.strptime(stamp, SLOT_STAMP).replace(tzinfo=UTC)
    except ValueError:
        raise BookingError(404, "unknown_slot", "Ce créneau n'existe pas.") from None
    return clinician_id, start


def reserved_indexes(count: int, share: float) -> set[int]:
    """Which of a day's `count` slots are reserved: spread evenly over the day.

    Slot i is reserved when the running total floor((i+1)·share) steps up, so a share of 0.3
    reserves slots 3, 6, 9 … (1-based) and urgent patients find one in every part of the day.
    """
    return {i for i in range(count) if math.floor((i + 1) * share + 1e-9) > math.floor(i * share + 1e-9)}


def day_slots(
    schedule: ClinicianSchedule,
    day: date,
    policy: Policy,
    closed_days: frozenset[date] = frozenset(),
    tz: ZoneInfo = PARIS,
) -> list[Slot]:
    """Every slot of one clinician on one local date, reserved ones marked.

    Ranges are turned into instants, then cut into slots in absolute time: on the spring
    change a 01:00-04:00 range lasts 2 h (no slot at 02:xx, which does not exist), on the
    autumn change it lasts 4 h (02:xx happens twice, once in summer time, once in winter time).
    """
    length = timedelta(minutes=schedule.slot_minutes)
    starts: list[datetime] = []
    for text in schedule.ranges_on(day, closed_days):
        (h1, m1), (h2, m2) = parse_range(text)
        begin = datetime.combine(day, dtime(h1, m1), tzinfo=tz).astimezone(UTC)
        end_day = day + timedelta(days=1) if h2 == 24 else day
        end = datetime.combine(end_day, dtime(h2 % 24, m2), tzinfo=tz).astimezone(UTC)
        t = begin
        while t + length <= end:
            starts.append(t)
            t += length
    starts = sorted(set(starts))
    reserved = reserved_indexes(len(starts), policy.reserved_share)
    return [Slot(schedule.id, schedule.name, s, s + length, i in reserved) for i, s in enumerate(starts)]


def offerable(slot: Slot, level: str, now: float, policy: Policy) -> bool:
    """May a patient of `level` book this slot now? (time window and reservation rule)"""
    start = slot.start.timestamp()
    if level not in BOOKABLE_LEVELS or start < now + policy.lead_minutes * 60:
        return False
    if level in URGENT_LEVELS:
        return start <= now + policy.urgent_window_hours * 3600
    if start > now + policy.horizon_days * 86400:
        return False
    return not slot.reserved or start - now <= policy.release_hours * 3600


# ---- French wording ------------------------------------------------------------------------------


def french_time(dt: datetime) -> str:
    return f"{dt.hour} h" if dt.minute == 0 else f"{dt.hour} h {dt.minute:02d}"


def french_day(day: int) -> str:
    """The day of the month as French writes it: '1er', then '2', '3', ..."""
    return "1er" if day == 1 else str(day)


def french_datetime(instant: datetime, tz: ZoneInfo = PARIS) -> str:
    """'mardi 31 mars 2026 à 9 h 40' in local time (what a French patient expects to read)."""
    local = instant.astimezone(tz)
    day = french_day(local.day)
    return f"{WEEKDAYS[local.weekday()]} {day} {MONTHS[local.month - 1]} {local.year} à {french_time(local)}"


def short_label(instant: datetime, tz: ZoneInfo = PARIS) -> str:
    """'mar. 31 mars, 9 h 40' ('mar. 1er déc…' on the first): short enough for a button or an SMS."""
    local = instant.astimezone(tz)
    day = french_day(local.day)
    return f"{WEEKDAYS[local.weekday()][:3]}. {day} {MONTHS[local.month - 1]}, {french_time(local)}"


# ---- Redis scripts -----------------------------------------------------------------------------------

# KEYS: taken hash, new appointment, active key, day index, export list,
#       old appointment, old taken hash, old day index (the three last only matter when replacing)
# ARGV: slot field, new id, start, replacing id or '', old slot field, ttl, now, snapshot JSON, k1, v1, ...
# One script decides everything: the HSETNX on the slot is what 50 concurrent attempts race for.
_BOOK = """
local active = redis.call('GET', KEYS[3])
if ARGV[4] == '' then
  if active then return {'already_booked', active} end
elseif active ~= ARGV[4] then
  return {'not_active', active or ''}
end
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then
  return {'slot_taken', redis.call('HGET', KEYS[1], ARGV[1])}
end
local ttl = tonumber(ARGV[6])
redis.call('EXPIRE', KEYS[1], ttl)
for i = 9, #ARGV, 2 do redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]) end
redis.call('EXPIRE', KEYS[2], ttl)
redis.call('SET', KEYS[3], ARGV[2], 'EX', ttl)
redis.call('ZADD', KEYS[4], ARGV[3], ARGV[2])
redis.call('EXPIRE', KEYS[4], ttl)
redis.call('RPUSH', KEYS[5], ARGV[8])
redis.call('EXPIRE', KEYS[5], ttl)
if ARGV[4] ~= '' then
  redis.call('HSET', KEYS[6], 'status', 'rescheduled', 'replaced_by', ARGV[2], 'updated_at', ARGV[7])
  if redis.call('HGET', KEYS[7], ARGV[5]) == ARGV[4] then redis.call('HDEL', KEYS[7], ARGV[5]) end
  redis.call('ZREM', KEYS[8], ARGV[4])
end
return {'booked', ARGV[2]}
"""

# KEYS: appointment, taken hash, active key, day index. ARGV: id, slot field, now, by, reason.
_CANCEL = """
if redis.call('HGET', KEYS[1], 'status') ~= 'booked' then return 0 end
redis.call('HSET', KEYS[1], 'status', 'cancelled', 'cancelled_at', ARGV[3], 'cancelled_by', ARGV[4],
           'cancel_reason', ARGV[5], 'updated_at', ARGV[3])
if redis.call('HGET', KEYS[2], ARGV[2]) == ARGV[1] then redis.call('HDEL', KEYS[2], ARGV[2]) end
if redis.call('GET', KEYS[3]) == ARGV[1] then redis.call('DEL', KEYS[3]) end
redis.call('ZREM', KEYS[4], ARGV[1])
return 1
"""


def appointment_key(appointment_id: str) -> str:
    return f"gw:appt:{appointment_id}"


def active_key(conversation_id: str) -> str:
    return f"gw:appt:active:{conversation_id}"


def day_key(day: date | str) -> str:
    return f"gw:appt:day:{day if isinstance(day, str) else day.isoformat()}"


def taken_key(clinician_id: str, day: date) -> str:
    return f"gw:sched:taken:{clinician_id}:{day.isoformat()}"


def schedule_key(clinician_id: str) -> str:
    return f"gw:sched:clinician:{clinician_id}"


def export_key(conversation_id: str) -> str:
    return f"gw:conv:{conversation_id}:appointments"  # read and erased by api.privacy


# ---- the service -------------------------------------------------------------------------------------


def load_file(path: Path) -> tuple[Policy, frozenset[date], list[ClinicianSchedule], ZoneInfo]:
    """Policy, clinic closed days, clinicians and time zone from the YAML file."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    policy = Policy(**(data.get("policy") or {}))
    closed = frozenset(_as_date(d) for d in data.get("closed_days") or [])
    schedules = [ClinicianSchedule.from_dict(c) for c in data.get("clinicians") or []]
    return policy, closed, schedules, ZoneInfo(data.get("timezone") or "Europe/Paris")


class Scheduling:
    """Availability, offers and bookings on Redis. `now` is injectable so tests control time."""

    def __init__(
        self,
        redis: Redis,
        policy: Policy | None = None,
        closed_days: frozenset[date] = frozenset(),
        now: Callable[[], float] = time.time,
        retention_s: int = 30 * 86400,
        tz: ZoneInfo = PARIS,
    ):
        self.redis = redis
        self.policy = policy or Policy()
        self.closed_days = closed_days
        self.now = now
        self.retention_s = retention_s
        self.tz = tz
        self._book = redis.register_script(_BOOK)
        self._cancel = redis.register_script(_CANCEL)

    # -- schedules
    async def load_defaults(self, schedules: list[ClinicianSchedule]) -> int:
        """Copy the file's schedules into Redis unless the clinician already has one there."""
        written = 0
        for schedule in schedules:
            if await self.redis.set(
                schedule_key(schedule.id), json.dumps(schedule.to_dict(), ensure_ascii=False), nx=True
            ):
                written += 1
            await self.redis.sadd(CLINICIANS_KEY, schedule.id)
        return written

    async def set_schedule(self, schedule: ClinicianSchedule) -> None:
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.set(schedule_key(schedule.id), json.dumps(schedule.to_dict(), ensure_ascii=False))
            pipe.sadd(CLINICIANS_KEY, schedule.id)
            await pipe.execute()

    async def get_schedule(self, clinician_id: str) -> ClinicianSchedule | None:
        raw = await self.redis.get(schedule_key(clinician_id))
        return ClinicianSchedule.from_dict(json.loads(raw)) if raw else None

    async def schedules(self) -> list[ClinicianSchedule]:
        ids = sorted(await self.redis.smembers(CLINICIANS_KEY))
        if not ids:
            return []
        raws = await self.redis.mget([schedule_key(i) for i in ids])
        return [ClinicianSchedule.from_dict(json.loads(r)) for r in raws if r]

    # -- offers
    def _local_day(self, ts: float) -> date:
        return datetime.fromtimestamp(ts, self.tz).date()

    async def free_slots(
        self, level: str, after: float | None = None, limit: int | None = None, distinct_times: bool = True
    ) -> list[Slot]:
        """The earliest slots a `level` patient may book now, free in Redis, earliest first."""
        if level not in BOOKABLE_LEVELS:
            return []
        now = self.now()
        window = (
            self.policy.urgent_window_hours * 3600
            if level in URGENT_LEVELS
            else self.policy.horizon_days * 86400
        )
        first_day, last_day = self._local_day(now), self._local_day(now + window)
        candidates: list[Slot] = []
        for schedule in await self.schedules():
            day = first_day
            while day <= last_day:
                for slot in day_slots(schedule, day, self.policy, self.closed_days, self.tz):
                    if offerable(slot, level, now, self.policy) and (
                        after is None or slot.start.timestamp() > after
                    ):
                        candidates.append(slot)
                day += timedelta(days=1)
        if not candidates:
            return []
        candidates.sort(key=lambda s: (s.start, s.clinician_id))
        async with self.redis.pipeline(transaction=False) as pipe:
            for slot in candidates:
                pipe.hexists(taken_key(slot.clinician_id, slot.local_date(self.tz)), slot.field)
            taken = await pipe.execute()
        out: list[Slot] = []
        seen: set[datetime] = set()
        for slot, is_taken in zip(candidates, taken, strict=True):
            if is_taken or (distinct_times and slot.start in seen):
                continue
            seen.add(slot.start)
            out.append(slot)
            if limit and len(out) >= limit:
                break
        return out

    async def resolve(self, slot_id: str) -> Slot:
        """The slot behind an id, if the clinician's current schedule still has it."""
        clinician_id, start = parse_slot_id(slot_id)
        schedule = await self.get_schedule(clinician_id)
        if schedule is None:
            raise BookingError(404, "unknown_slot", "Ce créneau n'existe pas.")
        day = start.astimezone(self.tz).date()
        for slot in day_slots(schedule, day, self.policy, self.closed_days, self.tz):
            if slot.start == start:
                return slot
        raise BookingError(404, "unknown_slot", "Ce créneau n'existe plus.")

    # -- bookings
    async def book(
        self,
        conversation_id: str,
        slot_id: str,
        level: str,
        channel: str = "web",
        replacing: str | None = None,
    ) -> dict:
        """Book (or, with `replacing`, move to) a slot: one slot, one appointment, whatever the concurrency."""
        if level not in BOOKABLE_LEVELS:
            raise BookingError(
                422,
                "level_not_bookable",
                "Ce niveau d'urgence ne se prend pas en rendez-vous : suivez le conseil d'urgence.",
            )
        slot = await self.resolve(slot_id)
        now = self.now()
        if not offerable(slot, level, now, self.policy):
            raise BookingError(409, "slot_not_offered", "Ce créneau n'est pas disponible pour cette demande.")
        old: dict | None = None
        if replacing:
            old = await self.get(replacing)
            if old is None or old.get("conversation_id") != conversation_id:
                raise BookingError(404, "appointment_not_found", "Rendez-vous introuvable.")
        appointment_id = secrets.token_hex(12)  # hex: valid as a FHIR id and in URLs
        record = {
            "id": appointment_id,
            "conversation_id": conversation_id,
            "clinician_id": slot.clinician_id,
            "clinician_name": slot.clinician_name,
            "slot_id": slot.slot_id,
            "start": f"{slot.start.timestamp():.0f}",
            "end": f"{slot.end.timestamp():.0f}",
            "level": level,
            "reserved": "1" if slot.reserved else "0",
            "status": "booked",
            "channel": channel,
            "created_at": f"{now:.3f}",
            "updated_at": f"{now:.3f}",
        }
        if replacing:
            record["replaces"] = replacing
        ttl = max(3600, int(slot.end.timestamp() - now) + self.retention_s)
        day = slot.local_date(self.tz)
        old_slot_field, old_taken, old_day = "", taken_key(slot.clinician_id, day), day_key(day)
        if old:
            _, old_start = parse_slot_id(old["slot_id"])
            old_day_local = old_start.astimezone(self.tz).date()
            old_slot_field = old_start.strftime(SLOT_STAMP)
            old_taken, old_day = taken_key(old["clinician_id"], old_day_local), day_key(old_day_local)
        flat: list[str] = [x for kv in record.items() for x in kv]
        outcome, holder = await self._book(
            keys=[
                taken_key(slot.clinician_id, day),
                appointment_key(appointment_id),
                active_key(conversation_id),
                day_key(day),
                export_key(conversation_id),
                appointment_key(replacing or appointment_id),
                old_taken,
                old_day,
            ],
            args=[
                slot.field,
                appointment_id,
                record["start"],
                replacing or "",
                old_slot_field,
                ttl,
                f"{now:.3f}",
                json.dumps(record, ensure_ascii=False),
                *flat,
            ],
        )
        if outcome == "slot_taken":
            raise BookingError(409, "slot_taken", "Ce créneau vient d'être pris par quelqu'un d'autre.")
        if outcome == "already_booked":
            raise BookingError(
                409, "already_booked", "Vous avez déjà un rendez-vous.", {"appointment_id": holder}
            )
        if outcome == "not_active":
            raise BookingError(409, "not_active", "Ce rendez-vous n'est plus actif.")
        await self._refresh_export(conversation_id)
        return record

    async def cancel(self, appointment_id: str, by: str, reason: str = "") -> dict:
        """Cancel a booked appointment; its slot goes back to the pool at once."""
        appt = await self.get(appointment_id)
        if appt is None:
            raise BookingError(404, "appointment_not_found", "Rendez-vous introuvable.")
        _, start = parse_slot_id(appt["slot_id"])
        day = start.astimezone(self.tz).date()
        done = await self._cancel(
            keys=[
                appointment_key(appointment_id),
                taken_key(appt["clinician_id"], day),
                active_key(appt["conversation_id"]),
                day_key(day),
            ],
            args=[appointment_id, start.strftime(SLOT_STAMP), f"{self.now():.3f}", by, reason],
        )
        if not done:
            raise BookingError(409, "not_active", "Ce rendez-vous n'est plus actif.")
        await self._refresh_export(appt["conversation_id"])
        return await self.get(appointment_id) or appt

    async def reschedule(self, appointment_id: str, slot_id: str, level: str | None = None) -> dict:
        appt = await self.get(appointment_id)
        if appt is None or appt.get("status") != "booked":
            raise BookingError(409, "not_active", "Ce rendez-vous n'est plus actif.")
        return await self.book(
            appt["conversation_id"],
            slot_id,
            level or appt["level"],
            appt.get("channel", "web"),
            replacing=appointment_id,
        )

    async def get(self, appointment_id: str) -> dict | None:
        if not appointment_id or len(appointment_id) > 64:
            return None
        data = await self.redis.hgetall(appointment_key(appointment_id))
        return data or None

    async def active(self, conversation_id: str) -> dict | None:
        appointment_id = await self.redis.get(active_key(conversation_id))
        return await self.get(appointment_id) if appointment_id else None

    async def for_conversation(self, conversation_id: str) -> list[dict]:
        """Every appointment of the conversation (as long as its export list exists: erasure removes it)."""
        ids = []
        for raw in await self.redis.lrange(export_key(conversation_id), 0, -1):
            try:
                ids.append(json.loads(raw)["id"])
            except (ValueError, KeyError, TypeError):
                continue
        out = []
        for appointment_id in dict.fromkeys(ids):
            appt = await self.get(appointment_id)
            if appt:
                out.append(appt)
        return sorted(out, key=lambda a: float(a["start"]))

    async def on_day(self, day: date) -> list[dict]:
        ids = await self.redis.zrange(day_key(day), 0, -1)
        out = []
        for appointment_id in ids:
            appt = await self.get(appointment_id)
            if appt and appt.get("status") == "booked":
                out.append(appt)
        return out

    async def erase_conversation(self, conversation_id: str) -> int:
        """RGPD erasure: cancel the active appointment (slot back to the pool), drop every record."""
        appts = await self.for_conversation(conversation_id)
        for appt in appts:
            if appt.get("status") == "booked":
                try:
                    await self.cancel(appt["id"], by="erasure")
                except BookingError:
                    pass
        if appts:
            await self.redis.delete(*[appointment_key(a["id"]) for a in appts])
        await self.redis.delete(export_key(conversation_id), active_key(conversation_id))
        return len(appts)

    async def _refresh_export(self, conversation_id: str) -> None:
        """Rewrite the export list with the current state of each appointment (derived data)."""
        appts = await self.for_conversation(conversation_id)
        if not appts:
            return
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.delete(export_key(conversation_id))
            pipe.rpush(export_key(conversation_id), *[json.dumps(a, ensure_ascii=False) for a in appts])
            pipe.expire(export_key(conversation_id), self.retention_s + 86400 * self.policy.horizon_days)
            await pipe.execute()


# ---- presentation ------------------------------------------------------------------------------------


def join_url(base_url: str, appointment_id: str) -> str:
    return f"{base_url.rstrip('/')}/visio/{appointment_id}"


def appointment_view(appt: dict, base_url: str, tz: ZoneInfo = PARIS) -> dict:
    """The public shape of an appointment, with its French label and links."""
    start = datetime.fromtimestamp(float(appt["start"]), UTC)
    end = datetime.fromtimestamp(float(appt["end"]), UTC)
    base = base_url.rstrip("/")
    return {
        "appointment_id": appt["id"],
        "conversation_id": appt.get("conversation_id"),
        "status": appt.get("status"),
        "level": appt.get("level"),
        "clinician_id": appt.get("clinician_id"),
        "clinician_name": appt.get("clinician_name"),
        "start": start.isoformat(),
        "end": end.isoformat(),
        "start_local": start.astimezone(tz).isoformat(),
        "label": french_datetime(start, tz),
        "reserved": appt.get("reserved") == "1",
        "join_url": join_url(base, appt["id"]),
        "ics_url": f"{base}/api/v1/appointments/{appt['id']}.ics",
        "fhir_url": f"{base}/api/v1/appointments/{appt['id']}/fhir",
        "replaces": appt.get("replaces"),
    }
