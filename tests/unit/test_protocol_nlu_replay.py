"""Replay every NLU training example of an intent other than `signaler_urgence` through the red
flags. A red flag sends any message to the emergency advice, whatever its intent, so a red flag
on one of these examples is a possible false alarm: each one
below was reviewed as a real emergency sign (or at least one that must be seen at once). A new
hit fails here until it is judged medically and either fixed in the protocol or added below."""

import re
from pathlib import Path

import yaml

NLU_DIR = Path(__file__).resolve().parents[2] / "data" / "nlu"
_ENTITY = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")

# (example, red flags it is allowed to raise), reviewed with protocol 2026.12.10
REVIEWED = dict(
    [
        ("il ne boit plus rien depuis ce matin", {"infant_weak_cry_no_feed"}),
        ("ma mère est de plus en plus confuse", {"altered_consciousness"}),
        ("J'ai comme un poids sur la poitrine depuis ce matin", {"chest_pain_cardiac"}),
        ("baisse de la vue brutale à l'œil gauche", {"sudden_vision_loss"}),
        ("douleur thoracique depuis 30 minutes qui va dans le bras gauche", {"chest_pain_cardiac"}),
        ("elle a mal aux dents, sa joue est gonflée", {"face_swelling"}),
        ("il a le ventre dur et il pleure", {"rigid_abdomen"}),
        ("j'ai craché un peu de sang en me mouchant", {"hemoptysis"}),
        ("j'ai eu une faiblesse dans la jambe gauche qui est passée", {"stroke_signs"}),
        ("j'ai la lèvre un peu gonflée après un bouton de fièvre", {"anaphylaxis_airway"}),
        ("j'ai mal au dos et je ne sens plus bien mes jambes", {"legs_lost"}),
        # "presque plus" is read as "plus" (2026.12.30): she has nearly stopped speaking
        ("elle ne parle presque plus, elle est très fatiguée", {"speech_change"}),
        # reviewed with protocol 2026.12.31: fewer movements felt, and a hernia gone hard and
        # painful (strangulated until proven otherwise)
        ("je ne sens plus mon bébé bouger depuis ce matin", {"fetal_movements_felt"}),
        ("il a une hernie qui est devenue dure et douloureuse", {"strangulated_hernia"}),
        # 2026.12.32: a headache with flashes in pregnancy is pre-eclampsia until the maternity
        # says otherwise
        ("je suis enceinte et j'ai mal à la tête avec des mouches devant les yeux", {"preeclampsia_signs"}),
        ("j'ai mal aux dents depuis 2 jours et la joue a gonflé", {"face_swelling"}),
        ("j'ai perdu la vue d'un côté quelques minutes", {"sudden_vision_loss"}),
        ("j'ai perdu les eaux je crois", {"waters_broken"}),
        # 2026.12.33: a reliever that does not work in an attack is a severe attack (GINA)
        ("je fais une crise d'asthme, la Ventoline ne marche pas bien", {"asthma_reliever_failing"}),
        ("j'ai reçu un produit ménager dans les yeux", {"chemical_eye"}),
        ("j'ai une douleur au testicule droit qui est arrivée d'un coup", {"testicular_sudden"}),
        ("j'ai une douleur dans la poitrine qui serre", {"chest_pain_cardiac"}),
        ("j'ai une oppression thoracique à l'effort", {"chest_pain_cardiac"}),
        ("j'ai vomi du sang ce matin", {"vomiting_blood"}),
        ("j'ai vomi un peu de sang après avoir beaucoup toussé", {"heavy_bleeding", "vomiting_blood"}),
        ("je crois que je me suis intoxiqué avec des champignons", {"overdose_poisoning"}),
        ("je me suis évanoui ce matin mais ça va maintenant", {"loss_of_consciousness"}),
        ("je suis allergique aux chats et j'ai les yeux gonflés", {"face_swelling"}),
        ("ma bourse est gonflée et rouge", {"testicular_sudden"}),
        ("ma fille a des petites taches violettes qui ne s'effacent pas", {"purpura"}),
        ("ma fille a une raideur de la nuque et de la fièvre", {"meningitis_signs"}),
        ("ma fille est enrhumée, elle a le nez bouché et ne tète plus bien", {"infant_weak_cry_no_feed"}),
        ("ma langue picote et mes yeux gonflent après le repas", {"anaphylaxis_airway", "face_swelling"}),
        ("ma mère a la bouche de travers depuis une heure", {"stroke_signs"}),
        ("ma mère a la bouche un peu de travers depuis hier", {"stroke_signs"}),
        (
            "ma mère sous anticoagulant a vomi quelque chose qui ressemble à du marc de café",
            {"vomiting_blood"},
        ),
        ("ma mère âgée est plus confuse que d'habitude depuis hier", {"altered_consciousness"}),
        ("ma voisine de 78 ans a le visage qui tombe d'un côté", {"stroke_signs"}),
        ("mes lèvres ont gonflé après avoir pris un antibiotique", {"anaphylaxis_airway"}),
        ("mes selles sont noires depuis deux jours", {"black_stools"}),
        ("mon crachat est plein de sang", {"heavy_bleeding", "hemoptysis"}),
        ("mon mari a du mal à trouver ses mots depuis ce matin", {"stroke_signs"}),
        ("mon nourrisson ne boit plus ses biberons depuis ce matin", {"infant_weak_cry_no_feed"}),
        ("mon petit de 18 mois a de la fièvre et il est tout mou", {"altered_consciousness"}),
        ("mon père a une douleur dans la poitrine qui monte dans la mâchoire", {"chest_pain_cardiac"}),
        ("mon père de 82 ans est fébrile et un peu confus", {"altered_consciousness"}),
        ("mon père parle bizarrement et sa main ne tient plus rien", {"stroke_signs"}),
        ("ça me serre dans la poitrine et je transpire", {"chest_pain_cardiac"}),
        # 2026.12.17: one arm gone numb a short while ago is a sudden one-sided numbness (stroke)
        ("j'ai le bras droit tout engourdi depuis tout à l'heure", {"sudden_numbness"}),
        # 2026.12.28: coming round means consciousness was lost, as "j'ai perdu connaissance"
        (
            "j'ai fait un petit malaise vagal hier, je suis revenu à moi tout de suite",
            {"loss_of_consciousness"},
        ),
    ]
)


def _examples():
    out = []
    for f in sorted(NLU_DIR.glob("*.yml")):
        data = yaml.safe_load(f.read_text(encoding="utf-8")) or {}
        for item in data.get("nlu") or []:
            if "intent" not in item or item["intent"] == "signaler_urgence":
                continue
            for line in (item.get("examples") or "").splitlines():
                line = line.strip()
                if line.startswith("- "):
                    out.append((item["intent"], _ENTITY.sub(r"\1", line[2:])))
    return out


def test_there_are_examples_to_replay():
    assert len(_examples()) > 1000


def test_no_unreviewed_red_flag_on_other_intents(p):
    new = []
    for intent, text in _examples():
        ids = {h.id for h in p.detect_red_flags(text)}
        if ids - REVIEWED.get(text, set()):
            new.append((intent, text, sorted(ids)))
    assert not new, new


def test_history_is_not_a_red_flag(p):
    # said in the training data as background: a past year is history
    assert not p.detect_red_flags("il a eu un AVC l'année dernière")
    assert not p.detect_red_flags("il a déjà convulsé avec de la fièvre quand il était petit")
    assert "stroke_signs" in {
        h.id for h in p.detect_red_flags("il a eu un AVC l'année dernière et là sa bouche est de travers")
    }
