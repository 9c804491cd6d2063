# Zhongshu — the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_WORKERS ?= 2
export DJANGO_SETTINGS_MODULE := zhongshu.settings

.PHONY: run test install install-dev lint format messages bench check clean

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/activate
	$(VENV)/bin/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(VENV)/bin/activate
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## run: install, migrate, load demo data on first run, serve web + background jobs
run: install
	HOST=$(HOST) PORT=$(PORT) PY=$(PY) scripts/run.sh

## test: install and run the whole suite (unit, API, access matrix, browser)
test: install-dev
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	PYTHONPATH=src $(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	$(PY) scripts/check_translations.py
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS) -q

lint:
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .
	PYTHONPATH=src $(VENV)/bin/lint-imports && $(VENV)/bin/mypy

format:
	$(VENV)/bin/ruff check --fix . && $(VENV)/bin/ruff format .

## messages: refresh and compile every zh-hans catalogue
messages: install-dev
	$(PY) scripts/make_messages.py

## bench: build the large dataset once (cached) and measure key pages and jobs
bench: install-dev
	$(PY) bench/run.py

check: install
	$(PY) manage.py check --deploy

clean:
	rm -rf var bench/.cache
