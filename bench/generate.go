package bench

// The benchmark flows are build output, not source: mkflows writes the
// HCL of every DAG of Generated, then compiles it and the seed flow
// (examples/blog/flow.hcl) with intelligen into one package each under
// flows/ (ignored by git), with flows/registry_gen.go, which reaches each
// by name. The code that imports them (flowbench, coldbuild/intelligen)
// builds only with the benchflows tag; TestFlows and run.sh run go
// generate first.

//go:generate go run ./cmd/mkflows -o flows
