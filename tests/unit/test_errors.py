"""The gateway's error answers: one JSON shape, a stable code, the right status."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError

from api.errors import install_error_handlers


def _app(exc: Exception) -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/boom")
    async def boom() -> None:
        raise exc

    return app


async def _get(app: FastAPI) -> httpx.Response:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
        return await client.get("/boom")


@pytest.mark.parametrize(
    "exc",
    [
        RedisConnectionError("Error 111 connecting to 127.0.0.1:6380. Connection refused."),
        RedisConnectionError("No connection available."),  # the pool's wait ran out
        RedisTimeoutError("Timeout reading from socket"),
    ],
)
async def test_redis_out_of_reach_is_a_503_to_retry_with_the_emergency_numbers(exc):
    r = await _get(_app(exc))
    assert r.status_code == 503
    assert r.headers["retry-after"] == "5"
    error = r.json()["error"]
    assert error["code"] == "unavailable"
    assert "15" in error["message"] and "112" in error["message"]
    assert "Connection refused" not in r.text and "127.0.0.1" not in r.text


async def test_another_redis_error_is_still_an_internal_error():
    r = await _get(_app(ResponseError("WRONGTYPE Operation against a key holding the wrong kind of value")))
    assert r.status_code == 500
    assert r.json()["error"]["code"] == "internal_error"
    assert "WRONGTYPE" not in r.text
