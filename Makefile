# iki-ingest: set-up and everyday commands. `make run` and `make test` work on a
# fresh Debian machine: they install the system packages and the virtualenv first.
PY := .venv/bin/python
IKI := .venv/bin/iki

.PHONY: setup run test lint format samples scans bench clean

setup:
	bash scripts/bootstrap.sh

## Install everything, then ingest the samples (born-digital PDFs, text dumps, medium scans) into output/
run: setup
	$(PY) samples/degrade.py --level medium
	$(IKI) ingest samples/pdf samples/text samples/scans --out output

## Install everything, then run the linter and the test suite
test: setup
	$(PY) -m ruff check .
	$(PY) -m pytest -q

lint:
	$(PY) -m ruff check . && $(PY) -m ruff format --check .

format:
	$(PY) -m ruff format . && $(PY) -m ruff check --fix .

## Regenerate the born-digital sample PDFs (committed) and the degraded scans (not committed)
samples:
	$(PY) samples/generate.py

scans:
	$(PY) samples/degrade.py

## Accuracy and speed figures
bench: scans
	$(PY) benchmarks/accuracy.py
	$(PY) benchmarks/repair.py
	$(PY) benchmarks/speed.py

clean:
	rm -rf output/*.sqlite* output/*.csv output/*.parquet samples/scans .pytest_cache
