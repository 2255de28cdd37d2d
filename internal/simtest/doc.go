// Package simtest computes the simulator's outputs (docs/simulator.md#outputs)
// from their definition, independently of package runtime, so that tests
// of generated flows check the runtime's simulator rather than repeat it.
// It is for tests only.
//
// Every output is derived from h = SHA-256(task "\x00" prompt), followed,
// for each image or audio the task receives, in order, by "\x00" and its
// bytes.
package simtest
