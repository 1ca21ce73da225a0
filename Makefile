# Two entry points for a fresh machine (Python 3.11+; Java 17 + Maven for the Kafka tests):
#   make demo   installs and runs the embedded system with a synthetic demo municipality
#   make test   installs and runs the whole test suite, lint and types included
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Tests run in parallel (pytest-xdist): most of them wait on brokers, servers and browsers rather than the
# CPU, so three workers keep two cores busy. Each worker starts its own Kafka broker and PostgreSQL. Tests
# are handed out one at a time, the end-to-end ones first (tests/conftest.py), so no worker is left
# running a long test alone at the end.
WORKERS ?= 3

.PHONY: install demo test lint types system-packages

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	# uv installs the same pinned set as pip in seconds rather than the better part of two minutes, which
	# CI's 12-minute budget for `make test` needs; pip stays in the venv for what users run. Bytecode is
	# compiled at install, as pip does: where PYTHONDONTWRITEBYTECODE is set, every process the suite
	# starts would otherwise compile every module it imports again.
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt uv
	# grafana-client's HTTP stack (niquests) brings urllib3-future, whose wheel overwrites urllib3 itself;
	# built from source with URLLIB3_NO_OVERRIDE it installs beside it and requests keeps the real urllib3.
	URLLIB3_NO_OVERRIDE=1 $(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python \
		-c constraints.txt --no-binary urllib3-future -e '.[dev]'
	touch $@

install: $(VENV)/.installed

demo: install
	deploy/dev/system-packages.sh demo
	$(BIN)/embrace run --demo

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: install
	$(BIN)/mypy

system-packages:
	deploy/dev/system-packages.sh test

test: install system-packages lint types
	$(BIN)/pytest -n $(WORKERS) --dist load --maxschedchunk 1
