//go:build benchflows

package flowbench_test

import (
	"context"
	"testing"

	"github.com/intelligen/intelligen/bench"
)

// BenchmarkSeedParallel runs the seed flow with no-op agents from
// GOMAXPROCS goroutines at once (b.RunParallel), one Flow shared by all:
// run it with -cpu 1,2,4,8,16 to see how concurrent Runs scale with cores.
// Per-Run time should fall as cores are added, as it does for the
// hand-written flow; shared state written by every Run (a counter, a lock,
// a pool) would stop it falling.
func BenchmarkSeedParallel(b *testing.B) {
	for _, im := range seedImpls(bench.NoOp)[:2] { // intelligen and hand
		b.Run(im.name, func(b *testing.B) {
			run, err := im.setup()
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			ctx := context.Background()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if err := run(ctx); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}
