# Two commands do all the set-up on a fresh machine:
#   make run    install into .venv, ingest the bundled sample corpus into ./marsad.db, serve the workbench
#   make test   install (with the spark extra), then run the whole test suite (browser tests install Debian's
#               chromium, Spark tests Debian's Java runtime, when root; the store, API and CLI tests also run on a
#               throwaway PostgreSQL cluster, installed from Debian when root)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install install-spark run ingest-samples serve test test-fast browser postgres java bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml package.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# PySpark (about 400 MB) only for the tests and those who run `marsad spark-extract`
install-spark: $(VENV)/.spark

$(VENV)/.spark: $(VENV)/.installed
	$(BIN)/python -m pip install -q -e '.[test,spark]'
	touch $@

ingest-samples: install
	$(BIN)/marsad ingest marsad/samples/corpus
	$(BIN)/marsad summary

run: ingest-samples
	$(BIN)/marsad serve --host $(HOST) --port $(PORT)

browser:
	bash scripts/install-browser.sh

postgres:
	bash scripts/postgres.sh start

java:
	bash scripts/install-java.sh

# the cluster is stopped and deleted whatever the tests' outcome; pytest's exit status is make's
test: install install-spark browser java postgres
	SPARK_LOCAL_IP=127.0.0.1 $(BIN)/python -m pytest -q -ra; status=$$?; bash scripts/postgres.sh stop; exit $$status

test-fast: install
	$(BIN)/python -m pytest -q -m "not browser and not slow"

bench: install
	$(BIN)/python bench/throughput.py
	$(BIN)/python bench/api.py
	$(BIN)/python bench/cli.py

clean:
	bash scripts/postgres.sh stop
	rm -rf $(VENV) marsad.db marsad.db-* test-artifacts .pytest_cache .pg
