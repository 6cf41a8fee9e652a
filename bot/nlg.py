"""The form's question, rendered inside Rasa instead of by a second call to the action server.

Each questionnaire turn used to cost two action-server round trips: `validate_triage_form`
(apply the answer to the protocol), then `action_ask_triage_answer` (ask the protocol for the
next question). The validation action now prepares the next question itself, in the
`triage_prompt` slot (text and quick-reply buttons), and the form asks for `triage_answer`
with the response `utter_ask_triage_answer`, which this generator renders from that slot.
The protocol still decides every question; Rasa only says what the action server prepared.
Every other response is rendered as Rasa's own templated generator does.
"""

from __future__ import annotations

from typing import Any, Dict, Optional, Text

from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

PROMPT_RESPONSE = "utter_ask_triage_answer"
PROMPT_SLOT = "triage_prompt"


def prompt_message(prompt: Any) -> Optional[Dict[Text, Any]]:
    """The message for a `triage_prompt` slot value, or None if the value is not a prompt."""
    if not isinstance(prompt, dict) or not isinstance(prompt.get("text"), str) or not prompt["text"]:
        return None
    buttons = [
        {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
        for b in prompt.get("buttons") or []
        if isinstance(b, dict)
    ]
    return {"text": prompt["text"], "buttons": buttons}


class TriagePromptNLG(TemplatedNaturalLanguageGenerator):
    """Rasa's templated NLG, plus the protocol's question prepared by the validation action."""

    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, domain: Optional[Domain] = None):
        super().__init__((domain or Domain.empty()).responses)

    async def generate(
        self,
        utter_action: Text,
        tracker: DialogueStateTracker,
        output_channel: Text,
        **kwargs: Any,
    ) -> Optional[Dict[Text, Any]]:
        if utter_action == PROMPT_RESPONSE:
            message = prompt_message(tracker.get_slot(PROMPT_SLOT))
            if message is not None:
                return message
        # Any other response, or no prompt prepared: the domain's own text (for the prompt, a
        # generic question that keeps the questionnaire going).
        return await super().generate(utter_action, tracker, output_channel, **kwargs)
