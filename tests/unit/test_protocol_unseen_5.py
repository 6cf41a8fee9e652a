"""Wordings probed on protocol 2026.12.22 that got a consultation or self-care when they
need the emergency department or the 15; fixed in 2026.12.23.

1. New `wild_mushrooms` (15 or a poison centre): picked mushrooms eaten, or mushrooms eaten
   and then sickness. The deadly ones give symptoms hours later. Shop mushrooms alone, or
   picking them without eating, raise nothing.
2. New `sexual_assault` (emergency department, with the 17 and the 3919): post-exposure
   treatment and emergency contraception within hours. "violet", "violon", "violer la loi"
   raise nothing. No complaint is attached: the low-mood advice would speak of suicide.
3. New `violence` (emergency department, with the 17, the 3919 and the 119): "mon mari me
   frappe". Not "ça me frappe que…" (it strikes me), "il a frappé le mur", "s'est cogné".
4. New `hiv_exposure` (emergency department): a needle found or from a patient, an
   unprotected or failed-condom intercourse with an HIV-positive partner. One's own insulin
   needle, or an HIV-positive partner alone, raise nothing.
5. New `priapism` (emergency department): a painful or lasting erection; erectile trouble
   does not raise it.
6. New `infant_dry_nappies` (emergency department): "mon bébé ne mouille plus ses couches".
7. New `embolism_risk` (emergency department): chest pain or breathlessness after an
   operation, a long flight, a cast, bed rest or a delivery. A flight and a headache do not.
8. Extended: a metal shard in the eye (`eye_penetrating`), "le bout du doigt, il pend"
   (`amputation`: the comma ended the gap), "on voit ses côtes" (`child_breathing_distress`),
   a fish bone or a bone stuck in the throat (`swallowed_object`; "arête" reads "arrête"
   after the SMS map).
9. Complaints: a blow to the eye is an eye problem (within 24 h; with blurred vision or blood
   in the eye, the emergency department); "reçu une balançoire sur la tête" is a head injury
   (not "pris froid sur la tête"); "je n'ai pas fait pipi depuis hier" is urinary (the
   retention question is asked); "mal au ventre très fort" answers "very strong pain?".
10. A third probe: new `anaphylaxis_cough` (15: a rash and a cough after peanuts, nuts,
    shellfish or sesame; not after milk, egg or fish, most often a cold) and `back_pain_shock`
    (15: a violent back pain with pallor or sweating, the aorta); "vomit en dormant" is an
    altered consciousness (not "il a vomi puis il s'est endormi"); a horse kick is a
    high-energy trauma (not a fall from a horse); "le mal de tête le plus violent de ma vie"
    answers "the worst ever?", "vomissements en jet" answers "repeated vomiting?"; a bump on
    the head, a bike fall without a helmet, and blood from an ear after a fall are head
    injuries (the ear answers the skull-fracture question); a blow to the belly is abdominal
    pain.
"""

import pytest

try:
    from tests.unit.test_protocol_helpers import ids, observed, play
except ImportError:  # pragma: no cover - rootdir-less import mode
    from test_protocol_helpers import ids, observed, play


def numbers(result) -> set[str]:
    return {n["number"] for n in result.numbers}


RAISED = [
    ("wild_mushrooms", "mon enfant a mangé des champignons cueillis dans la forêt"),
    ("wild_mushrooms", "on a mangé des champignons et on vomit tous"),
    ("wild_mushrooms", "on a cuisiné des champignons ramassés dans le jardin"),
    ("sexual_assault", "j'ai été violée cette nuit"),
    ("sexual_assault", "il m'a violée"),
    ("sexual_assault", "j'ai subi une agression sexuelle hier soir"),
    ("sexual_assault", "j'ai été violé hier soir"),
    ("violence", "mon mari me bat"),
    ("violence", "mon mari me frappe"),
    ("violence", "mon mari m'a frappée hier soir"),
    ("violence", "mon copain m'a étranglée"),
    ("violence", "je suis victime de violences conjugales"),
    ("hiv_exposure", "je me suis piqué avec une seringue trouvée dans la rue"),
    ("hiv_exposure", "je suis infirmière et je me suis piquée avec l'aiguille d'un patient"),
    ("hiv_exposure", "j'ai eu un rapport non protégé avec un homme séropositif"),
    ("hiv_exposure", "mon copain est séropositif et on a eu un rapport sans préservatif"),
    ("hiv_exposure", "j'ai eu un accident d'exposition au sang au travail"),
    ("priapism", "j'ai une érection douloureuse qui dure depuis 5 heures"),
    ("priapism", "priapisme depuis ce matin"),
    ("infant_dry_nappies", "mon bébé ne mouille plus ses couches depuis hier"),
    ("infant_dry_nappies", "les couches sont sèches depuis 8 heures"),
    ("embolism_risk", "j'ai mal à la poitrine depuis mon opération du genou"),
    ("embolism_risk", "j'ai mal à la poitrine quand je respire depuis mon vol de 12 heures"),
    ("embolism_risk", "je suis essoufflée depuis mon accouchement il y a 2 semaines"),
    ("embolism_risk", "j'ai un plâtre à la jambe et j'ai du mal à respirer"),
    ("eye_penetrating", "j'ai un éclat de métal dans l'oeil"),
    ("eye_penetrating", "un copeau de fer dans l'oeil en meulant"),
    ("amputation", "je me suis coupé le bout du doigt, il pend"),
    ("child_breathing_distress", "mon enfant respire très vite et on voit ses côtes"),
    ("swallowed_object", "j'ai avalé une arête de poisson et elle est coincée"),
    ("swallowed_object", "j'ai une arête de poisson dans la gorge"),
    ("swallowed_object", "j'ai un os de poulet coincé dans la gorge"),
]


@pytest.mark.parametrize("flag,text", RAISED)
def test_the_wording_raises_its_red_flag(p, flag, text):
    assert flag in ids(p, text)


NOT_RAISED = [
    ("wild_mushrooms", "j'ai mangé des champignons de Paris achetés au supermarché"),
    ("wild_mushrooms", "j'aime cueillir des champignons"),
    ("wild_mushrooms", "on a mangé des champignons hier, tout va bien"),
    ("sexual_assault", "le violet de mes doigts m'inquiète"),
    ("sexual_assault", "mon fils joue du violon"),
    ("sexual_assault", "il a violé la loi"),
    ("violence", "ça me frappe qu'il tousse autant"),
    ("violence", "mon mari a frappé le mur"),
    ("violence", "mon fils s'est cogné contre la table"),
    ("violence", "je me cogne partout en ce moment"),
    ("violence", "il m'a battu aux échecs"),
    ("violence", "j'ai le coeur qui me bat très fort"),
    ("sexual_assault", "je joue de la viole"),
    ("hiv_exposure", "je me suis piqué avec mon aiguille à insuline"),
    ("hiv_exposure", "je fais mes piqûres d'insuline"),
    ("hiv_exposure", "mon partenaire est séropositif, on veut un enfant"),
    ("priapism", "j'ai des problèmes d'érection depuis 2 ans"),
    ("priapism", "je n'ai plus d'érection"),
    ("infant_dry_nappies", "mon bébé a des couches bien mouillées"),
    ("embolism_risk", "j'ai pris l'avion hier et j'ai mal à la tête"),
    ("swallowed_object", "ça s'arête pas de saigner"),
    ("swallowed_object", "je n'arrête pas de tousser, je suis coincé à la maison"),
]


@pytest.mark.parametrize("flag,text", NOT_RAISED)
def test_the_look_alike_does_not_raise_it(p, flag, text):
    assert flag not in ids(p, text)


def test_wild_mushrooms_call_the_15_even_without_a_symptom(p):
    r, _, _ = play("mon enfant a mangé des champignons cueillis dans la forêt", p=p)
    assert r.level == "emergency_ambulance"
    assert "centre antipoison" in r.advice


def test_a_sexual_assault_goes_to_the_emergency_department_with_the_17_and_the_3919(p):
    r, st, asked = play("j'ai été violée cette nuit", p=p)
    assert r.level == "emergency" and r.needs_clinician
    assert {"17", "3919"} <= numbers(r)
    assert "pas de votre faute" in " ".join(r.reasons)
    assert "3114" not in numbers(r)  # nothing here speaks of suicide
    assert asked == []


def test_violence_gives_the_17_the_3919_and_the_119(p):
    r, _, _ = play("mon mari me frappe", p=p)
    assert r.level == "emergency" and r.needs_clinician
    assert {"17", "3919", "119"} <= numbers(r)
    assert "3114" not in numbers(r)


def test_hiv_exposure_says_within_48_hours(p):
    r, _, _ = play("je me suis piqué avec une seringue trouvée dans le parc", p=p)
    assert r.level == "emergency"
    assert "48 heures" in " ".join(r.reasons)


def test_a_blow_to_the_eye_is_seen_within_24_hours(p):
    r, st, asked = play("il a reçu un coup de poing dans l'oeil", p=p)
    assert "eye_problem" in st.complaints
    assert r.level == "consultation_24"
    assert "ey_trauma_vision" in asked


def test_a_blow_to_the_eye_with_blurred_vision_goes_to_the_emergency_department(p):
    r, _, _ = play("j'ai reçu un coup de poing dans l'oeil et je vois flou", p=p)
    assert r.level == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "pouvez-vous jeter un coup d'oeil à mon bouton sur l'oeil",
        "j'ai pris des gouttes pour les yeux et j'ai toujours l'oeil rouge",
        "j'ai reçu du collyre pour les yeux mais ça pique",
    ],
)
def test_eye_drops_or_a_glance_are_no_blow_to_the_eye(p, text):
    assert "ey_trauma" not in observed(p, text).answers


@pytest.mark.parametrize(
    "text",
    [
        "je me suis pris une branche dans l'oeil",
        "il a pris un ballon dans l'oeil",
        "un coup de coude dans l'oeil",
    ],
)
def test_a_branch_a_ball_or_an_elbow_in_the_eye_is_a_blow(p, text):
    assert observed(p, text).answers.get("ey_trauma") == "yes"


def test_a_red_eye_without_a_blow_is_not_asked_about_vision_after_a_blow(p):
    _, _, asked = play("j'ai l'oeil rouge qui pique", p=p)
    assert "ey_trauma" in asked and "ey_trauma_vision" not in asked


@pytest.mark.parametrize(
    "text",
    ["mon fils a reçu une balançoire sur la tête et il vomit", "je me suis pris une porte sur le front"],
)
def test_something_that_fell_on_the_head_is_a_head_injury(p, text):
    _, st, _ = play(text, p=p)
    assert "head_injury" in st.complaints


def test_catching_a_cold_is_no_head_injury(p):
    _, st, _ = play("il a pris froid sur la tête", p=p)
    assert "head_injury" not in st.complaints


def test_not_having_passed_urine_asks_the_retention_question(p):
    r, st, asked = play(
        "je n'ai pas fait pipi depuis hier et j'ai très mal au ventre", {"ur_retention": "oui"}, p=p
    )
    assert "urinary" in st.complaints and "ur_retention" in asked
    assert r.level in ("emergency", "emergency_ambulance")


def test_a_very_strong_sms_belly_pain_answers_the_severity_question(p):
    _, st, asked = play("g mal o ventre tré fort depuis ce matin", p=p)
    assert st.answers.get("ab_severe") == "yes" and "ab_severe" not in asked


# 10 ----------------------------------------------------------------- third probe
@pytest.mark.parametrize(
    "flag,text",
    [
        ("anaphylaxis_cough", "mon fils a mangé des cacahuètes et il a des plaques et il tousse"),
        ("anaphylaxis_cough", "après des crevettes elle a de l'urticaire et elle tousse"),
        ("back_pain_shock", "ma femme a une douleur horrible dans le dos et elle est toute pâle"),
        ("back_pain_shock", "douleur brutale dans le dos, il est en sueurs"),
        ("altered_consciousness", "il a bu beaucoup d'alcool et il vomit en dormant"),
        ("high_energy_trauma", "il a pris un coup de pied de cheval dans le ventre"),
    ],
)
def test_the_third_probe_raises_its_red_flag(p, flag, text):
    assert flag in ids(p, text)


@pytest.mark.parametrize(
    "flag,text",
    [
        ("anaphylaxis_cough", "mon bébé boit du lait, il a des boutons et il tousse"),
        ("anaphylaxis_cough", "il a mangé du poisson, il a des plaques et il tousse depuis une semaine"),
        ("back_pain_shock", "j'ai mal au dos et des sueurs la nuit"),
        ("altered_consciousness", "il a vomi puis il s'est endormi"),
        ("high_energy_trauma", "je suis tombé de cheval hier, j'ai mal au poignet"),
    ],
)
def test_the_third_probes_look_alikes_do_not_raise_it(p, flag, text):
    assert flag not in ids(p, text)


def test_the_worst_headache_of_ones_life_answers_the_question(p):
    _, st, asked = play("mal de tête le plus violent de ma vie", p=p)
    assert st.answers.get("ha_worst") == "yes" and "ha_worst" not in asked


def test_projectile_vomiting_with_a_headache_goes_to_the_emergency_department(p):
    r, st, _ = play("mal à la tête au réveil avec des vomissements en jet", p=p)
    assert st.answers.get("ha_vomit_confusion") == "yes"
    assert r.level in ("emergency", "emergency_ambulance")


@pytest.mark.parametrize(
    "text",
    [
        "mon fils a une bosse énorme sur la tête après une chute du toboggan",
        "je suis tombé de vélo sans casque",
        "ma fille est tombée de vélo sans casque et elle saigne de l'oreille",
    ],
)
def test_a_bump_a_helmetless_fall_or_an_ear_bleed_is_a_head_injury(p, text):
    _, st, _ = play(text, p=p)
    assert "head_injury" in st.complaints


def test_blood_from_an_ear_after_a_fall_goes_to_the_emergency_department(p):
    r, st, _ = play("ma fille est tombée de vélo sans casque et elle saigne de l'oreille", p=p)
    assert st.answers.get("hi_skull") == "yes"
    assert r.level == "emergency"


def test_a_fall_with_a_helmet_or_a_lump_in_the_neck_is_no_head_injury(p):
    for text in ("il est tombé de vélo avec son casque", "j'ai une bosse dans le cou et mal à la tête"):
        _, st, _ = play(text, p=p)
        assert "head_injury" not in st.complaints, text


def test_a_blow_to_the_belly_is_abdominal_pain(p):
    _, st, _ = play("il a pris un coup de pied de cheval dans le ventre", p=p)
    assert "abdominal_pain" in st.complaints
