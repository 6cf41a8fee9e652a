"""Texts the gateway itself says (disclaimer, consent), loaded from data/consent/."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml


@dataclass(frozen=True)
class ConsentTexts:
    version: str
    disclaimer: str
    consent_text: str
    accept_button: str
    refuse_button: str
    accept_payload: str
    refuse_payload: str
    reprompt: str
    accepted: str
    ask_symptoms: str
    refused: str
    red_flag_warning: str
    closed: str
    unavailable: str
    forwarded_to_clinician: str
    erasure_confirm: str
    erasure_cancelled: str
    erased: str

    @property
    def buttons(self) -> list[dict]:
        return [
            {"title": self.accept_button, "payload": self.accept_payload},
            {"title": self.refuse_button, "payload": self.refuse_payload},
        ]


@lru_cache
def load_texts(path: Path) -> ConsentTexts:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    fields = ConsentTexts.__dataclass_fields__
    return ConsentTexts(**{k: str(v).strip() for k, v in data.items() if k in fields})
