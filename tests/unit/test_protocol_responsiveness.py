"""Responsiveness that fades is altered consciousness (protocol 2026.12.14); a fever or a rash
that does not respond to a treatment is not (2026.12.16).

Found in the held-out NLU set: "elle est de moins en moins réactive" raised no red flag, and the
classifier read it as `aller_mieux`. NICE NG143 puts "no response to social cues", "decreased
activity" and "does not wake, or does not stay awake if roused" in red; a person who reacts less
and less is a call to the 15. Every positive below raised no red flag in protocol 2026.12.13.

"sa fièvre ne réagit pas au doliprane", a parent's everyday sentence, raised a loss of
consciousness (call the 15) up to 2026.12.15: "ne réagit pas" followed by a treatment is about the
treatment. A person who does not react, even in a message that names a medicine, still calls the 15.
"""

import pytest

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


NOT_RESPONDING_TO_A_TREATMENT = [
    "sa fièvre ne réagit pas au doliprane",
    "la fièvre ne réagit pas bien au paracétamol",
    "sa fièvre ne réagit plus aux antibiotiques",
    "l'eczéma ne réagit pas à la crème",
    "sa fièvre réagit à peine au doliprane",
    "la fièvre réagit de moins en moins au paracétamol",
]

A_PERSON_WHO_DOES_NOT_REACT = [
    "il ne réagit pas",
    "il ne réagit plus du tout",
    "mon bébé ne réagit pas quand je lui parle",
    "il ne réagit pas bien quand on lui parle",
    "il ne réagit pas au toucher",
    "il ne réagit plus à rien",
    "elle réagit à peine quand on la touche",
    "il est tombé dans les pommes et ne réagit pas au doliprane",
]


@pytest.mark.parametrize("text", NOT_RESPONDING_TO_A_TREATMENT)
def test_a_treatment_that_does_not_work_is_no_loss_of_consciousness(p, text):
    assert {"loss_of_consciousness", "altered_consciousness"}.isdisjoint(
        h.id for h in p.detect_red_flags(text)
    )


@pytest.mark.parametrize("text", A_PERSON_WHO_DOES_NOT_REACT)
def test_a_person_who_does_not_react_still_calls_the_15(p, text):
    hits = p.detect_red_flags(text)
    assert {"loss_of_consciousness", "altered_consciousness"} & {h.id for h in hits}, text
    assert "emergency_ambulance" in {h.level for h in hits}
