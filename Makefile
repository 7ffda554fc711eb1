# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
TEST_ENV := DJANGO_DEBUG=0 DJANGO_SECRET_KEY=test-only-not-secret DJANGO_SECURE_SSL_REDIRECT=0

LIGHTHOUSE_VERSION := 12.8.2

.PHONY: run test lint audit clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-run: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@ $(VENV)/.installed-run

run: export DJANGO_DEBUG ?= 1
run: $(VENV)/.installed-run
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_content --if-empty
	$(BIN)/python manage.py create_local_admin
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.installed-dev
	$(TEST_ENV) $(BIN)/python -m pytest $(PYTEST_ARGS)

# Lighthouse from the npm registry into .audit/ (never a global install), run with Debian's Chromium.
.audit/node_modules/.bin/lighthouse:
	npm install --prefix .audit --no-audit --no-fund --loglevel=error lighthouse@$(LIGHTHOUSE_VERSION)

audit: $(VENV)/.installed-dev .audit/node_modules/.bin/lighthouse
	$(BIN)/python tests/lighthouse_audit.py

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache test-output .audit staticfiles
