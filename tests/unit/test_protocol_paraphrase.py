"""The same case, worded formally, in SMS style, by a man, by a woman, and for a child (or
a relative) by a parent, gets the same level.

Each variant is played through the public loop (observe -> next_question -> answer ->
evaluate).  The scripted patient answers in the variant's own register: an answer is
looked up by question id, else by a keyword of the question text, else the register's
"no".  When the engine asks to clarify (reprompt), the patient clarifies with the
register's explicit "oui"/"non" for the same question -- as a real patient pressing a
button would.
"""

from __future__ import annotations

import re

import pytest

# register -> (yes, no, dont_know)
REG = {
    "formal": ("Oui.", "Non.", "Je ne sais pas."),
    "sms": ("ouai", "nn", "jsp"),
    "man": ("oui", "non", "je ne sais pas"),
    "woman": ("oui", "non", "je ne sais pas"),
    "parent": ("oui", "non", "je sais pas"),
}


def _answer_for(q, answers: dict, register: str) -> str:
    if q.id in answers:
        return answers[q.id]
    text = q.text.lower()
    for key, value in answers.items():
        if key.startswith("~") and re.search(key[1:], text):
            return value
    return REG[register][1]


def _explicit(reply: str, register: str) -> str:
    """The explicit oui/non a patient gives when asked to clarify."""
    from actions.protocol import text as T

    r = T.analyse_yes_no(reply)
    yes, no, dk = REG[register]
    return {"yes": yes, "no": no}.get(r.value or "", dk)


def play_variant(p, register: str, opening: str, answers: dict):
    st = p.new_state()
    p.observe(st, opening)
    asked = []
    for _ in range(30):
        q = p.next_question(st)
        if q is None:
            break
        reply = _answer_for(q, answers, register)
        asked.append((q.id, reply))
        out = p.answer(st, q.id, reply)
        if not out.accepted:
            if q.kind == "yes_no":
                reply = _explicit(reply, register)
            out = p.answer(st, q.id, reply)
            asked.append((q.id + "!", reply))
    return p.evaluate(st), asked


# case id -> (expected level, {register: (opening message, {question id or ~regex: answer})})
CASES = {
    "acs_chest_pain": (
        "emergency_ambulance",
        {
            "formal": (
                "Bonjour, je ressens depuis trente minutes une douleur oppressante au centre de la poitrine, qui irradie dans le bras gauche.",
                {
                    "age": "58 ans",
                    "duration": "Depuis trente minutes.",
                    "pain": "7",
                    "~transpir|sueur": "Oui, je transpire abondamment.",
                },
            ),
            "sms": (
                "jai une douleur ki serre ds la poitrine dpuis 30 min ca va dans le bras gauche",
                {
                    "age": "58",
                    "duration": "30 min",
                    "pain": "7",
                    "~transpir|sueur": "ouai je transpire grave",
                },
            ),
            "man": (
                "Je suis un homme de 58 ans, j'ai une douleur qui serre dans la poitrine depuis une demi-heure et ça descend dans le bras gauche",
                {
                    "age": "58 ans",
                    "duration": "une demi-heure",
                    "pain": "7",
                    "~transpir|sueur": "oui je transpire",
                },
            ),
            "woman": (
                "Je suis une femme de 58 ans, j'ai une douleur qui serre dans la poitrine depuis une demi-heure et ça descend dans le bras gauche",
                {
                    "age": "58 ans",
                    "duration": "une demi-heure",
                    "pain": "7",
                    "pregnancy": "non",
                    "~transpir|sueur": "oui je transpire",
                },
            ),
            "parent": (
                "Mon père a une douleur qui serre dans la poitrine depuis une demi-heure, ça descend dans son bras gauche",
                {
                    "age": "58 ans",
                    "duration": "une demi-heure",
                    "pain": "7",
                    "~transpir|sueur": "oui il transpire",
                },
            ),
        },
    ),
    "stroke": (
        "emergency_ambulance",
        {
            "formal": (
                "Depuis vingt minutes, je n'arrive plus à bouger le bras droit et j'ai des difficultés à parler.",
                {"age": "70 ans", "duration": "Vingt minutes."},
            ),
            "sms": (
                "jarrive plu a bouger le bras droit et jparle bizarre depuis 20 min",
                {"age": "70", "duration": "20 min"},
            ),
            "man": (
                "Je suis un homme de 70 ans, je n'arrive plus à bouger mon bras droit et j'ai du mal à parler depuis 20 minutes",
                {"age": "70 ans", "duration": "20 minutes"},
            ),
            "woman": (
                "Je suis une femme de 70 ans, je n'arrive plus à bouger mon bras droit et j'ai du mal à parler depuis 20 minutes",
                {"age": "70 ans", "duration": "20 minutes"},
            ),
            "parent": (
                "Ma mère n'arrive plus à bouger son bras droit et elle a du mal à parler depuis 20 minutes",
                {"age": "70 ans", "duration": "20 minutes"},
            ),
        },
    ),
    "infant_fever": (
        "emergency",
        {
            "formal": (
                "Bonjour, mon nourrisson de deux mois a une température de 38,5 °C depuis ce matin.",
                {
                    "age": "2 mois",
                    "duration": "Depuis ce matin.",
                    "fever_any": "Oui, 38,5.",
                    "drinking_ok": "Oui, il boit normalement.",
                },
            ),
            "sms": (
                "mon bb de 2 mois a 38.5 de fievre dpuis ce matin",
                {
                    "age": "2 mois",
                    "duration": "ce matin",
                    "fever_any": "ouai 38.5",
                    "drinking_ok": "ouai il boit",
                },
            ),
            "man": (
                "Je suis le papa d'un bébé de 2 mois, il a 38,5 de fièvre depuis ce matin",
                {
                    "age": "2 mois",
                    "duration": "ce matin",
                    "fever_any": "oui",
                    "drinking_ok": "oui il boit bien",
                },
            ),
            "woman": (
                "Je suis la maman d'une petite fille de 2 mois, elle a 38,5 de fièvre depuis ce matin",
                {
                    "age": "2 mois",
                    "duration": "ce matin",
                    "fever_any": "oui",
                    "drinking_ok": "oui elle boit bien",
                },
            ),
            "parent": (
                "Ma fille de 2 mois a de la fièvre, 38,5, depuis ce matin",
                {"age": "2 mois", "duration": "ce matin", "fever_any": "oui", "drinking_ok": "oui elle boit"},
            ),
        },
    ),
    "appendicitis_like": (
        "emergency",
        {
            "formal": (
                "J'ai mal au ventre en bas à droite depuis hier soir, la douleur augmente quand je marche et j'ai 38,2 °C.",
                {
                    "age": "22 ans",
                    "duration": "Depuis hier soir.",
                    "pain": "7",
                    "fever_any": "Oui, 38,2.",
                    "pregnancy": "Non.",
                },
            ),
            "sms": (
                "jai mal o ventre en bas a droite dpuis hier soir ca fait + mal qd je marche et jai 38.2",
                {
                    "age": "22",
                    "duration": "hier soir",
                    "pain": "7",
                    "fever_any": "ouai 38.2",
                    "pregnancy": "nn",
                },
            ),
            "man": (
                "Je suis un homme de 22 ans, j'ai mal au ventre en bas à droite depuis hier soir, ça fait plus mal quand je marche et j'ai 38,2 de fièvre",
                {"age": "22 ans", "duration": "hier soir", "pain": "7", "fever_any": "oui"},
            ),
            "woman": (
                "Je suis une femme de 22 ans, j'ai mal au ventre en bas à droite depuis hier soir, ça fait plus mal quand je marche et j'ai 38,2 de fièvre",
                {
                    "age": "22 ans",
                    "duration": "hier soir",
                    "pain": "7",
                    "fever_any": "oui",
                    "pregnancy": "non",
                },
            ),
            "parent": (
                "Mon fils de 12 ans a mal au ventre en bas à droite depuis hier soir, ça lui fait plus mal quand il marche et il a 38,2 de fièvre",
                {"age": "12 ans", "duration": "hier soir", "pain": "7", "fever_any": "oui"},
            ),
        },
    ),
    "sore_throat": (
        "self_care",
        {
            "formal": (
                "J'ai mal à la gorge depuis hier, sans fièvre.",
                {
                    "age": "30 ans",
                    "duration": "Depuis hier.",
                    "pain": "3",
                    "drinking_ok": "Oui, je bois normalement.",
                },
            ),
            "sms": (
                "jai mal a la gorge dpuis hier pa de fievre",
                {"age": "30", "duration": "hier", "pain": "3", "drinking_ok": "ouai"},
            ),
            "man": (
                "Je suis un homme de 30 ans, j'ai mal à la gorge depuis hier, pas de fièvre",
                {"age": "30 ans", "duration": "hier", "pain": "3", "drinking_ok": "oui"},
            ),
            "woman": (
                "Je suis une femme de 30 ans, j'ai mal à la gorge depuis hier, pas de fièvre",
                {"age": "30 ans", "duration": "hier", "pain": "3", "drinking_ok": "oui", "pregnancy": "non"},
            ),
            "parent": (
                "Ma fille de 9 ans a mal à la gorge depuis hier, elle n'a pas de fièvre",
                {"age": "9 ans", "duration": "hier", "pain": "3", "drinking_ok": "oui elle boit bien"},
            ),
        },
    ),
    "ankle_sprain": (
        "self_care",
        {
            "formal": (
                "Je me suis tordu la cheville en descendant un trottoir il y a deux heures ; je peux marcher.",
                {
                    "age": "25 ans",
                    "duration": "Il y a deux heures.",
                    "pain": "3",
                    "li_weight": "Oui, je marche.",
                    "~appuy": "Oui, je marche.",
                },
            ),
            "sms": (
                "je me sui tordu la cheville en descendant un trottoir ya 2h jpeux marcher",
                {"age": "25", "duration": "2h", "pain": "3", "li_weight": "ouai", "~appuy": "ouai"},
            ),
            "man": (
                "Je suis un homme de 25 ans, je me suis tordu la cheville en descendant un trottoir il y a 2 heures, j'arrive à marcher",
                {"age": "25 ans", "duration": "2 heures", "pain": "3", "li_weight": "oui", "~appuy": "oui"},
            ),
            "woman": (
                "Je suis une femme de 25 ans, je me suis tordu la cheville en descendant un trottoir il y a 2 heures, j'arrive à marcher",
                {"age": "25 ans", "duration": "2 heures", "pain": "3", "li_weight": "oui", "~appuy": "oui"},
            ),
            "parent": (
                "Mon fils de 14 ans s'est tordu la cheville en descendant un trottoir il y a 2 heures, il arrive à marcher",
                {"age": "14 ans", "duration": "2 heures", "pain": "3", "li_weight": "oui", "~appuy": "oui"},
            ),
        },
    ),
    "low_mood": (
        "consultation",
        {
            "formal": (
                "Je me sens triste et sans énergie depuis trois semaines, je n'ai envie de rien.",
                {"age": "35 ans", "duration": "Trois semaines."},
            ),
            "sms": (
                "jsui triste et jai plus denergie dpuis 3 semaines jai envie de rien",
                {"age": "35", "duration": "3 semaines"},
            ),
            "man": (
                "Je suis un homme de 35 ans, je me sens triste et sans énergie depuis 3 semaines, je n'ai envie de rien",
                {"age": "35 ans", "duration": "3 semaines"},
            ),
            "woman": (
                "Je suis une femme de 35 ans, je me sens triste et sans énergie depuis 3 semaines, je n'ai envie de rien",
                {"age": "35 ans", "duration": "3 semaines"},
            ),
            "parent": (
                "Mon fils de 16 ans est triste et sans énergie depuis 3 semaines, il n'a envie de rien",
                {"age": "16 ans", "duration": "3 semaines"},
            ),
        },
    ),
    "common_cold": (
        "self_care",
        {
            "formal": (
                "J'ai le nez qui coule et je suis enrhumé depuis deux jours, sans fièvre.",
                {"age": "40 ans", "duration": "Deux jours."},
            ),
            "sms": (
                "jai le nez ki coule chui enrhumé dpuis 2j pa de fievre",
                {"age": "40", "duration": "2j"},
            ),
            "man": (
                "Je suis un homme de 40 ans, j'ai le nez qui coule, je suis enrhumé depuis 2 jours, pas de fièvre",
                {"age": "40 ans", "duration": "2 jours"},
            ),
            "woman": (
                "Je suis une femme de 40 ans, j'ai le nez qui coule, je suis enrhumée depuis 2 jours, pas de fièvre",
                {"age": "40 ans", "duration": "2 jours", "pregnancy": "non"},
            ),
            "parent": (
                "Mon fils de 6 ans a le nez qui coule, il est enrhumé depuis 2 jours, pas de fièvre",
                {"age": "6 ans", "duration": "2 jours"},
            ),
        },
    ),
}


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_same_case_same_level_in_every_register(p, case_id):
    expected, variants = CASES[case_id]
    assert set(variants) == set(REG)
    got = {}
    for register, (opening, answers) in variants.items():
        r, asked = play_variant(p, register, opening, answers)
        got[register] = (r.level, r.complaints, asked)
    levels = {reg: v[0] for reg, v in got.items()}
    assert set(levels.values()) == {expected}, f"{case_id}: {got}"


def test_cases_cover_levels():
    assert len(CASES) >= 8
    assert {lv for lv, _ in CASES.values()} >= {
        "emergency_ambulance",
        "emergency",
        "consultation",
        "self_care",
    }
