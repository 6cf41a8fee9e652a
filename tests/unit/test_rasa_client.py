"""The gateway's Rasa client turns every bad answer into RasaUnavailable (or None), never a crash."""

from __future__ import annotations

import pytest
from aiohttp import web

from api.rasa_client import RasaClient, RasaUnavailable
from tools.stack import free_port

ANSWERS = {
    "empty": lambda: web.Response(body=b"", content_type="application/json"),
    "html": lambda: web.Response(text="<html>oops</html>", content_type="text/html"),
    "error": lambda: web.json_response({"message": "boom"}, status=500),
    "object": lambda: web.json_response({"not": "a list"}),
    "truncated": lambda: web.Response(body=b'[{"text": "Depuis', content_type="application/json"),
    "good": lambda: web.json_response(
        [{"text": "Depuis quand ?", "buttons": [{"title": "Hier", "payload": "hier"}]}, {"custom": {"x": 1}}]
    ),
}


@pytest.fixture
async def rasa():
    """A stand-in HTTP server on loopback whose answer each test chooses."""
    state = {"answer": "good"}

    async def handler(request: web.Request) -> web.Response:
        return ANSWERS[state["answer"]]()

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    client = RasaClient(f"http://127.0.0.1:{port}", "t0ken", timeout_s=3)
    yield client, state
    await client.close()
    await runner.cleanup()


@pytest.mark.parametrize("answer", ["empty", "html", "error", "truncated"])
async def test_bad_answers_are_unavailable(rasa, answer):
    client, state = rasa
    state["answer"] = answer
    with pytest.raises(RasaUnavailable):
        await client.send("conv-123456", "bonjour")
    assert await client.parse("bonjour") is None
    assert await client.model_id() is None  # the triage result is still recorded, without it
    with pytest.raises(RasaUnavailable):
        await client.resume("conv-123456")


async def test_an_answer_of_the_wrong_shape_is_refused(rasa):
    client, state = rasa
    state["answer"] = "object"  # a JSON object where the REST channel answers a list
    with pytest.raises(RasaUnavailable):
        await client.send("conv-123456", "bonjour")
    state["answer"] = "good"  # a list where /status answers an object
    with pytest.raises(ValueError):
        await client.status()
    assert await client.model_id() is None


async def test_good_answer_keeps_text_buttons_and_custom(rasa):
    client, _ = rasa
    turn = await client.send("conv-123456", "bonjour")
    assert turn.messages == [{"text": "Depuis quand ?", "buttons": [{"title": "Hier", "payload": "hier"}]}]
    assert turn.custom == [{"x": 1}]


async def test_nobody_listening_is_unavailable():
    client = RasaClient(f"http://127.0.0.1:{free_port()}", "", timeout_s=2)
    try:
        with pytest.raises(RasaUnavailable):
            await client.send("conv-123456", "bonjour")
        assert await client.parse("bonjour") is None
        with pytest.raises(RasaUnavailable):
            await client.resume("conv-123456")
    finally:
        await client.close()
