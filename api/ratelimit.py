"""Rate limits per conversation, per phone number and per client IP, shared by every gateway.

Built on the `limits` package (moving window, Redis storage through redis-py's asyncio client),
so N gateways behind a load balancer share one budget per key. Settings (strings in `limits`
notation, several separated by ";"): `RATE_LIMIT_CONVERSATION` (default 30/minute),
`RATE_LIMIT_IP` (120/minute), `RATE_LIMIT_PHONE` (20/minute); `RATE_LIMIT_ENABLED=false` turns
them off.

Keys live under `gw:ratelimit:*` and expire with their window. Every identifier in them
(conversation id, phone pseudonym, IP address) is keyed-hashed.

The counters use the gateway's own Redis client (its bounded pool, and with REDIS_SENTINELS the
current master): `limits` would otherwise open a pool of its own, unbounded and on REDIS_URL
only, so behind Sentinel every hit failed and the limits were silently off.

When Redis cannot be reached the limiter lets the request through (and logs it): a patient in
an emergency must never be refused because a counter is unavailable; the request fails on its
own later if Redis is really down.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
import time
from dataclasses import dataclass

from limits import RateLimitItem, parse_many
from limits.aio.storage import RedisStorage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.errors import StorageError
from redis.asyncio import Redis

from api.errors import ApiError

logger = logging.getLogger(__name__)

KEY_PREFIX = "gw:ratelimit"
SCOPES = ("conversation", "ip", "phone")
MESSAGE = "Trop de messages en peu de temps : patientez {seconds} s avant de réessayer. En cas d'urgence, appelez le 15 ou le 112."


@dataclass(frozen=True)
class Refusal:
    scope: str
    retry_after: int  # whole seconds, at least 1

    @property
    def message(self) -> str:
        return MESSAGE.format(seconds=self.retry_after)

    def as_error(self) -> ApiError:
        return ApiError(429, "rate_limited", self.message, {"Retry-After": str(self.retry_after)})


class RateLimiter:
    def __init__(self, settings, redis: Redis) -> None:
        self.enabled = bool(getattr(settings, "rate_limit_enabled", True))
        self.items: dict[str, list[RateLimitItem]] = {
            "conversation": parse_many(settings.rate_limit_conversation),
            "ip": parse_many(settings.rate_limit_ip),
            "phone": parse_many(settings.rate_limit_phone),
        }
        self._key = hashlib.sha256(b"ratelimit:" + settings.secret_key.encode()).digest()
        # The URI is only parsed; with a connection pool the client is built on that pool (whose
        # connections already retry on a fresh connection after a Redis restart).
        self.storage = RedisStorage(
            "async+redis://",
            implementation="redispy",
            key_prefix=KEY_PREFIX,
            wrap_exceptions=True,
            connection_pool=redis.connection_pool,
        )
        self.limiter = MovingWindowRateLimiter(self.storage)

    def _identifier(self, scope: str, identifier: str) -> str:
        # Keyed hash: the counters name no conversation, phone pseudonym or IP address, so they
        # are nothing to erase or export and cannot be linked back without SECRET_KEY.
        return hmac.new(self._key, f"{scope}:{identifier}".encode(), hashlib.sha256).hexdigest()[:24]

    async def hit(self, scope: str, identifier: str | None) -> Refusal | None:
        """Count one event for `identifier`; a Refusal when one of the scope's limits is exceeded."""
        if not self.enabled or not identifier:
            return None
        key = self._identifier(scope, identifier)
        try:
            for item in self.items[scope]:
                if not await self.limiter.hit(item, scope, key):
                    stats = await self.limiter.get_window_stats(item, scope, key)
                    retry_after = max(1, math.ceil(stats.reset_time - time.time()))
                    logger.info("rate limited", extra={"scope": scope, "retry_after": retry_after})
                    return Refusal(scope, retry_after)
        except (StorageError, OSError) as exc:
            logger.warning(
                "rate limiter unavailable; request allowed", extra={"error_type": type(exc).__name__}
            )
        return None

    async def check(self, scope: str, identifier: str | None) -> None:
        """Like `hit`, raising the 429 API error (with Retry-After) when refused."""
        refusal = await self.hit(scope, identifier)
        if refusal is not None:
            raise refusal.as_error()


def client_ip(connection) -> str | None:
    """The client address of a Request or WebSocket (uvicorn resolves trusted proxy headers)."""
    client = getattr(connection, "client", None)
    return client.host if client else None


def get_limiter(connection) -> RateLimiter | None:
    return getattr(connection.app.state, "ratelimit", None)
