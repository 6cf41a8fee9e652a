"""api.ratelimit against a real (throw-away) Redis: limits per scope, Retry-After, fail-open."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from api.errors import ApiError
from api.ratelimit import RateLimiter as _RateLimiter
from api.redis_setup import redis_clients
from tools.stack import free_port


def RateLimiter(settings) -> _RateLimiter:
    """The limiter on the gateway's own command client, as api.main builds it."""
    commands, _ = redis_clients(settings)
    return _RateLimiter(settings, commands)


def settings(redis_url: str, **overrides) -> SimpleNamespace:
    values = dict(
        redis_url=redis_url,
        redis_sentinels="",
        redis_max_connections=4,
        redis_pool_timeout_s=5,
        secret_key="unit-secret",
        rate_limit_enabled=True,
        rate_limit_conversation="3/minute",
        rate_limit_ip="5/minute",
        rate_limit_phone="2/minute",
    )
    values.update(overrides)
    return SimpleNamespace(**values)


async def test_each_scope_has_its_own_budget_and_answers_retry_after(redis_url):
    limiter = RateLimiter(settings(redis_url))
    for _ in range(3):
        assert await limiter.hit("conversation", "conv-aaaaaaaa") is None
    refusal = await limiter.hit("conversation", "conv-aaaaaaaa")
    assert refusal is not None and refusal.scope == "conversation"
    assert 1 <= refusal.retry_after <= 60
    assert "15" in refusal.message and "112" in refusal.message
    # another conversation, and other scopes, are not affected
    assert await limiter.hit("conversation", "conv-bbbbbbbb") is None
    assert await limiter.hit("phone", "pseudo-1") is None
    assert await limiter.hit("phone", "pseudo-1") is None
    assert (await limiter.hit("phone", "pseudo-1")).scope == "phone"
    for _ in range(5):
        assert await limiter.hit("ip", "203.0.113.7") is None
    with pytest.raises(ApiError) as raised:
        await limiter.check("ip", "203.0.113.7")
    assert raised.value.status == 429 and raised.value.code == "rate_limited"
    assert int(raised.value.headers["Retry-After"]) >= 1


async def test_several_limits_in_one_setting(redis_url):
    limiter = RateLimiter(settings(redis_url, rate_limit_conversation="2/second;3/minute"))
    assert await limiter.hit("conversation", "conv-multi-1") is None
    assert await limiter.hit("conversation", "conv-multi-1") is None
    assert await limiter.hit("conversation", "conv-multi-1") is not None  # 2 per second


async def test_ip_addresses_are_not_stored_in_clear(redis_url):
    import redis

    limiter = RateLimiter(settings(redis_url))
    await limiter.hit("ip", "198.51.100.23")
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    keys = client.keys("*")
    client.close()
    assert any("ip" in k for k in keys)
    assert not any("198.51.100.23" in k for k in keys)


async def test_disabled_and_unreachable_redis_let_requests_through():
    off = RateLimiter(
        settings("redis://127.0.0.1:1/0", rate_limit_enabled=False, rate_limit_conversation="1/minute")
    )
    assert await off.hit("conversation", "x") is None and await off.hit("conversation", "x") is None
    down = RateLimiter(settings(f"redis://127.0.0.1:{free_port()}/0", rate_limit_conversation="1/minute"))
    assert await down.hit("conversation", "x") is None
    assert await down.hit("conversation", "x") is None


def test_bad_limit_string_fails_at_start(redis_url):
    with pytest.raises(ValueError):
        RateLimiter(settings(redis_url, rate_limit_ip="lots"))


async def test_the_counters_use_the_gateways_bounded_pool(redis_url):
    """No pool of its own: 50 hits at once share the gateway's 4 connections."""
    import asyncio

    s = settings(redis_url, rate_limit_conversation="1000/minute")
    commands, _ = redis_clients(s)
    limiter = _RateLimiter(s, commands)
    results = await asyncio.gather(*(limiter.hit("conversation", f"conv-pool-{i % 5}") for i in range(50)))
    assert results == [None] * 50
    pool = commands.connection_pool
    assert 1 <= len(pool._available_connections) + len(pool._in_use_connections) <= 4
    # and they are counted: the 11th hit of a 10/minute conversation is refused
    tight = _RateLimiter(settings(redis_url, rate_limit_conversation="10/minute"), commands)
    for _ in range(10):
        assert await tight.hit("conversation", "conv-pool-tight") is None
    assert (await tight.hit("conversation", "conv-pool-tight")).scope == "conversation"
