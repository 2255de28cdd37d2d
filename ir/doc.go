// Package ir defines the checked flow graph that code generators consume,
// and [Check], which builds it from a parsed [hclspec.Spec].
//
// Check resolves every reference, derives Go names (one function, [GoName]),
// applies defaults (timeout 120s; retry 3 attempts, 1s backoff, 30s max
// backoff), checks agent types, providers and params, types every edge,
// applies the port rules of docs/language.md#ports, types outputs (schemas, output
// types and the Go names of their types, their canonical JSON Schema, the
// attribute paths, jsonencode and join of templates; see
// docs/language.md#typed-outputs), resolves attached images and audio
// (docs/language.md#media), parses and types conditions (when, coalesce)
// and decides at check time which tasks may be skipped and which edges a
// task needs (docs/language.md#conditions), resolves fan-out (list
// variables, for_each, each; docs/language.md#fan-out), and rejects cycles, reporting each cycle once
// with its whole chain. It also warns about what is valid but likely a
// mistake (an unused agent or variable, an excluded task that feeds
// nothing, a mission that is never sent) and rejects the Stability model
// names its client would reject (see package providers/models); the list of checks is
// docs/language.md#checks. Problems are [hcl.Diagnostics], all of
// them, never just the first.
//
// Invariants of a returned [Workflow]: it is immutable; Tasks, Variables and
// Agents are in declaration order; Order is a topological order of Edges
// with ties broken by declaration order; Edges are ordered by (To in Order,
// position in To.In); every Edge has a Type. If Check reports an error, it
// returns no Workflow at all.
//
// ir does not parse HCL (package hclspec does) and does not emit code
// (package gen does). It never sees an hcl.Body or hcl.Expression.
package ir
