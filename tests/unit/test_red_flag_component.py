"""bot/components/red_flags.py: which intent a message ends with, whatever DIET predicted."""

from __future__ import annotations

import json

from tests.rasa_venv import run_in_rasa

SCRIPT = r"""
import json, sys
from rasa.shared.nlu.training_data.message import Message
from bot.components.red_flags import RedFlagDetector

detector = RedFlagDetector({})
out = []
for text, diet_intent in json.loads(sys.argv[1]):
    message = Message(data={"text": text, "intent": {"name": diet_intent, "confidence": 0.9}})
    detector.process([message])
    flags = sorted(e["value"] for e in message.get("entities") or [] if e["entity"] == "red_flag")
    out.append([message.get("intent")["name"], flags])
print(json.dumps(out))
"""

# (message, what DIET predicted, the intent the dialogue must see)
CASES = [
    # A complaint inside small talk starts the triage.
    ("euh je sais pas trop, j'ai des vertiges", "ne_sait_pas", "decrire_symptome"),
    ("bonjour ma fille a de la fièvre", "saluer", "decrire_symptome"),
    ("je ne sais pas quoi faire, mon bébé a de la fièvre", "ne_sait_pas", "decrire_symptome"),
    # A doubt about a symptom, or a pet's symptom, is not a complaint of the patient's.
    ("je ne sais pas si elle a vomi cette nuit", "ne_sait_pas", "ne_sait_pas"),
    ("je n'ai pas de quoi mesurer sa fièvre", "ne_sait_pas", "ne_sait_pas"),
    ("mon chat vomit depuis hier", "hors_sujet", "hors_sujet"),
    ("bonjour", "saluer", "saluer"),
    # A red flag that calls the 15 (level emergency_ambulance: a life-threatening situation, what
    # the training data labels signaler_urgence) makes the message signaler_urgence, whatever DIET
    # read, doubts and pets included ...
    ("je ne sais pas si c'est grave mais il ne respire plus", "ne_sait_pas", "signaler_urgence"),
    (
        "mon chien va bien mais moi j'ai une douleur dans la poitrine qui serre",
        "hors_sujet",
        "signaler_urgence",
    ),
    ("je veux parler à un médecin, il a les lèvres bleues", "demander_humain", "signaler_urgence"),
    ("je voudrais un rdv, il a fait un malaise et ne se réveille pas", "prendre_rdv", "signaler_urgence"),
    ("oui et il ne respire plus", "affirmer", "signaler_urgence"),
    ("ça va mieux mais elle a du sang dans ses vomissements", "aller_mieux", "signaler_urgence"),
    ("jsp bouche tordue bras ki tombe", "nlu_fallback", "signaler_urgence"),
    ("je vois double depuis ce matin", "decrire_symptome", "signaler_urgence"),
    ("il est sous Kardégic et il a une douleur dans la poitrine qui serre", "informer", "signaler_urgence"),
    # ... while another red flag (go to the emergency department now) keeps an intent that starts
    # the triage, and turns any other into decrire_symptome: the triage reads the red flag itself.
    ("je tousse et je crache du sang", "decrire_symptome", "decrire_symptome"),
    ("il prend du Préviscan et il crache du sang", "informer", "informer"),
    ("c'est pire, il crache du sang maintenant", "aller_plus_mal", "aller_plus_mal"),
    ("j'ai mal au testicule gauche, c'est venu brutalement", "signaler_urgence", "signaler_urgence"),
    ("merci, au fait je crache du sang depuis ce matin", "remercier", "decrire_symptome"),
    ("ça va mieux mais je crache du sang", "aller_mieux", "decrire_symptome"),
    # Thanks and goodbyes that name a complaint start the triage; plain ones stay what they are.
    ("merci, au fait j'ai du mal à respirer", "remercier", "decrire_symptome"),
    ("merci docteur, j'ai toujours mal au ventre", "remercier", "decrire_symptome"),
    ("au revoir, j'ai encore un peu mal à la tête", "au_revoir", "decrire_symptome"),
    ("merci, au revoir, ça va mieux pour mon dos", "au_revoir", "au_revoir"),
    ("merci beaucoup, bonne journée", "remercier", "remercier"),
    ("j'ai mal à la gorge", "decrire_symptome", "decrire_symptome"),
    # "Better" that says nothing of getting better but names a complaint starts the triage
    # (DIET read "tombée" as in "la fièvre est tombée"); real improvements stay "better".
    ("elle est tombée sur le coccyx et n'arrive plus à s'asseoir", "aller_mieux", "decrire_symptome"),
    ("il est tombé de vélo et son poignet a gonflé", "aller_mieux", "decrire_symptome"),
    ("la fièvre est tombée", "aller_mieux", "aller_mieux"),
    ("sa température est bien redescendue depuis ce matin", "aller_mieux", "aller_mieux"),
    ("sa fièvre a diminué cette nuit", "aller_mieux", "aller_mieux"),
    ("ça va mieux mais j'ai encore un peu mal au ventre", "aller_mieux", "aller_mieux"),
    ("il n'a plus de fièvre", "aller_mieux", "aller_mieux"),
    ("la douleur au genou est partie", "aller_mieux", "aller_mieux"),
    ("j'ai moins mal à la tête qu'hier", "aller_mieux", "aller_mieux"),
    ("elle a repris des couleurs", "aller_mieux", "aller_mieux"),
]


def test_final_intent_of_each_message():
    got = run_in_rasa(SCRIPT, json.dumps([[text, intent] for text, intent, _ in CASES]))
    intents = {text: intent for (text, _, _), (intent, _) in zip(CASES, got, strict=True)}
    assert intents == {text: want for text, _, want in CASES}


# The messages above that carry a red flag, and the protocol's red flag they must carry as an
# entity, whatever the intent.
FLAGGED = {
    "je ne sais pas si c'est grave mais il ne respire plus",
    "mon chien va bien mais moi j'ai une douleur dans la poitrine qui serre",
    "je veux parler à un médecin, il a les lèvres bleues",
    "je voudrais un rdv, il a fait un malaise et ne se réveille pas",
    "oui et il ne respire plus",
    "ça va mieux mais elle a du sang dans ses vomissements",
    "jsp bouche tordue bras ki tombe",
    "je vois double depuis ce matin",
    "il est sous Kardégic et il a une douleur dans la poitrine qui serre",
    "je tousse et je crache du sang",
    "il prend du Préviscan et il crache du sang",
    "c'est pire, il crache du sang maintenant",
    "j'ai mal au testicule gauche, c'est venu brutalement",
    "merci, au fait je crache du sang depuis ce matin",
    "ça va mieux mais je crache du sang",
}


def test_red_flags_are_entities_and_only_on_red_flag_messages():
    got = run_in_rasa(SCRIPT, json.dumps([[text, intent] for text, intent, _ in CASES]))
    flagged = {text for (text, _, _), (_, flags) in zip(CASES, got, strict=True) if flags}
    assert flagged == FLAGGED
