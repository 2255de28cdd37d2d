// Package gen emits the Go source and the Graphviz DOT graph of a checked
// flow ([ir.Workflow]).
//
// [Go] writes one gofmt'ed Go file per flow (docs/api.md): an Input struct, an
// Output struct, a Flow with New, Run and RunAll (a one-line call of
// runtime.RunAll, see runall.go), package-level runtime.FlowConfig,
// runtime.AgentConfig and runtime.Task values, and a Run body with one
// goroutine per task and one buffered typed channel per edge. Everything
// the program needs to know about a flow (prompt composition, edge routing,
// parameters) is decided here at generate time; scheduling, retries,
// limits and logging live in package runtime.
//
// # How the Go file is written
//
// One way, protogen's: a writer (writer.go) whose P appends a line made
// of strings, ints and goIdents. Every identifier of an imported package
// is a goIdent (rt("Task") for package runtime, timePkg.ident("Second")),
// which the writer qualifies and whose package it imports; the import
// block lists exactly what the body used, and package runtime is
// imported under its own name like any other. Every package the file can
// import is declared once, with newPackage, which also reserves its name
// against locals. The writer leaves indentation and alignment to one
// go/format pass over the whole file at the end; it decides only line
// breaks and blank lines.
//
// Names are decided before anything is written: newGenerator names the
// package-level variables and Run's locals come from one scope (names.go)
// seeded with every import and declaration (the declared list in
// decls.go), so no task, agent or variable label can shadow another name.
//
// Where to add code: generator.file (decls.go) calls one method per
// top-level declaration, in file order, and is the only list of them.
//
//   - A new declaration (a named struct or enum type of a
//     typed output, a block of schema constants) is one new method on
//     generator, called from file, with its name added to declared.
//   - A new method of Flow (as RunAll, runall.go) is one new method on
//     generator, called from file after runFunc; it names its locals from a
//     newScope(g.pkg), as runFunc does.
//   - The Go type of a value on an edge or in Output (a typed output's
//     struct instead of string) is decided by valueType alone, which
//     Output's fields and Run's channels both use.
//   - A new field of a config value is one more field{} in flowConfig,
//     agentConfig or taskConfig, written only when it differs from the
//     runtime's default (package catalog).
//   - A new statement in Run goes in runFunc (run.go); a new statement in
//     every task's goroutine (a when condition, a for_each loop) goes in
//     taskBody, which the Temporal workflow's coroutines share.
//   - A new imported package is one newPackage line in writer.go.
//
// Conditions and fan-out live in when.go and foreach.go: a task's
// goroutine first receives every input (receive), then ends or skips by
// the skip rules (skips), renders coalesce and the parts that need a
// local, and makes its call, or its calls through runtime.Run.Each for a
// for_each task (forEachCall); deliver writes the value to Output and
// the channels. Which tasks may be skipped, and so have pointer Output
// fields and a skip flag in Run, is decided by package ir.
//
// Typed outputs live in types.go (the Go types, the JSON Schemas and
// valueType) and template.go (the text of typed values in a prompt, and
// each task's call); a user's images and audio in media.go; the flow's
// task list for observers in flowtasks.go.
//
// [DOT] writes the flow's graph (docs/dot.md).
//
// [Temporal] writes the flow's Temporal workflow, <base>_temporal.go
// (temporal.go, docs/temporal.md): Run's shape with a workflow coroutine
// per task and a workflow channel per edge, from the same names, inputs
// and prompt expressions as Run, so that the two cannot drift apart.
//
// Both are byte-for-byte deterministic: gen never ranges over a map while
// emitting.
//
// gen is not a checker: it trusts that its input came from ir.Check. An
// error from [Go] means a bug in gen, never a problem in the user's flow.
// It does not read or write files; see the root package's Generate and
// Commit for that.
package gen
