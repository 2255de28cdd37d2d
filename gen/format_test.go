package gen

import (
	"bytes"
	"go/format"
	"testing"

	"github.com/dave/jennifer/jen"

	"github.com/intelligen/intelligen/gen/internal/flowtest"
	"github.com/intelligen/intelligen/ir"
)

// wholeSource returns w's generated source, unformatted, with the task
// goroutines in place: what Go would format if it formatted the file at
// once.
func wholeSource(t testing.TB, w *ir.Workflow) []byte {
	g := newGenerator(w)
	raw, err := g.source(&Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Order) == 0 {
		return raw
	}
	stmts, err := g.statements(func(f *jen.File) {
		for _, task := range w.Order {
			f.Comment(taskComment(task))
			f.Id("r").Dot("Go").Call(jen.Func().Params().Block(g.taskBody(task)...))
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	stmts = bytes.TrimPrefix(stmts, []byte("\n"))
	marker := []byte("// " + tasksMarker + "\n")
	i := bytes.Index(raw, marker)
	if i < 0 {
		t.Fatal("no marker")
	}
	return append(append(raw[:i:i], append(stmts, '\n')...), raw[i+len(marker):]...)
}

// TestChunkedFormat checks that Go, which formats Run's goroutines in
// chunks apart from the rest, gives the bytes of formatting the whole
// file at once.
func TestChunkedFormat(t *testing.T) {
	defer func(n int) { chunkSize = n }(chunkSize)
	chunkSize = 3 // several chunks, one of them short, in small flows
	flows := append(flowtest.Committed(), flowtest.Large(40), flowtest.Chain(7))
	b := flowtest.New("nothing")
	b.W.Description = "// @@intelligen:tasks@@\n// @@intelligen:section@@"
	flows = append(flows, b.Build()) // no agents, no tasks
	for _, w := range flows {
		want, err := format.Source(wholeSource(t, w))
		if err != nil {
			t.Fatal(err)
		}
		got, err := Go(w, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("flow %s: chunked format differs:\n%s\nwant:\n%s", w.Name, got, want)
		}
	}
}

func BenchmarkFormat(b *testing.B) {
	w := flowtest.Large(10000)
	b.Run("whole", func(b *testing.B) {
		for b.Loop() {
			if _, err := format.Source(wholeSource(b, w)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("chunked", func(b *testing.B) {
		for b.Loop() {
			if _, err := Go(w, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
}
