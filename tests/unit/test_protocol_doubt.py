"""A doubt before a symptom is not a denial of it, and an arm that drops is a stroke sign.

"jsp il a la bouche de travers" (SMS for "je ne sais pas, il a la bouche de travers", the comma
left out) raised no red flag: the "pas" of "je sais pas" was read as negating what followed, so
the stroke sign, and in "chepa il a du mal à respirer" even the complaint, were lost. Uncertainty
counts as present (matcher.py); only a denial negates. Found while checking the red-flag
component's cases: 17 of the 19 positives below were missed by protocol 2026.12.16.

"il a le bras qui tombe" and "il a perdu la force dans le bras" raised nothing either: the arm of
FAST (HAS 2009/2018, « bras ») was read only as "ne peut plus bouger / lever le bras".
"""

import pytest

STROKE = [
    "jsp il a la bouche de travers",
    "je sais pas il a la bouche de travers",
    "chais pas elle parle bizarre",
    "je ne sais pas il a le visage tordu",
    "je sais pas trop elle a la bouche qui tombe",
    "il a le bras qui tombe",
    "elle a le bras qui retombe quand elle le lève",
    "son bras retombe tout seul depuis ce matin",
    "le bras ballant et la bouche tordue",
    "il a perdu la force dans le bras droit",
    "plus aucune force dans la jambe gauche depuis une heure",
    "jsp bouche tordue bras ki tombe",
]

BREATHING = [
    "jsp il respire plus",
    "je sais pas il arrive plus a respirer",
    "chepa elle a les levres bleues",
]

# The complaint must survive the doubt too, or the triage never starts.
COMPLAINTS = [
    ("chepa il a du mal a respirer", "breathlessness"),
    ("je ne sais pas il a mal dans la poitrine", "chest_pain"),
    ("jsp il a de la fievre", "fever"),
    ("je sais pas elle vomit depuis hier", "vomiting_diarrhoea"),
]

# Denials stay denials, and falls onto an arm are not strokes.
NOT_STROKE = [
    "je ne sais pas, pas de fièvre",
    "jsp pas de fièvre",
    "je sais pas pourquoi mais pas de douleur",
    "il s'est cassé le bras en tombant",
    "je suis tombé sur le bras",
    "le vase est tombé sur ma main",
    "je n'ai pas perdu la force dans le bras",
    "j'ai plus de force dans les bras depuis que je fais de la muscu",
    "mon bras pend un peu après le vaccin",
]


@pytest.mark.parametrize("text", STROKE)
def test_stroke_sign_after_a_doubt_or_as_a_dropping_arm(p, text):
    hits = p.detect_red_flags(text)
    assert {h.id for h in hits} & {"stroke_signs", "limb_weakness"}, text
    assert "emergency_ambulance" in {h.level for h in hits}


@pytest.mark.parametrize("text", BREATHING)
def test_breathing_red_flag_after_a_doubt(p, text):
    assert "emergency_ambulance" in {h.level for h in p.detect_red_flags(text)}, text


@pytest.mark.parametrize(("text", "complaint"), COMPLAINTS)
def test_complaint_after_a_doubt_is_affirmed(p, text, complaint):
    assert complaint in p.complaints_in(text)


@pytest.mark.parametrize("text", NOT_STROKE)
def test_no_stroke_flag(p, text):
    assert not {h.id for h in p.detect_red_flags(text)} & {"stroke_signs", "limb_weakness"}, text


def test_a_denial_after_a_doubt_still_negates(p):
    assert "fever" not in p.complaints_in("jsp pas de fièvre")
    assert "fever" not in p.complaints_in("je ne sais pas, pas de fièvre")
