"""Pydantic models: the schema of every request and answer of the public API."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_serializer

Status = Literal["bot", "waiting_clinician", "with_clinician", "closed"]
Level = Literal["emergency_ambulance", "emergency", "consultation_24", "consultation", "self_care"]


class MessageIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(
        min_length=1, max_length=2000, description="What the patient wrote, or a button's payload."
    )

    @field_validator("text")
    @classmethod
    def not_blank(cls, value: str) -> str:
        cleaned = value.replace("\x00", "").strip()
        if not cleaned:
            raise ValueError("empty text")
        return cleaned


class Button(BaseModel):
    title: str
    payload: str


class BookedAppointment(BaseModel):
    """What the patient's screen shows of an appointment the assistant just booked."""

    appointment_id: str
    label: str = Field(description="Date and time in French, Paris time.")
    start: str = Field(description="ISO 8601, UTC.")
    clinician_name: str | None = None
    join_url: str


class MessageOut(BaseModel):
    text: str
    buttons: list[Button] = []
    sender: Literal["bot", "patient", "clinician", "system"] = "bot"
    id: int | None = None
    ts: float | None = None
    appointment: BookedAppointment | None = Field(
        None,
        description="Only on the message that confirms a booking (absent otherwise): the widget "
        "offers SMS confirmation and reminders there.",
    )

    @model_serializer(mode="wrap")
    def _without_absent_appointment(self, handler):
        data = handler(self)
        if isinstance(data, dict) and data.get("appointment") is None:
            data.pop("appointment", None)
        return data


class Triage(BaseModel):
    level: Level
    reasons: list[str]
    advice: str | None = None
    safety_net: list[str] = []
    numbers: list[dict] = []
    protocol_version: str | None = None
    model_version: str | None = None
    set_by: str | None = None


class ConversationOut(BaseModel):
    conversation_id: str
    messages: list[MessageOut]
    triage: Triage | None
    status: Status
    conversation_token: str | None = Field(
        default=None, description="Only in the first answer of a new conversation."
    )


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorOut(BaseModel):
    error: ErrorDetail


class HandoffIn(BaseModel):
    reason: str = Field(max_length=64)
    triage: dict | None = None
    answers: dict = {}
    state: dict = {}


class HandoffOut(BaseModel):
    position: int
    clinicians_online: int
    estimated_wait_minutes: int | None


# ---- Clinicians -------------------------------------------------------------------------


class TokenOut(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int = Field(description="Seconds until the token expires.")


class ClinicianOut(BaseModel):
    login: str
    display_name: str


class QueueItem(BaseModel):
    conversation_id: str
    level: Level | None
    reason: str
    status: Status
    channel: str
    waiting_seconds: int
    claimed_by: str | None = None
    claimed_by_name: str | None = None
    claim_confirmed: bool = False
    red_flag: bool = False
    complaints: list[str] = []


class QueueOut(BaseModel):
    items: list[QueueItem] = Field(
        description="Waiting conversations by priority, then those held by a clinician."
    )


class ClinicianMessageOut(MessageOut):
    author: str | None = Field(default=None, description="Display name of the clinician who wrote it.")


class ClinicianConversationOut(BaseModel):
    conversation_id: str
    status: Status
    channel: str
    triage: dict | None
    answers: dict
    summary: dict
    messages: list[ClinicianMessageOut]
    waiting_seconds: int
    claimed_by: str | None
    red_flag: bool = False


class ClaimOut(BaseModel):
    claimed_by: str
    conversation_id: str
    status: Status


class ClinicianMessageIn(MessageIn):
    pass


class LevelIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    level: Level
    reason: str | None = Field(default=None, max_length=1000, description="Mandatory: why the level changes.")


class LevelOut(BaseModel):
    conversation_id: str
    triage: Triage
    previous_level: Level | None


class CloseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    outcome: str = Field(
        min_length=1,
        max_length=200,
        description="e.g. advice_given, sent_to_emergency, teleconsultation_booked.",
    )


class StatusOut(BaseModel):
    conversation_id: str
    status: Status


class AuditEntry(BaseModel):
    id: str
    conversation_id: str
    actor: str
    action: str
    at: float
    data: dict


class AuditOut(BaseModel):
    conversation_id: str
    entries: list[AuditEntry]
