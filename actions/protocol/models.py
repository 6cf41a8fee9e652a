"""Data classes of the triage protocol API (JSON-serialisable, no framework imports)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

LEVELS: tuple[str, ...] = (
    "emergency_ambulance",
    "emergency",
    "consultation_24",
    "consultation",
    "self_care",
)
RANK = {lvl: i for i, lvl in enumerate(LEVELS)}


def most_urgent(*levels: str | None) -> str | None:
    present = [lv for lv in levels if lv]
    if not present:
        return None
    return min(present, key=lambda lv: RANK[lv])


def is_emergency(level: str | None) -> bool:
    """True for the two emergency levels (call 15/112, go to the emergency department)."""
    return level in RANK and RANK[level] <= RANK["emergency"]


@dataclass
class RedFlagHit:
    id: str
    level: str
    reason: str
    matched: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Observation:
    red_flags: list[RedFlagHit] = field(default_factory=list)
    complaints: list[str] = field(default_factory=list)
    negated_complaints: list[str] = field(default_factory=list)
    age_years: float | None = None
    subject: str | None = None
    sex: str | None = None
    pregnant: str | None = None
    anticoagulant: str | None = None
    antiplatelet: str | None = None
    chronic: str | None = None
    immunosuppressed: str | None = None
    duration_hours: float | None = None
    pain_score: float | None = None
    answered: dict[str, Any] = field(default_factory=dict)
    wants_human: bool = False

    def to_dict(self) -> dict:
        d = asdict(self)
        return d


@dataclass
class TriageState:
    complaints: list[str] = field(default_factory=list)
    red_flags: list[dict] = field(default_factory=list)  # RedFlagHit.to_dict()
    answers: dict[str, Any] = field(default_factory=dict)  # question id -> parsed value
    asked: list[str] = field(default_factory=list)  # question ids asked, in order
    failed: dict[str, int] = field(default_factory=dict)  # unparseable answers per question
    age_years: float | None = None
    subject: str | None = None  # "self" | "child" | "other" | None (unknown)
    sex: str | None = None  # "male" | "female" | None
    pregnant: str | None = None  # "yes" | "no" | "unknown" | None
    anticoagulant: str | None = None
    antiplatelet: str | None = None
    chronic: str | None = None
    immunosuppressed: str | None = None
    duration_hours: float | None = None
    pain_score: float | None = None
    describe_attempts: int = 0
    wants_human: bool = False
    # The classifier read an emergency in the latest message, in which the protocol found no
    # red flag, no complaint and no answer to its question (actions/triage.py hands it over).
    possible_emergency: bool = False
    negated: list[str] = field(default_factory=list)  # complaint ids explicitly denied
    messages_seen: int = 0
    protocol_version: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict | None) -> "TriageState":
        d = dict(d or {})
        names = {f.name for f in fields(cls)}
        kwargs = {k: v for k, v in d.items() if k in names}
        st = cls(**kwargs)
        # defensive copies / types after JSON round trips
        st.complaints = list(st.complaints or [])
        st.red_flags = [dict(x) for x in (st.red_flags or [])]
        st.answers = dict(st.answers or {})
        st.asked = list(st.asked or [])
        st.failed = {k: int(v) for k, v in (st.failed or {}).items()}
        st.negated = list(st.negated or [])
        return st

    @property
    def red_flag_ids(self) -> list[str]:
        return [f["id"] for f in self.red_flags]


@dataclass
class Question:
    id: str
    text: str
    kind: str  # yes_no | age | duration | scale | choice | text
    buttons: list[dict] = field(default_factory=list)
    complaint: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class AnswerOutcome:
    accepted: bool
    reprompt: str | None = None
    value: Any = None
    observation: Observation | None = None

    def to_dict(self) -> dict:
        return {
            "accepted": self.accepted,
            "reprompt": self.reprompt,
            "value": self.value,
            "observation": self.observation.to_dict() if self.observation else None,
        }


@dataclass
class TriageResult:
    level: str
    reasons: list[str]
    advice: str
    safety_net: list[str]
    numbers: list[dict]
    protocol_version: str
    needs_clinician: bool
    uncertain: bool
    complaints: list[str]
    red_flags: list[str] = field(default_factory=list)
    level_label: str = ""

    def to_dict(self) -> dict:
        return asdict(self)
