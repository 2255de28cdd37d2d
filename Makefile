# intelligen's tasks. Each target wraps the go command; each check has a fix partner.
GO ?= go

.PHONY: all build test race vet fmt fmtcheck golden generate check-generate demo bench check fix

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

# Regenerate every example with the intelligen of this tree (go tool intelligen).
generate:
	$(GO) generate ./examples/... ./internal/...

# Committed generated code must be fresh.
check-generate:
	$(GO) tool intelligen diff $(wildcard examples/*/flow.hcl examples/*/*/flow.hcl internal/testflows/*/flow.hcl)

# The quick start: build the blog flow with intelligen, then run it offline in
# simulation (API keys are unset for the run, so no network is used).
demo:
	$(GO) generate ./examples/blog
	env -u GEMINI_API_KEY -u OPENAI_API_KEY -u STABILITY_API_KEY INTELLIGEN_SIM_LATENCY=100ms \
		$(GO) run ./examples/blog -logo examples/blog/logo.png

# Benchmarks against hand-written Go, sequential calls and CloudWeGo Eino, in
# the separate bench/ module (about 10 minutes; results in docs/benchmarks.md).
bench:
	cd bench && ./run.sh

check: test check-generate

fix: fmt golden
