# declass — set-up and everyday commands. `make demo` and `make test` do all set-up themselves.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: setup system demo test test-fast lint bench bench-tei bench-store bench-web bench-ocr bench-enrich clean

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
	$(VENV)/bin/ruff check src tests bench scripts
	OMP_THREAD_LIMIT=1 $(VENV)/bin/pytest -q

test-fast: setup
	$(VENV)/bin/pytest -q -m "not postgres and not browser and not ocr and not slow"

lint: setup
	$(VENV)/bin/ruff check src tests bench scripts

# Benchmarks write their figures to bench/RESULTS-*.md (see the README). `make bench` runs all
# of them at their default sizes, which takes about an hour; each can be run on its own.
bench: bench-tei bench-enrich bench-store bench-web bench-ocr

bench-tei: setup
	$(PY) -m bench.bench_tei --mb 50 --rounds 5

bench-enrich: setup
	$(PY) -m bench.bench_enrich --rounds 9

bench-store: setup
	$(PY) -m bench.bench_store --out bench/RESULTS-store.md

bench-web: setup
	$(PY) -m bench.bench_web

bench-ocr: setup
	OMP_THREAD_LIMIT=1 $(PY) -m bench.bench_ocr --out bench/RESULTS-ocr.md

clean:
	rm -rf $(VENV) build dist *.egg-info src/*.egg-info .pytest_cache .ruff_cache
