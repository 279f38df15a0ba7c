# OpenIPS — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
# Python 3.12 (.python-version); pyenv's shim or a system python3.12.
PYTHON ?= $(shell command -v python3.12 2>/dev/null || echo python3)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test test-sqlite test-postgres test-browser lint format bench messages clean

install: $(VENV)/.installed  ## Create .venv and install the pinned dependencies.

$(VENV)/.installed: requirements.txt package.json package-lock.json
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 12) else "OpenIPS needs Python 3.12 (see .python-version); found " + sys.version.split()[0])'
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-virtualenv -r requirements.txt
	@command -v npm >/dev/null || scripts/apt-install nodejs npm
	@# WeasyPrint (PDF reports) draws text with Pango; a minimal Debian lacks it and any font.
	@/sbin/ldconfig -p | grep -q libpangoft2-1.0 || scripts/apt-install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

run: install  ## Migrate the SQLite database, load the demo data and serve on http://127.0.0.1:8000
	@test -s .secret-key || $(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' > .secret-key
	@export DJANGO_SECRET_KEY="$$(cat .secret-key)" OPENIPS_REQUIRE_MFA=false OPENIPS_HTTPS=false \
	    DJANGO_EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend; \
	  $(PY) manage.py migrate --noinput && \
	  $(PY) manage.py collectstatic --noinput --verbosity 0 && \
	  $(PY) manage.py seed_demo && \
	  echo "" && echo "OpenIPS is running at http://$(HOST):$(PORT)/ (demo — MFA is off). Stop it with Ctrl+C." && \
	  { $(PY) manage.py db_worker --no-reload & worker=$$!; \
	    trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	    $(PY) manage.py runserver $(HOST):$(PORT) --noreload; }

test: install  ## The whole suite: SQLite, then PostgreSQL, then the browser tests.
	scripts/test-all

lint: install  ## ruff: lint and format check.
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: install  ## Update and compile the translation catalogs (needs gettext).
	DJANGO_DEBUG=true $(PY) manage.py makemessages --locale es --ignore '.venv/*' --ignore 'node_modules/*' --no-obsolete
	DJANGO_DEBUG=true $(PY) manage.py compilemessages --ignore '.venv/*'

bench: install  ## Time the statewide quarterly report at state scale (100 programs, 3 years) against hand-written SQL, on SQLite and PostgreSQL.
	scripts/bench

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache bench.sqlite3
