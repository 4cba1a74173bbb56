# make site  — create .venv, install site-builder, build content/ into public/
# make test  — the same set-up, then the test suite
# make serve — dev server with live reload; make bench — benchmarks
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test serve bench lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/site-builder build

test: $(STAMP)
	$(BIN)/ruff check site_builder tests
	$(BIN)/python -m pytest -q
	$(BIN)/site-builder build > /dev/null
	$(BIN)/site-builder check

serve: $(STAMP)
	$(BIN)/site-builder serve

bench: $(STAMP)
	$(BIN)/python -m bench

lint: $(STAMP)
	$(BIN)/ruff check site_builder tests

clean:
	rm -rf public .public-* .cache
