"""The medicine words are one list (``medicines`` in red_flags.yml, 57 words) used by every
overdose wording, instead of a copy per pattern with words missing from some copies. For each
wording below, every medicine that its copy lacked now raises the red flag; the look-alikes
(the contraceptive pill, a box fetched at the pharmacy, a doctor's fee, a treatment asked about)
raise nothing. Of the 228 positives, 223 failed with protocol 2026.12.17 (played against the
committed red_flags.yml before the list); the 5 that passed are real wordings kept as a check.
No look-alike raised anything in either version."""

import pytest


def ids(p, text):
    return {h.id for h in p.detect_red_flags(text)}


# list word -> (as counted: "20 ___", with an article: "avalé ___")
FORMS = {
    "medoc*": ("medocs", "des medocs"),
    "neuroleptique*": ("neuroleptiques", "des neuroleptiques"),
    "tranquillisant*": ("tranquillisants", "des tranquillisants"),
    "benzodiazepine*": ("benzodiazépines", "des benzodiazépines"),
    "anticoagulant*": ("anticoagulants", "des anticoagulants"),
    "dafalgan*": ("dafalgan", "du dafalgan"),
    "efferalgan*": ("efferalgan", "de l'efferalgan"),
    "paracetamol": ("paracétamol", "du paracétamol"),
    "calmant*": ("calmants", "des calmants"),
    "antidepresseur*": ("antidépresseurs", "des antidépresseurs"),
    "xanax": ("xanax", "du xanax"),
    "lexomil": ("lexomil", "du lexomil"),
    "lysanxia": ("lysanxia", "du lysanxia"),
    "seresta": ("seresta", "du seresta"),
    "temesta": ("temesta", "du témesta"),
    "valium": ("valium", "du valium"),
    "tranxene": ("tranxène", "du tranxène"),
    "atarax": ("atarax", "de l'atarax"),
    "stilnox": ("stilnox", "du stilnox"),
    "imovane": ("imovane", "de l'imovane"),
    "zolpidem": ("zolpidem", "du zolpidem"),
    "zopiclone": ("zopiclone", "de la zopiclone"),
    "tramadol": ("tramadol", "du tramadol"),
    "codeine": ("codéine", "de la codéine"),
    "morphine": ("morphine", "de la morphine"),
    "skenan": ("skenan", "du skenan"),
    "oxycodone": ("oxycodone", "de l'oxycodone"),
    "lamaline": ("lamaline", "de la lamaline"),
    "izalgi": ("izalgi", "de l'izalgi"),
    "ixprim": ("ixprim", "de l'ixprim"),
    "topalgic": ("topalgic", "du topalgic"),
    "ibuprofene": ("ibuprofène", "de l'ibuprofène"),
    "advil": ("advil", "de l'advil"),
    "nurofen": ("nurofen", "du nurofen"),
    "aspirine": ("aspirine", "de l'aspirine"),
    "kardegic": ("kardégic", "du kardégic"),
    "previscan": ("préviscan", "du préviscan"),
    "xarelto": ("xarelto", "du xarelto"),
    "eliquis": ("eliquis", "de l'eliquis"),
    "digoxine": ("digoxine", "de la digoxine"),
    "lithium": ("lithium", "du lithium"),
    "seroplex": ("seroplex", "du seroplex"),
    "deroxat": ("deroxat", "du deroxat"),
    "prozac": ("prozac", "du prozac"),
    "effexor": ("effexor", "de l'effexor"),
    "laroxyl": ("laroxyl", "du laroxyl"),
    "tercian": ("tercian", "du tercian"),
    "depakine": ("dépakine", "de la dépakine"),
    "sirop": ("sirop", "du sirop"),
}


def _de(word):
    return ("d'" if word[0] in "aeéiou" else "de ") + word


# the words each copy lacked (everything missing from it that the other copies had)
# "il a pris 20 doliprane": the 28-word copy of the count pattern
_COUNT_LACKED = [
    "medoc*", "neuroleptique*", "tranquillisant*", "benzodiazepine*", "tranxene", "atarax",
    "zolpidem", "zopiclone", "skenan", "oxycodone", "lamaline", "izalgi", "ixprim", "topalgic",
    "kardegic", "anticoagulant*", "previscan", "xarelto", "eliquis", "digoxine", "lithium",
    "seroplex", "deroxat", "prozac", "effexor", "laroxyl", "tercian", "depakine",
]  # fmt: skip
# "pris une boîte de", "vidé la plaquette de": the 33-word copies
_BOX_LACKED = [
    "tranquillisant*", "benzodiazepine*", "tranxene", "atarax", "zolpidem", "zopiclone", "skenan",
    "oxycodone", "lamaline", "izalgi", "ixprim", "topalgic", "kardegic", "previscan", "xarelto",
    "eliquis", "seroplex", "deroxat", "prozac", "effexor", "laroxyl", "tercian", "depakine",
]  # fmt: skip
# "il a avalé ses cachets, toute la boîte": the 10-word copy
_AFTER_LACKED = [w for w in FORMS if w not in ("medoc*", "antidepresseur*")]
# "je veux tout avaler" and "on ne sait pas combien" lacked every named medicine but a few
_INTENT_LACKED = [w for w in FORMS if w not in ("medoc*", "xanax")]
_UNKNOWN_LACKED = [w for w in FORMS if w != "medoc*"]

POSITIVES = (
    [("overdose_poisoning", f"il a avalé 20 {FORMS[w][0]}") for w in _COUNT_LACKED]
    + [("overdose_poisoning", "il a pris 12 cuillères de sirop")]
    + [("overdose_poisoning", f"j'ai pris une boîte {_de(FORMS[w][0])} hier soir") for w in _BOX_LACKED]
    + [("overdose_poisoning", f"elle a vidé la plaquette {_de(FORMS[w][0])}") for w in _BOX_LACKED]
    + [("overdose_poisoning", f"il a avalé {FORMS[w][1]}, toute la boîte") for w in _AFTER_LACKED]
    + [("overdose_intent", f"je veux tout avaler, {FORMS[w][1]} aussi") for w in _INTENT_LACKED]
    + [("unknown_ingestion", f"il a avalé {FORMS[w][1]}, on sait pas combien") for w in _UNKNOWN_LACKED]
    + [
        # real wordings, some of them already read before
        ("overdose_poisoning", "il a avalé toute la boîte de dafalgan"),
        ("overdose_poisoning", "elle a pris 20 cachets de lexomil"),
        ("overdose_poisoning", "j'ai vidé la plaquette de tramadol"),
        ("overdose_poisoning", "il a pris 15 medocs d'un coup"),
        ("overdose_poisoning", "mon fils a vidé le flacon de sirop"),
        ("overdose_poisoning", "elle a pris une vingtaine de zopiclone"),
        ("overdose_poisoning", "il a pris une boîte entière d'effexor"),
        ("overdose_poisoning", "mon père a avalé son xarelto, toute la plaquette"),
        ("unknown_ingestion", "elle a ingéré de l'effexor, on ignore combien"),
        ("alcohol_with_sedatives", "il a avalé ses cachets avec du calva, beaucoup trop"),
        ("alcohol_with_sedatives", "elle a pris des comprimés avec de l'alcool fort, toute la boîte"),
    ]
)


@pytest.mark.parametrize("flag,text", POSITIVES)
def test_every_medicine_raises_the_flag(p, flag, text):
    assert flag in ids(p, text), text


LOOK_ALIKES = [
    "j'ai pris ma pilule ce matin",
    "j'ai oublié ma pilule",
    "j'ai oublié ma pilule hier, je la prends maintenant ?",
    "j'ai pris une boîte de doliprane à la pharmacie",
    "j'ai pris une boîte de seroplex à la pharmacie",
    "le cachet du médecin",
    "le cachet de la poste faisant foi",
    "quel est le cachet du médecin pour une visite à domicile",
    "il a pris le flacon de sirop dans le placard",
    "j'ai vidé le flacon de sirop dans l'évier",
    "j'ai vidé la boîte de xarelto périmée à la pharmacie",
    "j'ai pris du doliprane mais je ne sais pas combien de temps continuer",
    "j'ai pris mon sirop mais je sais pas combien de fois par jour",
    "j'ai la grippe et je prends du doliprane, je n'ai plus la force",
    "j'ai une nouvelle pilule et depuis j'ai des idées noires",
    "j'ai acheté du sirop pour la toux, je n'ai plus la force",
    "je prends mon lexomil tous les soirs",
    "j'ai pris mon xarelto ce matin",
    "j'ai pris deux cachets de doliprane",
    "mon fils a pris du doliprane pour sa fièvre",
    "il me reste une boîte de tramadol, je peux en prendre combien ?",
    "j'ai pris 10 jours de traitement",
    "je bois un verre de vin le soir avec mes médicaments",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_look_alikes_raise_nothing(p, text):
    assert not ids(p, text), text


def test_one_list_is_used_by_every_overdose_wording(p):
    words = p.matcher.lists["medicines"]
    assert len(words) == len(set(words)) == 57
    assert "traitement" not in words  # a treatment, written next to @medicines where accepted
    text = (p.directory / "red_flags.yml").read_text(encoding="utf-8")
    assert text.count("@medicines") >= 15
    # no copy of the list left behind
    assert "ibuprofene|advil" not in text and "medicament\\w*" not in text
