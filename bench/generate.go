package bench

// The benchmark flows are build output, not source: mkflows writes the
// HCL of every DAG of Generated, then compiles it and seed.hcl with
// intelligen into one package each under flows/ (ignored by git), with
// flows/registry_gen.go, which reaches each by name. run.sh runs it
// first; run `go generate` in bench/ before `go test` or `go vet`.

//go:generate go run ./cmd/mkflows -o flows
