# The two set-up commands of the README: `make demo` and `make test`. Each creates the virtual
# environment when pyproject.toml is newer than it, so a fresh clone needs nothing else.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: demo test bench lint clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	$(VENV)/bin/ocrcheck demo --review-queue demo-review-queue.jsonl

test: $(VENV)/.installed-test
	$(PY) -m pytest

bench: $(VENV)/.installed-test
	$(PY) -m pytest tests/benchmarks -q -s -p no:cacheprovider

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check ocrcheck tests
	$(VENV)/bin/mypy ocrcheck

clean:
	rm -rf $(VENV) build dist demo-review-queue.jsonl
