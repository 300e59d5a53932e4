# Dienhinh: `make run` serves the demo province on http://127.0.0.1:8000; `make test` runs
# the whole suite on SQLite and on a throwaway PostgreSQL server.
PYTHON ?= $(shell command -v python3.13 || echo python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# The suite runs in parallel, one process per core (module-scoped fixtures stay in one process).
PYTEST_WORKERS ?= 2
PYTEST := $(BIN)/pytest -q -n $(PYTEST_WORKERS) --dist loadscope

.PHONY: install run serve worker test test-sqlite test-postgres lint format messages static bench bench-pages bench-portal bench-monitoring bench-load clean

$(BIN)/.installed: pyproject.toml uv.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	test -x $(BIN)/uv || { $(BIN)/python -m pip --version >/dev/null 2>&1 || $(BIN)/python -m ensurepip >/dev/null; \
	  $(BIN)/python -m pip install -q --disable-pip-version-check uv==0.13.8; }
	UV_PROJECT_ENVIRONMENT=$(VENV) $(BIN)/uv sync --frozen --inexact --quiet
	touch $@

install: $(BIN)/.installed

messages: install
	$(MANAGE) compilemessages --ignore=.venv -v0

static: install
	$(MANAGE) collectstatic --noinput -v0

run: install static
	$(MANAGE) migrate --noinput -v0
	DIENHINH_DEMO=1 $(MANAGE) load_demo --if-empty
	@echo "Dienhinh: http://$(HOST):$(PORT)/  (demo logins in README.md)"
	@trap 'kill 0' INT TERM EXIT; \
	  $(MANAGE) db_worker --queue-name default & \
	  DIENHINH_DEMO=1 HOST=$(HOST) PORT=$(PORT) $(BIN)/gunicorn --config gunicorn.conf.py

worker: install
	$(MANAGE) db_worker --queue-name default

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	cd src && ../$(BIN)/lint-imports --no-cache ../.importlinter
	$(MANAGE) makemigrations --check --dry-run -v1

test: install static lint test-sqlite test-postgres

test-sqlite: install static
	$(PYTEST) $(PYTEST_ARGS)

test-postgres: install static
	$(BIN)/python -m tests.harness.postgres $(PYTEST) -m "not browser" $(PYTEST_ARGS)

format: install
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

clean:
	rm -rf $(VENV) var/static

bench: install
	$(BIN)/python bench/dossiers.py
	$(BIN)/python -m tests.harness.postgres $(BIN)/python bench/dossiers.py

bench-pages: install
	$(BIN)/python bench/pages.py

bench-portal: install
	$(BIN)/python bench/portal.py
	$(BIN)/python -m tests.harness.postgres $(BIN)/python bench/portal.py

bench-monitoring: install
	$(BIN)/python -m tests.harness.postgres $(BIN)/python bench/monitoring.py

bench-load: install static
	$(BIN)/python -m tests.harness.postgres $(BIN)/python bench/load.py
