"""bot.rasa_server loads DIET without Rasa's one training step and runs the model's graphs
without dask, and predicts exactly the same.

Both loads of the trained model run in Rasa's interpreter, one after the other (Rasa's own, then
with `install()`), parse the same French messages (formal, SMS, emergencies, answers, entities)
and predict the next action after each of them, at the start of a conversation and inside the
triage form; intents, confidences, rankings, entities and the policies' predictions must
match. The figures the load saves are in bench/ (cold start).
"""

from __future__ import annotations

import json
import subprocess

import pytest

from tools.stack import RASA_BIN, ROOT, latest_model

pytestmark = pytest.mark.integration

SCRIPT = r"""
import asyncio, json, sys, time
from rasa.core.agent import Agent
from rasa.shared.core.events import ActionExecuted, ActiveLoop, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
import bot.rasa_server as fast

model, texts = sys.argv[1], json.loads(sys.argv[2])

def parse_all():
    t0 = time.perf_counter()
    agent = Agent.load(model)
    seconds = time.perf_counter() - t0
    out = []
    for text in texts:
        parsed = asyncio.run(agent.parse_message(text))
        out.append({
            "intent": parsed["intent"]["name"],
            "confidence": parsed["intent"]["confidence"],
            "ranking": [[r["name"], r["confidence"]] for r in parsed.get("intent_ranking", [])],
            "entities": sorted([e["entity"], e["start"], e["end"], str(e["value"])] for e in parsed["entities"]),
            "next": [predict(agent, text, parsed, in_form) for in_form in (False, True)],
        })
    return out, seconds

def predict(agent, text, parsed, in_form):
    # The policies' prediction after `text`, at the start or in the middle of the triage form.
    events = [ActionExecuted("action_listen")]
    if in_form:
        events += [
            ActionExecuted("triage_form"), ActiveLoop("triage_form"),
            SlotSet("requested_slot", "triage_answer"), ActionExecuted("action_listen"),
        ]
    events.append(UserUttered(text, parsed["intent"], parsed["entities"], parse_data=parsed))
    tracker = DialogueStateTracker.from_events("load-test", events, slots=agent.domain.slots)
    prediction = agent.processor._predict_next_with_tracker(tracker)
    best = max(range(len(prediction.probabilities)), key=prediction.probabilities.__getitem__)
    return [agent.domain.action_names_or_texts[best], prediction.max_confidence, prediction.policy_name]

rasa_load, rasa_s = parse_all()
fast.install()
patched, patched_s = parse_all()
print(json.dumps({"rasa": rasa_load, "patched": patched, "rasa_s": rasa_s, "patched_s": patched_s}))
"""

TEXTS = [
    "j'ai mal à la gorge depuis deux jours",
    "Bonjour, je souhaiterais un avis concernant une douleur au genou qui persiste",
    "jai mal o ventre depui hier soir",
    "mon fils de 3 ans a 39 de fièvre",
    "je n'arrive plus à respirer",
    "au secours venez vite",
    "34",
    "Non",
    "oui un peu",
    "je voudrais parler à un médecin",
    "je veux prendre rendez-vous demain matin",
    "supprimer mes données",
    "merci beaucoup, au revoir",
    "ça va mieux depuis ce matin",
    "j'ai une douleur dans la poitrine qui serre 😟",
    "депрессия je me sens triste",
]


def test_loading_without_the_training_step_predicts_the_same():
    done = subprocess.run(
        [str(RASA_BIN / "python"), "-c", SCRIPT, str(latest_model()), json.dumps(TEXTS)],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "TF_CPP_MIN_LOG_LEVEL": "3"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert len(report["rasa"]) == len(TEXTS)
    for text, a, b in zip(TEXTS, report["rasa"], report["patched"], strict=True):
        assert b["intent"] == a["intent"], text
        assert b["confidence"] == pytest.approx(a["confidence"], abs=1e-5), text
        assert [n for n, _ in b["ranking"]] == [n for n, _ in a["ranking"]], text
        assert [c for _, c in b["ranking"]] == pytest.approx([c for _, c in a["ranking"]], abs=1e-5), text
        assert b["entities"] == a["entities"], text
        assert [n[0] for n in b["next"]] == [n[0] for n in a["next"]], text
        assert [n[1] for n in b["next"]] == pytest.approx([n[1] for n in a["next"]], abs=1e-6), text
        assert [n[2] for n in b["next"]] == [n[2] for n in a["next"]], text
    # The messages are not all read alike, nor all answered alike (checks that cannot pass on a
    # broken model or a graph that always predicts the same action).
    assert len({r["intent"] for r in report["rasa"]}) >= 8
    assert len({r["next"][0][0] for r in report["rasa"]}) >= 3
    assert {r["next"][1][0] for r in report["rasa"]} != {r["next"][0][0] for r in report["rasa"]}
    print(f"load: Rasa {report['rasa_s']:.1f} s, without the training step {report['patched_s']:.1f} s")
