// Package flowbench holds bench's tests and benchmarks that run the
// generated flows (bench/flows, written by go generate in bench/). They
// build only with the benchflows tag, so that a tree without the
// generated flows still vets and tests: bench's TestFlows generates the
// flows and runs `go test -tags benchflows ./flowbench`, and run.sh
// builds the benchmarks with the tag. The package has no code of its
// own.
package flowbench
