"""Questions whose "yes" is the more urgent answer must be asked.

`st_long`, `si_long`, `hf_uncontrolled` and `ib_spreading` counted "je ne sais pas" as "no".
The engine asks a question only if its answer can change the outcome, and it reads a question
not yet asked by that same `unknown_as`: so none of the four could ever change anything, and
none was ever asked. A sore throat of ten days got self-care, and so did a redness spreading
around a sting. The three questions now count "je ne sais pas" as "yes" (the more urgent
reading, as every other question does), and the sore throat's week is read from the duration
the protocol already asks.
"""

from __future__ import annotations

import pytest

try:
    from tests.unit.test_protocol_helpers import play
except ImportError:  # pragma: no cover - rootdir-less import mode
    from test_protocol_helpers import play


@pytest.mark.parametrize(
    "first, answers, question, level",
    [
        (
            "j'ai le nez bouché et mal aux sinus",
            {"si_long": "oui, ça remonte depuis deux jours"},
            "si_long",
            "consultation",
        ),
        (
            "rhume des foins, j'éternue sans arrêt",
            {"hf_uncontrolled": "oui, même avec mon antihistaminique"},
            "hf_uncontrolled",
            "consultation",
        ),
        (
            "je me suis fait piquer par un moustique au bras",
            {"ib_spreading": "oui la rougeur s'étend"},
            "ib_spreading",
            "consultation",
        ),
        (
            "je me suis fait piquer par un moustique au bras",
            {"ib_spreading": "je ne sais pas"},
            "ib_spreading",
            "consultation",
        ),
    ],
)
def test_question_is_asked_and_its_yes_counts(p, first, answers, question, level):
    r, st, asked = play(first, answers, default="non", p=p)
    assert question in asked, (first, asked)
    assert r.level == level, (first, r.level, r.reasons, asked)


@pytest.mark.parametrize(
    "first, question",
    [
        ("j'ai le nez bouché et mal aux sinus", "si_long"),
        ("rhume des foins, j'éternue sans arrêt", "hf_uncontrolled"),
        ("je me suis fait piquer par un moustique au bras", "ib_spreading"),
    ],
)
def test_no_to_the_question_keeps_self_care(p, first, question):
    r, st, asked = play(first, {question: "non"}, default="non", p=p)
    assert question in asked
    assert r.level == "self_care", (first, r.level, r.reasons, asked)


def test_sore_throat_of_ten_days_is_a_consultation(p):
    r, st, asked = play("j'ai mal à la gorge", {"duration": "depuis 10 jours"}, default="non", p=p)
    assert r.level == "consultation", (r.level, r.reasons, asked)
    assert any("semaine" in reason for reason in r.reasons), r.reasons


def test_sore_throat_of_two_days_is_self_care_without_asking_for_a_week(p):
    r, st, asked = play("j'ai mal à la gorge", {"duration": "depuis 2 jours"}, default="non", p=p)
    assert r.level == "self_care", (r.level, r.reasons, asked)
    assert not any("semaine" in p.question(q).text for q in asked if p.question(q))
