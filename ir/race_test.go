//go:build race

package ir_test

// raceEnabled shrinks the largest inputs under the race detector, which
// slows the checker down tenfold.
const raceEnabled = true
