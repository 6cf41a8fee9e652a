"""Actions that call the gateway (blocking HTTP) leave the action server's event loop free."""

from __future__ import annotations

from tests.rasa_venv import run_in_rasa

SCRIPT = r"""
import asyncio, json, threading
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from actions.gateway_client import GatewayAction

released = threading.Event()

class Probe(GatewayAction):
    def name(self):
        return "action_probe"

    def run_blocking(self, dispatcher, tracker, domain):
        # Blocks until a coroutine on the event loop releases it: on the loop itself it would
        # wait for the whole timeout and report False.
        dispatcher.utter_message(text="fini")
        return [{"event": "slot", "name": "released", "value": released.wait(timeout=10)}]

async def main():
    dispatcher = CollectingDispatcher()
    tracker = Tracker("t", {}, {}, [], False, None, {}, "action_listen")
    task = asyncio.create_task(Probe().run(dispatcher, tracker, {}))
    await asyncio.sleep(0.05)  # lets the action start, then the loop releases it
    released.set()
    return {"events": await task, "messages": [m["text"] for m in dispatcher.messages]}

from rasa_sdk.executor import ActionExecutor
executor = ActionExecutor()
executor.register_package("actions")
report = asyncio.run(main())
report["registered"] = sorted(executor.actions)
print(json.dumps(report))
"""


def test_blocking_action_body_runs_off_the_event_loop():
    report = run_in_rasa(SCRIPT)
    assert report["events"] == [{"event": "slot", "name": "released", "value": True}]
    assert report["messages"] == ["fini"]
    # The base class is not an action of its own; the actions built on it are registered.
    assert "action_triage" in report["registered"] and "action_handoff" in report["registered"]
