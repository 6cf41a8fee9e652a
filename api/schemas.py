"""Pydantic models: the schema of every request and answer of the public API."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Status = Literal["bot", "waiting_clinician", "with_clinician", "closed"]
Level = Literal["emergency_ambulance", "emergency", "consultation_24", "consultation", "self_care"]


class MessageIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=2000, description="What the patient wrote, or a button's payload.")

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


class MessageOut(BaseModel):
    text: str
    buttons: list[Button] = []
    sender: Literal["bot", "patient", "clinician", "system"] = "bot"
    id: int | None = None
    ts: float | None = None


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
