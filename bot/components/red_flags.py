"""NLU component that lets the triage protocol flag emergencies on every message.

It runs last in the pipeline: whatever intent DIET predicted, a message in which the
protocol finds a red flag becomes `signaler_urgence`, so the dialogue always routes it to
the triage action, in any state of the conversation. The protocol (actions/protocol) stays
the only place where red flags are defined; this component only asks it.

Likewise, a message that DIET reads as carrying no content of its own (a greeting, "je ne
sais pas", a request for help, off-topic, or not understood) but in which the protocol
recognises a presenting complaint ("euh je sais pas trop, j'ai des vertiges") becomes
`decrire_symptome`, so it starts the triage instead of being answered as small talk.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    ENTITIES,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from actions.protocol import load_protocol

RED_FLAG_INTENT = "signaler_urgence"
SYMPTOM_INTENT = "decrire_symptome"
# Intents whose answer ignores what else the message says. Not au_revoir / remercier: a
# symptom named in a goodbye does not restart a questionnaire (a red flag still does).
CONTENTLESS_INTENTS = {"saluer", "ne_sait_pas", "demander_aide", "hors_sujet", "nlu_fallback"}


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class RedFlagDetector(GraphComponent):
    """Overrides the intent with `signaler_urgence` when the protocol sees a red flag."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"protocol_dir": None}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._protocol = load_protocol(config.get("protocol_dir"))

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "RedFlagDetector":
        return cls(config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._flag(message)
        return messages

    def _flag(self, message: Message) -> None:
        text: Optional[Text] = message.get(TEXT)
        if not text or text.startswith("/"):
            return
        hits = self._protocol.detect_red_flags(text)
        previous = message.get(INTENT) or {}
        if not hits:
            if previous.get(INTENT_NAME_KEY) in CONTENTLESS_INTENTS and self._protocol.complaints_in(text):
                self._set_intent(message, SYMPTOM_INTENT, previous)
            return
        self._set_intent(message, RED_FLAG_INTENT, previous)
        entities = list(message.get(ENTITIES) or [])
        lowered = text.lower()
        for hit in hits:
            start = lowered.find((hit.matched or "").lower()) if hit.matched else -1
            start, end = (start, start + len(hit.matched)) if start >= 0 else (0, len(text))
            entities.append(
                {
                    "entity": "red_flag",
                    "value": hit.id,
                    "start": start,
                    "end": end,
                    "extractor": self.__class__.__name__,
                    "confidence_entity": 1.0,
                }
            )
        message.set(ENTITIES, entities, add_to_output=True)

    @staticmethod
    def _set_intent(message: Message, name: Text, previous: Dict[Text, Any]) -> None:
        intent = {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: 1.0}
        ranking = [intent] + [
            r for r in (message.get(INTENT_RANKING_KEY) or []) if r.get(INTENT_NAME_KEY) != name
        ]
        message.set(INTENT, intent, add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        message.set("classified_intent", previous.get(INTENT_NAME_KEY), add_to_output=True)
