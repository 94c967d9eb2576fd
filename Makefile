# declass — set-up and everyday commands. `make demo` and `make test` do all set-up themselves.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: setup system demo test test-fast lint bench clean

setup: system $(STAMP)

system:
	@bash scripts/setup-system.sh

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip==24.3.1
	$(PY) -m pip install -q -c requirements.lock -e '.[dev]'
	@touch $(STAMP)

demo: setup
	@bash scripts/demo.sh

test: setup
	$(VENV)/bin/ruff check src tests bench
	OMP_THREAD_LIMIT=1 $(VENV)/bin/pytest -q

test-fast: setup
	$(VENV)/bin/pytest -q -m "not postgres and not browser and not ocr and not slow"

lint: setup
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench

bench: setup
	$(PY) -m bench.run

clean:
	rm -rf $(VENV) build dist *.egg-info src/*.egg-info .pytest_cache .ruff_cache
