// Package gen emits the Go source and the Graphviz DOT graph of a checked
// flow ([ir.Workflow]).
//
// [Go] writes one gofmt'ed Go file per flow (SPEC §4): an Input struct, an
// Output struct, a Flow with New, Run and RunAll (a one-line call of
// runtime.RunAll, see runall.go), package-level runtime.FlowConfig,
// runtime.AgentConfig and runtime.Task values, and a Run body with one
// goroutine per task and one buffered typed channel per edge. Everything
// the program needs to know about a flow (prompt composition, edge routing,
// parameters) is decided here at generate time; scheduling, retries,
// limits and logging live in package runtime, which the generated file
// imports under its own name through one place in this package.
//
// The file is built with jen and formatted with go/format, except for the
// code repeated per task and per edge, most of a large flow's file: Run's
// channels and goroutines and the simple task configs are written as text
// already in gofmt's form, as they have few shapes, and spliced in. That
// makes a 10k-task flow five times faster to generate; TestFormatted
// holds the text to gofmt's rules.
//
// [DOT] writes the flow's graph (SPEC §7).
//
// Both are byte-for-byte deterministic: gen never ranges over a map while
// emitting, and names its locals through one allocator seeded with every
// identifier the file declares or imports, so no task, agent or variable
// label can shadow another name.
//
// gen is not a checker: it trusts that its input came from ir.Check. An
// error from [Go] means a bug in gen, never a problem in the user's flow.
// It does not read or write files; see the root package's Generate and
// Commit for that.
package gen
