"""Wordings left over from the 2026.12.29 probe that still got a consultation or self-care
when they need the 15 or the emergency department; fixed in 2026.12.31.

1. A stroke told in everyday words: strength lost in one limb ("j'ai plus de force dans le
   bras droit"; not "dans les bras" after an effort), a limb gone weak with its onset
   (`sudden_weakness`: "mon bras est tout faible d'un coup"), half the body not felt
   (`half_body_numbness`: "je sens plus la moitié de mon corps"; not after the dentist),
   "il bafouille", "mon père ne parle plus depuis 10 minutes" (not "… depuis notre dispute").
2. A bystander's belief: "je crois pas qu'il respire" is read as "il ne respire pas".
3. Chest pain: a burn in the chest with breathlessness, a pain "qui serrait", "comme si on
   m'assoit dessus".
4. New flags: `slow_pulse` (a measured pulse of 40 or less), `glucose_meter_high` (a meter
   that reads "HI", 6 g/L or more), `strangulated_hernia`, `plant_ingestion` (a child who ate
   berries or a plant, anyone who ate oleander, foxglove…), `fetal_movements_felt` ("je sens
   plus le bébé bouger", which is only said in pregnancy), `throat_object_breathing`.
5. Extended: a cough syrup bottle drunk (`overdose_poisoning`), a person found on the floor
   who cannot get up, without "tombé" (`fall_cannot_get_up`).
6. Over-escalations removed: a device that "ne répond plus", "j'étouffe de chaleur".
7. The reading without intensifiers is cancelled by what the message says as written: "je ne
   sens pas encore le bébé bouger" keeps its "pas encore" though "encore" is dropped.
"""

import pytest

try:
    from tests.unit.test_protocol_helpers import assert_flag_at_once, ids, play
except ImportError:  # pragma: no cover - rootdir-less import mode
    from test_protocol_helpers import assert_flag_at_once, ids, play


RAISED = [
    # 1. stroke
    ("stroke_signs", "j'ai plus de force dans le bras droit depuis une heure"),
    ("stroke_signs", "il a plus de force dans la main gauche"),
    ("stroke_signs", "elle a plus trop de force du côté droit"),
    ("sudden_weakness", "mon bras est tout faible d'un coup"),
    ("sudden_weakness", "mon bras gauche est faible depuis ce matin"),
    ("sudden_weakness", "sa jambe droite est sans force depuis son réveil"),
    ("half_body_numbness", "je sens plus la moitié de mon corps"),
    ("half_body_numbness", "je sens plus du tout la moitié gauche de mon corps"),
    ("half_body_numbness", "elle sent plus rien du côté droit"),
    ("half_body_numbness", "il a le côté gauche du corps qui bouge plus"),
    ("speech_change", "mon père ne parle plus depuis 10 minutes"),
    ("speech_change", "ma femme ne parle plus depuis ce midi"),
    ("speech_change", "il bafouille depuis ce midi"),
    ("speech_change", "ma mère bredouille, on comprend rien"),
    # 2. belief
    ("cannot_breathe", "je crois pas qu'il respire"),
    ("cannot_breathe", "je pense plus qu'elle respire, elle est toute pâle"),
    # 3. chest pain
    ("chest_pain_with_breathlessness", "ça brûle dans la poitrine et j'ai du mal à respirer"),
    ("chest_pain_cardiac", "j'avais une douleur qui serrait dans la poitrine"),
    ("chest_pain_cardiac", "j'ai mal à la poitrine comme si quelqu'un était assis dessus"),
    # 4. new flags
    ("slow_pulse", "mon coeur bat à 35 par minute"),
    ("slow_pulse", "mon pouls est à 38 et je suis fatigué"),
    ("slow_pulse", "fc 32 bpm"),
    ("glucose_meter_high", "mon lecteur de glycémie affiche HI"),
    ("glucose_meter_high", "glycemie 650 mg/dl"),
    ("glucose_meter_high", "ma glycémie est à 6,2 g/l"),
    ("glucose_meter_high", "sucre à 35 mmol/l"),
    ("strangulated_hernia", "ma hernie est dure et ne rentre plus, j'ai mal"),
    ("strangulated_hernia", "ma hernie inguinale ne rentre plus et me fait mal"),
    ("strangulated_hernia", "il a une hernie étranglée"),
    ("plant_ingestion", "mon fils a mangé des baies dans le jardin"),
    ("plant_ingestion", "ma fille a mangé une feuille de laurier rose"),
    ("plant_ingestion", "mon petit a mâché une plante verte"),
    ("plant_ingestion", "j'ai bu une tisane de digitale"),
    ("fetal_movements_felt", "je sens plus le bébé bouger depuis hier"),
    ("fetal_movements_felt", "je sens moins les mouvements du bébé"),
    ("fetal_movements_felt", "je sens presque plus le bébé bouger"),
    ("throat_object_breathing", "j'ai une arête coincée dans la gorge et je respire mal"),
    ("throat_object_breathing", "il a un bonbon coincé dans la gorge, il a du mal à respirer"),
    # 5. extended
    ("overdose_poisoning", "il a bu la bouteille de sirop pour la toux"),
    ("overdose_poisoning", "il a bu tout le flacon de sirop contre la toux"),
    ("fall_cannot_get_up", "mamie est par terre elle peut pas se relever"),
]


@pytest.mark.parametrize("flag,text", RAISED)
def test_the_wording_raises_its_red_flag(p, flag, text):
    assert flag in ids(p, text)


@pytest.mark.parametrize("flag,text", RAISED)
def test_the_wording_gets_at_least_its_flags_level_at_once(p, flag, text):
    assert_flag_at_once(p, flag, text)


NOT_RAISED = [
    ("stroke_signs", "après la muscu j'ai plus de force dans les bras"),
    ("stroke_signs", "je suis épuisé, j'ai plus de force"),
    ("stroke_signs", "j'ai plus de force dans la voix"),
    ("sudden_weakness", "mon bras est faible depuis le vaccin d'hier"),
    ("half_body_numbness", "depuis le dentiste je sens plus le côté gauche de ma lèvre"),
    ("half_body_numbness", "je sens pas de différence entre le côté gauche et le droit"),
    ("speech_change", "elle ne parle plus depuis la mort de son mari"),
    ("speech_change", "je ne parle plus depuis ce matin à mon frère"),
    ("speech_change", "mon fils ne parle plus depuis des mois"),
    ("speech_change", "je bafouille quand je parle en public"),
    ("cannot_breathe", "je pense pas qu'il respire mal"),
    ("cannot_breathe", "j'étouffe de chaleur dans cet appartement"),
    ("loss_of_consciousness", "mon telephone ne répond plus"),
    ("loss_of_consciousness", "l'appli ne répond plus"),
    ("slow_pulse", "mon coeur bat à 70"),
    ("slow_pulse", "j'ai mal au coeur depuis 20 h"),
    ("slow_pulse", "rdv chez le cardio à 15 h"),
    ("slow_pulse", "coeur à 120"),
    ("slow_pulse", "mon coeur est à 40 % de sa capacité"),
    ("glucose_meter_high", "mon lecteur de glycémie indique 1,2"),
    ("glucose_meter_high", "ma glycémie est à 6,5 mmol"),
    ("strangulated_hernia", "ma hernie discale est bloquée"),
    ("strangulated_hernia", "j'ai une hernie ombilicale qui sort mais rentre bien, pas mal"),
    ("plant_ingestion", "mon fils a mangé des myrtilles"),
    ("plant_ingestion", "ma fille a mangé des baies de goji"),
    ("plant_ingestion", "mon fils a mangé des feuilles de salade"),
    ("fetal_movements_felt", "je sens le bébé bouger beaucoup"),
    ("fetal_movements_felt", "je sens pas encore le bébé bouger, c'est normal à 16 semaines ?"),
    ("throat_object_breathing", "j'ai une boulette coincée dans la gorge mais je respire bien"),
    ("overdose_poisoning", "il a bu la bouteille de sirop de grenadine"),
    ("fall_cannot_get_up", "je n'arrive plus à poser le pied par terre, c'est pire"),
]


@pytest.mark.parametrize("flag,text", NOT_RAISED)
def test_the_look_alike_does_not_raise_it(p, flag, text):
    assert flag not in ids(p, text)


def test_a_stroke_told_in_answer_to_a_question_stops_the_questions(p):
    r, st, asked = play(
        "j'ai mal à la tête", answers={"age": "72 ans, et j'ai plus de force dans le bras gauche"}, p=p
    )
    assert "stroke_signs" in st.red_flag_ids
    assert r.level == "emergency_ambulance"
    assert asked[-1] == "age"


def test_a_slow_pulse_in_another_sentence_than_its_negation_still_counts(p):
    r, st, _ = play("Je n'ai pas de douleur. Mon pouls est à 36 depuis ce matin.", p=p)
    assert "slow_pulse" in st.red_flag_ids
    assert r.level == "emergency"


def test_the_plant_flag_gives_the_poison_line(p):
    r, _, _ = play("ma fille a mangé une feuille de laurier rose", p=p)
    assert "antipoison" in r.advice or any("antipoison" in n["label"] for n in r.numbers)


@pytest.mark.parametrize(
    "text", ["mon coeur est à 40 % de sa capacité", "mon pouls est à 38", "le coeur bat à 39 par minute"]
)
def test_a_pulse_or_a_share_is_no_temperature(p, text):
    assert "fever" not in p.complaints_in(text)


@pytest.mark.parametrize("text", ["il a 39", "ma fille fait 38.5 depuis hier", "mon bébé a 38 de fièvre"])
def test_a_temperature_told_as_a_number_is_still_a_fever(p, text):
    assert "fever" in p.complaints_in(text)
