# The two commands of the README:
#   make build   set up .venv, build data/ into build/graph.trig and its views in visualisations/
#   make test    set up .venv with the test tools and Debian's Chromium, lint, run the tests
PYTHON ?= python3
VENV := .venv
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup setup-test build test lint chromium

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install -q --upgrade pip
	$(VENV)/bin/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(VENV)/bin/python -m pip install -q -e '.[test]'
	touch $@

setup: $(VENV)/.installed
setup-test: $(VENV)/.installed-test

build: setup
	$(VENV)/bin/graphkit build

chromium:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q chromium chromium-driver; }

lint: setup-test
	$(VENV)/bin/ruff check graphkit tests bench visualisations
	$(VENV)/bin/ruff format --check graphkit tests bench visualisations

# pytest exits 5 when it collects no test: that is a failure too.
test: setup-test chromium lint
	@$(VENV)/bin/python -m pytest -q; status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests" >&2; exit 1; fi; exit $$status
