# watchfloor: the two commands of the README are `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
DB     ?= demo.db

.PHONY: demo test lint check bench clean help

help:  ## list the targets
	@grep -E '^[a-z]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(BIN)/watchfloor: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements.lock -e '.[dev]'
	touch $@

demo: $(BIN)/watchfloor  ## fresh venv, pinned install, ingest examples/, write a report
	rm -f $(DB) $(DB)-wal $(DB)-shm
	$(BIN)/watchfloor ingest examples --db $(DB)
	$(BIN)/watchfloor articles --db $(DB)
	$(BIN)/watchfloor report --db $(DB) -o sitrep.html
	@echo "store: $(abspath $(DB))   report: $(abspath sitrep.html)"

test: $(BIN)/watchfloor  ## the whole test suite (.ci/run calls this)
	$(BIN)/python -m pytest -q

lint: $(BIN)/watchfloor  ## ruff and mypy
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

check: lint test  ## lint, then tests

bench: $(BIN)/watchfloor  ## benchmarks against ../shared/data (see bench/README.md)
	$(BIN)/python bench/trafilatura_eval.py
	$(BIN)/python bench/reuters_ingest.py

clean:  ## remove the venv, demo store and report
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm sitrep.html
