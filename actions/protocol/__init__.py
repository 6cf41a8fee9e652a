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
evaluate().  A reprompt (accepted=False) means "ask again with this text"; the second
unparseable answer is accepted as "unknown", which counts toward more urgency.
"""
from .engine import Protocol, ProtocolError, load_protocol
from .models import (LEVELS, AnswerOutcome, Observation, Question, RedFlagHit, TriageResult,
                     TriageState)

__all__ = [
    "LEVELS", "AnswerOutcome", "Observation", "Protocol", "ProtocolError", "Question",
    "RedFlagHit", "TriageResult", "TriageState", "load_protocol",
]
