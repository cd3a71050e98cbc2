# The two set-up commands of the README: `make demo` and `make test`. Each creates the virtual
# environment when pyproject.toml is newer than it, so a fresh clone needs nothing else.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: demo test bench lint clean browser

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

# The reviewer's desk is tested in headless Chromium (Debian's package) with CJK fonts for its
# screenshots; installed here when missing and when this machine can (root with apt-get).
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-zenhei \
	  >/dev/null; } || echo "make: could not install chromium: the browser tests will be skipped (fail on CI)"

test: $(VENV)/.installed-test browser
	$(PY) -m pytest

bench: $(VENV)/.installed-test
	$(PY) -m pytest tests/benchmarks -q -s -p no:cacheprovider

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check ocrcheck tests
	$(VENV)/bin/mypy ocrcheck

clean:
	rm -rf $(VENV) build dist demo-review-queue.jsonl
