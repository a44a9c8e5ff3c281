# The two commands: `make run` and `make test`. Both set up everything they need first,
# and a second run reuses what is there.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
MO := translations/cy/LC_MESSAGES/messages.mo
OIDC_PROVIDER := tests/oidc/node_modules/.package-lock.json

export FLASK_APP := wsgi
export CLWSTWR_ENV ?= development
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test bench soak translations lint setup screenshots

## make run: set up and serve on http://127.0.0.1:$(PORT) with the demo data
run: $(VENV)/.runtime $(MO)
	$(BIN)/flask db upgrade
	$(BIN)/flask demo load --if-empty
	$(BIN)/flask run --host 127.0.0.1 --port $(PORT)

## make test: set up and run the whole test suite (and the linter). Four workers on two cores: the tests
## wait on the databases, the browser and their live servers more than they compute (a third of two
## cores was busy with two workers)
test: $(VENV)/.dev $(MO)
	$(BIN)/ruff check app tests bench
	$(BIN)/pytest -n 4 --dist worksteal

## make translations: extract strings, merge them into the Welsh catalogue, check it is complete and
## that its Welsh keeps the mutation rules and is in the Welsh dictionary (app/welsh.py)
translations: $(VENV)/.dev
	$(BIN)/flask translate update
	$(BIN)/flask translate check

## make lint: ruff
lint: $(VENV)/.dev
	$(BIN)/ruff check app tests bench

## make bench: throughput and latency against bare Flask, page weight, worker memory (bench/run.py);
## results in bench/results/. BENCH_SECONDS=10 for longer slices, BENCH_ROUNDS=5 for more rounds. Installs wrk
## when it can.
bench: $(VENV)/.dev $(MO)
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -q wrk >/dev/null; } \
		|| { echo "make bench needs wrk: apt-get install wrk"; exit 1; }
	$(BIN)/python -m bench.run

## make soak: 10,000 survey sends at 50 at once with kill -9 faults, 10,000 fuzzed forms, and the
## disclosure attacker on 400 generated clusters per database
soak: $(VENV)/.dev $(MO)
	CLWSTWR_SOAK=1 HYPOTHESIS_PROFILE=soak DISCLOSURE_EXAMPLES=400 $(BIN)/pytest -s -v \
		tests/test_load_and_faults.py tests/test_fuzz_forms.py tests/test_disclosure.py

## make screenshots: the README's pictures of the main pages at phone width
screenshots: $(VENV)/.dev $(MO)
	$(BIN)/python -m tests.screenshots.take $(ONLY)

setup: $(VENV)/.dev $(MO)

$(VENV)/.runtime: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt requirements-welsh.txt | $(OIDC_PROVIDER)
	$(BIN)/pip install -q -r requirements-dev.txt
	$(BIN)/pip install -q --no-deps -r requirements-welsh.txt
	touch $@

# The OpenID provider the sign-in tests start (tests/oidc_provider.py), installed when node_modules is
# missing or older than the lock file; without npm those tests skip, saying why
$(OIDC_PROVIDER): tests/oidc/package-lock.json
	@if command -v npm >/dev/null; then npm ci --prefix tests/oidc --no-audit --no-fund; \
	else echo "npm is missing: the OpenID Connect sign-in tests will be skipped"; fi

$(MO): translations/cy/LC_MESSAGES/messages.po $(VENV)/.runtime
	$(BIN)/pybabel -q compile -d translations
