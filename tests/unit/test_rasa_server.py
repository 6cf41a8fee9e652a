"""bot.rasa_server's fixes to Rasa behave as Rasa does, and bot/nlg.py renders the form's question.

Runs in Rasa's interpreter (.venv-rasa, Python 3.10), where Rasa and jsonschema live.
"""

from __future__ import annotations

import json

from tests.rasa_venv import run_in_rasa

SCRIPT = r"""
import json, sys
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig
import bot.rasa_server as fast

cases = json.loads(sys.argv[1])
action = RemoteAction("action_triage", EndpointConfig("http://127.0.0.1:1/webhook"))
original = RemoteAction._validate_action_result

def outcome(validate, result):
    try:
        return ["ok", validate(action, result)]
    except ValidationError as e:
        return ["error", e.message]

before = [outcome(original, c) for c in cases]

def fast_accepts(result):
    try:
        fast._fast_check(RemoteAction)(result)
        return True
    except Exception:
        return False

fast_alone = [fast_accepts(c) for c in cases]
fast.install()
assert RemoteAction._validate_action_result is not original
after = [outcome(RemoteAction._validate_action_result, c) for c in cases]
again = [outcome(RemoteAction._validate_action_result, c) for c in cases]  # cached validator
print(json.dumps({"before": before, "after": after, "again": again, "fast_alone": fast_alone,
                  "compiled": bool(fast._FAST_CHECKS)}))
"""

CASES = [
    {"events": [{"event": "slot", "name": "age", "value": 34}], "responses": [{"text": "Merci."}]},
    {"events": [], "responses": []},
    {"events": [{"event": "active_loop", "name": "triage_form"}], "responses": [{"text": "Âge ?"}]},
    {"events": [{"event": "slot", "name": "age"}], "responses": []},  # slot event without value
    {"events": [{"event": "not_an_event"}], "responses": []},
    {"events": "nope", "responses": []},
    {"events": [{"event": "bot", "timestamp": "hier"}], "responses": []},
    {"events": [{"event": "pause"}, {"event": "slot", "name": "x", "value": {"a": [1]}}], "responses": []},
    {"events": [{"event": "bot", "text": "Bonjour", "data": {"buttons": []}}], "responses": [{"custom": {}}]},
    {"responses": [{"text": "Sans événements."}]},
    {"events": None, "responses": []},
    {"events": [{"name": "slot sans type"}], "responses": []},
    {"events": [{"event": "slot", "name": 3, "value": 1}], "responses": []},
    # each event is checked against the type its name gives, and only that one
    {
        "events": [
            {
                "event": "user",
                "text": "bonjour",
                "parse_data": {"intent": {"name": "saluer", "confidence": 0.9}},
            }
        ]
    },
    {"events": [{"event": "slot", "name": "a", "value": 1}, {"event": 5}], "responses": []},
    {"events": [{"event": "user", "parse_data": {"intent": {"confidence": "haute"}}}], "responses": []},
    {"events": [{"event": "slot", "name": "a", "value": 1}, {}], "responses": []},
    {"events": [{"event": "action", "name": "x", "hide_rule_turn": "oui"}], "responses": []},
    {"events": [], "responses": ["pas un objet"]},
    ["pas", "un", "objet"],
]


def test_cached_validation_matches_rasa_on_good_and_bad_responses():
    report = run_in_rasa(SCRIPT, json.dumps(CASES))
    assert report["after"] == report["before"]
    assert report["again"] == report["before"]
    assert [outcome[0] for outcome in report["before"]] == ["ok"] * 3 + ["error"] * 4 + ["ok"] * 3 + [
        "error"
    ] * 3 + ["ok"] + ["error"] * 6
    # The compiled check alone accepts exactly what Rasa's jsonschema check accepts.
    assert report["fast_alone"] == [outcome[0] == "ok" for outcome in report["before"]]
    assert report["compiled"]  # valid responses took the compiled check


EVENT_TYPES_SCRIPT = r"""
import json
import rasa.shared.utils.common as common
from rasa.shared.core.events import Event, UserUttered
import bot.rasa_server as fast

names = sorted({c.type_name for c in common.all_subclasses(Event)})
def outcome(name, default=None):
    try:
        found = Event.resolve_by_type(name, default)
        return found.__name__ if found else None
    except ValueError as e:
        return "error: " + str(e)

probes = [(n, None) for n in names] + [("topic", None), ("nope", None), ("nope", UserUttered)]
before = [outcome(*p) for p in probes]
fast.install()
after = [outcome(*p) for p in probes]
again = [outcome(*p) for p in probes]
print(json.dumps({"n": len(names), "before": before, "after": after, "again": again}))
"""


def test_cached_event_types_resolve_as_rasa_does():
    report = run_in_rasa(EVENT_TYPES_SCRIPT)
    assert report["n"] >= 20  # user, bot, slot, action, active_loop, pause, resume, ...
    assert report["after"] == report["before"]
    assert report["again"] == report["before"]
    assert report["before"][-3:] == [None, "error: Unknown event name 'nope'.", "UserUttered"]


# A local aiohttp server standing in for the action server, for the scripts below.
SERVE = r"""
from aiohttp import web

async def serve(webhook):
    app = web.Application()
    app.router.add_post("/webhook", webhook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return runner, site._server.sockets[0].getsockname()[1]
"""

POOL_SCRIPT = r"""
import asyncio, json
from rasa.utils.endpoints import EndpointConfig
import bot.rasa_server as fast

async def main():
    peers = []
    async def webhook(request):
        peers.append(request.transport.get_extra_info("peername")[1])
        return web.json_response({"echo": await request.json()})
    runner, port = await serve(webhook)
    endpoint = EndpointConfig(f"http://127.0.0.1:{port}/webhook", headers={"X-Probe": "1"})
    answers = [await endpoint.request(json={"n": i}) for i in range(3)]
    await asyncio.sleep(fast.KEEPALIVE_S + 0.5)  # idle past the client's keep-alive
    answers.append(await endpoint.request(json={"n": 3}))
    await runner.cleanup()
    return {"answers": answers, "peers": peers}

fast.install()
print(json.dumps(asyncio.run(main())))
"""


def test_action_endpoint_reuses_its_connection_until_idle():
    report = run_in_rasa(SERVE + POOL_SCRIPT)
    assert report["answers"] == [{"echo": {"n": i}} for i in range(4)]
    peers = report["peers"]
    assert peers[0] == peers[1] == peers[2]  # one kept-alive connection for back-to-back calls
    assert peers[3] != peers[0]  # closed by the client after idling, a fresh one afterwards


NLG_SCRIPT = r"""
import asyncio, json
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from bot.nlg import TriagePromptNLG

domain = Domain.load("bot/domain.yml")
nlg = TriagePromptNLG(domain=domain)

async def say(*events):
    tracker = DialogueStateTracker.from_events("t", list(events), slots=domain.slots)
    return await nlg.generate("utter_ask_triage_answer", tracker, "rest")

prompt = {"text": "Avez-vous de la fièvre ?", "buttons": [{"title": "Oui", "payload": "oui"}]}
out = {
    "prepared": asyncio.run(say(SlotSet("triage_prompt", prompt))),
    "none": asyncio.run(say()),
    "garbage": asyncio.run(say(SlotSet("triage_prompt", {"buttons": []}))),
    "other": asyncio.run(nlg.generate("utter_thanks", DialogueStateTracker("t", domain.slots), "rest")),
}
print(json.dumps(out, ensure_ascii=False))
"""


def test_form_question_is_the_prompt_the_validation_action_prepared():
    report = run_in_rasa(NLG_SCRIPT)
    assert report["prepared"] == {
        "text": "Avez-vous de la fièvre ?",
        "buttons": [{"title": "Oui", "payload": "oui"}],
    }
    fallback = "Pouvez-vous m'en dire un peu plus sur ce que vous ressentez ?"
    assert report["none"]["text"] == fallback
    assert report["garbage"]["text"] == fallback
    assert report["other"]["text"].startswith("Je vous en prie.")


DOMAIN_SCRIPT = r"""
import json
from rasa.shared.core.domain import Domain
import bot.rasa_server as fast

domains = [Domain.load("bot/domain.yml"), Domain.empty(), Domain.from_dict({"intents": ["saluer"]})]
before = [d.is_empty() for d in domains]
fast.install()
after = [d.is_empty() for d in domains] + [d.is_empty() for d in domains]
print(json.dumps({"before": before, "after": after, "cached": [d.__dict__.get("_is_empty_cached") for d in domains]}))
"""


def test_cached_domain_emptiness_answers_as_rasa_does():
    report = run_in_rasa(DOMAIN_SCRIPT)
    assert report["before"] == [False, True, False]
    assert report["after"] == report["before"] * 2
    assert report["cached"] == report["before"]


BODY_SCRIPT = r"""
import asyncio, json
from rasa.utils.endpoints import EndpointConfig
import bot.rasa_server as fast

BODIES = [
    {"tracker": {"latest_message": {"text": "j'ai très mal à la tête 😟 / depuis 2 h"}, "events": [
        {"event": "user", "timestamp": 1764590000.1234567, "parse_data": {"confidence": 0.1 + 0.2}}]}},
    {"big": 2 ** 70, "nested": [1, 2.5, None, True, {"a": []}], "line_separator": "a\u2028b"},
    {"not_a_number": float("nan"), "infinite": float("inf")},
    {"lone_surrogate": "\ud83d", "after": "é"},
]

async def main():
    received = []
    async def webhook(request):
        received.append((await request.read()).decode("utf-8"))
        return web.json_response({})
    runner, port = await serve(webhook)
    endpoint = EndpointConfig(f"http://127.0.0.1:{port}/webhook")
    for body in BODIES:
        await endpoint.request(json=body)
    await runner.cleanup()
    # What the action server reads, next to what the standard library would have sent.
    return [[repr(json.loads(raw)), repr(json.loads(json.dumps(body)))] for raw, body in zip(received, BODIES)]

fast.install()
print(json.dumps(asyncio.run(main())))
"""


def test_action_call_bodies_read_back_as_the_standard_library_writes_them():
    report = run_in_rasa(SERVE + BODY_SCRIPT)
    assert len(report) == 4
    for sent, expected in report:
        assert sent == expected


TIMEOUT_SCRIPT = r"""
import json, os
from rasa.core.actions import action as rasa_action
import bot.rasa_server as fast

out = []
for value in ["", "3", "quinze", "0", "-2"]:
    os.environ["ACTION_TIMEOUT_S"] = value
    try:
        fast.install()
        out.append(["ok", rasa_action.DEFAULT_REQUEST_TIMEOUT])
    except ValueError as exc:
        out.append(["refused", str(exc)])
os.environ["ACTION_TIMEOUT_S"] = "quinze"
try:
    fast.main()  # what `python -m bot.rasa_server` runs
except SystemExit as exc:
    out.append(["exit", str(exc)])
print(json.dumps(out))
"""


def test_action_timeout_is_a_positive_number_of_seconds_or_rasa_refuses_to_start():
    out = run_in_rasa(TIMEOUT_SCRIPT)
    assert out == [
        ["ok", 15.0],
        ["ok", 3.0],
        ["refused", "ACTION_TIMEOUT_S must be a number of seconds above 0, not 'quinze'"],
        ["refused", "ACTION_TIMEOUT_S must be a number of seconds above 0, not '0'"],
        ["refused", "ACTION_TIMEOUT_S must be a number of seconds above 0, not '-2'"],
        ["exit", "rasa_server: ACTION_TIMEOUT_S must be a number of seconds above 0, not 'quinze'"],
    ]
