package ir_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/intelligen/intelligen/hclspec"
	"github.com/intelligen/intelligen/ir"
)

// randomDAG returns a flow of n tasks where each task takes about three
// earlier tasks' outputs, half in its input template and half in after.
func randomDAG(n int) []byte {
	rng := rand.New(rand.NewPCG(uint64(n), 42))
	var b strings.Builder
	b.WriteString(header)
	for i := range n {
		fmt.Fprintf(&b, "task \"t%d\" {\n  agent = agent.w\n  input = \"Step %d", i, i)
		var after []string
		if i > 0 {
			for range 3 {
				j := rng.IntN(i)
				if rng.IntN(2) == 0 {
					fmt.Fprintf(&b, " ${task.t%d.output}", j)
				} else {
					after = append(after, fmt.Sprintf("task.t%d", j))
				}
			}
		}
		b.WriteString("\"\n")
		if len(after) > 0 {
			fmt.Fprintf(&b, "  after = [%s]\n", strings.Join(after, ", "))
		}
		b.WriteString("}\n")
	}
	return []byte(b.String())
}

func BenchmarkCheck(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000} {
		src := randomDAG(n)
		b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				fsys := fstest.MapFS{"flow.hcl": {Data: src}}
				spec, diags := hclspec.NewParser().ParseFS(fsys, "flow.hcl")
				if diags.HasErrors() {
					b.Fatal(diags)
				}
				w, diags := ir.Check(spec)
				if w == nil {
					b.Fatal(diags)
				}
			}
		})
	}
}
