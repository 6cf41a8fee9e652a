"""Triage protocol: YAML data (``data/protocol/``) + plain-Python engine. No Rasa import.

It decides urgency; the NLU never does.  Usage (the whole public API)::

    from actions.protocol import load_protocol, TriageState, LEVELS
    p = load_protocol()                 # cached per path; default <repo>/data/protocol
    state = p.new_state()               # TriageState; state.to_dict() / TriageState.from_dict(d)
    obs = p.observe(state, text)        # on EVERY free-text patient message (red flags,
                                        # complaints, age/subject, pregnancy, anticoagulants...)
    q = p.next_question(state)          # Question | None (None = ready to evaluate;
                                        # immediately None on an emergency red flag)
        # q.id, q.text (French), q.kind in yes_no|age|duration|scale|choice|text,
        # q.buttons = [{"title": "Oui", "payload": "Oui"}, ...]
    out = p.answer(state, q.id, text)   # AnswerOutcome(accepted, reprompt); also runs observe()
    result = p.evaluate(state)          # TriageResult: level, reasons, advice, safety_net,
                                        # numbers, protocol_version, needs_clinician,
                                        # uncertain, complaints; result.to_dict()
    p.detect_red_flags(text)            # [RedFlagHit(id, level, reason, matched)]
    p.complaint_label(cid); p.version

LEVELS, most to least urgent: emergency_ambulance, emergency, consultation_24,
consultation, self_care.  ``state.wants_human = True`` forces needs_clinician.

Loop: observe(first message); while (q := next_question(state)): ask q, answer(); then
evaluate().  A reprompt (accepted=False) means "ask again with this text" (next_question
returns the same question, with its buttons); the second unparseable answer is accepted
as "unknown", which counts toward more urgency.

Yes/no answers (``p.read_yes_no(spec, text) -> (value, explicit)``): for a *safety*
question (``p.safety_yes_no``: any question that can lead to an emergency level, plus
pregnancy and anticoagulant), an answer without an explicit oui/non/"je ne sais pas" --
"un peu gênant mais ça passe", "oui je parle normalement", "3 g" -- is re-asked once with
"Pour être sûr de bien comprendre : répondez oui ou non."; if the second answer is still
not explicit, the cautious reading (the question's ``unknown_as``, usually yes) is kept.
Explicit: oui/non and their SMS forms, "non pas du tout", "oui un peu", "un peu" alone (a
mild yes -- but "un peu" to a question about something *severe* is not explicit), a
plain negative sentence ("ça ne saigne plus"), the question's own symptom described or
negated, a temperature to a fever question, a normality statement about what was asked
("je parle normalement" to "avez-vous du mal à parler ?" = no).  "pas vraiment" is a
hedged no (re-asked for safety questions).  A number never reads as yes.
"""

from .engine import Protocol, ProtocolError, load_protocol
from .models import (
    LEVELS,
    AnswerOutcome,
    Observation,
    Question,
    RedFlagHit,
    TriageResult,
    TriageState,
    is_emergency,
)

__all__ = [
    "LEVELS",
    "is_emergency",
    "AnswerOutcome",
    "Observation",
    "Protocol",
    "ProtocolError",
    "Question",
    "RedFlagHit",
    "TriageResult",
    "TriageState",
    "load_protocol",
]
