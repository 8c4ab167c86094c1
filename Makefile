# watchfloor: the two commands of the README are `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
DB     ?= demo.db
# Country borders for the report's map (see the atlas rule).
ATLAS        = $(VENV)/share/watchfloor/countries-110m.json
ATLAS_SHA256 = 2516c915867c7baf18ddec727aec46c315541a07cfb3d79a6559b05d5e94eee8

.PHONY: demo test lint check bench bench-slow clean help atlas chromium

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(BIN)/watchfloor: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements.lock -e '.[dev]'
	touch $@

demo: $(BIN)/watchfloor $(ATLAS)  ## fresh venv, pinned install, ingest examples/belarus-2022, write a report
	rm -f $(DB) $(DB)-wal $(DB)-shm
	$(BIN)/watchfloor ingest examples/belarus-2022 --db $(DB)
	$(BIN)/watchfloor articles --db $(DB)
	$(BIN)/watchfloor report --db $(DB) -o sitrep.html
	@echo "store: $(abspath $(DB))   report: $(abspath sitrep.html)"

# world-atlas: Natural Earth 1:110m countries as TopoJSON (ISC licence), from the npm
# registry. Third-party data, so it is fetched into the venv, never committed; the
# report finds it there (or at $$WATCHFLOOR_WORLD_ATLAS) and draws the map without
# borders when it is absent.
atlas: $(ATLAS)  ## fetch country borders for the report map (npm world-atlas@2.0.2)

$(ATLAS):
	mkdir -p $(@D)
	cd $(@D) && npm pack --silent world-atlas@2.0.2 >/dev/null \
	  && tar -xzf world-atlas-2.0.2.tgz package/countries-110m.json \
	  && mv package/countries-110m.json countries-110m.json.tmp \
	  && rmdir package && rm world-atlas-2.0.2.tgz
	echo "$(ATLAS_SHA256)  $@.tmp" | sha256sum -c --quiet
	mv $@.tmp $@

test: $(BIN)/watchfloor  ## the whole test suite (.ci/run calls this)
	$(BIN)/python -m pytest -q

lint: $(BIN)/watchfloor  ## ruff, mypy, and the import contracts (pyproject.toml [tool.importlinter])
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

# Browser tests drive Debian's chromium (never a Playwright browser download); without
# it they are skipped, so a machine where apt cannot install it still runs the rest.
chromium:  ## install Debian's chromium for the browser tests (apt; needs root)
	@command -v chromium >/dev/null 2>&1 || apt-get install -y -qq chromium >/dev/null 2>&1 \
	  || echo "chromium could not be installed: the browser tests will be skipped"

check: lint test  ## lint, then tests

bench: $(BIN)/watchfloor  ## benchmarks against ../shared/data (see bench/README.md)
	$(BIN)/python bench/trafilatura_eval.py
	$(BIN)/python bench/reuters_ingest.py
	$(BIN)/python bench/tempeval.py
	$(BIN)/python bench/geowebnews.py
	$(BIN)/python bench/events_gold.py
	$(BIN)/python bench/claims_gold.py
	$(BIN)/python bench/polnear.py
	$(BIN)/python bench/bbc_duplicates.py
	$(BIN)/python bench/dedupe_scaling.py

bench-slow: $(BIN)/watchfloor  ## the long ones: NLP throughput and web latency on Reuters
	$(BIN)/python bench/nlp_throughput.py --limit 5000
	$(BIN)/python bench/web_latency.py

clean:  ## remove the venv, demo store and report
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm sitrep.html
