# The two commands of the README: `make run` and `make test`. Everything else is a helper.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip

.PHONY: run test lint bench migrations clean

run: $(VENV)/.installed
	$(BIN)/python main.py

test: $(VENV)/.installed-test
	@if [ ! -d tests/smsc/node_modules ] && command -v npm >/dev/null; then cd tests/smsc && npm ci --no-audit --no-fund; fi
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy .
	$(BIN)/pytest

# Every benchmark; each prints `metric <name> <value> <unit>` lines (bench.imports includes bench.exports).
BENCHMARKS := numbering bases imports statistics sending
bench: $(VENV)/.installed
	@for module in $(BENCHMARKS); do $(BIN)/python -m bench.$$module || exit 1; done

# After changing storage/models.py: write the next migration into storage/migrations/.
migrations: $(VENV)/.installed
	$(BIN)/tortoise -c storage.orm_config.TORTOISE_ORM makemigrations

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: $(VENV)/bin/python pyproject.toml constraints.txt
	$(PIP) install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PIP) install --quiet -c constraints.txt -e '.[test]'
	touch $@

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info
