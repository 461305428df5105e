# Two commands set up a fresh machine: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
TESS_LANGS := srp srp_latn mkd sqi hrv osd
APT_PACKAGES := tesseract-ocr $(addprefix tesseract-ocr-,$(subst _,-,$(TESS_LANGS))) fonts-dejavu-core
INPUT ?= data/raw
OUT ?= data/processed

.PHONY: run test bench lint samples system-deps venv clean

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

## samples: regenerate the sample verdicts in data/raw (deterministic)
samples: system-deps $(BIN)/.installed
	$(BIN)/python -m pipeline.samples --out data/raw

# Tesseract with the languages of the verdicts; apt-get only when something is missing.
system-deps:
	@missing=""; \
	command -v tesseract >/dev/null || missing="yes"; \
	if [ -z "$$missing" ]; then \
	  have=$$(tesseract --list-langs 2>/dev/null | tail -n +2); \
	  for l in $(TESS_LANGS); do grep -qx "$$l" <<<"$$have" || missing="yes"; done; \
	fi; \
	[ -f /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf ] || missing="yes"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages: $(APT_PACKAGES)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(APT_PACKAGES); \
	fi

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $@

venv: $(BIN)/.installed

clean:
	rm -rf $(OUT)/* .pytest_cache .ruff_cache
