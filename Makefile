# Kith — `make run` serves the demo site, `make test` runs the whole suite.
# Needs only Python 3.11, git and make: everything else is installed into .venv from the lock file.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PYTEST_ARGS ?=
# make test runs the suite in this many processes (pytest-xdist: "auto" is one per core, 0 is one
# process, as a debugger needs); each test file stays in one process (tests/conftest.py).
TEST_WORKERS ?= auto

.DEFAULT_GOAL := help
.PHONY: help install run test lint format lock bench clean screenshots

help:
	@echo "make run    install, migrate, load demo content and serve http://127.0.0.1:$(PORT)"
	@echo "make test   install test tools and run the whole test suite"
	@echo "make lint   ruff check, ruff format --check, and the import contract (lint-imports)"
	@echo "make lock   re-pin every dependency in requirements*.lock from pyproject.toml"
	@echo "make screenshots  every page type at 390 px and 1280 px, as PNGs in tests/browser/screenshots/"
	@echo "make bench  page speed vs a bare Django view (SQLite, PostgreSQL) and at scale (PostgreSQL)"

# The stamp is rebuilt whenever a lock file changes, so a pull that changes pins reinstalls.
$(VENV)/.installed: requirements-dev.lock
	@$(PYTHON) -c "import sys; sys.exit(sys.version_info[:2] != (3, 11))" 2>/dev/null || { echo "Python 3.11 is needed (found: $(PYTHON)); set PYTHON=/path/to/python3.11" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-dev.lock
	@touch $@

install: $(VENV)/.installed

run: install
	$(PY) manage.py migrate --noinput --verbosity 0
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py seed_demo
	$(PY) manage.py seed_demo_comments
	@echo
	@$(PY) manage.py seed_demo_users --port $(PORT)
	@echo
	@$(PY) manage.py local_admin --port $(PORT)
	@echo "Site:  http://127.0.0.1:$(PORT)/   (Ctrl+C stops the server)"
	@echo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

# Full-page screenshots of every public page type (phone and desktop) and the staff pages, taken by
# the layout test in Chromium (tests/browser/test_layout.py); needs `bash tests/browser/setup.sh`.
screenshots: install
	KITH_SCREENSHOTS=1 $(PY) -m pytest tests/browser/test_layout.py -q -p no:randomly $(PYTEST_ARGS) || true
	@echo "Screenshots: tests/browser/screenshots/"

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

lock: install
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --python-version 3.11 --universal --generate-hashes --no-header -q -o requirements.lock
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --python-version 3.11 --universal --generate-hashes --no-header -q -o requirements-dev.lock

# Page speed (bench/pages.py) on SQLite and PostgreSQL, then server time at 100 000 articles /
# 1 000 000 comments (bench/scale.py, PostgreSQL only), then one table (bench/report.py).
# PostgreSQL: BENCH_PG_URL / BENCH_SCALE_URL (default postgres://postgres@127.0.0.1:5432/kith_bench_speed).
bench: install
	@command -v wrk >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get install -y -q wrk >/dev/null || { echo "Could not install wrk: apt-get install wrk" >&2; exit 1; }; \
	  else echo "wrk is needed: sudo apt-get install wrk (or build https://github.com/wg/wrk)" >&2; exit 1; fi; }
	$(PY) bench/pages.py $(BENCH_PAGES_ARGS)
	$(PY) bench/scale.py --explain $(BENCH_SCALE_ARGS)
	$(PY) bench/report.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .hypothesis
