# Two commands on a fresh machine with Python 3.11 and make:
#   make run    set up, load the real data, serve http://127.0.0.1:8000 (SQLite) with its worker
#   make test   set up and run the whole test suite (lint, import layers, migrations check, pytest)
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
# Development defaults for `make run`; production sets its own environment.
RUN_ENV := DEBUG=1

.PHONY: run test setup migrate data superuser sample lint format migrations-check messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed

migrate: setup
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput

data: migrate
	$(RUN_ENV) $(BIN)/python manage.py load_ftz_data
	$(RUN_ENV) $(BIN)/python manage.py setup_roles

# The background worker (every e-mail goes through it) runs beside the site and stops with it.
run: data
	@$(RUN_ENV) $(BIN)/python manage.py run_worker --queue-name '*' & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(RUN_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

superuser: migrate
	$(RUN_ENV) $(BIN)/python manage.py createsuperuser

sample: data
	$(RUN_ENV) $(BIN)/python manage.py generate_sample_data --enterprises 1000 --projects 3000 --replace
	$(RUN_ENV) $(BIN)/python manage.py rebuild_search_index

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: setup
	$(RUN_ENV) $(BIN)/python manage.py makemigrations --check --dry-run

# Translation catalogues (needs GNU gettext: apt-get install gettext). Collects new strings
# into locale/*/django.po, then compiles the .mo files, which are committed so that a machine
# without gettext still serves Chinese and Russian. See docs/translations.md.
MESSAGES_IGNORE := --ignore=.venv --ignore=benchmarks --ignore=tests --ignore=test-artifacts --ignore=staticfiles
messages: setup
	$(RUN_ENV) $(BIN)/python manage.py makemessages -l zh_Hans -l ru --no-obsolete $(MESSAGES_IGNORE)
	$(RUN_ENV) $(BIN)/python manage.py compilemessages $(MESSAGES_IGNORE)

# The suite runs on every core (pytest-xdist); the tests marked `serial` time what they
# measure (POST latency while the mail server or the worker fails, concurrent inquiries,
# faults) and run after it, alone, so another test's load is not in their figures.
# TEST_MARKS narrows both runs (CI's PostgreSQL pass: TEST_MARKS='not browser');
# TEST_SERIAL=0 leaves the serial ones out (CI runs them on PostgreSQL only).
TEST_JOBS ?= auto
TEST_MARKS ?=
TEST_SERIAL ?= 1
# TEST_LINT=0 leaves out ruff and the import layers (CI's PostgreSQL pass: the SQLite pass
# beside it runs them on the same code).
TEST_LINT ?= 1
test: $(if $(filter 1,$(TEST_LINT)),lint) migrations-check
	$(BIN)/pytest -n $(TEST_JOBS) -m "not serial$(if $(TEST_MARKS), and ($(TEST_MARKS)))" $(PYTEST_ARGS)
ifeq ($(TEST_SERIAL),1)
	$(BIN)/pytest -m "serial$(if $(TEST_MARKS), and ($(TEST_MARKS)))" $(PYTEST_ARGS)
endif

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 db.sqlite3-wal db.sqlite3-shm
