//go:build race

package gen_test

// raceEnabled makes slow timing tests skip: the race detector slows
// generation tenfold.
const raceEnabled = true
