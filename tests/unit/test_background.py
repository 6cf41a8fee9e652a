"""Background loops stop when cancelled, even when a library swallows the CancelledError."""

from __future__ import annotations

import asyncio

import pytest

from api import background


async def _swallowing_step(calls: list[str], entered: asyncio.Event) -> None:
    """What redis-py's pipeline can do: catch the cancellation mid-call and return normally."""
    calls.append("step")
    entered.set()
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        pass


async def test_every_stops_when_a_step_swallows_the_cancellation():
    calls: list[str] = []
    entered = asyncio.Event()
    task = asyncio.create_task(background.every(0.01, lambda: _swallowing_step(calls, entered), "test loop"))
    await asyncio.wait_for(entered.wait(), 5)
    task.cancel()
    done, _ = await asyncio.wait({task}, timeout=5)
    assert task in done, "the loop went on after being cancelled"
    assert task.cancelled()
    assert calls == ["step"]


async def test_every_survives_a_failing_step_and_keeps_ticking():
    calls: list[int] = []

    async def flaky() -> None:
        calls.append(1)
        if len(calls) < 3:
            raise ConnectionError("Redis blip")

    task = asyncio.create_task(background.every(0.01, flaky, "test loop"))
    for _ in range(500):
        if len(calls) >= 4:
            break
        await asyncio.sleep(0.01)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    assert len(calls) >= 4


async def test_raise_if_cancelled_is_quiet_unless_cancellation_was_requested():
    background.raise_if_cancelled()  # not cancelled: nothing happens

    async def swallow_then_check() -> None:
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            pass
        background.raise_if_cancelled()

    task = asyncio.create_task(swallow_then_check())
    await asyncio.sleep(0)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(task, 5)
