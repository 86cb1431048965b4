# Områdeløft: `make run` serves the demo, `make test` runs every test.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_ARGS ?=

# Django 6 needs Python 3.12 or newer: take the first interpreter on this machine that has it.
PYTHON ?= $(shell for p in python3.14 python3.13 python3.12 python3 \
	$$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; break; }; done)

.PHONY: run test e2e lint format demo bench messages clean

# The settings keep DEBUG off unless asked; the laptop targets ask (the tests set it themselves).
run demo bench messages: export DEBUG ?= true

$(BIN)/activate: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is required and none was found." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(BIN)/activate

run: $(BIN)/activate
	$(BIN)/omradeloft migrate --no-input
	$(BIN)/omradeloft demo
	$(BIN)/omradeloft fail-stale-runs
	$(BIN)/omradeloft clean-staged-uploads
	@echo "Serving on http://127.0.0.1:$(PORT)/"
	$(BIN)/omradeloft runserver 127.0.0.1:$(PORT)

# One worker per core. tests/conftest.py groups each module's tests (by database phase) for
# one worker, so data a module builds once is built once. `PYTEST_ARGS="-n 0"` runs serially.
XDIST := -n auto --dist loadgroup

test: $(BIN)/activate
	$(BIN)/pytest $(XDIST) $(PYTEST_ARGS)

e2e: $(BIN)/activate
	$(BIN)/pytest $(XDIST) tests/e2e $(PYTEST_ARGS)

lint: $(BIN)/activate
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	DEBUG=true $(BIN)/mypy

format: $(BIN)/activate
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

demo: $(BIN)/activate
	$(BIN)/omradeloft migrate --no-input
	$(BIN)/omradeloft demo

bench: $(BIN)/activate
	@ls bench/*.py >/dev/null 2>&1 && for b in bench/*.py; do $(BIN)/python $$b; done || echo "No benchmarks yet."

# Needs GNU gettext (Debian package gettext).
messages: $(BIN)/activate
	cd src/omradeloft && ../../$(BIN)/omradeloft makemessages -l nb --no-obsolete --add-location file
	cd src/omradeloft && ../../$(BIN)/omradeloft compilemessages -l nb

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .mypy_cache
