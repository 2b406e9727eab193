# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/autoecole
TEST_BROKER_URL ?= redis://127.0.0.1:6379/1
TEST_CACHE_URL ?= redis://127.0.0.1:6379/2
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/autoecole_benchdata

.PHONY: run test venv lint fault-runs bench

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

# Migrate, load the demo data, start web + Celery + ANTS sandbox; Ctrl-C stops them all (scripts/run.py).
run: venv
	$(PY) scripts/run.py

test: venv
	@DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} CELERY_BROKER_URL=$${CELERY_BROKER_URL:-$(TEST_BROKER_URL)} \
	  CACHE_URL=$${CACHE_URL:-$(TEST_CACHE_URL)} $(PY) scripts/check_services.py
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} CELERY_BROKER_URL=$${CELERY_BROKER_URL:-$(TEST_BROKER_URL)} \
	  CACHE_URL=$${CACHE_URL:-$(TEST_CACHE_URL)} $(PY) -m pytest --create-db $(PYTEST_ARGS)

# Counted fault runs of the demandes (lost answers, killed workers, double clicks): see tests/demandes/fiabilite_runs.py.
fault-runs: venv
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} CELERY_BROKER_URL=$${CELERY_BROKER_URL:-$(TEST_BROKER_URL)} \
	  CACHE_URL=$${CACHE_URL:-$(TEST_CACHE_URL)} $(PY) -m pytest --create-db -q -s tests/demandes/fiabilite_runs.py

# The product's speed at a network's volumes, one JSON line per figure beside its reference (bench/network.py).
bench: venv
	DATABASE_URL=$${DATABASE_URL:-$(BENCH_DATABASE_URL)} CELERY_BROKER_URL=$${CELERY_BROKER_URL:-$(TEST_BROKER_URL)} \
	  CACHE_URL=$${CACHE_URL:-$(TEST_CACHE_URL)} $(PY) bench/network.py $(BENCH_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
