# Two commands set up a fresh machine: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
TESS_LANGS := srp srp_latn mkd sqi hrv osd
APT_TESSERACT := tesseract-ocr $(addprefix tesseract-ocr-,$(subst _,-,$(TESS_LANGS)))
INPUT ?= data/raw
OUT ?= data/processed

.PHONY: run test bench lint lock samples system-deps venv clean train

## run: install what is missing, then process data/raw into data/processed with the shipped models
run: system-deps $(BIN)/.installed
	$(BIN)/spoton run $(INPUT) --out $(OUT)

## test: install what is missing, then run the whole test suite
test: system-deps $(BIN)/.installed
	$(BIN)/ruff check pipeline tests bench
	$(BIN)/pytest -q

## bench: speed and memory figures, each beside a baseline measured in the same run
bench: system-deps $(BIN)/.installed
	$(BIN)/python -m bench

lint: $(BIN)/.installed
	$(BIN)/ruff check pipeline tests bench

## train: retrain the shipped default models from the repository's configs, each registered as a new version
## beside the shipped one (figures in its meta.json; `spoton models list`, then `spoton models promote`)
train: $(BIN)/.installed
	$(BIN)/spoton train ner --config pipeline/train/configs/ner-sr.yaml
	$(BIN)/spoton train fields --config pipeline/train/configs/field-compensation-outcome.yaml
	$(BIN)/spoton models list

## samples: regenerate the sample verdicts in data/raw (deterministic)
samples: system-deps $(BIN)/.installed
	$(BIN)/python -m pipeline.samples --out data/raw

# System packages, each group installed with apt-get only when something of it is missing:
# Tesseract with the verdicts' languages and the fonts of the samples; Debian's chromium + chromium-driver
# (browser tests; no browser download); PostgreSQL (the review app's team database; its tests start a
# throwaway cluster).
system-deps:
	@missing=""; \
	command -v tesseract >/dev/null || missing="$$missing $(APT_TESSERACT)"; \
	if command -v tesseract >/dev/null; then \
	  have=$$(tesseract --list-langs 2>/dev/null | tail -n +2); \
	  for l in $(TESS_LANGS); do grep -qx "$$l" <<<"$$have" || missing="$$missing tesseract-ocr-$${l//_/-}"; done; \
	fi; \
	[ -f /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf ] || missing="$$missing fonts-dejavu-core"; \
	{ [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; } || missing="$$missing chromium chromium-driver"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# The virtual environment holds exactly the versions of requirements.lock (hashes checked), then the
# package itself without dependencies; `pip check` proves the set is complete.
$(BIN)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	touch $@

## lock: refresh requirements.lock from pyproject.toml (commit both together)
lock: $(BIN)/.installed
	$(BIN)/pip-compile --quiet --extra dev --generate-hashes --allow-unsafe --strip-extras \
	  --no-emit-index-url --no-emit-find-links $(LOCK_FLAGS) --output-file requirements.lock pyproject.toml
	@echo "requirements.lock refreshed: run 'make test', then commit pyproject.toml and requirements.lock together"

venv: $(BIN)/.installed

clean:
	rm -rf $(OUT)/* .pytest_cache .ruff_cache
