# intelligen's tasks. Each target wraps the go command; each check has a fix partner.
GO ?= go

.PHONY: all build test race vet fmt fmtcheck golden check fix

all: check

build:
	$(GO) build ./...

# The README's test command: vet, formatting and the whole suite with the race detector.
test: vet fmtcheck
	$(GO) test -race ./...

race:
	$(GO) test -race ./...

vet:
	$(GO) vet ./...

fmt:
	gofmt -s -w $$(git ls-files '*.go' | grep -v /testdata/)

fmtcheck:
	@out=$$(gofmt -s -l $$(git ls-files '*.go' | grep -v /testdata/)); test -z "$$out" || { echo "gofmt -s would change:"; echo "$$out"; exit 1; }

# After an intended change of output: rewrite every golden, then review the diff.
golden:
	INTELLIGEN_UPDATE=1 $(GO) test ./...

check: test

fix: fmt golden
