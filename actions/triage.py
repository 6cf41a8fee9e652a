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
from actions.handoff import POSSIBLE_EMERGENCY, start_handoff
from actions.presentation import format_result
from actions.protocol import Question, TriageState, load_protocol
from actions.protocol.text import UNKNOWN

logger = logging.getLogger(__name__)

PROTOCOL = load_protocol()
HUMAN_INTENT = "demander_humain"
# The intent DIET gives a message that reports an emergency. The protocol's red flags do not
# depend on it: it reads them from the text (bot/components/red_flags.py marks them as entities).
EMERGENCY_INTENT = "signaler_urgence"
URGENT_REMINDER = "Si la situation vous semble urgente ou s'aggrave, appelez le 15 (ou le 112) sans attendre."


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


def unplaced_emergency(tracker: Tracker, state: TriageState, obs: Any) -> bool:
    """The classifier reads an emergency in the latest message, which the protocol cannot place.

    The protocol decides urgency. When the classifier says `signaler_urgence` but the protocol
    finds in the message no red flag and no complaint, and knows no red flag in the case, it
    does not know what the patient describes ("au secours venez vite c'est grave", or that after
    a result): the patient is told to call the 15 and a clinician reads the conversation first,
    erring toward urgency and a human. During the questions about a known complaint, which
    include its red flags, such a message is not an answer and the question is asked again
    after a reminder of the 15 (`validate_triage_answer`). The gateway treats this intent the
    same way before consent and during a handoff.
    """
    return (
        latest_intent(tracker) == EMERGENCY_INTENT
        and not state.red_flags
        and not (obs.red_flags or obs.complaints)
    )


def goes_to_clinician(state: TriageState) -> bool:
    """The questionnaire stops here and a clinician takes over."""
    return state.wants_human or state.possible_emergency


class ActionStartTriage(Action):
    """Reads a free-text message into the protocol's state before the form asks questions."""

    def name(self) -> Text:
        return "action_start_triage"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        state = load_state(tracker)
        text = latest_text(tracker)
        state.possible_emergency = False
        if text and not text.startswith("/"):
            obs = PROTOCOL.observe(state, text)
            state.possible_emergency = unplaced_emergency(tracker, state, obs)
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
        question = self._next_question(tracker)
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
        question = self._next_question(tracker)
        return [] if question is None else domain_slots

    @staticmethod
    def _next_question(tracker: Tracker) -> Optional[Question]:
        """The protocol's next question for the tracker's current slots (None: the form ends).

        rasa_sdk asks `required_slots` after validating, then `run` wants the question for the
        same slots: the answer is kept on this request's tracker, for as long as the state slot
        is the same object.
        """
        raw = tracker.get_slot("triage_state")
        cached = tracker.__dict__.get("_triage_next")
        if cached is not None and cached[0] is raw:
            return cached[1]
        state = load_state(tracker)
        question = None if goes_to_clinician(state) else PROTOCOL.next_question(state)
        tracker.__dict__["_triage_next"] = (raw, question)
        return question

    async def get_extraction_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        """No `extract_<slot>` method here, so nothing to extract: rasa_sdk would still work out
        the required slots (the protocol's next question) before validation, for nothing."""
        return []

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
            obs = PROTOCOL.observe(state, text)
            state.possible_emergency = unplaced_emergency(tracker, state, obs)
        else:
            outcome = PROTOCOL.answer(state, question_id, text)
            not_an_answer = not outcome.accepted or outcome.value == UNKNOWN
            state.possible_emergency = (
                not_an_answer
                and not state.complaints
                and unplaced_emergency(tracker, state, outcome.observation)
            )
            if not outcome.accepted and outcome.reprompt and not state.possible_emergency:
                reprompt = outcome.reprompt
                if latest_intent(tracker) == EMERGENCY_INTENT and not state.red_flags:
                    # Not an answer, and it may say things got worse: the 15 first, then the question.
                    reprompt = URGENT_REMINDER + " " + reprompt
                dispatcher.utter_message(text=reprompt)
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
        if state.possible_emergency and not state.red_flags:
            state.possible_emergency = False  # this message only; the next one is read afresh
            events[-1] = SlotSet("triage_state", state.to_dict())
            return events + start_handoff(dispatcher, tracker, result, state, reason=POSSIBLE_EMERGENCY)
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
