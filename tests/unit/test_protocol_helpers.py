"""Shared helpers for the protocol tests (imported as tests.unit.protocol_helpers or
relatively by pytest's rootdir import mode)."""

from __future__ import annotations

from actions.protocol import LEVELS, load_protocol

RANK = {lv: i for i, lv in enumerate(LEVELS)}

DEFAULTS = {"age": "35 ans", "duration": "depuis hier", "pain": "4"}


def ids(p, text: str) -> set[str]:
    """The ids of the red flags `p` finds in `text`."""
    return {h.id for h in p.detect_red_flags(text)}


def observed(p, text: str):
    """The state after `p` reads `text` as a first message."""
    st = p.new_state()
    p.observe(st, text)
    return st


def play(
    first: str,
    answers: dict | None = None,
    default: str = "Non",
    p=None,
    defaults: dict | None = None,
    max_turns: int = 20,
):
    """Play a whole conversation: observe the first message, answer every question from
    `answers` (by question id), else generic defaults, else `default`. Returns
    (result, state, asked question ids)."""
    p = p or load_protocol()
    st = observed(p, first)
    asked = []
    d = dict(DEFAULTS)
    d.update(defaults or {})
    for _ in range(max_turns):
        q = p.next_question(st)
        if q is None:
            break
        asked.append(q.id)
        text = (answers or {}).get(q.id, d.get(q.id, default))
        out = p.answer(st, q.id, text)
        if not out.accepted:
            out = p.answer(st, q.id, text)
    else:  # pragma: no cover - would mean an infinite loop
        raise AssertionError(f"too many questions: {asked}")
    return p.evaluate(st), st, asked


def at_least(level: str, minimum: str) -> bool:
    return RANK[level] <= RANK[minimum]


def at_most(level: str, maximum: str) -> bool:
    return RANK[level] >= RANK[maximum]


def assert_flag_at_once(p, flag: str, text: str) -> None:
    """`text` as a first message ends the questions at once, at `flag`'s level or the 15."""
    r, _, asked = play(text, p=p)
    level = {rf.id: rf.level for rf in p.red_flags}[flag]
    assert asked == []
    assert r.level in {"emergency_ambulance", level}
