# jobplane — one command per task. `make serve` and `make test` set themselves up.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
TS := clients/typescript
BUF := $(TS)/node_modules/.bin/buf
PROTOS := $(wildcard proto/jobplane/v1/*.proto)
STAMP := $(VENV)/.installed

.PHONY: setup serve test proto lint typecheck bench soak mutation clean ts-setup screenshots

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev,server]"
	touch $(STAMP)

$(BUF): $(TS)/package.json
	cd $(TS) && npm install --no-audit --no-fund --silent
	touch $(BUF)

setup: $(STAMP) $(BUF)

## Run the server on its embedded default: SQLite file ./jobplane.db, demo handlers,
## gRPC on 127.0.0.1:50051, HTTP/JSON + SSE + the dashboard on 127.0.0.1:8080
## (the server prints both addresses once it listens).
HTTP_LISTEN ?= 127.0.0.1:8080
serve: $(STAMP)
	$(VENV)/bin/jobplane serve --http-listen $(HTTP_LISTEN)

# Tests that need PostgreSQL read this (the machine's local cluster by default).
export JOBPLANE_TEST_POSTGRES_URL ?= postgresql://postgres@127.0.0.1:5432/postgres

## The whole test suite.
test: setup
	$(PY) -m pytest -q -ra

## Regenerate the checked-in Python code from the .proto files.
proto: $(STAMP)
	$(PY) -m grpc_tools.protoc -I proto \
		--python_out=proto --mypy_out=proto \
		--grpc_python_out=proto --mypy_grpc_out=proto \
		--plugin=protoc-gen-mypy=$(VENV)/bin/protoc-gen-mypy \
		--plugin=protoc-gen-mypy_grpc=$(VENV)/bin/protoc-gen-mypy_grpc \
		$(PROTOS)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(BUF) lint

typecheck: $(STAMP)
	$(VENV)/bin/mypy

bench: setup
	$(PY) -m tests.bench

## Long fault-injection, soak and scale cases (bounded; see tests/faults/FIGURES.md).
soak: setup
	$(PY) -m pytest -q -ra -m slow tests/faults tests/replicas

## mutmut over the rule modules listed in pyproject.toml [tool.mutmut] (bounded: 18 min; tests/MUTATION.md).
mutation: setup
	$(PY) -m tests.mutation

## PNGs of the dashboard's pages (headless Debian chromium) into docs/screenshots/.
screenshots: $(STAMP)
	$(PY) -m tests.http.screenshots docs/screenshots

clean:
	rm -rf build .pytest_cache .mypy_cache
