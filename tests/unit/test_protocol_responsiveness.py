"""Responsiveness that fades is altered consciousness (protocol 2026.12.14).

Found in the held-out NLU set: "elle est de moins en moins réactive" raised no red flag, and the
classifier read it as `aller_mieux`. NICE NG143 puts "no response to social cues", "decreased
activity" and "does not wake, or does not stay awake if roused" in red; a person who reacts less
and less is a call to the 15. Every positive below raised no red flag in protocol 2026.12.13.
"""

import pytest

from actions.protocol import load_protocol


@pytest.fixture(scope="module")
def p():
    return load_protocol()


FADING = [
    "elle est de moins en moins réactive",
    "il réagit de moins en moins",
    "il est moins réactif que d'habitude",
    "ma mère est peu réactive depuis ce matin",
    "mon fils est plus très réactif",
    "elle est pas très réactive ce matin",
    "bb moins reactif",
    "mon bébé réagit à peine",
    "il répond à peine quand on lui parle",
    "elle est de plus en plus endormie",
    "il reagit presque plus quand on l'appelle",
    "de moins en moins reactif depuis hier soir",
]

ALIKE_BUT_HARMLESS = [
    "la douleur est de plus en plus présente",
    "mon téléphone répond à peine",
    "le traitement marche de moins en moins",
    "il est de plus en plus réactif",
    "ma peau réagit à la crème",
    "je suis de moins en moins fatiguée",
    "la fièvre répond à peine au paracétamol",
    "elle n'est pas moins réactive que d'habitude",
    "non il est bien réactif",
    "il réagit bien quand on lui parle",
    "il est très réactif",
    "non il n'est pas moins réactif",
]


@pytest.mark.parametrize("text", FADING)
def test_fading_responsiveness_calls_the_15(p, text):
    hits = p.detect_red_flags(text)
    assert "altered_consciousness" in {h.id for h in hits}, text
    assert {h.level for h in hits} & {"emergency_ambulance"}


@pytest.mark.parametrize("text", ALIKE_BUT_HARMLESS)
def test_alike_wording_raises_no_red_flag(p, text):
    assert p.detect_red_flags(text) == [], text
