// Package temporal runs flows generated with intelligen's Temporal target
// (docs/temporal.md) on Temporal: the workflow side (a [Run] of task
// coroutines joined by typed [Edge]s, each agent call one activity) and the
// activity side (one try of one agent call per activity execution, with
// Temporal's retry policy made from the agent's retry).
//
// It is its own Go module, so that programs which do not use Temporal
// never download its SDK. Generated <base>_temporal.go files call it; it
// is not meant to be called by hand. It does not start workers or
// clients: a program does, with go.temporal.io/sdk.
package temporal
