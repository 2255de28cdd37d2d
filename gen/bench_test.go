package gen_test

import (
	"fmt"
	"testing"

	"github.com/intelligen/intelligen/gen"
	"github.com/intelligen/intelligen/internal/flowtest"
	"github.com/intelligen/intelligen/ir"
)

// BenchmarkGo measures generating large flows: dense ones of 1,000 and
// 10,000 tasks (about four edges per task) and a 10,000-task chain;
// docs/benchmarks.md records the figures.
func BenchmarkGo(b *testing.B) {
	for _, w := range []*ir.Workflow{flowtest.Large(1000), flowtest.Large(10000), flowtest.Chain(10000)} {
		b.Run(fmt.Sprint(w.Name, "-", len(w.Tasks)), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				src, err := gen.Go(w, nil)
				if err != nil {
					b.Fatal(err)
				}
				b.SetBytes(int64(len(src)))
			}
		})
	}
}
