// Package large is a flow of 100 text tasks generated for the Temporal
// benchmarks.
package large

//go:generate go tool intelligen build --target temporal flow.hcl
