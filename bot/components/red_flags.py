"""NLU component that lets the triage protocol flag emergencies on every message.

It runs last in the pipeline. Every red flag the protocol finds in a message becomes a
`red_flag` entity (its id), whatever DIET predicted, and a message with a red flag always ends
with an intent whose rule starts the triage, in any state of the conversation:

- a red flag that calls the 15 (level `emergency_ambulance`, a life-threatening situation)
  makes it `signaler_urgence`, the training data's label for such messages;
- another red flag (go to the emergency department now: "je crache du sang") keeps DIET's
  intent when it starts the triage (`decrire_symptome`, `signaler_urgence`, `informer`,
  `aller_plus_mal`), as the training data labels calm descriptions of worrying symptoms, and
  makes any other intent `decrire_symptome` ("merci, au fait je crache du sang").

The label does not route the emergency: the triage action reads the red flag from the text,
and the gateway, before consent and during a handoff, from the `red_flag` entities. The
protocol (actions/protocol) stays the only place where red flags are defined; this component
only asks it.

Likewise, a message that DIET reads as carrying no content of its own (a greeting, "je ne
sais pas", a request for help, a thanks or goodbye, off-topic, or not understood) but in which
the protocol recognises a presenting complaint ("euh je sais pas trop, j'ai des vertiges") becomes
`decrire_symptome`, so it starts the triage instead of being answered as small talk. Only the
parts of the message that affirm something count: a clause that says what the patient does
not know or could not check ("je ne sais pas si elle a vomi", "je n'ai pas de quoi mesurer sa
fièvre") and a clause about a pet ("mon chat vomit") name no complaint of the patient's. This
narrowing never touches red flags, which are looked for in the whole message first.

A message DIET reads as `aller_mieux` but that says nothing of getting better and names a
complaint ("elle est tombée sur le coccyx et n'arrive plus à s'asseoir": DIET heard "la fièvre
est tombée") also becomes `decrire_symptome`: "Tant mieux" to a fall would be the wrong answer,
a triage question is at worst one too many.
"""

from __future__ import annotations

import re
import unicodedata
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
# Intents whose rule starts (or continues) the triage (data/rules/triage.yml), so a red flag
# in them is read by the protocol as it is. `nlu_fallback` is not among them: a message the
# protocol reads a red flag in has been understood.
TRIAGE_INTENTS = {SYMPTOM_INTENT, RED_FLAG_INTENT, "informer", "aller_plus_mal"}
RED_FLAG_ENTITY = "red_flag"
VITAL_LEVEL = "emergency_ambulance"
# Intents whose answer ignores what else the message says. Thanks and goodbyes are among them:
# "merci docteur, j'ai toujours mal au ventre" or "merci, au fait j'ai du mal à respirer" must
# start (or repeat) the triage, not get "prenez soin de vous". A thanks that only says it is
# better ("merci, ça va mieux pour mon dos") names no complaint and stays a thanks.
CONTENTLESS_INTENTS = {
    "saluer",
    "ne_sait_pas",
    "demander_aide",
    "hors_sujet",
    "nlu_fallback",
    "remercier",
    "au_revoir",
}

# Clauses, on normalised text (lower case, no accents, apostrophes as spaces).
_CLAUSE_BREAK = re.compile(r"[,;:.!?\n()]+|\s(?:mais|par contre|en revanche|sinon|sauf que)\s")
_FILLER = r"(?:(?:euh+|heu+|bah|ben|bon|hmm+|bof|alors|franchement|honnetement|non|oui)\s+)*"
# "I don't know / I'm not sure / I couldn't check" followed by what it is about: the rest of
# the clause is the object of the doubt, not an observation.
_UNSURE = (
    r"(?:(?:je\s+(?:ne\s+|n\s+)?|j\s*|ch)?(?:sais|sai|sait|saurais|saurai|ais|ai)\s+(?:pas|plus)"
    r"(?:\s+(?:trop|vraiment|bien|du tout|exactement))?"
    r"|jsp|nsp|chepa|chais pas|chai pas"
    r"|(?:je\s+)?(?:ne\s+|n\s+)?(?:suis\s+)?pas\s+(?:sur|sure|certain|certaine)(?:\s+(?:de|que|qu))?"
    r"|(?:je\s+(?:n\s+)?(?:ai\s+)?|j\s+ai\s+)?(?:aucune|pas la moindre)\s+idee(?:\s+(?:de|d))?"
    r"|(?:difficile|impossible|dur)\s+(?:a|de)\s+(?:dire|savoir)"
    r"|je\s+(?:ne\s+|n\s+)?(?:peux|arrive|parviens)\s+pas\s+(?:a\s+)?(?:dire|savoir))"
)
# ... except worry about what to do or whether it is serious: what follows is an observation
# ("je ne sais pas quoi faire mon bébé a de la fièvre").
_UNSURE_META = re.compile(
    r"^" + _FILLER + _UNSURE + r"\s+(?:(?:quoi|que|comment)\s+(?:faire|penser)|(?:qui|ou)\s+(?:appeler|aller)"
    r"|si\s+c\s+est\s+(?:grave|normal|urgent|serieux|inquietant|important))\b"
)
_UNSURE_SCOPE = re.compile(
    r"^" + _FILLER + r"(?:" + _UNSURE + r"\s+(?:si|s|ce|quoi|ou|quand|depuis|combien|comment|"
    r"pourquoi|quel|quelle|quels|quelles|lequel|laquelle|de|d|qui|qu|a|pour)\b"
    r"|(?:je\s+(?:n\s+)?(?:ai\s+)?|on\s+(?:n\s+)?(?:a\s+)?)pas\s+"
    r"(?:pu|pris|regarde|verifie|mesure|de quoi|de thermometre|fait attention|compte|vu)\b)"
)
_PET = re.compile(
    r"\b(?:mon|ma|mes|notre|nos|son|sa|ses|le|la|les|un|une)\s+(?:chat|chatte|chaton|chien|chienne|"
    r"chiot|lapin|lapine|hamster|cochon d inde|cobaye|cheval|jument|poney|perroquet|perruche|"
    r"oiseau|tortue|furet|poule|vache|chevre|mouton|animal|animaux)s?\b"
)
# A clause about a pet that also names a person is still about the person ("le chien m'a mordu").
_PERSON = re.compile(
    r"\b(?:je|j|me|m|moi|nous|fils|fille|bebe|enfant|enfants|mari|femme|epoux|epouse|pere|mere|"
    r"papa|maman|frere|soeur|voisin|voisine|ami|amie|copain|copine|grand|petit|petite|main|jambe|"
    r"bras|doigt|pied|visage)\b"
)


BETTER_INTENT = "aller_mieux"
# What getting better sounds like, on normalised text: "ça va mieux", "c'est passé", "la douleur
# est partie", "plus de fièvre", "moins mal", "la fièvre est tombée", "il a repris des couleurs".
_IMPROVEMENT = re.compile(
    r"\b(?:mieux|passe|passee|passes|passees|parti|partie|partis|parties|disparu\w*|ameliore\w*"
    r"|amelioration|calme\w*|soulage\w*|gueri\w*|repris|reprise|retrouve\w*|redevenu\w*|moins"
    r"|plus\s+(?:de|d|mal|aucun|aucune|rien|du tout)|rentre\w*\s+dans\s+l\s+ordre|en\s+forme"
    r"|comme\s+d\s+habitude|normal\w*|bien\s+mieux|ca\s+va\s+(?:bien|mieux)"
    r"|(?:fievre|temperature|temp|febricule)(?:\s+\w+){0,3}\s+(?:tombee|tombe|retombee|retombe|baisse\w*|descendu\w*|redescendu\w*|diminue\w*))\b"
)


def _normalise(text: Text) -> Text:
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", re.sub(r"['’`´]", " ", text))


def affirmed_part(text: Text) -> Text:
    """`text` without the clauses that cannot affirm a complaint of the patient's (see the
    module doc); `text` itself when every clause may."""
    kept, dropped = [], False
    for clause in _CLAUSE_BREAK.split(_normalise(text)):
        clause = clause.strip()
        meta = _UNSURE_META.match(clause)
        if meta:
            clause = clause[meta.end() :].strip()
        if not clause:
            continue
        if _UNSURE_SCOPE.match(clause) or (_PET.search(clause) and not _PERSON.search(clause)):
            dropped = True
            continue
        kept.append(clause)
    return ", ".join(kept) if dropped else text


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class RedFlagDetector(GraphComponent):
    """Marks the protocol's red flags as entities and sends a message with one to the triage."""

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
            intent = previous.get(INTENT_NAME_KEY)
            if intent in CONTENTLESS_INTENTS:
                rest = affirmed_part(text)
                if rest and self._protocol.complaints_in(rest):
                    self._set_intent(message, SYMPTOM_INTENT, previous)
            elif intent == BETTER_INTENT and not _IMPROVEMENT.search(_normalise(text)):
                if self._protocol.complaints_in(text):
                    self._set_intent(message, SYMPTOM_INTENT, previous)
            return
        if any(hit.level == VITAL_LEVEL for hit in hits):
            if previous.get(INTENT_NAME_KEY) != RED_FLAG_INTENT:
                self._set_intent(message, RED_FLAG_INTENT, previous)
        elif previous.get(INTENT_NAME_KEY) not in TRIAGE_INTENTS:
            self._set_intent(message, SYMPTOM_INTENT, previous)
        entities = list(message.get(ENTITIES) or [])
        lowered = text.lower()
        for hit in hits:
            start = lowered.find((hit.matched or "").lower()) if hit.matched else -1
            start, end = (start, start + len(hit.matched)) if start >= 0 else (0, len(text))
            entities.append(
                {
                    "entity": RED_FLAG_ENTITY,
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
