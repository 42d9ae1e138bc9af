# The README's quick start runs exactly these targets, and so does CI (.ci/run).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# A CPU-only torch. On this project's machines the wheel lies on local disk; elsewhere use
# TORCH_SPEC='torch --index-url https://download.pytorch.org/whl/cpu'.
TORCH_SPEC ?= torch==2.13.0
export HF_HUB_OFFLINE ?= 1

.PHONY: run test lint clean

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet $(TORCH_SPEC)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

run: $(BIN)/.installed
	$(BIN)/newsbot run

test: $(BIN)/.installed
	$(BIN)/python -m pytest -q
	$(BIN)/ruff check .
	$(BIN)/mypy .
	$(BIN)/lint-imports

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/mypy .
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
