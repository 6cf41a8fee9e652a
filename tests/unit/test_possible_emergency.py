"""A message the classifier reads as an emergency but in which the protocol finds no red flag.

The protocol decides urgency. When the classifier says `signaler_urgence` and the protocol has no
red flag, the protocol does not know what the patient describes: the questionnaire stops, the
patient is told to call the 15 at once if in doubt, and the conversation goes to the top of the
clinicians' queue. The real actions run in Rasa's interpreter against a stand-in gateway over
HTTP (the handoff request it receives is checked).
"""

from __future__ import annotations

import json

import pytest

from tests.rasa_venv import run_in_rasa

SCRIPT = r"""
import asyncio, json, os, sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

received = []

class Gateway(BaseHTTPRequestHandler):
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        received.append({"path": self.path, "body": body})
        answer = json.dumps({"position": 1, "clinicians_online": 1, "estimated_wait_minutes": 1}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass

server = ThreadingHTTPServer(("127.0.0.1", 0), Gateway)
threading.Thread(target=server.serve_forever, daemon=True).start()
os.environ["GATEWAY_INTERNAL_URL"] = f"http://127.0.0.1:{server.server_port}"

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from actions.triage import PROTOCOL, ActionStartTriage, ActionTriage, ValidateTriageForm

case = json.loads(sys.argv[1])

def tracker(slots):
    message = {"text": case["text"], "intent": {"name": case["intent"], "confidence": 0.93}, "entities": []}
    events = [{"event": "user", "text": case["text"], "parse_data": message}]
    return Tracker("c-1", slots, message, events, False, None, {}, "action_listen")

async def main():
    slots = {"triage_state": None, "triage_answer": None, "triage_question": None}
    if case.get("before"):
        state = PROTOCOL.new_state()
        PROTOCOL.observe(state, case["before"])
        for answer in case.get("answers", []):
            question = PROTOCOL.next_question(state)
            if question is None:
                break
            PROTOCOL.answer(state, question.id, answer)
        assert not case["after"] or PROTOCOL.next_question(state) is None
        slots["triage_state"] = state.to_dict()
        question = PROTOCOL.next_question(state)
        slots["triage_question"] = question.id if question else None
    question_before = slots["triage_question"]
    d = CollectingDispatcher()
    for e in await ActionStartTriage().run(d, tracker(slots), {}):
        slots[e["name"]] = e["value"]
    if case.get("before") and not case["after"]:  # mid-questionnaire, the form validates the message as an answer
        slots["triage_answer"] = case["text"]
        validated = ValidateTriageForm().validate_triage_answer(case["text"], d, tracker(slots), {})
        slots.update(validated)
    required = await ValidateTriageForm().required_slots(["triage_answer"], d, tracker(slots), {})
    events = await ActionTriage().run(d, tracker(slots), {})
    for e in events:
        if e["event"] == "slot":
            slots[e["name"]] = e["value"]
    return {
        "required": required,
        "events": [e["event"] for e in events],
        "messages": [m.get("text") for m in d.messages if m.get("text")],
        "json": [m.get("custom") for m in d.messages if m.get("custom")],
        "handoffs": received,
        "question_before": question_before,
        "question": slots.get("triage_question"),
        "state_after": slots.get("triage_state"),
    }

print(json.dumps(asyncio.run(main())))
"""


def play(
    text: str, intent: str = "signaler_urgence", before: str | None = None, answers=(), after_result=False
) -> dict:
    case = {"text": text, "intent": intent, "before": before, "answers": list(answers), "after": after_result}
    return run_in_rasa(SCRIPT, json.dumps(case))


# Wordings the protocol is not meant to know (an unknown slang, a vague alarm): only the
# classifier reads an emergency in them.
UNPLACED = "au secours venez vite c'est grave il fait un truc bizarre"


@pytest.mark.parametrize("before", [None, "bonjour"])
def test_unplaced_emergency_goes_to_the_top_of_the_queue_with_the_15(before):
    report = play(UNPLACED, before=before)
    assert report["required"] == []  # no more questions
    assert "pause" in report["events"]  # the clinician takes it from here
    assert len(report["handoffs"]) == 1
    handoff = report["handoffs"][0]
    assert handoff["path"] == "/internal/v1/conversations/c-1/handoff"
    assert handoff["body"]["reason"] == "possible_emergency"
    assert handoff["body"]["triage"]["level"] == "emergency_ambulance"  # queue order
    assert handoff["body"]["triage"]["provisional"] is True
    said = " ".join(report["messages"])
    assert "appelez le 15 (ou le 112) maintenant" in said and "soignant de garde" in said
    # The patient is not shown a level the protocol did not reach; no reprompt of the question.
    assert report["json"] == [] and "répondez" not in said
    # Only this message: the saved state does not hand the next one over as well.
    assert report["state_after"]["possible_emergency"] is False


def test_an_answer_the_classifier_reads_as_an_emergency_is_still_an_answer():
    # "je respire bien" to the breathing question: DIET may say signaler_urgence; the protocol
    # takes the answer and goes on with its questions.
    report = play("non, je respire bien", before="je tousse depuis 3 semaines", answers=["36 ans"])
    assert report["state_after"]["answers"][report["question_before"]] == "no"  # taken as the answer
    assert report["required"] == ["triage_answer"]
    assert report["handoffs"] == [] or all(
        h["body"]["reason"] != "possible_emergency" for h in report["handoffs"]
    )


def test_mid_questionnaire_a_message_that_is_no_answer_gets_the_15_then_the_question_again():
    # The protocol knows the case (a headache) and will ask its red-flag questions; the
    # unreadable message is not taken as an answer, and the patient is reminded of the 15.
    report = play("c'est vraiment grave venez vite", before="j'ai mal à la tête depuis hier", answers=["40"])
    assert not any(h["body"]["reason"] == "possible_emergency" for h in report["handoffs"])
    assert report["required"] == ["triage_answer"]
    assert report["messages"][0].startswith("Si la situation vous semble urgente ou s'aggrave, appelez le 15")
    assert report["question_before"] not in report["state_after"]["answers"]


def test_after_a_result_a_vague_emergency_is_not_answered_with_the_old_result():
    # The sore throat was triaged (self care); "au secours…" names nothing the protocol knows.
    report = play(
        UNPLACED,
        before="j'ai mal à la gorge depuis deux jours",
        answers=["34 ans", "non", "non", "non", "non", "non", "non", "non"],
        after_result=True,
    )
    assert report["question_before"] is None  # the questions were over
    assert [h["body"]["reason"] for h in report["handoffs"]] == ["possible_emergency"]
    assert report["json"] == []  # not the old level again


def test_a_complaint_the_protocol_knows_goes_through_its_questions():
    report = play("je tousse depuis 3 semaines")
    assert report["required"] == ["triage_answer"]
    assert not any(h["body"]["reason"] == "possible_emergency" for h in report["handoffs"])


def test_a_red_flag_the_protocol_knows_keeps_its_own_advice():
    report = play("j'ai une douleur dans la poitrine qui serre et je transpire")
    assert report["json"] and report["json"][0]["triage"]["level"] == "emergency_ambulance"
    assert all(h["body"]["reason"] != "possible_emergency" for h in report["handoffs"])


def test_the_same_words_read_as_a_description_are_triaged_as_usual():
    report = play(UNPLACED, intent="decrire_symptome")
    assert report["required"] == ["triage_answer"]  # the protocol asks its questions
    assert report["handoffs"] == [] or all(
        h["body"]["reason"] != "possible_emergency" for h in report["handoffs"]
    )
