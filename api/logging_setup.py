"""Structured JSON logs with no health data and no phone numbers (only ids and codes)."""

from __future__ import annotations

import atexit
import copy
import json
import logging
import logging.handlers
import queue
import sys

_RESERVED = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}
# Fields that may never be logged, even if a caller passes them by mistake.
_FORBIDDEN = {"text", "body", "phone", "from", "to", "message_text", "answers", "reasons"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": round(record.created, 3),  # when logged, not when written
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _RESERVED and key not in _FORBIDDEN and not key.startswith("_"):
                entry[key] = value if isinstance(value, (str, int, float, bool, type(None))) else str(value)
        if record.exc_info:
            entry["exc_type"] = record.exc_info[0].__name__ if record.exc_info[0] else None
        return json.dumps(entry, ensure_ascii=False)


class _RecordQueueHandler(logging.handlers.QueueHandler):
    """Puts records on a queue as they are, for the listener's JsonFormatter.

    The standard `prepare` formats the record with a plain formatter, which would put the
    traceback's text into the message; this one only renders the message's arguments now
    (their values may change later) and keeps `exc_info` for the `exc_type` field.
    """

    def prepare(self, record: logging.LogRecord) -> logging.LogRecord:
        record = copy.copy(record)
        record.msg, record.args = record.getMessage(), None
        return record


_listener: logging.handlers.QueueListener | None = None


def _stop_listener() -> None:
    global _listener
    if _listener is not None:
        _listener.stop()
        _listener = None


def setup_logging(level: str = "INFO", stream=None) -> None:
    """JSON lines on stderr, written by a thread: the event loop only puts records on a queue.

    A write to stderr blocks when the pipe or the disk behind it is slow; in the event loop it
    would stall every connection of the process (the access log writes once per request).
    """
    global _listener
    if _listener is not None:
        _listener.stop()
    else:
        atexit.register(_stop_listener)  # writes what is still queued when the process exits
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    records: queue.SimpleQueue = queue.SimpleQueue()
    _listener = logging.handlers.QueueListener(records, handler, respect_handler_level=True)
    _listener.start()
    root = logging.getLogger()
    root.handlers[:] = [_RecordQueueHandler(records)]
    root.setLevel(level)
    # Library warnings (e.g. a short JWT key) become JSON log lines too.
    logging.captureWarnings(True)
    # Access logs carry URLs only (conversation ids, no message content).
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
