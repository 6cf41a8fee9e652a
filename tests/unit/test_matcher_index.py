"""The matcher's word index must select exactly the phrases a full scan would.

`Matcher.possible` looks a message's words up in an index of the phrases' required words
instead of checking every phrase. A phrase it leaves out is a red flag that can never be
found, so this compares it with the full scan on every phrase of the protocol, over the NLU
training examples (real patient wordings, SMS spellings and typos) and texts built to hit
prefixes, numbers, `re:` phrases and emoji.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from actions.protocol import load_protocol
from actions.protocol.matcher import Matcher

ROOT = Path(__file__).resolve().parents[2]


def nlu_examples() -> list[str]:
    texts = []
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            m = re.match(r"\s+- (.+)", line)
            if m:
                # drop entity annotations: [texte](entity) -> texte
                texts.append(re.sub(r"\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\{[^}]*\}", r"\1\2", m.group(1)))
    return texts


EXTRA = [
    "",
    "😀😀",
    "il respirrre mal et a 39,8 de fièvre depuis 3 jours",
    "douleurs thoraciques irradiant dans le bras gauche",
    "jsp il a la bouche de travers",
    "elle a pris 20 cachets de lexomil avec de l'alcool",
    "j'ai des idées suicidaires, je veux en finir",
    "mon bb de 2 mois a 38.5",
    "sang dans les selles et vertiges, sous xarelto",
    "Привет 中文 ça fait mal au ventre",
]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return load_protocol().matcher


def test_every_protocol_phrase_is_registered(matcher):
    assert matcher._compiled, "the protocol compiled no phrases"
    assert [cp.uid for cp in matcher._compiled] == list(range(len(matcher._compiled)))
    assert matcher._unindexed, "the protocol has re: phrases; none reached the unindexed list"


def test_index_selects_what_a_full_scan_selects(matcher):
    texts = nlu_examples()
    assert len(texts) > 2000
    rnd = random.Random(7)
    sample = rnd.sample(texts, 700) + EXTRA
    # texts cut at random points, which leaves words and prefixes of words
    sample += [t[: rnd.randrange(1, len(t) + 1)] for t in rnd.sample(texts, 100) if t]
    checked = 0
    for text in sample:
        a = matcher.analyse(text)
        full = frozenset(cp.uid for cp in matcher._compiled if Matcher._possible(cp, a))
        assert matcher.possible(a) == full, text
        checked += len(full)
    assert checked > 1000, "too few candidate phrases for the comparison to mean anything"


def test_possible_is_not_reused_by_another_matcher(matcher):
    a = matcher.analyse("j'ai mal à la poitrine")
    first = matcher.possible(a)
    other = Matcher()
    ps = other.compile(["mal __ poitrine"])
    assert other.find(ps, a), "a second matcher must compute its own candidates"
    assert matcher.possible(a) == first
