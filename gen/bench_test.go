package gen_test

import (
	"fmt"
	"testing"

	"github.com/intelligen/intelligen/gen"
	"github.com/intelligen/intelligen/internal/flowtest"
	"github.com/intelligen/intelligen/ir"
)

// BenchmarkGo measures generating large flows; docs/benchmarks.md
// records the figures.
func BenchmarkGo(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		w := flowtest.Large(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := gen.Go(w, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkGo10k generates a dense 10k-task flow (about 40k edges) and a
// 10k-task chain.
func BenchmarkGo10k(b *testing.B) {
	for _, w := range []*ir.Workflow{flowtest.Large(10000), flowtest.Chain(10000)} {
		b.Run(w.Name, func(b *testing.B) {
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
