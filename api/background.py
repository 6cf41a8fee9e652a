"""Background loops that always stop when they are cancelled.

redis-py 8's asyncio pipeline can swallow a `CancelledError` that lands while a MULTI/EXEC is
in flight: the call returns normally and only the task's `cancelling()` count remembers the
request. A loop that relies on the exception alone then runs forever, and whoever awaits the
cancelled task (the gateway's shutdown, a test) waits forever with it. Seen in CI: the claim
reaper, cancelled during `ConversationStore.update`, kept ticking and the run hung 80 minutes.

So every long-lived loop of the gateway calls `raise_if_cancelled()` between its steps, and
the periodic ones are written with `every()`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

logger = logging.getLogger(__name__)


def raise_if_cancelled() -> None:
    """Raise CancelledError if someone asked this task to stop, even if a library ate the exception."""
    task = asyncio.current_task()
    if task is not None and task.cancelling():
        raise asyncio.CancelledError


async def every(interval_s: float, step: Callable[[], Awaitable[object]], what: str) -> None:
    """Run `step` every `interval_s` seconds until cancelled; a failing step is logged and retried."""
    while True:
        try:
            await step()
        except asyncio.CancelledError:
            raise
        except Exception:  # a Redis blip: try again at the next tick
            logger.exception("%s failed", what)
        raise_if_cancelled()
        await asyncio.sleep(interval_s)
