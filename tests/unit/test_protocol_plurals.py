"""Plural wordings and typo readings that must not depend on chance.

A pattern word written in the singular ("malaise") used to match only the singular: "des
malaises" raised no red flag. And a typo equally close to two pattern words ("malaisse":
"malaise" or "malaises") was read one way or the other depending on Python's hash seed, so
the same message could raise a red flag in one process and not in the next.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from actions.protocol.matcher import Matcher

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "text, flag",
    [
        ("enceinte de 6 semaines, mal au ventre et des malaises", "ectopic_fainting"),
        ("je suis enceinte, j'ai mal au ventre d'un côté et j'ai fait deux malaises", "ectopic_fainting"),
        ("piqûre de guêpe, gonflement et malaises", "anaphylaxis_breathing"),
        ("enceinte de 6 semaines, mal au ventre et des malaisses", "ectopic_fainting"),
    ],
)
def test_plural_of_a_singular_pattern_word_raises_the_flag(p, text, flag):
    assert flag in {f.id for f in p.detect_red_flags(text)}


@pytest.mark.parametrize(
    "text",
    [
        "j'ai mal au ventre depuis hier, pas de malaise",
        "aucun malaise, juste mal au ventre",
        "piqûre de guêpe, un peu gonflé, sans malaises",
    ],
)
def test_negated_plural_stays_negated(p, text):
    assert not {f.id for f in p.detect_red_flags(text)} & {"ectopic_fainting", "anaphylaxis_breathing"}


def test_singular_pattern_word_matches_plural_but_not_other_words():
    m = Matcher()
    ps = m.compile(["perte ?de connaissance", "douleur bras"])
    m.finalize()
    for text in ["des pertes de connaissance", "perte de connaissance", "douleurs bras"]:
        assert m.find(ps, m.analyse(text)), text
    for text in ["la perte", "douloureux bras", "connaissance de la perte"]:
        assert not m.find(ps, m.analyse(text)), text


TYPOS = ["malaisse", "malaisses", "vertije", "convultion", "saignemment", "poitrinne", "achetez", "respirre"]
READ = (
    "import json, sys; sys.path.insert(0, {root!r});"
    "from actions.protocol import load_protocol;"
    "m = load_protocol().matcher;"
    "print(json.dumps([m._correct(w) for w in {typos!r}]))"
)


def test_typo_reading_does_not_depend_on_the_hash_seed():
    readings = set()
    for seed in ("1", "2", "3", "4"):
        out = subprocess.run(
            [sys.executable, "-c", READ.format(root=str(ROOT), typos=TYPOS)],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        readings.add(tuple(json.loads(out)))
    assert len(readings) == 1, readings
    assert dict(zip(TYPOS, readings.pop(), strict=True))["malaisse"] == "malaise"
