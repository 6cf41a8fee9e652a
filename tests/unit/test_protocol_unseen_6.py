"""Wordings probed on protocol 2026.12.29 (about 550 messages) that got a consultation or
self-care when they need the 15; fixed in 2026.12.30.

1. A patient's question about what happens is no hypothesis: "est-ce grave si je crache du
   sang ?", "c normal si j'arrive plus à respirer", "que faire si mon fils a avalé de la
   javel ?", "faut-il aller aux urgences si je vomis du sang". A "si" after grave, normal,
   inquiéter, dangereux, faire, urgences, 15… is read as present, like "je ne sais pas si".
   "si j'avais du mal à respirer, que faire ?" stays a hypothesis.
2. An inserted intensifier or frequency word no longer hides a red flag: each message is
   also read without "vraiment", "complètement", "souvent", "toujours"…, without "presque"
   before a negation and without "du tout" after one ("je n'arrive pas du tout à respirer",
   "j'arrive presque plus à respirer", "je pense souvent à mourir"). A flag found in
   either reading counts. "presque évanoui" is not changed by it.
3. New `hanging` (15, with the 3114): "il s'est pendu", "retrouvé pendu", "une corde pour
   me pendre". Not "j'ai pendu le linge", "le tableau est pendu au mur".
4. Extended: CPR under way and "arrêt du cœur" (`loss_of_consciousness`), "il répond pas"
   and "il réagit pas" without "ne" (not "… au téléphone"), a coma (`altered_consciousness`;
   not "dans le coma il y a 5 ans"), slow or faint breathing, "impossible de respirer"
   (`cannot_breathe`).
5. Extended: "il vient d'avaler / de boire de la javel", "elle vient de prendre 20 doliprane"
   (ten or more), a washing capsule or e-liquid eaten, "tt mes médicaments d'un coup"
   (`overdose_poisoning`, `overdose_whole_supply`); blood that flows "sans s'arrêter" or "par
   saccades" (`heavy_bleeding`); a back pain "comme un coup de couteau" (`tearing_pain`); an
   "explosion dans la tête" (`thunderclap_headache`); "le bébé sort", "la tête sort"
   (`imminent_birth`; not "sort de la baignoire", "sort de l'hôpital"); passive suicidal
   ideation ("je veux plus être là", "tout le monde serait mieux sans moi", "ça sert à rien de
   continuer", "disparaître pour de bon").
"""

import pytest

try:
    from tests.unit.test_protocol_helpers import ids, play
except ImportError:  # pragma: no cover - rootdir-less import mode
    from test_protocol_helpers import ids, play


RAISED = [
    # 1. questions
    ("hemoptysis", "c grave si je crache du sang"),
    ("hemoptysis", "est-ce grave si je crache du sang ?"),
    ("purpura_fever", "c grave si jai des taches violettes et de la fievre ?"),
    ("chest_pain_cardiac", "dois-je m'inquiéter si j'ai une douleur dans la poitrine qui serre ?"),
    ("cannot_breathe", "c normal si jarrive plus a respirer"),
    ("cannot_breathe", "est-ce grave si il ne respire plus ?"),
    ("stroke_signs", "est ce que je dois appeler le 15 si ma mere a la bouche de travers ?"),
    ("overdose_poisoning", "que faire si mon fils a avalé de la javel ?"),
    ("vomiting_blood", "faut il aller aux urgences si je vomis du sang"),
    # 2. intensifiers
    ("cannot_breathe", "je n'arrive pas du tout à respirer"),
    ("cannot_breathe", "je ne peux plus du tout respirer"),
    ("cannot_breathe", "j'arrive vraiment plus à respirer"),
    ("cannot_breathe", "j'arrive presque plus à respirer"),
    ("suicidal", "je pense souvent à mourir"),
    ("loss_of_consciousness", "il ne répond presque plus"),
    # 3. hanging
    ("hanging", "il s'est pendu"),
    ("hanging", "on a retrouvé mon frère pendu, il respire encore"),
    ("hanging", "j'ai acheté une corde pour me pendre"),
    ("hanging", "elle a tenté de se pendre cette nuit"),
    # 4. extended
    ("loss_of_consciousness", "on lui fait un massage cardiaque"),
    ("loss_of_consciousness", "il fait un arrêt du coeur, je fais le massage"),
    ("loss_of_consciousness", "il répond pas"),
    ("loss_of_consciousness", "mon mari est par terre et répond pas"),
    ("loss_of_consciousness", "il réagit pas"),
    ("altered_consciousness", "il est dans le coma"),
    ("altered_consciousness", "ma femme est diabétique et elle est tombée dans le coma"),
    ("cannot_breathe", "il respire très lentement"),
    ("cannot_breathe", "elle respire à peine"),
    ("cannot_breathe", "ya mon pote ki fait une od il respire a peine"),
    ("cannot_breathe", "impossible de respirer"),
    ("cannot_breathe", "pas moyen de respirer"),
    # 5. extended
    ("overdose_poisoning", "il vient d'avaler de la javel"),
    ("overdose_poisoning", "il vient de boire de la javel"),
    ("overdose_poisoning", "elle vient de prendre 20 doliprane"),
    ("overdose_poisoning", "il a mangé une capsule de lessive"),
    ("overdose_poisoning", "mon fils a avalé du liquide de cigarette électronique"),
    ("overdose_whole_supply", "j'ai pris tt mes médicaments d'un coup"),
    ("overdose_whole_supply", "j'ai pris tout mes médocs d'un coup"),
    ("heavy_bleeding", "le sang coule sans s'arrêter"),
    ("heavy_bleeding", "coupure à la cuisse, le sang sort par saccades"),
    ("tearing_pain", "douleur dans le dos comme un coup de couteau"),
    ("thunderclap_headache", "j'ai eu une explosion dans la tête"),
    ("thunderclap_headache", "ma tete va exploser d'un coup jamais eu ça"),
    ("imminent_birth", "le bébé sort"),
    ("imminent_birth", "je vais accoucher, la tête sort"),
    ("suicidal", "je veux plus être là"),
    ("suicidal", "je suis un fardeau, tout le monde serait mieux sans moi"),
    ("suicidal", "ça sert à rien de continuer"),
    ("suicidal", "je vais disparaître pour de bon"),
]


@pytest.mark.parametrize("flag,text", RAISED)
def test_the_wording_raises_its_red_flag(p, flag, text):
    assert flag in ids(p, text)


@pytest.mark.parametrize("flag,text", RAISED)
def test_the_wording_gets_its_flags_level_at_once(p, flag, text):
    r, _, asked = play(text, p=p)
    level = {rf.id: rf.level for rf in p.red_flags}[flag]
    assert level in ("emergency_ambulance", "emergency")
    assert (r.level, asked) == (level, [])


NOT_RAISED = [
    ("cannot_breathe", "si j'avais du mal à respirer, que faire ?"),
    ("loss_of_consciousness", "au cas où il perdrait connaissance"),
    ("cannot_breathe", "je respire vraiment bien depuis le traitement"),
    ("cannot_breathe", "elle respire normalement"),
    ("loss_of_consciousness", "il répond pas au téléphone"),
    ("loss_of_consciousness", "le cabinet répond pas"),
    ("loss_of_consciousness", "j'ai appris le massage cardiaque en formation"),
    ("altered_consciousness", "il a été dans le coma il y a 5 ans"),
    ("hanging", "j'ai pendu le linge"),
    ("hanging", "le tableau est pendu au mur"),
    ("chest_pain_cardiac", "je n'ai pas du tout mal à la poitrine"),
    ("chest_pain_cardiac", "je n'ai vraiment aucune douleur dans la poitrine"),
    ("overdose_poisoning", "je viens de prendre 2 doliprane pour ma fièvre"),
    ("overdose_poisoning", "je viens de prendre mes médicaments"),
    ("overdose_poisoning", "il a mangé une pizza"),
    ("imminent_birth", "le bébé sort de la baignoire"),
    ("imminent_birth", "mon bébé sort de l'hôpital demain"),
    ("imminent_birth", "la tête sort de l'eau"),
    ("suicidal", "mon équipe travaille mieux sans moi"),
    ("thunderclap_headache", "j'ai un mal de tête à exploser"),
]


@pytest.mark.parametrize("flag,text", NOT_RAISED)
def test_the_look_alike_does_not_raise_it(p, flag, text):
    assert flag not in ids(p, text)


def test_hanging_gives_the_3114(p):
    r, _, asked = play("il s'est pendu", p=p)
    assert asked == []
    assert "3114" in {n["number"] for n in r.numbers}


def test_an_intensifier_in_answer_to_a_question_still_raises_the_flag(p):
    r, st, _ = play(
        "j'ai mal à la gorge", answers={"age": "35 ans. mais j'arrive vraiment plus à respirer"}, p=p
    )
    assert "cannot_breathe" in st.red_flag_ids
    assert r.level == "emergency_ambulance"


def test_a_question_with_si_mid_conversation_raises_the_flag(p):
    r, st, _ = play("j'ai de la fièvre", answers={"age": "35 ans, c'est grave si je crache du sang ?"}, p=p)
    assert "hemoptysis" in st.red_flag_ids
