// Package intelligen compiles AI workflows ("flows") written in HCL into
// typed Go: a goroutine per task and a typed channel per edge.
//
// This package is the library behind the intelligen command: [Load] and
// [LoadFiles] parse and check a flow (packages hclspec and ir),
// [LoadFilesInPackage] does so for a flow generated into a given Go
// package (as under go generate, docs/cli.md#go-generate), and
// [WriteDiagnostics] prints the problems found, as text with source
// snippets, as one compact line each, or as JSON (docs/cli.md#diagnostics). Code generation
// lives in package gen and in this package's Generate.
//
// It is not the runtime that generated code links against: that is package
// runtime, with the provider clients in package providers.
package intelligen
