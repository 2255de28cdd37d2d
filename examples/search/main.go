// Command search embeds a query and three documents and ranks the
// documents by cosine similarity to the query: embed tasks whose outputs
// are flow outputs.
//
// With GEMINI_API_KEY set it calls Gemini; without it it runs offline in
// the simulator.
package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"

	"github.com/intelligen/intelligen/runtime"
)

func main() {
	os.Exit(run(context.Background(), os.Stdout, os.Stderr))
}

func run(ctx context.Context, stdout, stderr io.Writer) int {
	f, err := New()
	if missing := runtime.MissingKeys(err); len(missing) > 0 {
		fmt.Fprintf(stderr, "search: %s not set: running offline in simulation\n", strings.Join(missing, ", "))
		f, err = New(runtime.WithSimulation())
	}
	if err != nil {
		fmt.Fprintln(stderr, "search:", err)
		return 1
	}
	out, err := f.Run(ctx, Input{})
	if err != nil {
		fmt.Fprintln(stderr, "search:", err)
		return 1
	}
	type hit struct {
		name  string
		score float64
	}
	hits := []hit{
		{"doc_simulation", cosine(out.Query, out.DocSimulation)},
		{"doc_retries", cosine(out.Query, out.DocRetries)},
		{"doc_graph", cosine(out.Query, out.DocGraph)},
	}
	slices.SortStableFunc(hits, func(a, b hit) int { return cmp.Compare(b.score, a.score) })
	for i, h := range hits {
		fmt.Fprintf(stdout, "%d. %-15s %.4f\n", i+1, h.name, h.score)
	}
	return 0
}

// cosine returns the cosine similarity of a and b, or 0 when either is zero
// or their lengths differ.
func cosine(a, b runtime.Embedding) float64 {
	if len(a) != len(b) {
		return 0
	}
	var dot, na, nb float64
	for i := range a {
		dot += float64(a[i]) * float64(b[i])
		na += float64(a[i]) * float64(a[i])
		nb += float64(b[i]) * float64(b[i])
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return dot / math.Sqrt(na*nb)
}
