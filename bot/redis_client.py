"""The Redis client that Rasa's stores in bot/ share: non-blocking, retrying on a fresh connection."""

from __future__ import annotations

import os
from typing import Any, Dict, Optional, Text

import redis.asyncio as aioredis
from redis.asyncio.connection import BlockingConnectionPool
from redis.asyncio.retry import Retry
from redis.asyncio.sentinel import Sentinel, SentinelConnectionPool
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError

DEFAULT_MAX_CONNECTIONS = 100
DEFAULT_POOL_TIMEOUT_S = 5.0


class _BlockingSentinelPool(SentinelConnectionPool, BlockingConnectionPool):
    """The master named by the sentinels, through a bounded pool that waits for a free connection."""


def positive_setting(name: Text, default: float, whole: bool) -> Any:
    """The environment setting `name` as a number above 0 (`default` when unset), or a
    ValueError naming it: a typo stops the process at start with a message, not deep inside."""
    raw = (os.environ.get(name) or "").strip()
    if not raw:
        return int(default) if whole else default
    try:
        value = int(raw) if whole else float(raw)
    except ValueError:
        value = None
    if value is None or value <= 0:
        kind = "a whole number" if whole else "a number of seconds"
        raise ValueError(f"{name} must be {kind} above 0, not {raw!r}")
    return value


def _pool_bounds() -> Dict[Text, Any]:
    """RASA_REDIS_MAX_CONNECTIONS per store (tracker, lock), REDIS_POOL_TIMEOUT_S as the gateway."""
    return dict(
        max_connections=positive_setting("RASA_REDIS_MAX_CONNECTIONS", DEFAULT_MAX_CONNECTIONS, whole=True),
        timeout=positive_setting("REDIS_POOL_TIMEOUT_S", DEFAULT_POOL_TIMEOUT_S, whole=False),
    )


def redis_client(host: Text, port: Any, db: Any, password: Optional[Text]) -> aioredis.Redis:
    """A client from endpoints.yml values (strings or numbers, empty password = none).

    After a Redis restart, pooled connections are dead: a command is retried on a fresh one.
    Without this, a failed tracker retrieve makes Rasa fall back to an empty in-memory tracker,
    whose save then replaces the conversation's events in Redis (its state is lost).

    With REDIS_SENTINELS in the environment (as the gateway reads it: "host:port,host:port",
    REDIS_SENTINEL_MASTER, REDIS_SENTINEL_PASSWORD), host and port are not used: the sentinels
    name the current master, and name it again after a failover.

    Connections are bounded (RASA_REDIS_MAX_CONNECTIONS, 100 by default, for each store): past
    them a command waits up to REDIS_POOL_TIMEOUT_S for a free one instead of opening another,
    so a burst of conversations cannot exhaust Redis' `maxclients` for every other process.
    redis-py's default pool opens one per concurrent command, without limit. The lock store
    polls between short commands and holds no connection while it waits, so a bounded pool
    cannot deadlock it.
    """
    options: Dict[Text, Any] = dict(
        db=int(db or 0),
        password=password or None,
        decode_responses=True,
        socket_timeout=5,
        socket_connect_timeout=2,
        retry=Retry(ExponentialBackoff(cap=0.5, base=0.05), 3),
        retry_on_error=[RedisConnectionError],
    )
    sentinels = os.environ.get("REDIS_SENTINELS", "").strip()
    if not sentinels:
        pool = BlockingConnectionPool(host=host, port=int(port), **_pool_bounds(), **options)
        return aioredis.Redis(connection_pool=pool)
    addresses = []
    for item in sentinels.split(","):
        name, _, number = item.strip().rpartition(":")
        addresses.append((name.strip("[]"), int(number)))
    sentinel = Sentinel(
        addresses,
        sentinel_kwargs={
            "password": os.environ.get("REDIS_SENTINEL_PASSWORD") or None,
            "socket_timeout": 2,
            "socket_connect_timeout": 2,
        },
    )
    return sentinel.master_for(
        os.environ.get("REDIS_SENTINEL_MASTER") or "mymaster",
        connection_pool_class=_BlockingSentinelPool,
        **_pool_bounds(),
        **options,
    )
