"""Red flags that protocol 2026.12.21 missed, found by probing wordings; fixed in 2026.12.22.

1. "je vais prendre tous mes cachets ce soir" raised nothing: `overdose_intent` read "je vais
   tout prendre" and "je vais avaler tous mes cachets", but "prendre" followed by "tous mes
   médicaments" only with "d'un coup". The words are an intent to take a whole supply; when
   unsure, the protocol takes the more urgent reading, as it already does for "je vais tout
   prendre ce soir". The usual treatment ("mes médicaments du soir", "comme prescrit") and
   medicines that go along ("avec moi", "pour le voyage") stay without a red flag.
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
6. "il respire bizarrement et ne répond pas" (a cardiac arrest until proven otherwise) got a
   consultation: only "ne répond plus" was read. "ne répond pas" now is, after a person ("mon
   fils", "il", "3 ans", "et"), not after a service ("le médecin ne répond pas", "le cabinet …",
   "le samu …"), nor before what is not answered ("… au téléphone", "… à mes messages").
7. "mon cœur s'emballe, je vais tomber" was no complaint at all; "s'emballe", "s'affole" and
   "bat la chamade" now name palpitations, whose faintness question the message answers.
8. "je me suis fait mordre par un chien au visage" was no complaint; "mordre" is now a bite.
   A bite by a tick or an insect ("mordu par une tique", "morsure de tique") is now the insect
   bite it is (self-care questions) rather than a wound, and "je me suis mordu la langue" no
   bite. "une tique m'a mordu" (the tick before the verb) is still read as a wound bite.
9. "du sang dans les selles en grande quantité" now answers "is the bleeding heavy?".
10. "une éruption et du mal à respirer après un antibiotique" got a consultation within 24 h: a
    skin reaction after a medicine, an injection or a meal now starts `anaphylaxis_breathing`,
    which still needs a breathing, fainting or throat sign.
11. "du mal à avaler ma salive", "je bave et je n'arrive plus à avaler" (epiglottitis, abscess)
    got a consultation; `cannot_swallow_drool` reads them now.
12. New `impending_doom`: "sensation de mort imminente", "j'ai l'impression que je vais mourir"
    got a consultation. It goes with a heart attack, an anaphylaxis or an embolism, and a panic
    attack cannot be told apart from here. "peur de mourir" and "mourir de honte" are not read so.
13. New `hypertension_symptoms`: "tension 19/11 avec mal de tête" got self-care. A pressure of
    18 cmHg (180 mmHg) or more with a headache, a chest pain, blurred vision, breathlessness or
    confusion now means the emergency department; a pressure alone raises nothing.
14. Abdominal pain: "terrible", "violente" answer "is the pain very strong?", and "je vomis
    tout", "il ne garde rien" answer "are you vomiting again and again?".
15. New `snake_bite`, `stimulant_chest_pain` and `swallowed_object`: "mon fils a été mordu par un
    serpent" and "j'ai pris de la cocaïne et j'ai mal à la poitrine" got a consultation within
    24 h, "il a 2 ans et il a avalé une pièce" a consultation. In France a snake bite is most
    often a viper's (15); chest pain after a stimulant is a heart attack until proven otherwise
    (15); a coin, a marble or a pin swallowed needs an X-ray (emergency department).
75 of these 119 tests failed on protocol 2026.12.21 (the version test included).
"""

import pytest

try:
    from tests.unit.test_protocol_helpers import ids, play
except ImportError:  # pragma: no cover - rootdir-less import mode
    from test_protocol_helpers import ids, play


# failing tests of this file on protocol 2026.12.21, before the fixes
FAILED_BEFORE = 75


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


UNRESPONSIVE = [
    "il respire bizarrement et ne répond pas",
    "mon fils ne répond pas, il est tout mou",
    "ma fille de 3 ans ne répond pas",
    "mon père, 80 ans, ne répond pas",
    "elle ne répond pas quand je l'appelle",
    "il ne répond pas",
]


@pytest.mark.parametrize("text", UNRESPONSIVE)
def test_a_person_who_does_not_respond_calls_the_15(p, text):
    assert "loss_of_consciousness" in ids(p, text)


@pytest.mark.parametrize(
    "text",
    [
        "le médecin ne répond pas",
        "le cabinet ne répond pas depuis ce matin",
        "le samu ne répond pas",
        "le médecin de garde ne répond pas",
        "personne ne répond",
        "il ne répond pas au téléphone",
        "ma fille ne répond pas à mes messages",
        "la fièvre ne répond pas au doliprane",
    ],
)
def test_a_service_or_a_phone_that_does_not_answer_is_no_loss_of_consciousness(p, text):
    assert "loss_of_consciousness" not in ids(p, text)


def test_a_racing_heart_about_to_faint_calls_the_15(p):
    result, _, asked = play("mon cœur s'emballe je vais tomber", p=p)
    assert result.level == "emergency_ambulance"
    assert "describe" not in asked


@pytest.mark.parametrize("text", ["mon coeur s'emballe depuis ce matin", "mon coeur bat la chamade"])
def test_a_racing_heart_is_palpitations(p, text):
    _, _, asked = play(text, p=p)
    assert "pa_syncope" in asked and "describe" not in asked


def test_a_dog_bite_on_the_face_sees_a_doctor_within_24_hours(p):
    result, _, _ = play("je me suis fait mordre par un chien au visage", p=p)
    assert result.level in ("consultation_24", "emergency", "emergency_ambulance")


@pytest.mark.parametrize(
    "text", ["j'ai été mordu par une tique", "j'ai une morsure de tique", "mordu par un moustique"]
)
def test_a_tick_or_insect_bite_is_no_wound(p, text):
    _, _, asked = play(text, p=p)
    assert "ib_anaphylaxis" in asked
    assert not any(q.startswith("wo_") for q in asked)


def test_ones_own_tongue_bitten_is_no_bite_wound(p):
    _, _, asked = play("je me suis mordu la langue", p=p)
    assert "wo_bleeding_stop" not in asked


def test_blood_in_large_quantity_is_heavy_bleeding(p):
    result, _, asked = play("j'ai du sang dans les selles en grande quantité", p=p)
    assert "gb_large" not in asked
    assert result.level in ("emergency", "emergency_ambulance")


ALLERGY_AFTER = [
    "j'ai une éruption et du mal à respirer après un antibiotique",
    "des plaques partout après l'amoxicilline et je respire mal",
    "des boutons depuis le vaccin et j'ai du mal à avaler",
]


@pytest.mark.parametrize("text", ALLERGY_AFTER)
def test_a_skin_reaction_after_a_medicine_with_breathing_trouble_is_anaphylaxis(p, text):
    assert "anaphylaxis_breathing" in ids(p, text)


def test_a_skin_reaction_after_a_meal_without_breathing_trouble_is_no_anaphylaxis(p):
    assert "anaphylaxis_breathing" not in ids(p, "des boutons après le repas, pas de gêne pour respirer")


@pytest.mark.parametrize(
    "text", ["j'ai plus de voix et du mal à avaler ma salive", "je bave et je n'arrive plus à avaler"]
)
def test_drooling_or_saliva_that_cannot_be_swallowed_calls_the_15(p, text):
    assert "cannot_swallow_drool" in ids(p, text)


@pytest.mark.parametrize(
    "text",
    ["sensation de mort imminente", "j'ai l'impression que je vais mourir", "je crois que je vais mourir"],
)
def test_impending_doom_calls_the_15(p, text):
    assert "impending_doom" in ids(p, text)
    result, _, asked = play(text, p=p)
    assert result.level == "emergency_ambulance" and result.needs_clinician and asked == []


@pytest.mark.parametrize(
    "text",
    [
        "je vais mourir de honte",
        "j'ai peur de mourir",
        "je meurs d'envie de dormir",
        "j'ai l'impression de mourir de fatigue",
        "je crois que je vais mourir de soif",
    ],
)
def test_figures_of_speech_and_fear_are_no_impending_doom(p, text):
    assert "impending_doom" not in ids(p, text)


HYPERTENSION = [
    "tension 19/11 avec mal de tête",
    "ma tension est à 20 et j'ai mal à la tête",
    "TA 185/110 et je vois flou",
    "ma tension arterielle est à 21 et je suis essoufflé",
]


@pytest.mark.parametrize("text", HYPERTENSION)
def test_a_very_high_pressure_with_a_symptom_goes_to_the_emergency_department(p, text):
    assert "hypertension_symptoms" in ids(p, text)
    result, _, _ = play(text, p=p)
    assert result.level in ("emergency", "emergency_ambulance")


@pytest.mark.parametrize(
    "text",
    [
        "j'ai de la tension depuis 20 ans et mal à la tête",
        "ma tension est à 13 et j'ai mal à la tête",
        "ta fille a 20 ans et mal à la tête",
        "ma tension est à 20",
    ],
)
def test_a_duration_a_normal_pressure_or_a_pressure_alone_is_no_hypertensive_emergency(p, text):
    assert "hypertension_symptoms" not in ids(p, text)


@pytest.mark.parametrize(
    "text,question",
    [
        ("j'ai un mal de ventre terrible", "ab_severe"),
        ("douleur violente au ventre depuis ce matin", "ab_severe"),
        ("j'ai mal au ventre et je vomis tout ce que je bois", "ab_vomit_stop"),
        ("il a mal au ventre et il ne garde rien", "ab_vomit_stop"),
    ],
)
def test_abdominal_pain_words_answer_their_question(p, text, question):
    _, _, asked = play(text, p=p)
    assert question not in asked
    st = p.new_state()
    p.observe(st, text)
    assert st.answers.get(question) == "yes"


def test_keeping_to_bed_is_no_vomiting(p):
    st = p.new_state()
    p.observe(st, "j'ai mal au ventre, je garde le lit")
    assert "ab_vomit_stop" not in st.answers


NEW_FLAGS = {
    "mon fils a été mordu par un serpent": ("snake_bite", "emergency_ambulance"),
    "une vipère m'a mordu à la cheville": ("snake_bite", "emergency_ambulance"),
    "j'ai pris de la cocaïne et j'ai mal à la poitrine": ("stimulant_chest_pain", "emergency_ambulance"),
    "j'ai pris de la coke hier et mon coeur bat vite": ("stimulant_chest_pain", "emergency_ambulance"),
    "il a 2 ans et il a avalé une pièce": ("swallowed_object", "emergency"),
    "elle a avalé une bille": ("swallowed_object", "emergency"),
    "il a avalé une épingle": ("swallowed_object", "emergency"),
}


@pytest.mark.parametrize("text,flag_level", NEW_FLAGS.items())
def test_snake_bite_stimulant_chest_pain_and_swallowed_objects(p, text, flag_level):
    flag, level = flag_level
    assert flag in ids(p, text)
    result, _, asked = play(text, p=p)
    assert result.level == level and asked == []


@pytest.mark.parametrize(
    "text",
    [
        "j'ai vu un serpent dans le jardin",
        "mal à la poitrine après un speed dating",
        "il a avalé un morceau de pomme",
        "il a avalé sa salive de travers",
    ],
)
def test_a_snake_seen_a_dating_evening_or_food_raise_none_of_them(p, text):
    assert not ids(p, text) & {"snake_bite", "stimulant_chest_pain", "swallowed_object"}
