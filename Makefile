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

# --- Go (clients/go): built in GOPATH mode against Debian's packages in
# /usr/share/gocode (golang-go, golang-google-grpc-dev, golang-google-protobuf-dev,
# protoc-gen-go-grpc, protobuf-compiler) — no module proxy needed. The repository's
# clients/go is linked into a private GOPATH under build/go at its import path.
.PHONY: go go-proto go-test
GO_IMPORT := github.com/jobplane/jobplane/clients/go
GO_ROOT := $(CURDIR)/build/go
GO_LINK := $(GO_ROOT)/path/src/$(GO_IMPORT)
GO_ENV := GO111MODULE=off GOFLAGS= GOPATH=$(GO_ROOT)/path:/usr/share/gocode GOCACHE=$(GO_ROOT)/cache
GO_GEN_PKG := $(GO_IMPORT)/gen/jobplane/v1
comma := ,
empty :=
space := $(empty) $(empty)
GO_M := $(subst $(space),$(comma),$(foreach p,$(PROTOS:proto/%=%),M$(p)=$(GO_GEN_PKG);jobplanev1))

$(GO_LINK):
	mkdir -p $(dir $(GO_LINK))
	ln -sfn $(CURDIR)/clients/go $(GO_LINK)

$(GO_ROOT)/bin/protoc-gen-go: $(GO_LINK)
	$(GO_ENV) go build -o $@ google.golang.org/protobuf/cmd/protoc-gen-go

GO_GEN_OUT ?= clients/go/gen

## Regenerate the checked-in Go code (clients/go/gen) from the .proto files.
go-proto: $(GO_ROOT)/bin/protoc-gen-go
	rm -rf $(GO_GEN_OUT)/jobplane
	mkdir -p $(GO_GEN_OUT)
	protoc -I proto --plugin=protoc-gen-go=$(GO_ROOT)/bin/protoc-gen-go \
		--go_out=$(GO_GEN_OUT) --go_opt='paths=source_relative,$(GO_M)' \
		--go-grpc_out=$(GO_GEN_OUT) --go-grpc_opt='paths=source_relative,$(GO_M)' \
		$(PROTOS:proto/%=%)

## Build the Go client and worker (build/go/bin/jobplane-go).
go: $(GO_LINK)
	cd $(GO_LINK) && $(GO_ENV) go build -o $(GO_ROOT)/bin/jobplane-go ./cmd/jobplane-go

## gofmt, go vet and the Go unit tests.
go-test: $(GO_LINK)
	test -z "$$(gofmt -l clients/go)" || { gofmt -l clients/go; exit 1; }
	cd $(GO_LINK) && $(GO_ENV) go vet ./... && $(GO_ENV) go test ./...

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
