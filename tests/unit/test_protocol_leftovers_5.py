"""Three leftovers of protocol 2026.12.18, fixed in 2026.12.19.

1. "pris" is also "brought along": "il a pris la boîte de doliprane avec lui" called the 15 as
   an overdose. A carrying phrase on the same verb ("avec lui", "pour le
   voyage", "au cas où") now tells the medicine was taken along, except for a whole single box
   "avec lui", still read as swallowed. "je vais tout prendre ce soir, mon sirop aussi" stays
   an overdose intent (it may be one's usual treatment, or not: the more urgent reading).
   Every overdose wording of test_protocol_medicines.py and test_protocol_given_medicine.py
   still raises its flag, and so do the new ones below ("elle a avalé la boîte", "j'ai tout
   pris, toutes mes pilules", which raised nothing before). 27 of these 43 tests failed.
2. "malaiz", "malez": the SMS final "z" is a sounded [z], but the sound key read it as the
   silent final "s" and dropped it, so they were read as nothing; "-z" is now "-se", and "-ez"
   is read as "é", then as [ɛz]. 7 of these 33 tests failed.
3. Chickenpox: "Y a-t-il des cloques, une peau qui se décolle, ou des lésions dans la bouche
   ou les yeux ?" sent a child with chickenpox to the emergency department for its ordinary
   blisters and mouth spots. With a chickenpox it is replaced by a question on its danger
   signs only (skin coming off, blood-filled blisters, the eye). 8 of these 13 tests failed.
"""

import pytest

try:
    from tests.unit.test_protocol_helpers import ids, play
except ImportError:  # pragma: no cover - rootdir-less import mode
    from test_protocol_helpers import ids, play

# failing tests of this file on protocol 2026.12.18, before the fixes (of 90, version test included)
FAILED_BEFORE = 43

OVERDOSE_FAMILY = {
    "overdose_poisoning",
    "overdose_whole_supply",
    "overdose_intent",
    "unknown_ingestion",
    "alcohol_with_sedatives",
    "suicidal",
    "suicidal_preparation",
}


# ====================================================================== 1. taken along
CARRIED_OR_USUAL = [
    "il a pris la boîte de doliprane avec lui",
    "il a pris avec lui la boîte de doliprane",
    "il a pris la boîte de dafalgan avec lui à l'école",
    "elle a pris sa plaquette de pilules avec elle",
    "mon mari a pris ses boîtes de cachets avec lui pour le week-end",
    "j'ai pris toutes mes boîtes de médicaments avec moi en vacances",
    "j'ai pris toutes mes boîtes de médicaments pour le voyage",
    "elle a pris toute la plaquette de pilules pour les vacances",
    "j'ai pris une boîte de doliprane pour la route",
    "il a pris la boîte de doliprane au cas où",
    "on a pris tous les médicaments de mamie avec nous",
    "je vais tout prendre avec moi, mes médicaments aussi",
    "je vais prendre tout mon sirop ce soir comme prévu",
    "j'ai pris tout mon sirop ce soir",
]


@pytest.mark.parametrize("text", CARRIED_OR_USUAL)
def test_medicines_taken_along_or_as_usual_are_not_an_overdose(p, text):
    found = ids(p, text) & OVERDOSE_FAMILY
    assert not found, (text, found)


TRUE_OVERDOSES = [
    ("overdose_poisoning", "il a pris toute la boîte de doliprane"),
    ("overdose_poisoning", "elle a avalé la boîte"),
    ("overdose_poisoning", "il a avalé toute la plaquette"),
    ("overdose_poisoning", "elle a gobé la boîte entière"),
    ("overdose_poisoning", "il a bu tout le flacon"),
    ("overdose_poisoning", "elle a avalé la plaquette de sa mère"),
    ("overdose_whole_supply", "j'ai tout pris, toutes mes pilules"),
    ("overdose_whole_supply", "elle a tout avalé, tous ses cachets"),
    ("overdose_whole_supply", "j'ai tout pris hier soir, toutes les boîtes"),
    # a drink is not a person: "avec de l'alcool" is no carrying phrase
    ("overdose_poisoning", "il a pris la boîte de doliprane avec de l'alcool"),
    # the carrying phrase must be on the same verb, in the same clause
    ("overdose_poisoning", "il a pris toute la boîte de doliprane, il est avec moi"),
    ("overdose_poisoning", "il a pris la boîte de doliprane avec lui et il a tout avalé"),
    ("overdose_poisoning", "il a pris la boîte de doliprane avec lui et il l'a avalée"),
    # a whole single box "avec lui" may have been swallowed next to him: still an intake
    # (a trip named tells it was packed)
    ("overdose_poisoning", "il a pris toute la boîte de doliprane avec lui"),
    ("overdose_poisoning", "elle a pris la boîte entière de lexomil avec elle"),
    ("overdose_intent", "je veux prendre toute la boîte avec moi"),
    ("overdose_poisoning", "il a pris la boîte de doliprane avec lui. il a avalé toute la boîte"),
    # an intent: a whole supply named, "d'un coup", a wish, or "avaler"
    ("overdose_intent", "je vais prendre toute la boîte ce soir"),
    ("overdose_intent", "je vais tout prendre d'un coup, tous mes cachets"),
    ("overdose_intent", "j'ai envie de tout prendre, mes cachets aussi"),
    ("overdose_intent", "je veux tout prendre ce soir, mes cachets aussi"),
    ("overdose_intent", "je vais tout avaler ce soir, mon sirop aussi"),
    # may be one's usual evening treatment, but also an intent: the more urgent reading stays
    ("overdose_intent", "je vais tout prendre ce soir, mon sirop aussi"),
    ("overdose_intent", "je vais tout prendre ce soir, mes cachets"),
    ("overdose_intent", "je vais tout prendre ce matin, mes cachets et mon sirop"),
    ("overdose_intent", "je compte tout prendre demain matin, mes comprimés aussi"),
    # "je vais tout prendre" with despair: a plan with the means at hand
    ("suicidal_preparation", "je vais tout prendre ce soir, mes cachets, j'ai des idées noires"),
    ("suicidal_preparation", "je vais tout prendre, mes médicaments, je suis désespérée"),
]


@pytest.mark.parametrize("flag,text", TRUE_OVERDOSES)
def test_true_overdose_wordings_raise_the_flag(p, flag, text):
    assert flag in ids(p, text), (text, ids(p, text))


def test_an_overdose_flag_calls_the_15(p):
    for _, text in TRUE_OVERDOSES:
        assert "emergency_ambulance" in {h.level for h in p.detect_red_flags(text)}, text


# ====================================================================== 2. "malaiz"
MALAISE_SPELLINGS = ["malaiz", "malez", "mallaise", "malaize", "malèz", "mallaiz", "malaisse", "malèze"]


@pytest.mark.parametrize("word", MALAISE_SPELLINGS)
def test_sms_spellings_of_malaise_are_read(p, word):
    # "malaisse" is one swap from the plural "malaises": either form is the word
    assert p.matcher.analyse(f"il a fait un {word}").words[-1] in ("malaise", "malaises")
    assert "syncope" in p.complaints_in(f"il a fait un {word}")


def test_a_malaiz_with_arm_pain_is_cardiac(p):
    assert "arm_jaw_pain_sweats" in ids(p, "j'ai mal au bras gauche et je fais un malaiz")
    assert "arm_jaw_pain_sweats" in ids(p, "j'ai mal au bras gauche et je fais un malez")


# real French words, most of them outside the 25,000-word lexicon, that look or sound like
# "malaise" and must stay what they are ("malais" is read as "malaise", a missing "e", and so
# is "malaisien", two letters away: the cautious reading, unchanged)
NOT_MALAISE = [
    "malles", "malle", "mallette", "malaxe", "malaxer", "malaxez", "males", "malice", "malin",
    "malines", "balaise", "balèze", "mélèze", "mayonnaise", "malgaches", "malaga", "maltais",
    "malouin", "malotru", "malvoyant", "malheureuz", "malez-vous",
]  # fmt: skip


@pytest.mark.parametrize("word", NOT_MALAISE)
def test_look_alike_words_are_not_read_as_malaise(p, word):
    assert p.matcher.analyse(f"il a vu un {word}").words[-1] != "malaise", word


def test_a_final_sms_z_is_a_sounded_s_in_any_word(p):
    assert p.matcher.analyse("je me suis fait une entorz").words[-1] == "entorse"
    assert "overdose_poisoning" in ids(p, "elle a fait une overdoz")
    assert "falaise" in p.matcher.analyse("il veut sauter de la falaiz").words


def test_the_ez_ending_still_reads_as_e(p):
    # "-ez" stays the sound "é" first: a word that sounds like a pattern word read that way
    # is still found ("vomissez" is not "vomisse")
    from actions.protocol.matcher import _phonetic_keys

    assert _phonetic_keys("malez")[0] == "mal"
    assert "males" in _phonetic_keys("malez")
    assert _phonetic_keys("malaiz") == ["males"]
    assert _phonetic_keys("malaise") == ["males"]


# ====================================================================== 3. chickenpox
def test_ordinary_chickenpox_blisters_stay_at_home(p):
    # the question that bundled blisters with danger signs is not asked for a chickenpox
    r, _, asked = play("mon fils de 4 ans a la varicelle", {"ra_mucosa": "oui"}, p=p)
    assert r.level == "self_care", (r.level, r.reasons, asked)
    assert "ra_mucosa" not in asked and "ra_pox_danger" in asked
    # the blisters told in the first message are the chickenpox itself
    r, _, asked = play("mon fils de 4 ans a la varicelle, il a des cloques partout", p=p)
    assert r.level == "self_care", (r.level, r.reasons, asked)
    r, _, asked = play(
        "ma fille de 6 ans a la varicelle, elle a des boutons dans la bouche",
        {"drinking_ok": "oui elle boit bien"},
        p=p,
    )
    assert r.level == "self_care", (r.level, r.reasons, asked)


@pytest.mark.parametrize(
    "first,answers",
    [
        ("mon fils de 4 ans a la varicelle", {"ra_pox_danger": "oui"}),
        ("mon fils de 4 ans a la varicelle", {"ra_pox_danger": "je ne sais pas"}),
        ("ma fille de 6 ans a la varicelle, la peau se décolle", {}),
        ("ma fille de 6 ans a la varicelle, la peau part en lambeaux", {}),
        ("mon fils de 3 ans a la varicelle, des cloques remplies de sang", {}),
        ("mon fils de 3 ans a la varicelle avec un bouton sur l'oeil", {}),
        ("ma fille de 5 ans a la varicelle, elle a l'oeil rouge et douloureux", {}),
    ],
)
def test_chickenpox_danger_signs_still_go_to_the_emergency_department(p, first, answers):
    r, _, asked = play(first, answers, p=p)
    assert r.level in ("emergency", "emergency_ambulance"), (first, r.level, r.reasons, asked)


@pytest.mark.parametrize(
    "first,answers",
    [
        # without a chickenpox, blisters may be a severe drug reaction (Stevens-Johnson)
        ("j'ai des boutons partout", {"ra_mucosa": "oui"}),
        ("j'ai des boutons partout avec des cloques", {}),
        ("mon fils a une éruption, la peau se décolle", {}),
    ],
)
def test_blisters_without_chickenpox_still_go_to_the_emergency_department(p, first, answers):
    r, _, asked = play(first, answers, p=p)
    assert r.level == "emergency", (first, r.level, r.reasons, asked)


def test_chickenpox_after_15_is_seen_within_24_hours(p):
    r, _, asked = play("j'ai la varicelle", {"age": "30"}, p=p)
    assert r.level == "consultation_24", (r.level, r.reasons, asked)
    # its blisters no longer send an adult to the emergency department either
    r, _, asked = play("j'ai la varicelle avec des cloques", {"age": "30"}, p=p)
    assert r.level == "consultation_24", (r.level, r.reasons, asked)


def test_the_danger_question_is_correct_french(p):
    q = p.question("ra_pox_danger")
    assert q is not None and q.text.endswith(" ?")
    assert "décolle" in q.text and "œil" in q.text


def test_protocol_version_is_bumped(p):
    assert p.version >= "2026.12.19"  # later changes bump it again
