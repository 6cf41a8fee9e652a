"""Hand a conversation to an on-call clinician through the gateway, then pause the bot."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import ConversationPaused, EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import gateway_client
from actions.gateway_client import GatewayAction
from actions.protocol import is_emergency


def _wait_sentence(answer: Dict[str, Any]) -> str:
    minutes = answer.get("estimated_wait_minutes")
    if not answer.get("clinicians_online"):
        return (
            "Aucun soignant n'est connecté à cet instant : votre demande reste en tête de file "
            "et sera prise dès que possible."
        )
    if minutes is None or minutes <= 1:
        return "Un soignant devrait vous répondre dans quelques minutes."
    return f"Un soignant devrait vous répondre dans environ {int(minutes)} minutes."


# The handoff reason when the classifier reads an emergency the protocol does not recognise.
POSSIBLE_EMERGENCY = "possible_emergency"


def queue_result(result: Dict[str, Any], state: Any, reason: Text = "") -> Dict[str, Any]:
    """The result the queue is ordered by: a level reached only by caution over missing
    answers (no red flag) is queued as `consultation_24`, above routine but below real
    emergencies; the clinician still sees the cautious level and its reasons. A possible
    emergency the protocol could not place goes to the top, as an emergency to confirm."""
    level = result.get("level")
    if reason == POSSIBLE_EMERGENCY:
        return {**result, "level": "emergency_ambulance", "provisional_level": level, "provisional": True}
    if result.get("uncertain") and not getattr(state, "red_flags", None) and is_emergency(level):
        return {**result, "level": "consultation_24", "provisional_level": level, "provisional": True}
    return result


def start_handoff(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    result: Dict[str, Any],
    state: Any,
    reason: Text,
) -> List[EventType]:
    """Ask the gateway to queue the conversation; pause the bot only if it accepted."""
    queued = queue_result(result, state, reason)
    summary = {
        "reason": reason,
        "triage": queued,
        "answers": getattr(state, "answers", {}),
        "state": state.to_dict() if hasattr(state, "to_dict") else {},
    }
    answer = gateway_client.post(f"/internal/v1/conversations/{tracker.sender_id}/handoff", summary)
    emergency = is_emergency(queued.get("level"))
    if answer is None:
        dispatcher.utter_message(
            text=(
                "Je n'arrive pas à joindre un soignant pour le moment. "
                + (
                    "N'attendez pas : appelez le 15 (ou le 112) maintenant."
                    if emergency
                    else "Si vous ne pouvez pas attendre, appelez le 116 117 (médecin de garde) "
                    "ou le 15 en cas d'urgence."
                )
            )
        )
        return []
    first = (
        "Votre message peut décrire une urgence. Si c'est le cas, ou au moindre doute, appelez le "
        "15 (ou le 112) maintenant, sans attendre de réponse ici. J'ai aussi transmis votre "
        "message à un soignant de garde, qui va lire cette conversation."
        if reason == POSSIBLE_EMERGENCY
        else "N'attendez pas de réponse ici : appelez d'abord le 15 (ou le 112). "
        "J'ai aussi transmis votre situation à un soignant de garde, qui va lire cette conversation."
        if emergency
        else "Je transmets votre demande à un soignant (médecin ou infirmier) de garde, "
        "avec le résumé de vos réponses."
    )
    dispatcher.utter_message(text=f"{first} {_wait_sentence(answer)}")
    return [ConversationPaused()]


class ActionHandoff(GatewayAction):
    """The patient asked for a person: hand over with what the protocol knows so far."""

    def name(self) -> Text:
        return "action_handoff"

    def run_blocking(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        from actions.triage import PROTOCOL, load_state

        state = load_state(tracker)
        state.wants_human = True
        result = PROTOCOL.evaluate(state).to_dict()
        return start_handoff(dispatcher, tracker, result, state, reason="patient_request")
