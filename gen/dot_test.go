package gen_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/intelligen/intelligen/gen"
	"github.com/intelligen/intelligen/internal/flowtest"
	"github.com/intelligen/intelligen/ir"
)

// Nodes and edges come in declaration order, not sorted by name or by node
// number (n10 after n9).
func TestDOTDeclarationOrder(t *testing.T) {
	b := flowtest.New("order")
	llm := b.Agent("llm", ir.Text, "openai")
	var tasks []*flowtest.Task
	for i := range 12 {
		tasks = append(tasks, b.Task(fmt.Sprintf("z%d", 11-i), llm, "x"))
	}
	b.After(tasks[0], tasks[11])
	b.After(tasks[0], tasks[1])
	got := string(gen.DOT(b.Build()))
	var nodes, edges []string
	for _, line := range strings.Split(got, "\n") {
		if i := strings.Index(line, "[id=\""); i >= 0 {
			nodes = append(nodes, strings.TrimSpace(line[:i]))
		}
		if strings.Contains(line, "->") {
			edges = append(edges, strings.TrimSpace(line[:strings.Index(line, "[")]))
		}
	}
	for i, n := range nodes {
		if n != fmt.Sprintf("n%d", i+1) {
			t.Errorf("node %d is %s", i, n)
		}
	}
	if want := "n12->n1 n2->n1"; strings.Join(edges, " ") != want {
		t.Errorf("edges %q, want %q (as written in after)", edges, want)
	}
	if !strings.Contains(got, `n1[id="z11"`) {
		t.Errorf("first node is not the first task:\n%s", got)
	}
}

// A flow label may hold any character; the DOT escapes it so dot accepts
// the file.
func TestDOTEscapesFlowName(t *testing.T) {
	b := flowtest.New("a\"b\\c\nd\x00e\x1bf\ufeffg\u2028h")
	b.Task("t", b.Agent("llm", ir.Text, "openai"), "x")
	got := string(gen.DOT(b.Build()))
	first := got[:strings.Index(got, "\n")]
	if want := `digraph "a\"b\\c\nd\\u0000e\\u001Bf\\uFEFFg\\u2028h" {`; first != want {
		t.Errorf("first line %q, want %q", first, want)
	}
	for _, r := range got {
		if r < ' ' && r != '\n' && r != '\t' || r == '\ufeff' || r == '\u2028' {
			t.Errorf("DOT holds %U", r)
		}
	}
	renderDOT(t, []byte(got))
}
