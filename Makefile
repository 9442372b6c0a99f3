# Gloss: `make run` sets up and opens the app on a demo library; `make test` runs everything.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_DB ?= $(CURDIR)/.demo/gloss-demo.sqlite

.PHONY: setup run test lint format bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@# Byte-compile now: faster start-up even where PYTHONDONTWRITEBYTECODE is set.
	$(BIN)/python -m compileall -q core gui resources benchmarks > /dev/null
	touch $(STAMP)

setup: $(STAMP)

run: setup
	mkdir -p "$(dir $(DEMO_DB))"
	$(BIN)/gloss --db "$(DEMO_DB)" demo
	$(BIN)/gloss --db "$(DEMO_DB)"

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

bench: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks.run $(ARGS)

clean:
	rm -rf $(VENV) .demo .pytest_cache .mypy_cache .ruff_cache
