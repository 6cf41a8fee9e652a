"""A long conversation keeps its state while Rasa's tracker stays bounded in Redis."""

from __future__ import annotations

import pytest
import redis

pytestmark = pytest.mark.integration


def test_state_survives_compaction_and_tracker_stays_bounded(stack, patient):
    patient.consent()
    patient.say("j'ai mal au ventre depuis hier")
    first_question = patient.last["messages"][-1]["text"]
    # Small talk while the form waits would be answers; finish the form first, then chat.
    body = patient.answer_until_triage({"âge": "40 ans", "depuis": "1 jour", "0 à 10": "3"}, default="Non")
    level = body["triage"]["level"]
    rdb = redis.Redis.from_url(stack.effective_redis_url, decode_responses=True)
    lengths = []
    for i in range(30):
        patient.say("merci" if i % 2 else "bonjour")
        lengths.append(rdb.llen(f"rasa:tracker:{patient.id}"))
    # 30 more turns add ~120 events; compaction keeps the list bounded.
    assert max(lengths) <= 80, lengths
    assert lengths[-1] < lengths[0] + 30 * 4
    # The triage result is still the conversation's, and a red flag still jumps to emergency.
    assert patient.last["triage"]["level"] == level
    body = patient.say("là j'ai une douleur dans la poitrine qui serre et irradie dans le bras")
    assert body["triage"]["level"] == "emergency_ambulance"
    assert first_question.endswith("?")
