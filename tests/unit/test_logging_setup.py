"""The gateway's logs: JSON lines written by a thread, never by the caller, with no health data."""

from __future__ import annotations

import json
import logging
import threading

import pytest

from api import logging_setup


class BlockingStream:
    """A stderr whose writes wait until `release` is set, like a full pipe."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.writing = threading.Event()
        self.lines: list[str] = []

    def write(self, s: str) -> int:
        self.writing.set()
        assert self.release.wait(30), "the test never released the stream"
        self.lines.extend(x for x in s.splitlines() if x)
        return len(s)

    def flush(self) -> None:
        pass


@pytest.fixture
def stream():
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    s = BlockingStream()
    logging_setup.setup_logging(stream=s)
    yield s
    s.release.set()
    logging_setup._stop_listener()
    root.handlers[:], root.level = saved[0], saved[1]


def test_a_blocked_stream_does_not_block_the_caller(stream):
    log = logging.getLogger("gateway.test")
    log.info("first %s", "one")
    assert stream.writing.wait(10), "the listener thread never wrote"
    # The writer is stuck in write(); the caller still returns, as the event loop must.
    for i in range(50):
        log.info("queued %d", i)
    assert stream.lines == []
    stream.release.set()
    logging_setup._stop_listener()  # what atexit does: writes everything still queued
    events = [json.loads(line)["event"] for line in stream.lines]
    assert events == ["first one"] + [f"queued {i}" for i in range(50)]


def test_no_patient_text_and_no_traceback_in_the_lines(stream):
    stream.release.set()
    log = logging.getLogger("gateway.test")
    log.info("message received", extra={"conversation_id": "c-1", "text": "douleur zygomatique"})
    try:
        raise ValueError("ornithorynque au ventre")
    except ValueError:
        log.exception("turn failed", extra={"conversation_id": "c-1"})
    logging_setup._stop_listener()
    entries = [json.loads(line) for line in stream.lines]
    assert [e["event"] for e in entries] == ["message received", "turn failed"]
    assert entries[0]["conversation_id"] == "c-1" and "text" not in entries[0]
    assert entries[1]["exc_type"] == "ValueError"
    written = "\n".join(stream.lines)
    assert "zygomatique" not in written and "ornithorynque" not in written
    assert "Traceback" not in written


def test_setup_twice_keeps_one_writer(stream):
    stream.release.set()
    logging_setup.setup_logging(stream=stream)  # as a test or a reload may do
    logging.getLogger("gateway.test").warning("once")
    logging_setup._stop_listener()
    assert [json.loads(line)["event"] for line in stream.lines] == ["once"]
