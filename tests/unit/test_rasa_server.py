"""bot.rasa_server's cached validation accepts and rejects exactly what Rasa's own does.

Runs in Rasa's interpreter (.venv-rasa, Python 3.10), where Rasa and jsonschema live.
"""

from __future__ import annotations

import json
import subprocess

from tools.stack import RASA_BIN, ROOT

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
fast.install()
assert RemoteAction._validate_action_result is not original
after = [outcome(RemoteAction._validate_action_result, c) for c in cases]
again = [outcome(RemoteAction._validate_action_result, c) for c in cases]  # cached validator
print(json.dumps({"before": before, "after": after, "again": again}))
"""

CASES = [
    {"events": [{"event": "slot", "name": "age", "value": 34}], "responses": [{"text": "Merci."}]},
    {"events": [], "responses": []},
    {"events": [{"event": "active_loop", "name": "triage_form"}], "responses": [{"text": "Âge ?"}]},
    {"events": [{"event": "slot", "name": "age"}], "responses": []},  # slot event without value
    {"events": [{"event": "not_an_event"}], "responses": []},
    {"events": "nope", "responses": []},
    {"events": [{"event": "bot", "timestamp": "hier"}], "responses": []},
]


def test_cached_validation_matches_rasa_on_good_and_bad_responses():
    done = subprocess.run(
        [str(RASA_BIN / "python"), "-c", SCRIPT, json.dumps(CASES)],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["after"] == report["before"]
    assert report["again"] == report["before"]
    assert [outcome[0] for outcome in report["before"]] == ["ok"] * 3 + ["error"] * 4
