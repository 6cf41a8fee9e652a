"""Fan-out from one Redis subscription per gateway to many of its sockets.

A socket does not hold a Redis connection of its own: each gateway's hub (clinicians' in
`clinician_ws`, patients' in `patient_hub`) reads one subscription and puts every event in
the outbox of each socket that wants it. A socket that cannot keep up is dropped rather than
slowing the others or growing without bound; it reconnects and catches up from the stored
history.
"""

from __future__ import annotations

import asyncio
from typing import Any

OUTBOX_SIZE = 512


class TooSlow(Exception):
    """The socket's outbox overflowed: close it; the client reconnects and resyncs."""


class Subscriber:
    """One socket's outbox."""

    def __init__(self, size: int = OUTBOX_SIZE) -> None:
        self.outbox: asyncio.Queue[Any] = asyncio.Queue(maxsize=size)
        self.overflow = asyncio.Event()

    def push(self, item: Any) -> None:
        try:
            self.outbox.put_nowait(item)
        except asyncio.QueueFull:
            self.overflow.set()

    async def next(self) -> Any:
        """The next item, or TooSlow once an item had to be dropped."""
        if self.overflow.is_set():
            raise TooSlow
        if not self.outbox.empty():
            return self.outbox.get_nowait()
        getter = asyncio.ensure_future(self.outbox.get())
        overflow = asyncio.ensure_future(self.overflow.wait())
        try:
            done, _ = await asyncio.wait({getter, overflow}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            overflow.cancel()
            if not getter.done():
                getter.cancel()
        if overflow in done and getter not in done:
            raise TooSlow
        return getter.result()
