"""Rasa actions that run the triage protocol. Thin: every decision is in actions/protocol."""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.booking import offer_booking
from actions.gateway_client import GatewayAction
from actions.handoff import start_handoff
from actions.presentation import format_result
from actions.protocol import TriageState, load_protocol

logger = logging.getLogger(__name__)

PROTOCOL = load_protocol()
HUMAN_INTENT = "demander_humain"


def load_state(tracker: Tracker) -> TriageState:
    raw = tracker.get_slot("triage_state")
    if isinstance(raw, dict):
        try:
            return TriageState.from_dict(raw)
        except Exception:  # a state from an older protocol version: start again, safely
            logger.warning("could not restore triage state; starting a new one")
    return PROTOCOL.new_state()


def latest_text(tracker: Tracker) -> Text:
    return (tracker.latest_message or {}).get("text") or ""


def latest_intent(tracker: Tracker) -> Optional[Text]:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")


def asks_for_human(tracker: Tracker) -> bool:
    intent = (tracker.latest_message or {}).get("intent") or {}
    return intent.get("name") == HUMAN_INTENT and (intent.get("confidence") or 0) >= 0.6


class ActionStartTriage(Action):
    """Reads a free-text message into the protocol's state before the form asks questions."""

    def name(self) -> Text:
        return "action_start_triage"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        state = load_state(tracker)
        text = latest_text(tracker)
        if text and not text.startswith("/"):
            PROTOCOL.observe(state, text)
        if asks_for_human(tracker):
            state.wants_human = True
        return [SlotSet("triage_state", state.to_dict()), SlotSet("triage_answer", None)]


class ValidateTriageForm(FormValidationAction):
    """Applies each answer to the protocol; the form ends when the protocol can decide.

    It also prepares the protocol's next question (`triage_prompt`), which the form asks through
    bot/nlg.py: one call to the action server per questionnaire turn instead of two.
    """

    def name(self) -> Text:
        return "validate_triage_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        events = await super().run(dispatcher, tracker, domain)
        # `tracker` now carries the validated slots: ask what the protocol wants to know next.
        state = load_state(tracker)
        question = None if state.wants_human else PROTOCOL.next_question(state)
        if question is not None:
            events += [
                SlotSet("triage_question", question.id),
                SlotSet("triage_prompt", {"text": question.text, "buttons": list(question.buttons)}),
            ]
        return events

    async def required_slots(
        self,
        domain_slots: List[Text],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[Text]:
        state = load_state(tracker)
        if state.wants_human or PROTOCOL.next_question(state) is None:
            return []
        return domain_slots

    def validate_triage_answer(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Dict[Text, Any]:
        if slot_value is None:
            # Not an answer: the slot was only reset (by action_start_triage) and Rasa asks
            # us to validate that reset. Applying the message here would read the symptom
            # description as the answer to the first question ("depuis 2 jours" as an age).
            return {}
        state = load_state(tracker)
        text = latest_text(tracker) or str(slot_value)
        if asks_for_human(tracker):
            state.wants_human = True
            PROTOCOL.observe(state, text)
            return {"triage_answer": None, "triage_state": state.to_dict()}
        question_id = tracker.get_slot("triage_question")
        question = PROTOCOL.next_question(state)
        if question is not None and question_id != question.id:
            question_id = question.id
        if question_id is None:
            PROTOCOL.observe(state, text)
        else:
            outcome = PROTOCOL.answer(state, question_id, text)
            if not outcome.accepted and outcome.reprompt:
                dispatcher.utter_message(text=outcome.reprompt)
        return {"triage_answer": None, "triage_state": state.to_dict()}


class ActionTriage(GatewayAction):
    """Evaluates the protocol, records the result with the gateway, tells the patient."""

    def name(self) -> Text:
        return "action_triage"

    def run_blocking(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        state = load_state(tracker)
        result = PROTOCOL.evaluate(state).to_dict()
        events: List[EventType] = [
            SlotSet("triage_question", None),
            SlotSet("triage_prompt", None),
            SlotSet("triage_state", state.to_dict()),
        ]
        if state.wants_human and not state.red_flags:
            # The patient asked for a person before the questions were done: the clinician gets
            # the provisional evaluation; the patient is not shown a level built on guesses.
            return events + start_handoff(dispatcher, tracker, result, state, reason="patient_request")
        # The gateway writes the result to the audit log before the patient sees it.
        dispatcher.utter_message(json_message={"triage": result})
        for text in format_result(result):
            dispatcher.utter_message(text=text)
        events.append(SlotSet("triage_level", result["level"]))
        if result.get("needs_clinician"):
            handoff_events = start_handoff(dispatcher, tracker, result, state, reason="protocol")
            events += handoff_events
            if any(e.get("event") == "pause" for e in handoff_events):
                return events  # the clinician takes it from here (booking included)
        events += offer_booking(dispatcher, tracker, result)  # booking, check-in or follow-up escalation
        return events
