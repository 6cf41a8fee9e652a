"""A medicine given to a child, or a question about how long to take one, is not an overdose
(protocol 2026.12.18).

"ma fille a pris un médicament pour la fièvre" and "mon fils a pris un comprimé de doliprane",
a parent's everyday words for a dose given, called the 15 as a poisoning; "j'ai pris mes
médicaments mais je ne sais pas combien de temps continuer" called it as an ingestion of an
unknown quantity; "il a pris 15 jours de tramadol", a length of treatment, as ten tablets or
more. Found by the helper who merged the medicine lists and in its review; all eight harmless
sentences below raised a red flag before. "pris" still counts for a child when the medicine was someone
else's or taken alone or by mistake, "avalé" always does, and not knowing how many still calls
the 15 (Centres antipoison: ingestion by a child, or of an unknown quantity).

"j'ai la grippe et je prends des cachets, je n'ai plus la force" called the 15 as a suicide
prepared: "j'ai la ... cachets" reached across seven words. Means at hand must now follow
"j'ai la / une / les / mes" within four.
"""

import pytest

GIVEN = [
    "ma fille a pris un médicament pour la fièvre",
    "mon fils a pris un comprimé de doliprane",
    "mon fils a pris un cachet de doliprane hier soir pour sa fièvre",
    "ma fille de 8 ans a pris un comprimé d'advil pour son mal de dents",
    "j'ai pris mes médicaments mais je ne sais pas combien de temps continuer",
    "elle a pris ses cachets, je ne sais pas combien de jours elle doit les prendre",
    # a length of treatment, not ten tablets or more
    "il a pris 15 jours de tramadol après son opération",
    "elle a pris pendant 10 jours du doliprane",
]

POISONING = [
    "mon fils de 2 ans a avalé un comprimé",
    "mon fils de 2 ans a pris un cachet de sa grand-mère",
    "ma fille a pris des comprimés par erreur",
    "mon fils a pris des cachets tout seul dans le placard",
    "le petit a pris les medocs de mamie",
    "ma fille a pris une pilule de sa mère en cachette",
]

UNKNOWN_QUANTITY = [
    "il a pris des cachets je sais pas combien",
    "il a pris des cachets jsp combien",
    "il a avalé des cachets, je ne sais pas combien, ni depuis combien de temps",
    "elle a pris des comprimés, aucune idée de combien",
    "elle a pris des cachets, je sais pas combien exactement",
]


@pytest.mark.parametrize("text", GIVEN)
def test_a_dose_given_is_not_a_poisoning(p, text):
    assert not p.detect_red_flags(text), [(h.id, h.matched) for h in p.detect_red_flags(text)]


@pytest.mark.parametrize("text", POISONING)
def test_a_child_who_got_hold_of_medicines_calls_the_15(p, text):
    assert "overdose_poisoning" in {h.id for h in p.detect_red_flags(text)}, text


@pytest.mark.parametrize("text", UNKNOWN_QUANTITY)
def test_an_unknown_quantity_calls_the_15(p, text):
    hits = p.detect_red_flags(text)
    assert {h.id for h in hits} & {"unknown_ingestion", "overdose_poisoning"}, text
    assert "emergency_ambulance" in {h.level for h in hits}


FLU_NOT_SUICIDE = "j'ai la grippe et je prends des cachets, je n'ai plus la force"
MEANS_AT_HAND = [
    "j'ai une boîte entière de cachets et je veux en finir",
    "j'ai les cachets dans la main, je veux mourir",
    "j'ai la corde, je n'ai plus la force",
    "j'ai devant moi toutes mes boîtes de cachets, je veux en finir",
]


def test_flu_tablets_and_tiredness_are_not_a_suicide_plan(p):
    assert not p.detect_red_flags(FLU_NOT_SUICIDE)


@pytest.mark.parametrize("text", MEANS_AT_HAND)
def test_means_at_hand_with_despair_is_a_suicide_plan(p, text):
    assert "suicidal_preparation" in {h.id for h in p.detect_red_flags(text)}, text
