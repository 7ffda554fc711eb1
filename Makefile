# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
TEST_ENV := DJANGO_DEBUG=0 DJANGO_SECRET_KEY=test-only-not-secret DJANGO_SECURE_SSL_REDIRECT=0 \
	DJANGO_SITE_URL=https://practice.test

LIGHTHOUSE_VERSION := 12.8.2

.PHONY: run serve test quick requirements lint audit screenshots bench loadtest bench-proxy clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-run: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@ $(VENV)/.installed-run

# Local settings for manage.py commands in another shell, read by practice_site/settings.py under the
# environment's own variables: debug on and a secret key of this machine's own. Written once, never
# committed (.gitignore). No PORT in it: the site's address follows the PORT of each `make run`.
.env:
	@umask 077 && { \
	  echo "# Written by make run: local development settings, read by practice_site/settings.py."; \
	  echo "# Variables set in the environment win over these. Never commit this file."; \
	  echo "DJANGO_DEBUG=1"; \
	  echo "DJANGO_SECRET_KEY=$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')"; \
	} > $@.tmp && mv $@.tmp $@
	@echo "make run: wrote .env (debug on, a secret key of this machine's own): manage.py commands work in any shell."

run: export DJANGO_DEBUG ?= 1
# With DJANGO_DEBUG=0 (to try production settings locally): plain HTTP, and uploads served by Django.
run: export DJANGO_SECURE_SSL_REDIRECT ?= 0
run: export DJANGO_SERVE_MEDIA ?= 1
# The server and the worker both make absolute links (emails, previews): to this port when DJANGO_SITE_URL is unset.
run: export PORT := $(PORT)
run: $(VENV)/.installed-run
	@case "$$DJANGO_DEBUG" in 1|true|True|yes|on) $(MAKE) -s --no-print-directory .env ;; *) \
	  test -n "$$DJANGO_SECRET_KEY" -a -n "$$DJANGO_SITE_URL" || { echo "make run: with DJANGO_DEBUG=0, also set DJANGO_SECRET_KEY and DJANGO_SITE_URL (e.g. http://127.0.0.1:$(PORT)), or leave DJANGO_DEBUG unset for local development." >&2; exit 2; } ;; esac
	$(BIN)/python manage.py migrate --noinput
	@# With debug off, only collected (hashed) static files are served.
	@case "$$DJANGO_DEBUG" in 1|true|True|yes|on) ;; *) $(BIN)/python manage.py collectstatic --noinput --verbosity 0 ;; esac
	$(BIN)/python manage.py load_demo_content --if-empty
	$(BIN)/python manage.py create_local_admin
	@# One background worker beside the development server; Ctrl+C stops both.
	$(BIN)/python manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT; \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Production: debug off, static files collected, migrations applied, then gunicorn (docs/deploying.md).
serve: export DJANGO_DEBUG = 0
serve: $(VENV)/.installed-run
	@test -n "$$DJANGO_SECRET_KEY" || { echo "make serve: set DJANGO_SECRET_KEY to a long random value (docs/deploying.md)." >&2; exit 2; }
	@test -n "$$DJANGO_ALLOWED_HOSTS" || { echo "make serve: set DJANGO_ALLOWED_HOSTS to the site's host names, e.g. practice.example,www.practice.example." >&2; exit 2; }
	@test -n "$$DJANGO_SITE_URL" || { echo "make serve: set DJANGO_SITE_URL to the site's public address, e.g. https://practice.example (emails link to it)." >&2; exit 2; }
	@$(BIN)/python deploy/gunicorn.conf.py  # refuses several workers without a shared cache, before anything runs
	$(BIN)/python manage.py check --deploy --fail-level ERROR
	@# --clear: nothing an older version collected (CKEditor's sample pages) stays served.
	$(BIN)/python manage.py collectstatic --noinput --clear --verbosity 0
	$(BIN)/python manage.py migrate --noinput
	exec $(BIN)/gunicorn --config deploy/gunicorn.conf.py practice_site.wsgi

test: $(VENV)/.installed-dev
	$(TEST_ENV) $(BIN)/python -m pytest $(PYTEST_ARGS)

# While working: no browser, nothing marked slow (pyproject.toml). `make test` and CI run those too.
quick: $(VENV)/.installed-dev
	$(TEST_ENV) $(BIN)/python -m pytest -m "not browser and not slow" $(PYTEST_ARGS)

# After editing requirements.in or requirements-dev.in: pin them and all they need with pip-tools. Pins already
# in the .txt files stay unless asked, e.g. `make requirements PIP_COMPILE_ARGS='--upgrade-package boto3'`.
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make requirements" $(BIN)/pip-compile --quiet --strip-extras \
	--no-emit-index-url --no-emit-find-links --no-emit-trusted-host $(PIP_COMPILE_ARGS)

requirements: $(VENV)/.installed-dev
	$(PIP_COMPILE) requirements.in
	$(PIP_COMPILE) requirements-dev.in

# Lighthouse from the npm registry into .audit/ (never a global install), run with Debian's Chromium.
.audit/node_modules/.bin/lighthouse:
	npm install --prefix .audit --no-audit --no-fund --loglevel=error lighthouse@$(LIGHTHOUSE_VERSION)

audit: $(VENV)/.installed-dev .audit/node_modules/.bin/lighthouse
	$(BIN)/python tests/lighthouse_audit.py

# The first screen of home, About, Services, an article and Contact at 375, 768 and 1280 px, for docs/design.md.
screenshots: $(VENV)/.installed-dev
	DESIGN_SCREENSHOTS=1 $(TEST_ENV) $(BIN)/python -m pytest tests/test_browser_design.py -k screenshots -q

# Not part of `make test`: takes a few minutes and wants a quiet machine (docs/performance.md).
WRK := command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk)

bench: $(VENV)/.installed-dev
	$(WRK)
	$(BIN)/python bench/run.py

loadtest: $(VENV)/.installed-dev
	$(WRK)
	$(BIN)/python bench/loadtest.py

bench-proxy: $(VENV)/.installed-dev
	$(WRK)
	deploy/install-nginx.sh
	$(BIN)/python bench/proxy.py

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis test-output .audit staticfiles bench/bench.sqlite3 bench/media bench/nginx-run
