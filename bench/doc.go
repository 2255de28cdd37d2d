// Package bench compares intelligen-generated flows with the same DAGs
// written by hand (a goroutine per task, a typed channel per edge), built
// as a CloudWeGo Eino compose graph in DAG mode, and run as plain
// sequential calls. It is a separate module so that the intelligen module
// never depends on Eino.
//
// Every DAG is described once, as a [DAG] value, and the seed flow once,
// in the repository's examples/blog/flow.hcl. Everything else is build
// output: go generate (generate.go, cmd/mkflows) writes the DAGs' HCL into
// flows/, which git ignores, and compiles them and the seed flow with
// intelligen. The tests and benchmarks that run the generated flows are in
// flowbench, built only with the benchflows tag, so that `go vet ./...`
// and `go test ./...` work in a fresh clone: TestFlows generates the flows
// and runs flowbench's tests. The hand-written, Eino and sequential
// implementations are built from the same [DAG] values, and
// TestSameOutputs checks that all four agree under the simulator
// (docs/simulator.md) before anything is timed. run.sh runs everything and
// prints the tables that docs/benchmarks.md records.
package bench
