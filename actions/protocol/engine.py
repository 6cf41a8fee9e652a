"""Triage protocol engine: loads the YAML protocol and runs it.

Levels are combined "most urgent wins".  Every rule is evaluated twice:

* ``pes`` (pessimistic): questions not yet answered but still to be asked, and answers
  "je ne sais pas" (for questions whose ``unknown_as`` is yes, the default), count as
  *present*; unknown age counts as both very young and old (except that an adult
  writing about themself is not an infant).
* ``opt`` (optimistic): the same unknowns count as absent.

The result level is the pessimistic one; ``uncertain`` is true when the two differ
(the missing information could have changed the level).  ``next_question`` stops as
soon as they agree (nothing left to ask can change the decision), when an emergency red
flag is present, or when even the optimistic level is already the most urgent one.
"""

from __future__ import annotations

import datetime as _dt
import functools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import text as T
from .matcher import Analysis, Matcher, PatternSet
from .models import (
    LEVELS,
    RANK,
    AnswerOutcome,
    Observation,
    Question,
    RedFlagHit,
    TriageResult,
    TriageState,
    is_emergency,
    most_urgent,
)

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "data" / "protocol"
TIMEZONE = "Europe/Paris"


def _paris_today() -> _dt.date:
    """The date in France, where patients write from ("depuis lundi" counts back from it)."""
    try:
        from zoneinfo import ZoneInfo

        return _dt.datetime.now(ZoneInfo(TIMEZONE)).date()
    except Exception:  # pragma: no cover - no time zone database: the machine's local date
        return _dt.date.today()


YES_NO_BUTTONS = [
    {"title": "Oui", "payload": "Oui"},
    {"title": "Non", "payload": "Non"},
    {"title": "Je ne sais pas", "payload": "Je ne sais pas"},
]
GENERIC_IDS = ("age", "duration", "pain", "pregnancy", "chronic", "anticoagulant")
KINDS = {"yes_no", "age", "duration", "scale", "choice", "text"}
STATE_FIELDS = {"pregnant", "anticoagulant", "antiplatelet", "chronic", "immunosuppressed"}
_FIELD_QUESTION = {"pregnant": "pregnancy", "anticoagulant": "anticoagulant", "chronic": "chronic"}
_FIELD_QUESTION_INV = {v: k for k, v in _FIELD_QUESTION.items()}


@dataclass
class QuestionSpec:
    id: str
    text: str
    kind: str
    text_other: str | None = None
    buttons: list[dict] | None = None
    options: list[dict] | None = None  # for choice: [{label, value, patterns}]
    detect: PatternSet | None = None
    # yes/no only: what answers "no" from free text when `detect` does not answer "yes"
    # ("ma tension est à 15/10" to "is it 18 or more?")
    detect_no: PatternSet | None = None
    ask_if: Any = None
    unknown_as: str = "yes"
    sets: str | None = None  # state field to set from a yes/no answer
    reprompt: str | None = None
    complaint: str | None = None
    ask: bool = True  # False: only answered from free text (detect), never asked
    safety: bool = False  # never asked = read as present (true red-flag question)


@dataclass
class Rule:
    when: Any
    level: str
    reason: str
    source: str = ""


@dataclass
class Complaint:
    id: str
    label: str
    synonyms: PatternSet
    questions: list[str]
    rules: list[Rule]
    default_level: str
    default_reason: str
    pain: bool = False
    generic: list[str] = field(default_factory=list)
    pregnancy_relevant: bool = False
    advice: dict = field(default_factory=dict)
    safety_net: list[str] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)
    always_clinician: bool = False
    suppressed_by: list[str] = field(default_factory=list)
    safety_questions: set[str] = field(default_factory=set)


@dataclass
class RedFlagSpec:
    id: str
    level: str
    reason: str
    patterns: PatternSet
    also: list[PatternSet] = field(default_factory=list)
    unless: PatternSet | None = None
    # phrases that give another meaning to a hit of `patterns` that begins on the same word
    unless_same_start: PatternSet | None = None
    complaint: str | None = None
    numbers: list[str] = field(default_factory=list)
    advice: str | None = None
    source: str = ""


@dataclass
class Modifier:
    id: str
    when: Any
    reason: str
    complaints: list[str] | None = None
    min_level: str | None = None
    raise_by: int = 0
    cap: str = "emergency"
    source: str = ""


class ProtocolError(ValueError):
    pass


# ======================================================================================
# loading
# ======================================================================================


def _read_yaml(path: Path) -> Any:
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


@functools.lru_cache(maxsize=8)
def _load_cached(path: str) -> "Protocol":
    return Protocol(Path(path))


def load_protocol(path: str | os.PathLike | None = None) -> "Protocol":
    """Load (once per path) the protocol from a directory of YAML files."""
    p = Path(path) if path else DEFAULT_DIR
    return _load_cached(str(p.resolve()))


class Protocol:
    def __init__(self, directory: Path):
        self.directory = directory
        self.matcher = Matcher()
        # the day a message is read, for weekdays ("depuis lundi"); replaceable in tests
        self.today = _paris_today
        main = _read_yaml(directory / "protocol.yml")
        rf_path = directory / "red_flags.yml"
        rf_data = _read_yaml(rf_path) if rf_path.exists() else {}
        # named word lists first: any pattern may reference them (@name)
        try:
            self.matcher.add_lists(main.get("lists"))
            self.matcher.add_lists(rf_data.get("lists"))
            self.matcher.add_phrase_sets(main.get("phrase_sets"))
        except ValueError as e:
            raise ProtocolError(str(e)) from e
        self.version: str = str(main["version"])
        self.max_questions: int = int(main.get("max_questions", 10))
        self.levels: dict = main["levels"]
        for lv in LEVELS:
            if lv not in self.levels:
                raise ProtocolError(f"level {lv} missing from protocol.yml")
        self.named_numbers: dict = main.get("numbers", {})
        self.questions: dict[str, QuestionSpec] = {}
        for qid, q in (main.get("generic_questions") or {}).items():
            self._add_question(qid, q, None)
        for qid, q in (main.get("shared_questions") or {}).items():
            self._add_question(qid, q, None)
        ctx = main.get("context", {})
        self.ctx: dict[str, PatternSet] = {k: self.matcher.compile(v) for k, v in ctx.items()}
        self.general_safety_net: list[str] = main.get("safety_net", [])
        self.no_complaint: dict = main.get("no_complaint", {})

        self.red_flags: list[RedFlagSpec] = []
        rf_items = list(rf_data.get("red_flags") or [])
        self.complaints: dict[str, Complaint] = {}
        cdir = directory / "complaints"
        for f in sorted(cdir.glob("*.yml")) if cdir.exists() else []:
            data = _read_yaml(f)
            items = data if isinstance(data, list) else [data]
            for c in items:
                self._add_complaint(c)
                for rf in c.get("red_flags", []) or []:
                    rf = dict(rf)
                    rf.setdefault("complaint", c["id"])
                    rf_items.append(rf)
        for rf in rf_items:
            self._add_red_flag(rf)
        self.modifiers: list[Modifier] = []
        for m in main.get("modifiers", []) or []:
            self.modifiers.append(
                Modifier(
                    id=m["id"],
                    when=m["when"],
                    reason=m["reason"],
                    complaints=m.get("complaints"),
                    min_level=m.get("min_level"),
                    raise_by=int(m.get("raise", 0)),
                    cap=m.get("cap", "emergency"),
                    source=m.get("source", ""),
                )
            )
        self.matcher.finalize()
        self._validate()
        self.safety_yes_no = self._safety_yes_no()

    def _safety_yes_no(self) -> frozenset[str]:
        """Yes/no questions whose answer can lead to an emergency level (rules and
        modifiers of level emergency or above, complaint ``safety_questions``, and the
        pregnancy / anticoagulant questions): they need an explicit oui/non."""
        out: set[str] = {"pregnancy", "anticoagulant"}

        def walk(cond: Any) -> None:
            if isinstance(cond, list):
                for c in cond:
                    walk(c)
            elif isinstance(cond, dict):
                for k, v in cond.items():
                    if k == "q" and isinstance(v, str):
                        out.add(v)
                    elif k in ("all", "any", "not"):
                        walk(v)

        for c in self.complaints.values():
            out |= c.safety_questions
            for r in c.rules:
                if is_emergency(r.level):
                    walk(r.when)
        for m in self.modifiers:
            if m.min_level and is_emergency(m.min_level):
                walk(m.when)
        return frozenset(q for q in out if q in self.questions and self.questions[q].kind == "yes_no")

    # ---------------------------------------------------------------- builders
    def _add_question(self, qid: str, q: dict, complaint: str | None) -> None:
        if qid in self.questions:
            raise ProtocolError(f"duplicate question id {qid}")
        kind = q.get("kind", "yes_no")
        if kind not in KINDS:
            raise ProtocolError(f"question {qid}: bad kind {kind}")
        opts = None
        if kind == "choice":
            opts = []
            for o in q["options"]:
                opts.append(
                    {
                        "label": o["label"],
                        "value": o["value"],
                        "patterns": self.matcher.compile(o.get("patterns", [o["label"]])),
                    }
                )
        self.questions[qid] = QuestionSpec(
            id=qid,
            text=q["text"],
            kind=kind,
            text_other=q.get("text_other"),
            buttons=q.get("buttons"),
            options=opts,
            detect=self.matcher.compile(q.get("detect", [])) if q.get("detect") else None,
            detect_no=self.matcher.compile(q["detect_no"]) if q.get("detect_no") else None,
            ask_if=q.get("ask_if"),
            unknown_as=q.get("unknown_as", "yes"),
            sets=q.get("sets"),
            reprompt=q.get("reprompt"),
            complaint=complaint,
            ask=bool(q.get("ask", True)),
            safety=bool(q.get("safety", False)),
        )

    def _add_complaint(self, c: dict) -> None:
        cid = c["id"]
        if cid in self.complaints:
            raise ProtocolError(f"duplicate complaint {cid}")
        qids = []
        for q in c.get("questions", []) or []:
            if isinstance(q, str):
                qids.append(q)
            else:
                self._add_question(q["id"], q, cid)
                qids.append(q["id"])
        rules = [
            Rule(r["when"], r["level"], r["reason"], r.get("source", "")) for r in c.get("rules", []) or []
        ]
        d = c.get("default", {})
        self.complaints[cid] = Complaint(
            id=cid,
            label=c["label"],
            synonyms=self.matcher.compile(c.get("synonyms", [])),
            questions=qids,
            rules=rules,
            default_level=d.get("level", "consultation"),
            default_reason=d.get("reason", f"Vous décrivez : {c['label'].lower()}."),
            pain=bool(c.get("pain", False)),
            generic=list(c.get("generic", ["age", "duration"])),
            pregnancy_relevant=bool(c.get("pregnancy_relevant", False)),
            advice=dict(c.get("advice", {}) or {}),
            safety_net=list(c.get("safety_net", []) or []),
            numbers=list(c.get("numbers", []) or []),
            always_clinician=bool(c.get("always_clinician", False)),
            suppressed_by=list(c.get("suppressed_by", []) or []),
            safety_questions=set(c.get("safety_questions", []) or []),
        )

    def _add_red_flag(self, rf: dict) -> None:
        self.red_flags.append(
            RedFlagSpec(
                id=rf["id"],
                level=rf["level"],
                reason=rf["reason"],
                patterns=self.matcher.compile(rf["patterns"]),
                also=[self.matcher.compile(x) for x in rf.get("also", []) or []],
                unless=self.matcher.compile(rf["unless"]) if rf.get("unless") else None,
                unless_same_start=(
                    self.matcher.compile(rf["unless_same_start"]) if rf.get("unless_same_start") else None
                ),
                complaint=rf.get("complaint"),
                numbers=list(rf.get("numbers", []) or []),
                advice=rf.get("advice"),
                source=rf.get("source", ""),
            )
        )

    def _validate(self) -> None:
        ids = set()
        for rf in self.red_flags:
            if rf.id in ids:
                raise ProtocolError(f"duplicate red flag {rf.id}")
            ids.add(rf.id)
            if rf.level not in RANK:
                raise ProtocolError(f"red flag {rf.id}: bad level {rf.level}")
            if rf.complaint and rf.complaint not in self.complaints:
                raise ProtocolError(f"red flag {rf.id}: unknown complaint {rf.complaint}")
            for n in rf.numbers:
                if n not in self.named_numbers:
                    raise ProtocolError(f"red flag {rf.id}: unknown number {n}")
        for c in self.complaints.values():
            for qid in c.questions:
                if qid not in self.questions:
                    raise ProtocolError(f"complaint {c.id}: unknown question {qid}")
            for r in c.rules:
                if r.level not in RANK:
                    raise ProtocolError(f"complaint {c.id}: bad level {r.level}")
                self._check_cond(r.when, f"complaint {c.id}")
            if c.default_level not in RANK:
                raise ProtocolError(f"complaint {c.id}: bad default level")
            for g in c.generic:
                if g not in GENERIC_IDS:
                    raise ProtocolError(f"complaint {c.id}: unknown generic question {g}")
            for lv in c.advice:
                if lv not in RANK:
                    raise ProtocolError(f"complaint {c.id}: advice for unknown level {lv}")
            for n in c.numbers:
                if n not in self.named_numbers:
                    raise ProtocolError(f"complaint {c.id}: unknown number {n}")
            for o in c.suppressed_by:
                if o not in self.complaints:
                    raise ProtocolError(f"complaint {c.id}: suppressed_by unknown complaint {o}")
            for qid in c.safety_questions:
                if qid not in c.questions:
                    raise ProtocolError(f"complaint {c.id}: safety question {qid} not in its questions")
            c.safety_questions |= {qid for qid in c.questions if self.questions[qid].safety}
        for m in self.modifiers:
            self._check_cond(m.when, f"modifier {m.id}")
            for cid in m.complaints or []:
                if cid not in self.complaints:
                    raise ProtocolError(f"modifier {m.id}: unknown complaint {cid}")
            if m.min_level and m.min_level not in RANK:
                raise ProtocolError(f"modifier {m.id}: bad level")

    _COND_KEYS = {
        "q",
        "is",
        "gte",
        "lte",
        "age_lt",
        "age_gte",
        "pain_gte",
        "duration_gte_h",
        "duration_lt_h",
        "complaint",
        "red_flag",
        "subject",
        "sex",
        "all",
        "any",
        "not",
        *STATE_FIELDS,
    }

    def _check_cond(self, cond: Any, where: str) -> None:
        if isinstance(cond, list):
            for c in cond:
                self._check_cond(c, where)
            return
        if not isinstance(cond, dict):
            raise ProtocolError(f"{where}: condition must be a mapping: {cond!r}")
        for k, v in cond.items():
            if k not in self._COND_KEYS:
                raise ProtocolError(f"{where}: unknown condition key {k}")
            if k == "q" and v not in self.questions:
                raise ProtocolError(f"{where}: unknown question {v}")
            if k in ("all", "any"):
                self._check_cond(v, where)
            if k == "not":
                self._check_cond(v, where)
            if k == "complaint" and v not in self.complaints:
                raise ProtocolError(f"{where}: unknown complaint {v}")

    # ================================================================ public API
    def new_state(self) -> TriageState:
        return TriageState(protocol_version=self.version)

    def complaint_label(self, cid: str) -> str:
        c = self.complaints.get(cid)
        return c.label if c else cid

    def question(self, qid: str) -> QuestionSpec | None:
        return self.questions.get(qid)

    # ---------------------------------------------------------------- red flags
    def _flags_in(self, a: Analysis) -> list[tuple[RedFlagSpec, str]]:
        """The red flags of `a`, read as written and again without its intensifiers
        ("je n'arrive vraiment plus à respirer"): a flag found in either reading counts."""
        plain = self.matcher.without_intensifiers(a)
        out = []
        for rf in self.red_flags:
            span = self._flag_span(rf, a)
            if span is None and plain is not None:
                span = self._flag_span(rf, plain)
                # the context that cancels the flag is read as written too ("pas encore")
                if span is not None and self._cancelled(rf, a):
                    span = None
            if span is not None:
                out.append((rf, span))
        return out

    def _flag_span(self, rf: RedFlagSpec, a: Analysis) -> str | None:
        """The text that raises `rf` in `a`, or None when it is absent, negated, or cancelled."""
        st, hit = self.matcher.status(rf.patterns, a, rf.unless_same_start)
        if st != "present":
            return None
        for extra in rf.also:
            if self.matcher.status(extra, a)[0] != "present":
                return None
        if self._cancelled(rf, a):
            return None
        return hit.span

    def _cancelled(self, rf: RedFlagSpec, a: Analysis) -> bool:
        """True when `a` holds the context that gives `rf`'s words another meaning. The reading
        without intensifiers is cancelled by what the message says as written too: "je ne sens
        pas encore le bébé bouger" keeps its "pas encore" when "encore" is dropped."""
        return rf.unless is not None and self.matcher.status(rf.unless, a)[0] == "present"

    def _flag_complaint(self, flag_id: str) -> str | None:
        for rf in self.red_flags:
            if rf.id == flag_id:
                return rf.complaint
        return None

    def detect_red_flags(self, text: str) -> list[RedFlagHit]:
        a = self.matcher.analyse(text or "")
        return [RedFlagHit(rf.id, rf.level, rf.reason, span) for rf, span in self._flags_in(a)]

    # ---------------------------------------------------------------- observe
    def complaints_in(self, text: str) -> list[str]:
        """The presenting complaints an opening message names (affirmed), without any state."""
        return self.observe(self.new_state(), text).complaints

    def observe(self, state: TriageState, text: str) -> Observation:
        text = text or ""
        if len(text) > 20000:
            text = text[:20000]
        a = self.matcher.analyse(text)
        obs = Observation()
        state.messages_seen += 1
        state.protocol_version = self.version
        # red flags
        known = set(state.red_flag_ids)
        found_complaints: list[tuple[int, str]] = []
        for rf, span in self._flags_in(a):
            hit = RedFlagHit(rf.id, rf.level, rf.reason, span)
            obs.red_flags.append(hit)
            if rf.id not in known:
                state.red_flags.append(hit.to_dict())
                known.add(rf.id)
            if rf.complaint:
                found_complaints.append((-1, rf.complaint))
        # complaints
        for cid, c in self.complaints.items():
            hits = self.matcher.find(c.synonyms, a)
            if not hits:
                continue
            aff = [h for h in hits if h.affirmed]
            if aff:
                found_complaints.append((min(h.start for h in aff), cid))
            elif any(h.negated for h in hits):
                obs.negated_complaints.append(cid)
                if cid not in state.negated:
                    state.negated.append(cid)
        ordered: list[str] = []
        for _, cid in sorted(found_complaints, key=lambda x: x[0]):
            if cid not in ordered:
                ordered.append(cid)
        # a more specific complaint hides a generic one ("brûlures en urinant" is not a burn)
        present = set(ordered) | set(state.complaints)
        flagged = {rf_c for _, rf_c in found_complaints if _ == -1}
        for cid in ordered:
            c = self.complaints[cid]
            if cid not in flagged and any(o in present for o in c.suppressed_by):
                continue
            obs.complaints.append(cid)
            if cid not in state.complaints:
                state.complaints.append(cid)
        # and drops an earlier generic one it supersedes
        for cid in list(state.complaints):
            c = self.complaints.get(cid)
            if c and any(o in obs.complaints for o in c.suppressed_by) and cid not in obs.complaints:
                if not any(f.get("id") and self._flag_complaint(f["id"]) == cid for f in state.red_flags):
                    state.complaints.remove(cid)
        # question auto-answers from free text
        for qid, q in self.questions.items():
            if q.detect is None:
                continue
            st, _ = self.matcher.status(q.detect, a)
            if st == "present":
                if state.answers.get(qid) != T.YES:
                    state.answers[qid] = T.YES
                    obs.answered[qid] = T.YES
                    if q.sets:
                        setattr(state, q.sets, T.YES)
            elif qid not in state.answers and (st == "negated" or (st is None and self._detects_no(q, a))):
                state.answers[qid] = T.NO
                obs.answered[qid] = T.NO
                if q.sets and getattr(state, q.sets) is None:
                    setattr(state, q.sets, T.NO)
        self._observe_context(state, a, obs)
        return obs

    def _detects_no(self, q: QuestionSpec, a: Analysis) -> bool:
        """`q`'s `detect_no` phrases are affirmed in `a` ("ma tension est à 15/10")."""
        return q.detect_no is not None and self.matcher.status(q.detect_no, a)[0] == "present"

    def _ctx_status(self, key: str, a: Analysis) -> str | None:
        ps = self.ctx.get(key)
        if not ps:
            return None
        st, _ = self.matcher.status(ps, a)
        return st

    def _observe_context(self, state: TriageState, a: Analysis, obs: Observation) -> None:
        subj, sex, age = _extract_subject_age(a.words)
        if (
            subj
            and (state.subject in (None, "self") or subj != "self")
            and not (state.subject and subj == "self")
        ):
            if state.subject is None or (
                subj != "self" and state.subject == "self" and state.messages_seen <= 1
            ):
                state.subject = subj
            obs.subject = subj
        if sex and state.sex is None:
            state.sex = sex
            obs.sex = sex
        if sex is None and state.sex is None and (state.subject in (None, "self")):
            if self._ctx_status("female_self", a) == "present":
                state.sex = obs.sex = "female"
            elif self._ctx_status("male_self", a) == "present":
                state.sex = obs.sex = "male"
        if age is not None:
            state.age_years = age
            obs.age_years = age
        # pregnancy / treatments / conditions
        for fname, key in (
            ("pregnant", "pregnancy"),
            ("anticoagulant", "anticoagulant"),
            ("antiplatelet", "antiplatelet"),
            ("chronic", "chronic"),
            ("immunosuppressed", "immunosuppressed"),
        ):
            st = self._ctx_status(key, a)
            if st == "present":
                setattr(state, fname, T.YES)
                setattr(obs, fname, T.YES)
            elif st == "negated" and getattr(state, fname) is None:
                setattr(state, fname, T.NO)
                setattr(obs, fname, T.NO)
        if state.pregnant is None and self._ctx_status("pregnancy_possible", a) == "present":
            state.pregnant = obs.pregnant = T.UNKNOWN
        if state.pregnant == T.YES and state.sex is None:
            state.sex = "female"
        if state.immunosuppressed == T.YES and state.chronic is None:
            state.chronic = T.YES
        if self._ctx_status("wants_human", a) == "present":
            state.wants_human = True
            obs.wants_human = True
        dur = T.parse_duration(a.text, require_cue=True, today=self.today())
        if dur is not None:
            state.duration_hours = dur
            obs.duration_hours = dur
        pain = T.pain_score_in_text(a.text)
        if pain is not None:
            state.pain_score = pain
            obs.pain_score = pain

    # ---------------------------------------------------------------- conditions
    def _pending(self, state: TriageState) -> set[str]:
        return {q.id for q in self._plan(state)}

    def _tri(self, value: Any, pending: bool, mode: str, unknown_as: str = "yes") -> bool:
        if value == T.YES:
            return True
        if value == T.NO:
            return False
        if value == T.UNKNOWN:
            return mode in ("pes", "ask") and unknown_as == "yes"
        if value is None and pending:
            return mode == "pes"
        return False

    def _cond(self, cond: Any, state: TriageState, mode: str, pending: set[str]) -> bool:
        if isinstance(cond, list):
            return all(self._cond(c, state, mode, pending) for c in cond)
        result = True
        for k, v in cond.items():
            if k == "q":
                q = self.questions[v]
                val = state.answers.get(v)
                is_pending = val is None and v in pending
                if "gte" in cond or "lte" in cond:
                    if isinstance(val, (int, float)) and not isinstance(val, bool):
                        ok = True
                        if "gte" in cond:
                            ok = ok and val >= cond["gte"]
                        if "lte" in cond:
                            ok = ok and val <= cond["lte"]
                    else:
                        ok = mode == "pes" and (val == T.UNKNOWN or is_pending)
                else:
                    want = cond.get("is", T.YES)
                    wants = want if isinstance(want, list) else [want]
                    eff = val
                    if val == T.UNKNOWN:
                        eff = q.unknown_as if mode in ("pes", "ask") else None
                    elif is_pending:
                        eff = q.unknown_as if mode == "pes" else None
                    ok = eff in wants
            elif k in ("is", "gte", "lte"):
                continue
            elif k == "age_lt" or k == "age_gte":
                age = state.age_years
                if age is not None:
                    ok = age < v if k == "age_lt" else age >= v
                elif mode == "opt":
                    ok = False
                else:
                    if (
                        k == "age_lt"
                        and v <= 16
                        and state.subject in (None, "self")
                        and "age" not in pending
                        and mode == "pes"
                    ):
                        ok = False  # an adult writing for themself is not an infant
                    elif k == "age_lt" and v <= 16 and state.subject in ("self",):
                        ok = False
                    else:
                        ok = mode in ("pes", "ask")
            elif k in STATE_FIELDS:
                val = getattr(state, k)
                qid = _FIELD_QUESTION.get(k)
                ok = self._tri(val, bool(qid and qid in pending), mode) == bool(v)
            elif k == "pain_gte":
                ps = state.pain_score
                if ps is not None:
                    ok = ps >= v
                else:
                    ok = mode == "pes" and ("pain" in pending or state.answers.get("pain") == T.UNKNOWN)
            elif k in ("duration_gte_h", "duration_lt_h"):
                d = state.duration_hours
                if d is not None:
                    ok = d >= v if k == "duration_gte_h" else d < v
                else:
                    ok = mode == "pes" and (
                        "duration" in pending or state.answers.get("duration") == T.UNKNOWN
                    )
            elif k == "complaint":
                ok = v in state.complaints
            elif k == "red_flag":
                ok = v in state.red_flag_ids
            elif k == "subject":
                ok = state.subject == v
            elif k == "sex":
                ok = state.sex == v
            elif k == "all":
                ok = all(self._cond(c, state, mode, pending) for c in v)
            elif k == "any":
                ok = any(self._cond(c, state, mode, pending) for c in v)
            elif k == "not":
                flip = {"pes": "opt", "opt": "pes", "ask": "ask"}[mode]
                ok = not self._cond(v, state, flip, pending)
            else:  # pragma: no cover - validated at load
                raise ProtocolError(f"unknown condition {k}")
            if not ok:
                return False
        return result

    # ---------------------------------------------------------------- levels
    def _raise(self, level: str, steps: int, cap: str) -> str:
        r = RANK[level]
        target = max(r - steps, RANK[cap])
        return LEVELS[min(r, target)]

    def _apply_modifiers(
        self, state: TriageState, mode: str, pending: set[str], cid: str | None, clevel: str, contribs: list
    ) -> None:
        """Append the contributions of the modifiers that apply to complaint `cid` (None: no
        complaint identified, where only the modifiers without a complaint list apply)."""
        for m in self.modifiers:
            if m.complaints is not None and cid not in m.complaints:
                continue
            if not self._cond(m.when, state, mode, pending):
                continue
            new = clevel
            if m.min_level:
                new = most_urgent(new, m.min_level)
            if m.raise_by:
                new = self._raise(new, m.raise_by, m.cap)
            if new != clevel or (m.min_level and m.min_level == clevel):
                contribs.append((new, m.reason, "modifier", m.id))
                clevel = new

    def _assess(self, state: TriageState, mode: str, pending: set[str]):
        """Return (level, [(level, reason, kind, id)])."""
        contribs: list[tuple[str, str, str, str]] = []
        for f in state.red_flags:
            contribs.append((f["level"], f["reason"], "flag", f["id"]))
        for cid in state.complaints:
            c = self.complaints.get(cid)
            if c is None:
                continue
            matched = [r for r in c.rules if self._cond(r.when, state, mode, pending)]
            if matched:
                clevel = most_urgent(*(r.level for r in matched))
                for r in sorted(matched, key=lambda r: RANK[r.level]):
                    contribs.append((r.level, r.reason, "rule", cid))
            else:
                clevel = c.default_level
                contribs.append((clevel, c.default_reason, "default", cid))
            self._apply_modifiers(state, mode, pending, cid, clevel, contribs)
        if not state.complaints:
            lvl = self.no_complaint.get("level", "consultation")
            contribs.append(
                (
                    lvl,
                    self.no_complaint.get("reason", "Vos symptômes n'ont pas pu être précisés."),
                    "none",
                    "",
                )
            )
            # Modifiers written for every complaint (a baby under 3 months, a person over 75)
            # hold just as much when the symptom could not be named.
            self._apply_modifiers(state, mode, pending, None, lvl, contribs)
        level = most_urgent(*(c[0] for c in contribs)) or "consultation"
        return level, contribs

    # ---------------------------------------------------------------- planning
    def _pregnancy_relevant(self, state: TriageState) -> bool:
        if state.pregnant is not None or "pregnancy" in state.answers:
            return False
        if not any(self.complaints[c].pregnancy_relevant for c in state.complaints if c in self.complaints):
            return False
        if state.sex == "male":
            return False
        if state.age_years is not None and (state.age_years < 10 or state.age_years > 55):
            return False
        return True

    def _plan(self, state: TriageState) -> list[QuestionSpec]:
        plan: list[QuestionSpec] = []
        seen: set[str] = set()

        def add(qid: str) -> None:
            if qid in seen or qid in state.answers:
                return
            seen.add(qid)
            plan.append(self.questions[qid])

        comps = [self.complaints[c] for c in state.complaints if c in self.complaints]
        generic: set[str] = set()
        for c in comps:
            generic.update(c.generic)
        if not comps:
            if state.describe_attempts < 2:
                return [self.questions["describe"]] if "describe" in self.questions else []
            generic = {"age", "duration", "chronic", "anticoagulant"}
        if "age" in generic and state.age_years is None:
            add("age")

        def add_complaint_questions(c: Complaint, limit: int | None, only_safety: bool = False) -> None:
            n = 0
            for qid in c.questions:
                q = self.questions[qid]
                if qid in state.answers:
                    continue
                if only_safety and qid not in c.safety_questions:
                    continue
                if q.ask_if is not None and not self._cond(q.ask_if, state, "ask", set()):
                    continue
                if q.sets and getattr(state, q.sets) is not None:
                    continue
                if not q.ask:
                    continue
                if limit is not None and n >= limit:
                    break
                add(qid)
                n += 1

        if comps:
            add_complaint_questions(comps[0], None)
        # red-flag questions of the other complaints before the comfort questions
        for c in comps[1:]:
            add_complaint_questions(c, 3, only_safety=True)
        if "duration" in generic and state.duration_hours is None:
            add("duration")
        if any(c.pain for c in comps) and state.pain_score is None:
            add("pain")
        if self._pregnancy_relevant(state):
            add("pregnancy")
        if "chronic" in generic and state.chronic is None:
            add("chronic")
        if "anticoagulant" in generic and state.anticoagulant is None:
            add("anticoagulant")
        for c in comps[1:]:
            add_complaint_questions(c, 3)
        return plan

    def _render(self, q: QuestionSpec, state: TriageState) -> Question:
        text = q.text
        if q.text_other and state.subject in ("child", "other"):
            text = q.text_other
        if q.buttons is not None:
            buttons = [
                dict(b) if isinstance(b, dict) else {"title": str(b), "payload": str(b)} for b in q.buttons
            ]
        elif q.kind == "yes_no":
            buttons = [dict(b) for b in YES_NO_BUTTONS]
        elif q.kind == "choice":
            buttons = [{"title": o["label"], "payload": o["label"]} for o in q.options or []]
        else:
            buttons = []
        return Question(q.id, text, q.kind, buttons, q.complaint)

    def next_question(self, state: TriageState) -> Question | None:
        if any(is_emergency(f["level"]) for f in state.red_flags):
            return None
        plan = self._plan(state)
        if not plan:
            return None
        if plan[0].id == "describe":
            return self._render(plan[0], state)
        if len(state.asked) >= self.max_questions:
            return None
        if not state.complaints:
            return self._render(plan[0], state)
        pending = {q.id for q in plan}
        opt, _ = self._assess(state, "opt", pending)
        if opt == LEVELS[0]:
            return None
        pes, _ = self._assess(state, "pes", pending)
        if pes == opt and state.complaints:
            # nothing still to ask can change the level; still ask age once (needed by
            # every modifier and by the clinician) unless it is already known
            if not (plan[0].id == "age"):
                return None
        q = plan[0]
        return self._render(q, state)

    # ---------------------------------------------------------------- answers
    def _parse(self, q: QuestionSpec, text: str) -> Any:
        kind = q.kind
        s = T.simple_normalise(text)
        if kind == "yes_no":
            return T.parse_yes_no(text)
        unknown = T.parse_yes_no(text) == T.UNKNOWN
        if kind == "age":
            v = T.parse_age_answer(text)
            return v if v is not None else (T.UNKNOWN if unknown else None)
        if kind == "duration":
            v = T.parse_duration(text, today=self.today())
            if v is None and re.fullmatch(r"\d+", s or "x"):
                v = None  # bare number: unit unknown -> reprompt
            return v if v is not None else (T.UNKNOWN if unknown else None)
        if kind == "scale":
            # a number first ("un 5 peut-être"), then "je ne sais pas" (never a 0 read
            # from "j'en sais rien"), then words ("assez fort")
            v = T.parse_scale_number(text)
            if v is not None:
                return v
            if unknown:
                return T.UNKNOWN
            return T.parse_scale_words(text)
        if kind == "choice":
            a = self.matcher.analyse(text)
            for o in q.options or []:
                st, _ = self.matcher.status(o["patterns"], a)
                if st == "present":
                    return o["value"]
            return T.UNKNOWN if unknown else None
        if kind == "text":
            return text.strip() or None
        return None

    _REPROMPTS = {
        "yes_no": "Je n'ai pas bien compris. Pouvez-vous répondre par « oui », « non » ou « je ne sais pas » ?",
        "clarify": "Pour être sûr de bien comprendre : répondez oui ou non.",
        "age": "Je n'ai pas bien compris l'âge. Pouvez-vous l'écrire en chiffres, par exemple « 34 ans » ou « 6 mois » ?",
        "duration": "Je n'ai pas bien compris. Depuis combien de temps ? Par exemple « 2 heures », « depuis hier » ou « 3 jours ».",
        "scale": "Pouvez-vous donner un chiffre de 0 (pas de douleur) à 10 (pire douleur imaginable) ?",
        "choice": "Je n'ai pas bien compris. Pouvez-vous choisir une des propositions ?",
        "text": "Pouvez-vous décrire en quelques mots le symptôme principal, par exemple « mal au ventre depuis hier » ?",
    }

    def answer(self, state: TriageState, question_id: str, text: str) -> AnswerOutcome:
        text = text or ""
        q = self.questions.get(question_id)
        before_complaints = list(state.complaints)
        before = (
            question_id in state.answers,
            state.answers.get(question_id),
            getattr(state, q.sets) if q is not None and q.sets else None,
        )
        obs = self.observe(state, text)
        if q is None:
            return AnswerOutcome(True, None, None, obs)
        if question_id not in state.asked:
            state.asked.append(question_id)
        if q.kind == "text":  # describe the main symptom
            if state.complaints and (obs.complaints or not before_complaints):
                state.answers[question_id] = "given"
                return AnswerOutcome(True, None, "given", obs)
            if obs.red_flags:
                return AnswerOutcome(True, None, "given", obs)
            state.describe_attempts += 1
            if state.describe_attempts >= 2:
                state.answers[question_id] = T.UNKNOWN
                return AnswerOutcome(True, None, T.UNKNOWN, obs)
            return AnswerOutcome(False, q.reprompt or self._REPROMPTS["text"], None, obs)
        if q.kind == "yes_no":
            return self._answer_yes_no(state, q, text, obs, before)
        value = self._parse(q, text)
        if value is None and q.kind == "yes_no" and obs.answered.get(question_id) is not None:
            value = obs.answered[question_id]
        if value is None and q.kind == "yes_no":
            # "j'ai 39 de fièvre" to "Avez-vous de la fièvre ?": any affirmed detection
            if question_id in obs.answered:
                value = obs.answered[question_id]
        if value is None:
            n = state.failed.get(question_id, 0) + 1
            state.failed[question_id] = n
            if n >= 2:
                value = T.UNKNOWN
            else:
                return AnswerOutcome(False, q.reprompt or self._REPROMPTS[q.kind], None, obs)
        self._store(state, q, value)
        return AnswerOutcome(True, None, value, obs)

    _INTENSITY_RE = re.compile(
        r"\b(tres|intense|intenses|violent|violente|forte|fort|importante?s?|"
        r"insupportable|enorme|beaucoup|grave|impossible|brutal|brutale|"
        r"pire|abondant|abondante|abondants|abondantes|rapidement)\b"
    )
    _TEMPERATURE_RE = re.compile(r"\b(fievre|temperature)\b")

    def read_yes_no(self, q: QuestionSpec, text: str) -> tuple[str | None, bool]:
        """(value, explicit) for an answer to a yes/no question.

        Explicit: oui/non/"je ne sais pas" in so many words, "un peu" (a mild yes), a plain
        negative sentence ("ça ne saigne plus"), the question's own symptom described or
        negated ("il n'arrive pas à finir ses phrases", "pas de fièvre"), a temperature to
        a fever question, or a normality statement about what was asked ("je parle
        normalement" to "avez-vous du mal à parler ?" = the reassuring answer).
        Not explicit: "oui je parle normalement" (the oui may confirm the normality), "pas
        vraiment" (a hedged no), "un peu" to a question about something *severe*, a
        number ("3 g"), a description without oui/non ("un peu gênant mais ça passe")."""
        r = T.analyse_yes_no(text)
        qtext = T.simple_normalise(q.text)
        intensity = bool(self._INTENSITY_RE.search(qtext))
        reassuring = T.NO if q.unknown_as == T.YES else T.YES
        det = None
        a = self.matcher.analyse(text) if q.detect is not None or q.detect_no is not None else None
        if q.detect is not None:
            det, _ = self.matcher.status(q.detect, a)
        if det == "present":
            if r.value == T.NO and r.explicit and not r.normal:
                return T.YES, False  # "non, il n'arrive pas à parler": contradictory
            return T.YES, True
        if det == "negated":
            if r.value == T.YES and r.explicit and not r.mild:
                return T.NO, False
            return T.NO, True
        if det is None and a is not None and self._detects_no(q, a):
            return T.NO, not (r.value == T.YES and r.explicit)  # "oui, 15/10": contradictory
        if r.value == T.UNKNOWN:
            return T.UNKNOWN, r.explicit
        if r.number and not r.explicit and self._TEMPERATURE_RE.search(qtext):
            temp = _first_temperature(T.normalise_answer(text))
            if temp is not None:
                return (T.YES if temp >= 38.0 else T.NO), True
        if r.normal:
            related = (
                bool(T.content_stems(text) & T.content_stems(q.text))
                or len(T.normalise_answer(text).split()) <= 3
            )
            if r.token and r.value in (T.YES, T.NO):
                # "oui ça va" to "arrivez-vous à boire ?", "non je parle normalement" to
                # "avez-vous du mal à parler ?": coherent; "oui je parle normalement" to
                # the latter: the oui may confirm the normality -> not explicit
                return r.value, r.value == reassuring
            if related:
                return reassuring, True
            return reassuring, False
        if r.mild and r.value == T.YES:
            if intensity:
                # "un peu gonflé" to "très gonflé et dur ?": the mild version of a symptom
                # asked about in its severe form is a no -- explicit when the answer talks
                # about nothing the question asks in a non-severe form ("un peu de mal à
                # ouvrir la bouche" to "impossible d'avaler, ou du mal à ouvrir la
                # bouche ?" is not) and names no severity itself; "un peu" alone: re-ask
                return T.NO, self._mild_answers_severe_only(q.text, text)
            return T.YES, r.explicit  # "un peu" alone: a mild yes; "un peu gênant mais…": re-ask
        measured = _threshold_answer(q.text, text, self.today())
        if measured is not None and not r.token:
            return measured
        if r.number and not r.explicit:
            return None, False
        return r.value, r.explicit

    def _mild_answers_severe_only(self, question: str, text: str) -> bool:
        """True when a mild answer ("un peu gonflé", "quelques gouttes") can only refer to
        the severe clauses of the question: it has content words, none is a severity word,
        and none is shared with a clause of the question that is not qualified as severe."""
        answer = T.normalise_answer(text)
        if self._INTENSITY_RE.search(answer):
            return False
        stems = T.content_stems(_MILD_WORDS_RE.sub(" ", answer))
        if not stems:
            return False
        for clause in _CLAUSE_SPLIT_RE.split(T.normalise_answer(question)):
            if self._INTENSITY_RE.search(clause):
                continue
            if stems & T.content_stems(clause):
                return False
        return True

    def _answer_yes_no(
        self, state: TriageState, q: QuestionSpec, text: str, obs: Observation, before: tuple
    ) -> AnswerOutcome:
        value, explicit = self.read_yes_no(q, text)
        field = _FIELD_QUESTION_INV.get(q.id) or q.sets
        if field and getattr(obs, field, None) in (T.YES, T.NO):
            # the answer named it ("je prends du Xarelto", "je suis enceinte de 3 mois")
            value, explicit = getattr(obs, field), True
        if not explicit and q.id in self.safety_yes_no:
            n = state.failed.get(q.id, 0) + 1
            state.failed[q.id] = n
            if n < 2:
                # undo what this message's free text set for this very question
                had, old, old_set = before
                if had:
                    state.answers[q.id] = old
                else:
                    state.answers.pop(q.id, None)
                if q.sets:
                    setattr(state, q.sets, old_set)
                if q.id == "pregnancy":
                    state.pregnant = old_set if q.sets else (old if had else None)
                elif q.id == "anticoagulant" and not had:
                    state.anticoagulant = None
                return AnswerOutcome(False, self._REPROMPTS["clarify"], None, obs)
            value = q.unknown_as  # still not explicit: the cautious reading
        if value is None:
            n = state.failed.get(q.id, 0) + 1
            state.failed[q.id] = n
            if n >= 2:
                value = T.UNKNOWN
            else:
                return AnswerOutcome(False, q.reprompt or self._REPROMPTS["yes_no"], None, obs)
        self._store(state, q, value)
        return AnswerOutcome(True, None, value, obs)

    def _store(self, state: TriageState, q: QuestionSpec, value: Any) -> None:
        # an affirmed detection from the same message beats a contradicting "non"
        state.answers[q.id] = value
        if q.id == "age":
            if isinstance(value, (int, float)):
                state.age_years = float(value)
        elif q.id == "duration":
            if isinstance(value, (int, float)):
                state.duration_hours = float(value)
        elif q.id == "pain":
            if isinstance(value, (int, float)):
                state.pain_score = float(value)
        elif q.id == "pregnancy":
            state.pregnant = value if value in (T.YES, T.NO, T.UNKNOWN) else T.UNKNOWN
            if value == T.YES:
                state.sex = state.sex or "female"
        elif q.id == "chronic":
            state.chronic = value
        elif q.id == "anticoagulant":
            state.anticoagulant = value
        if q.sets and value in (T.YES, T.NO, T.UNKNOWN):
            setattr(state, q.sets, value)

    # ---------------------------------------------------------------- evaluate
    # generic questions whose absence is read the dangerous way (infant, pregnancy,
    # anticoagulant modifiers); duration, pain and chronic disease only refine the level
    SAFETY_GENERIC = frozenset({"age", "pregnancy", "anticoagulant"})

    def _safety_pending(self, state: TriageState, pending: set[str]) -> set[str]:
        """Pending questions that stay "present" when never asked: the generic safety
        questions and, for each complaint, the red-flag questions its YAML marks ``safety``."""
        keep = pending & self.SAFETY_GENERIC
        for cid in state.complaints:
            c = self.complaints.get(cid)
            if c:
                keep |= pending & c.safety_questions
        return keep

    def evaluate(self, state: TriageState) -> TriageResult:
        plan = self._plan(state)
        pending = {q.id for q in plan if q.id != "describe"}
        if any(is_emergency(f["level"]) for f in state.red_flags):
            # questions were deliberately not asked: they are not "missing information"
            pending = set()
        # A question never asked (cap reached, patient asked for a human) is read as
        # present only when it is a safety question; "je ne sais pas" answers keep their
        # own reading (unknown_as).  Other missing answers make the result uncertain and
        # raise it at most to a consultation, with a clinician in the loop.
        safety_pending = self._safety_pending(state, pending)
        full_pes, _ = self._assess(state, "pes", pending)
        pes, contribs = self._assess(state, "pes", safety_pending)
        opt, opt_contribs = self._assess(state, "opt", pending)
        uncertain = full_pes != opt
        missing_floor = None
        main = self.complaints.get(state.complaints[0]) if state.complaints else None
        main_pending = pending & (set(main.questions) | set(GENERIC_IDS)) if main else set()
        if main_pending - safety_pending and RANK[pes] > RANK["consultation"]:
            # questions of the main complaint are missing: at most a consultation
            main_pes, _ = self._assess(state, "pes", safety_pending | main_pending)
            floor = LEVELS[max(RANK[main_pes], RANK["consultation"])]
            if RANK[floor] < RANK[pes]:
                missing_floor = floor
                pes = floor
        if not state.complaints and not state.red_flags:
            uncertain = True
        level = pes
        reasons: list[str] = []
        for _lv, reason, kind, _id in contribs:
            if kind == "flag" and reason not in reasons:
                reasons.append(reason)
        opt_set = {c[1] for c in opt_contribs}
        chosen = [
            c for c in sorted(opt_contribs, key=lambda c: RANK[c[0]]) if c[0] == level and c[2] != "flag"
        ]
        for _lv, reason, _kind, _id in chosen:
            if reason not in reasons:
                reasons.append(reason)
        if opt != pes:
            for lv, reason, kind, _id in sorted(contribs, key=lambda c: RANK[c[0]]):
                if lv == level and kind in ("rule", "modifier") and reason not in opt_set:
                    r = "Par prudence, faute d'information précise : " + reason[0].lower() + reason[1:]
                    if r not in reasons:
                        reasons.append(r)
        # modifiers that applied (e.g. anticoagulant) are always worth saying
        for _lv, reason, kind, _id in opt_contribs:
            if kind == "modifier" and reason not in reasons:
                reasons.append(reason)
        if missing_floor is not None:
            reasons.append(
                "Certaines questions n'ont pas pu être posées : par prudence, un "
                "professionnel de santé doit compléter l'évaluation."
            )
        if not reasons:
            for _lv, reason, _kind, _id in sorted(contribs, key=lambda c: RANK[c[0]])[:2]:
                reasons.append(reason)
        if not reasons:
            reasons.append("Vos symptômes n'ont pas pu être précisés.")
        if state.wants_human:
            reasons.append("Vous avez demandé à parler à un professionnel de santé.")
        lvl = self.levels[level]
        advice_parts: list[str] = []
        for f in state.red_flags:
            spec = next((r for r in self.red_flags if r.id == f["id"]), None)
            if spec and spec.advice and spec.advice not in advice_parts:
                advice_parts.append(spec.advice)
        advice_parts.append(lvl["advice"])
        for cid in state.complaints:
            c = self.complaints.get(cid)
            if c and c.advice.get(level) and c.advice[level] not in advice_parts:
                advice_parts.append(c.advice[level])
        safety: list[str] = []
        for cid in state.complaints:
            c = self.complaints.get(cid)
            if c:
                for s in c.safety_net:
                    if s not in safety:
                        safety.append(s)
        for s in list(lvl.get("safety_net", [])) + list(self.general_safety_net):
            if s not in safety:
                safety.append(s)
        numbers: list[dict] = []
        extra: list[str] = []
        for f in state.red_flags:
            spec = next((r for r in self.red_flags if r.id == f["id"]), None)
            if spec:
                extra.extend(spec.numbers)
        for cid in state.complaints:
            c = self.complaints.get(cid)
            if c:
                extra.extend(c.numbers)
        # each number once, with its most specific label first ("15 — SAMU — centre antipoison
        # joignable via le 15", not that and "15 — SAMU (en cas d'aggravation)" as well)
        for n in [self.named_numbers[key] for key in extra] + list(lvl.get("numbers", [])):
            if all(d["number"] != str(n["number"]) for d in numbers):
                numbers.append({"number": str(n["number"]), "label": n["label"]})
        always = any(self.complaints[c].always_clinician for c in state.complaints if c in self.complaints)
        needs = is_emergency(level) or uncertain or bool(state.wants_human) or always
        return TriageResult(
            level=level,
            reasons=reasons,
            advice=" ".join(advice_parts),
            safety_net=safety,
            numbers=numbers,
            protocol_version=self.version,
            needs_clinician=needs,
            uncertain=uncertain,
            complaints=list(state.complaints),
            red_flags=list(state.red_flag_ids),
            level_label=lvl.get("label", level),
        )


_MILD_WORDS_RE = re.compile(
    r"\b(un peu|un petit peu|legerement|un poil|a peine|un chouia|quelques|juste|"
    r"seulement|tres peu|peu)\b"
)
_CLAUSE_SPLIT_RE = re.compile(r"\bou\b|,|;|:|\(|\)")
# "depuis plus de 2 semaines", "plus d'une semaine", "plus de 12 heures"
_DURATION_THRESHOLD_RE = re.compile(r"\bplus d(?:e|u)? ((?:une? |\S+ )?\S+)")
# "la tension est-elle à 18 (ou 180) ou plus ?": the threshold in cm of mercury; a figure in
# the answer, unless a unit of time, age or weight follows it
_PRESSURE_THRESHOLD_RE = re.compile(r"\btension\b.*?\ba (1\d|2\d)\b.*\bou plus\b")
_PRESSURE_ANSWER_RE = re.compile(
    r"(?<![\d.])(\d{1,3}(?:\.\d)?)(?![\d])(?! ?(?:ans|an|mois|jours|jour|h|heures|min|minutes|kg|fois|sa)\b)"
)
# "moins de 0,70 g/L" (normalised "moins de 0.70 g sur l")
_GLUCOSE_THRESHOLD_RE = re.compile(r"\b(moins|plus) de (\d+(?:\.\d+)?) g\b")
_GLUCOSE_ANSWER_RE = re.compile(
    r"(?<![\d.])(\d+(?:\.\d+)?) ?(g|gr|gramme|grammes|mg)\b(?: (?:sur|par) (l|litre|dl))?"
)


def _threshold_answer(question: str, text: str, today: _dt.date | None = None) -> tuple[str, bool] | None:
    """(value, explicit) when a yes/no question sets a measurable threshold and the answer
    gives the measure: "un mois" to "... depuis plus de 2 semaines ?" is a yes, "3 g" to
    "la glycémie est-elle basse (moins de 0,70 g/L) ?" a no. A duration below the threshold
    is explicit only for a one-clause question ("5 minutes" to "apparue à l'effort, ou
    depuis plus de 15 minutes ?" says nothing of the effort); a measured glucose answers
    the whole question about a low glucose (signs of hypoglycaemia with a high glucose
    are not one); a high glucose is only one part of "très haute avec vomissements"."""
    q = T.normalise_answer(question)
    a = T.normalise_answer(text)
    p = _PRESSURE_THRESHOLD_RE.search(q)
    if p:
        # "16/9" to "la tension est-elle à 18 ou plus ?": the highest figure (cm of mercury, or
        # mm from 50 up) against the question's; "17 ce matin, 19 ce soir" is a yes
        values = [float(m.group(1)) for m in _PRESSURE_ANSWER_RE.finditer(a)]
        values = [v / 10 if v >= 50 else v for v in values]
        values = [v for v in values if 5 <= v <= 30]
        if not values:
            return None
        return (T.YES if max(values) >= float(p.group(1)) else T.NO), True
    g = _GLUCOSE_THRESHOLD_RE.search(q)
    if g and g.group(1) == "plus":
        return None  # "très haute (plus de 2,5 g/L) avec vomissements ou cétones": one part
    if g:
        m = _GLUCOSE_ANSWER_RE.search(a)
        if m:
            value = float(m.group(1))
            if m.group(2) == "mg":  # "180 mg/dl", "180 mg": mg per decilitre
                value /= 100
            elif m.group(3) == "dl":  # "0,18 g/dl"
                value *= 10
            limit = float(g.group(2))
            below = value < limit
            hit = below if g.group(1) == "moins" else value > limit
            return (T.YES if hit else T.NO), True
        return None
    thresholds = set()
    for m in _DURATION_THRESHOLD_RE.finditer(q):
        hours = T.parse_duration(m.group(1))
        if hours is not None:
            thresholds.add(hours)
    if len(thresholds) != 1:
        return None
    answer_hours = T.parse_duration(text, today=today)
    if answer_hours is None:
        return None
    (limit,) = thresholds
    if answer_hours > limit:
        return T.YES, True
    one_clause = len([c for c in _CLAUSE_SPLIT_RE.split(q) if c.strip()]) == 1 and " et " not in q
    return T.NO, one_clause


def _first_temperature(s: str) -> float | None:
    m = re.search(r"(?<![\d.])(3[4-9]|4[0-3])(?:\.(\d))?(?![\d])", s)
    if not m:
        return None
    return float(m.group(1) + ("." + m.group(2) if m.group(2) else ""))


# ======================================================================================
# age / subject extraction
# ======================================================================================

_POSSESSIVE = {"mon", "ma", "notre", "mes", "son", "sa", "nos", "ton", "ta", "votre"}
_CHILD = {
    "fils": "male",
    "fille": None,
    "enfant": None,
    "bebe": None,
    "garcon": "male",
    "nourrisson": None,
    "fiston": "male",
    "ado": None,
    "adolescent": "male",
    "adolescente": "female",
    "bambin": None,
    "nouveau": None,
    "petit": "male",
    "petite": "female",
    "filleul": "male",
    "filleule": "female",
    "neveu": "male",
    "niece": "female",
    "nourisson": None,
    "bout": None,
    "puce": None,
    "loulou": None,
    "jumeau": "male",
    "jumelle": "female",
    "jumeaux": None,
    "enfants": None,
    "bebes": None,
}
_OTHER = {
    "pere": "male",
    "papa": "male",
    "mere": "female",
    "maman": "female",
    "mari": "male",
    "femme": "female",
    "epoux": "male",
    "epouse": "female",
    "conjoint": "male",
    "conjointe": "female",
    "copain": "male",
    "copine": "female",
    "frere": "male",
    "soeur": "female",
    "ami": "male",
    "amie": "female",
    "voisin": "male",
    "voisine": "female",
    "oncle": "male",
    "tante": "female",
    "compagnon": "male",
    "compagne": "female",
    "collegue": None,
    "papi": "male",
    "papy": "male",
    "pepe": "male",
    "mamie": "female",
    "meme": "female",
    "grand": None,
    "beau": "male",
    "belle": "female",
    "patient": "male",
    "patiente": "female",
    "cousin": "male",
    "cousine": "female",
    "partenaire": None,
    "chef": None,
    "colocataire": None,
    "coloc": None,
    "residente": "female",
    "resident": "male",
}
_AGE_UNITS = {
    "ans": 1.0,
    "an": 1.0,
    "annees": 1.0,
    "mois": 1 / 12,
    "semaines": 1 / 52,
    "semaine": 1 / 52,
    "sem": 1 / 52,
    "jours": 1 / 365,
    "jour": 1 / 365,
}
_NOT_AGE_PREV = {
    "depuis",
    "fait",
    "pendant",
    "dure",
    "dans",
    "tous",
    "toutes",
    "chaque",
    "plus",
    "moins",
    "durant",
    "environ",
    "presque",
    "y",
    "dernier",
    "derniere",
    "ca",
    "sur",
    "de",
}
_SELF_CUES = {
    ("j", "ai"),
    ("je", "suis"),
    ("je", "me"),
    ("j", "avais"),
    ("je", "sens"),
    ("j", "arrive"),
    ("je", "n"),
    ("je", "ne"),
    ("moi", ""),
    ("je", "tousse"),
}


def _subject_at(words: list[str], i: int) -> tuple[str | None, str | None, int]:
    """If words[i] is a possessive followed by a person noun, return (subject, sex, idx of noun)."""
    if words[i] not in _POSSESSIVE or i + 1 >= len(words):
        return None, None, -1
    j = i + 1
    w = words[j]
    # "ma petite fille", "mon petit garcon", "mon grand pere", "mon beau pere"
    if (
        w in ("petit", "petite")
        and j + 1 < len(words)
        and words[j + 1]
        in (
            "fils",
            "fille",
            "garcon",
            "enfant",
            "bebe",
            "frere",
            "soeur",
            "gars",
            "dernier",
            "derniere",
            "bout",
        )
    ):
        return (
            "child",
            _CHILD.get(words[j + 1])
            or (
                "female"
                if words[j + 1] in ("fille", "soeur", "derniere")
                else "male"
                if words[j + 1] in ("fils", "garcon", "frere", "gars", "dernier")
                else None
            ),
            j + 1,
        )
    if (
        w in ("grand", "beau", "belle")
        and j + 1 < len(words)
        and words[j + 1] in ("pere", "mere", "frere", "soeur", "fils", "fille")
    ):
        sex = "male" if words[j + 1] in ("pere", "frere", "fils") else "female"
        return "other", sex, j + 1
    if w == "nouveau" and j + 1 < len(words) and words[j + 1] in ("ne", "nee"):
        return "child", None, j + 1
    if w in ("dernier", "derniere", "aine", "ainee", "cadet", "cadette"):
        return "child", "male" if w in ("dernier", "aine", "cadet") else "female", j
    if w in _CHILD and w not in ("petit", "petite", "nouveau", "bout"):
        sex = _CHILD[w]
        if w == "fille":
            sex = "female"
        return "child", sex, j
    if w in _OTHER and w not in ("grand", "beau", "belle"):
        return "other", _OTHER[w], j
    return None, None, -1


def _extract_subject_age(words: list[str]) -> tuple[str | None, str | None, float | None]:
    subject = sex = None
    subj_idx = -1
    n = len(words)
    for i in range(n):
        s, sx, j = _subject_at(words, i)
        if s:
            subject, sex, subj_idx = s, sx, j
            break
    if subject is None:
        for i in range(n - 1):
            if (words[i], words[i + 1]) in _SELF_CUES or (words[i] == "moi" and i == 0):
                subject = "self"
                break
        # "un bébé de 2 mois", "une petite fille de 4 ans" (without possessive)
        for i in range(n - 1):
            if (
                words[i] in ("un", "une", "le", "la", "notre")
                and words[i + 1] in ("bebe", "nourrisson", "enfant")
                and subject != "child"
            ):
                subject, subj_idx = "child", i + 1
                break
    age = None
    for i in range(n):
        v, j = T.parse_number(words, i)
        if v is None or j >= n or words[j] not in _AGE_UNITS:
            continue
        if (
            not words[i][0].isdigit()
            and words[i] in ("un", "une")
            and words[j] not in ("an", "ans", "mois", "semaines", "semaine")
        ):
            continue
        unit = words[j]
        prev = words[i - 1] if i >= 1 else ""
        prev2 = words[i - 2] if i >= 2 else ""
        after = words[j + 1] if j + 1 < n else ""
        is_age = False
        if prev in ("age", "agee", "ages", "agees", "agé"):
            is_age = True
        elif (
            prev == "de"
            and i >= 2
            and (
                prev2 in _CHILD
                or prev2 in _OTHER
                or prev2
                in (
                    "homme",
                    "femme",
                    "monsieur",
                    "madame",
                    "dame",
                    "personne",
                    "fille",
                    "fils",
                    "garcon",
                    "bebe",
                    "nourrisson",
                    "enfant",
                    "ne",
                    "nee",
                )
                or (subj_idx >= 0 and 0 <= i - 2 - subj_idx <= 2)
            )
        ):
            is_age = True
        elif prev in ("a", "ai", "aura", "avoir", "fete", "fait") and prev2 not in ("y", "il y"):
            if prev == "fait":
                is_age = False
            elif unit in ("ans", "an", "annees"):
                is_age = after not in ("de", "d") and prev2 not in ("y",)
            else:
                is_age = after not in ("de", "d") and (
                    prev2 in ("il", "elle", "qui", "bebe", "fils", "fille") or subject == "child"
                )
        elif prev in ("", ".", ",", "moi", "et", "(", "suis", "patient", "patiente") and unit in (
            "ans",
            "an",
        ):
            is_age = after not in ("de", "d") and prev not in ("et",) or prev == "moi"
        elif prev in _CHILD or prev in _OTHER or prev in ("homme", "femme", "bebe"):
            is_age = True
        elif prev == "ne" or prev == "nee":
            is_age = False
        if prev in _NOT_AGE_PREV and not (prev == "de" and is_age):
            is_age = False
        if is_age:
            age = round(v * _AGE_UNITS[unit], 4)
            if age > 120:
                age = None
                continue
            break
    # "né il y a 3 semaines"
    if age is None:
        for i in range(n - 4):
            if words[i] in ("ne", "nee") and words[i + 1 : i + 3] == ["il", "y"] and words[i + 3] == "a":
                v, j = T.parse_number(words, i + 4)
                if v is not None and j < n and words[j] in _AGE_UNITS:
                    age = round(v * _AGE_UNITS[words[j]], 4)
                    break
    if (
        age is None
        and ("nouveau" in words)
        and any(words[k] == "nouveau" and k + 1 < n and words[k + 1] in ("ne", "nee") for k in range(n))
    ):
        age = round(7 / 365, 4)
    return subject, sex, age
