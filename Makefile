# redd-audit: the one way to do things, locally and in .ci/run.
# `make run` audits the bundled sample's latest monitoring period; `make test` runs every test;
# `make check` is what CI runs (.ci/run): lint, import contracts, mypy --strict, the tests.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q
SAMPLE ?= data/raw/vcs-868
START ?= 2021-01-01
END ?= 2022-12-31
OUT ?= reports
# Prefect settings for local runs: embedded (ephemeral) server, no telemetry, a patient start-up.
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS ?= 90

.PHONY: help run validate test bench check lint imports typecheck sample system-deps clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.run-installed: pyproject.toml | $(VENV)/bin/python
	$(PIP) install -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(VENV)/bin/python
	$(PIP) install -e ".[test,dev]"
	touch $@ $(VENV)/.run-installed

run: $(VENV)/.run-installed ## audit the bundled sample's latest monitoring period
	$(VENV)/bin/redd-audit run --project $(SAMPLE) --start $(START) --end $(END) --out $(OUT)

validate: $(VENV)/.run-installed ## data-quality checks only, on the bundled sample
	$(VENV)/bin/redd-audit validate --project $(SAMPLE) --start $(START) --end $(END) --out $(OUT)

system-deps: ## install LibreOffice (headless Calc) and poppler-utils (PDF pages) for the tests, when missing
	@{ command -v soffice >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1; } || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends \
	    libreoffice-calc-nogui poppler-utils >/dev/null; }
	@soffice --version
	@pdftotext -v 2>&1 | head -1

test: system-deps $(VENV)/.test-installed ## run the whole test suite (unit, property, golden, engine)
	PREFECT_HOME=$$(mktemp -d) $(PY) -m pytest -q -n 2 --dist loadfile

bench: $(VENV)/.test-installed ## run the benchmark suite and write reports/bench.json
	$(PY) -m bench.run --out reports/bench.json

sample: $(VENV)/.run-installed ## regenerate the bundled sample (deterministic)
	$(PY) data/generate_sample.py --out $(SAMPLE)

lint: $(VENV)/.test-installed ## ruff lint and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

imports: $(VENV)/.test-installed ## import-linter: core <- tasks <- flows <- CLI, pure core, one openpyxl importer
	$(VENV)/bin/lint-imports

typecheck: $(VENV)/.test-installed ## mypy --strict on the core, tasks and flows (settings in pyproject.toml)
	$(VENV)/bin/mypy

check: lint imports typecheck test ## everything CI runs: lint, import contracts, mypy, the tests

clean: ## remove outputs and caches
	rm -rf $(OUT)/*/ .pytest_cache .ruff_cache .hypothesis
