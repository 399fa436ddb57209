# yakuba: build, test and run.  GNU make.
#
#   make demo    venv + install, SQLite under var/, demo city, server on 127.0.0.1:8000 + task worker
#   make test    system packages, venv, npm; whole suite on PostgreSQL, db guarantees on SQLite,
#                browser tests in Chromium, migrations, check --deploy, lint (what CI runs)
#
# Python: Django 6.x needs >= 3.12.  tools/find-python.sh picks $(PYTHON) if
# given, else python3.12/3.13 on PATH, else pyenv; `make PYTHON=/path/python3.12`.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

VENV := .venv
PY := $(VENV)/bin/python
DEV := DJANGO_SETTINGS_MODULE=config.settings.dev
export PYTHON

.PHONY: help demo test install system-deps npm-deps migrate demo-data collectstatic serve worker \
        bench lint messages clean distclean

help:
	@echo "make demo         install, migrate, load the demo city, run server + worker on 127.0.0.1:8000"
	@echo "make test         everything CI runs (installs system packages, venv and npm deps first)"
	@echo "make install      .venv with Python >= 3.12 and pip install -e '.[dev]'"
	@echo "make system-deps  Debian packages (chromium, fonts, PostgreSQL, Redis, wrk, gettext, ...)"
	@echo "make npm-deps     node_modules (axe-core) from package-lock.json"
	@echo "make migrate | demo-data | serve | worker   the demo's steps, one at a time (SQLite in var/)"
	@echo "make bench        bench/baseline.py: req/s and p50/p99 of a trivial view and the citizen home"
	@echo "make lint         ruff check + import-linter"
	@echo "make messages     compilemessages"
	@echo "make catalogue    refresh locale/en from the sources (makemessages)"
	@echo "make clean        remove var/, bench results and caches (distclean: also .venv, node_modules)"

# --- setup ---------------------------------------------------------------------

install:
	@tools/install.sh

system-deps:
	@tools/system-deps.sh

npm-deps: node_modules/.installed

node_modules/.installed: package.json package-lock.json
	@echo "npm-deps: npm ci"
	@npm ci --no-audit --no-fund --loglevel=error 2>&1 | { grep -v 'Unknown user config' || true; }
	@touch $@

# --- demo (SQLite under var/, config.settings.dev) ------------------------------

demo: install
	@$(MAKE) migrate
	@$(MAKE) messages-if-possible
	@$(MAKE) demo-data
	@$(MAKE) collectstatic
	@tools/demo.sh

migrate: install
	$(DEV) $(PY) manage.py migrate --noinput

demo-data: install
	$(DEV) $(PY) -m yakuba demo-data

collectstatic: install
	@$(DEV) $(PY) manage.py collectstatic --noinput -v 0

serve: collectstatic
	$(DEV) $(VENV)/bin/gunicorn config.wsgi --bind 127.0.0.1:8000 --workers 2 --log-level warning

worker: install
	$(DEV) $(PY) manage.py db_worker --queue-name '*'

# --- checks ----------------------------------------------------------------------

test: system-deps install npm-deps
	@tools/test.sh

# Generated migrations are not linted.
lint: install
	@status=0; \
	$(VENV)/bin/ruff check --extend-exclude '*/migrations/*' . || status=1; \
	$(VENV)/bin/lint-imports --no-cache || status=1; \
	exit $$status

messages: install
	@if [ -z "$$(find . \( -path ./.venv -o -path ./node_modules \) -prune -o -name '*.po' -print -quit)" ]; then \
	    echo "messages: no .po catalogues yet"; \
	else \
	    $(DEV) $(PY) manage.py compilemessages --ignore='.venv' --ignore='node_modules' -v 0; \
	fi

# Refresh the English catalogue from the sources (then translate the new entries).
.PHONY: catalogue
catalogue: install
	$(DEV) $(PY) manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=node_modules \
	    --ignore=var --ignore=tests --ignore=static_collected
	$(DEV) $(PY) manage.py compilemessages -l en -v 0

# The demo must not need gettext: the compiled .mo files are committed.
.PHONY: messages-if-possible
messages-if-possible:
	@if command -v msgfmt >/dev/null 2>&1; then \
	    $(MAKE) messages; \
	else \
	    echo "demo: gettext (msgfmt) not installed; using the committed .mo files"; \
	fi

bench: install
	@tools/system-deps.sh wrk
	$(PY) bench/baseline.py

# --- housekeeping ----------------------------------------------------------------

clean:
	rm -rf var bench/results test-artifacts .pytest_cache
	find . -path ./.venv -prune -o -path ./node_modules -prune -o -name __pycache__ -type d -print0 \
	    | xargs -0 rm -rf

distclean: clean
	rm -rf $(VENV) node_modules
