# Two commands for a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: run test test-postgres clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

# Development server with the sample interview; safe to run again (imports are idempotent).
run: export DEBUG ?= true
run: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py import_interviews samples --publish
	$(PY) manage.py ensure_admin
	$(PY) manage.py runserver $(HOST)

# The whole suite: formatting, lint, Django checks, missing migrations, tests.
test: export DEBUG ?= true
test: $(VENV)/.installed
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest

# The test suite again against PostgreSQL (CI runs both passes).
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/nanguan
test-postgres: export DEBUG ?= true
test-postgres: $(VENV)/.installed
	DATABASE_URL=$(POSTGRES_URL) $(VENV)/bin/pytest

clean:
	rm -rf $(VENV) var/db.sqlite3
