# Two commands for a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: run serve test test-postgres deploy-check clean messages

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

# Production-like: DEBUG off, hashed static files, gunicorn on 127.0.0.1:8000 (gunicorn.conf.py).
# A secret key is made once under var/ unless SECRET_KEY is set; plain HTTP on loopback, so no HTTPS
# redirect or secure-only cookies here (a real deployment sits behind an HTTPS proxy: see README).
serve: export DEBUG = false
serve: export ALLOWED_HOSTS ?= 127.0.0.1,localhost
serve: export SECURE_SSL_REDIRECT ?= false
serve: export SECURE_COOKIES ?= false
serve: export SECRET_KEY ?= $(shell cat var/secret-key)
serve: $(VENV)/.installed var/secret-key
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v 0
	$(PY) manage.py import_interviews samples --publish
	$(PY) manage.py ensure_admin
	exec $(VENV)/bin/gunicorn --config gunicorn.conf.py

# Made once, readable by its owner only, never committed (var/ is ignored).
var/secret-key:
	@mkdir -p var
	umask 077 && $(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

# The whole suite: formatting, lint, Django checks, missing migrations, tests.
test: export DEBUG ?= true
test: $(VENV)/.installed
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest

# The test suite again against PostgreSQL with the Redis cache (CI runs both passes). The test database
# is named after this checkout, so two checkouts can test against one server at the same time.
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/nanguan
REDIS_TEST_URL ?= redis://127.0.0.1:6379/0
TEST_DB_NAME := test_nanguan_$(shell printf %s "$(CURDIR)" | md5sum | cut -c1-8)
test-postgres: export DEBUG ?= true
test-postgres: $(VENV)/.installed
	DATABASE_URL=$(POSTGRES_URL) DATABASE_TEST_NAME=$(TEST_DB_NAME) REDIS_URL=$(REDIS_TEST_URL) $(VENV)/bin/pytest

# Django's deployment checks under production-like settings (also a test: tests/production/test_security.py).
deploy-check: $(VENV)/.installed
	DEBUG=false SECRET_KEY=$$($(PY) -c "import secrets; print(secrets.token_urlsafe(50))") \
	ALLOWED_HOSTS=www.example.gov.cn HSTS_SECONDS=31536000 HSTS_INCLUDE_SUBDOMAINS=true HSTS_PRELOAD=true \
	SECURE_PROXY_SSL_HEADER=true $(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) var/db.sqlite3

# Compile the Chinese translations we add for dependencies (locale/); needs GNU gettext's msgfmt.
messages:
	msgfmt --check -o locale/zh_Hans/LC_MESSAGES/django.mo locale/zh_Hans/LC_MESSAGES/django.po
