"""Red flags that protocol 2026.12.21 missed, found by probing wordings; fixed in 2026.12.22.

1. "je vais prendre tous mes cachets ce soir" is an overdose intent. The verb before "tous mes …" raised nothing: `overdose_intent` read "je vais tout prendre" and
"je vais avaler tous mes cachets", but "prendre" followed by "tous mes médicaments" only with
"d'un coup". The words are an intent to take a whole supply; when unsure, the protocol takes the
more urgent reading, as it already does for "je vais tout prendre ce soir". The usual treatment
("mes médicaments du soir", "comme prescrit") and medicines that go along ("avec moi", "pour le
voyage") stay without a red flag. The 11 intents below raised nothing before.
2. SMS "je vé" / "je ve": "je vé me tuer" raised nothing ("ve" is no word, and too short for the
   typo corrector). After "je" it is now read "veux", as "jve" already was; every intent pattern
   reads "veux" and "vais" alike. "je vé mourir" ("je vais mourir", a fear, or "je veux mourir")
   therefore raises `suicidal`: the more urgent reading, with a clinician to sort it out.
3. SMS "veu" and "envi": "g envi de mourir" and "je veu plu vivre" got a consultation. They
   are now "envie" and "veux" ("à l'envi" is rare in a patient's message).
4. Household products by name: "mon fils a bu du destop" (drain cleaner) got a consultation.
   Destop, Harpic, ammonia, chlorine, solvents, acetone, methanol, diesel, fuel oil, kerosene,
   "canard wc" and engine oil join the products already named.
5. "j'ai du mal à parler depuis ce matin" got a consultation: "difficulté à parler" and
   "n'arrive plus à parler" were read as a stroke sign, "du mal à parler" was not. Speaking
   about or to someone ("du mal à parler de mes problèmes", "… à mon médecin") is not read so.
37 of these 58 tests failed on protocol 2026.12.21 (the version test included).
"""

import pytest

try:
    from tests.unit.test_protocol_helpers import play
except ImportError:  # pragma: no cover - rootdir-less import mode
    from test_protocol_helpers import play


# failing tests of this file on protocol 2026.12.21, before the fixes
FAILED_BEFORE = 37


def ids(p, text):
    return {h.id for h in p.detect_red_flags(text)}


INTENTS = [
    "je vais prendre tous mes cachets ce soir",
    "je vais prendre toutes mes boîtes de médicaments ce soir",
    "je veux prendre tous mes comprimés",
    "j'en peux plus, je vais prendre toutes mes pilules",
    "ce soir je vais prendre tous mes médocs",
    "je vais prendre tout mes cachets",  # SMS spelling of "tous"
    "je vé prendre tous mes cachets",
    "je compte prendre toutes les plaquettes",
    "je voudrais prendre tous mes somnifères et dormir",
    "je vais prendre tous mes cachets ce soir comme ça ce sera fini",
    "Je vais prendre toutes mes boites ce soir.",
]

USUAL_OR_CARRIED = [
    "je vais prendre tous mes médicaments du soir",
    "je vais prendre tous mes médicaments comme prescrit",
    "je vais prendre tous mes médicaments comme d'habitude",
    "je vais prendre tous mes médicaments habituels",
    "je vais prendre tous mes cachets à l'heure",
    "je vais prendre tous mes médicaments avec moi",
    "je vais prendre tous mes médicaments pour le voyage",
    "je vais prendre toutes mes précautions",
    "je vais prendre tous mes rendez-vous",
    "je ne vais pas prendre tous mes médicaments",
]


@pytest.mark.parametrize("text", INTENTS)
def test_an_intent_to_take_all_ones_medicines_calls_the_15(p, text):
    assert "overdose_intent" in ids(p, text)


@pytest.mark.parametrize("text", USUAL_OR_CARRIED)
def test_the_usual_treatment_or_medicines_carried_raise_nothing(p, text):
    assert not ids(p, text) & {"overdose_intent", "overdose_poisoning", "suicidal_preparation"}


def test_the_whole_triage_gives_the_15_the_3114_and_a_clinician(p):
    result, _, asked = play("je vais prendre tous mes cachets ce soir", p=p)
    assert asked == []
    assert result.level == "emergency_ambulance"
    numbers = [n["number"] for n in result.numbers]
    assert "3114" in numbers and "15" in numbers
    assert result.needs_clinician


def test_the_version_says_the_change(p):
    assert p.version >= "2026.12.22"


SMS_VE = {
    "je vé me tuer": "suicidal",
    "je ve me tuer ce soir": "suicidal",
    "j ve me pendre": "suicidal",
    "je vé en finir": "suicidal",
    "je vé mourir": "suicidal",
    "je vé prendre tous mes cachets": "overdose_intent",
    "je vé tout avaler, mes cachets": "overdose_intent",
    "je vé sauter du pont": "suicidal_jump",
}


@pytest.mark.parametrize("text,flag", SMS_VE.items())
def test_sms_ve_after_je_reads_as_an_intent(p, text, flag):
    assert flag in ids(p, text)


@pytest.mark.parametrize("text", ["je vé pas me tuer", "le ve de la fenêtre", "je vé aller chez le médecin"])
def test_sms_ve_elsewhere_or_negated_raises_nothing(p, text):
    assert not ids(p, text)


SMS_WORDS = {
    "g envi de mourir": "suicidal",
    "j'ai envi d'en finir": "suicidal",
    "je veu plu vivre": "suicidal",
    "je veu mourir": "suicidal",
    "je veu me tuer": "suicidal",
}


@pytest.mark.parametrize("text,flag", SMS_WORDS.items())
def test_sms_veu_and_envi(p, text, flag):
    assert flag in ids(p, text)


@pytest.mark.parametrize("text", ["je veu pas mourir", "j'ai envi de vomir", "je veu un rdv"])
def test_sms_veu_and_envi_raise_no_suicidal_flag_on_their_own(p, text):
    assert not ids(p, text) & {"suicidal", "overdose_intent", "suicidal_preparation"}


PRODUCTS = [
    "mon fils a bu du destop",
    "le bébé a goûté du harpic",
    "il a bu du gasoil",
    "ma fille a avalé de l'ammoniaque",
    "il a bu du white spirit",
    "elle a avalé du canard wc",
    "mon petit a bu de l'huile moteur",
    "il a bu du kérosène",
]


@pytest.mark.parametrize("text", PRODUCTS)
def test_a_household_product_swallowed_calls_the_15(p, text):
    assert "overdose_poisoning" in ids(p, text)
    result, _, asked = play(text, p=p)
    assert result.level == "emergency_ambulance" and asked == []


SPEECH = [
    "j'ai du mal à parler depuis ce matin",
    "elle a du mal à articuler",
    "il a du mal a parler et son bras est faible",
    "mon père a de la peine à parler depuis une heure",
    "j'ai du mal à parler, ma bouche est bizarre",
]


@pytest.mark.parametrize("text", SPEECH)
def test_trouble_speaking_is_a_stroke_sign(p, text):
    assert "stroke_signs" in ids(p, text)
    result, _, _ = play(text, p=p)
    assert result.level == "emergency_ambulance"


@pytest.mark.parametrize(
    "text",
    [
        "j'ai du mal à parler de mes problèmes",
        "j'ai du mal à parler à mon médecin",
        "j'ai du mal à en parler",
    ],
)
def test_speaking_about_or_to_someone_is_no_stroke_sign(p, text):
    assert "stroke_signs" not in ids(p, text)
