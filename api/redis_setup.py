"""The gateway's Redis clients, on one server or on the master that Redis Sentinel names."""

from __future__ import annotations

from urllib.parse import urlparse

from redis.asyncio import BlockingConnectionPool, ConnectionPool, Redis
from redis.asyncio.retry import Retry
from redis.asyncio.sentinel import Sentinel, SentinelConnectionPool
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError

from api.settings import Settings


class _BlockingSentinelPool(SentinelConnectionPool, BlockingConnectionPool):
    """The current master's connections, bounded as the commands' pool is without Sentinel."""


def sentinel_addresses(spec: str) -> list[tuple[str, int]]:
    """'h1:26379,h2:26379' -> [('h1', 26379), ('h2', 26379)]; ValueError on a bad entry."""
    addresses = []
    for item in spec.split(","):
        host, sep, port = item.strip().rpartition(":")
        if not sep or not host or not port.isdigit():
            raise ValueError(f"REDIS_SENTINELS: {item.strip()!r} is not host:port")
        addresses.append((host.strip("[]"), int(port)))
    return addresses


def redis_clients(settings: Settings) -> tuple[Redis, Redis]:
    """The gateway's Redis clients: one for commands, one for the patient sockets' subscription.

    redis-py's default pool refuses a connection beyond its 100th at once (MaxConnectionsError):
    a burst of requests, or a crowd of patient sockets each holding its subscription, turned
    every request of the gateway into a 500 (tests/integration/test_capacity.py). Commands now
    take a connection from a bounded pool and, when all are in use, wait up to
    REDIS_POOL_TIMEOUT_S for one to come free. Patient sockets share one subscription
    (`patient_hub`), on a connection of its own outside that pool.

    With REDIS_SENTINELS, both ask the sentinels for the current master, and again when it
    fails over (tests/integration/test_sentinel.py).
    """
    options = dict(
        decode_responses=True,
        socket_timeout=5,
        socket_connect_timeout=2,
        health_check_interval=30,
        # A restarted Redis leaves dead pooled connections: retry on a fresh one (the command
        # never reached the new server) instead of answering 500.
        retry=Retry(ExponentialBackoff(cap=0.5, base=0.05), 3),
        retry_on_error=[RedisConnectionError],
    )
    if settings.redis_sentinels:
        url = urlparse(settings.redis_url)
        sentinel = Sentinel(
            sentinel_addresses(settings.redis_sentinels),
            sentinel_kwargs={
                "password": settings.redis_sentinel_password or None,
                "socket_timeout": 2,
                "socket_connect_timeout": 2,
            },
            db=int((url.path or "/0").lstrip("/") or 0),
            password=url.password or None,
            **options,
        )
        master = settings.redis_sentinel_master
        commands = sentinel.master_for(
            master,
            connection_pool_class=_BlockingSentinelPool,
            max_connections=settings.redis_max_connections,
            timeout=settings.redis_pool_timeout_s,
        )
        # The hub's connection, and one more while a lost one is being closed.
        return commands, sentinel.master_for(master, max_connections=2)
    pool = BlockingConnectionPool.from_url(
        settings.redis_url,
        max_connections=settings.redis_max_connections,
        timeout=settings.redis_pool_timeout_s,
        **options,
    )
    subscriptions = ConnectionPool.from_url(settings.redis_url, max_connections=2, **options)
    return Redis.from_pool(pool), Redis.from_pool(subscriptions)
