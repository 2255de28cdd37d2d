package gen

import (
	"bytes"
	"strings"

	"github.com/emicklei/dot"

	"github.com/intelligen/intelligen/ir"
)

// DOT returns w as a Graphviz digraph (SPEC §7): one box per task, labelled
// with the task and a second line "agent (provider type)", dashed when
// the task is excluded; one note per variable with an edge to each task
// whose input uses it; one edge per data edge, labelled with its type.
//
// emicklei/dot names nodes n1, n2, ... in the DOT text; each node's id
// attribute carries the task label (or var.NAME), so SVG elements keep the
// flow's names. Nodes are created in declaration order (tasks, then
// variables) and edges in Workflow.Edges order; the library sorts its
// output by node key, so the same flow always yields the same bytes.
func DOT(w *ir.Workflow) []byte {
	g := dot.NewGraph(dot.Directed)
	g.ID(quoteID(w.Name))
	tasks := make([]dot.Node, len(w.Tasks))
	for i, t := range w.Tasks {
		n := g.Node(t.Name).Box()
		n.Attr("id", t.Name)
		n.Label(t.Name + "\n" + t.Agent.Name + " (" + t.Agent.Provider + " " + string(t.Agent.Type) + ")")
		if t.Exclude {
			n.Attr("style", "dashed")
		}
		tasks[i] = n
	}
	for _, v := range w.Variables {
		// Variable keys have a dot, which no task label has: they never
		// collide with task nodes.
		id := "var." + v.Name
		n := g.Node(id).Attr("shape", "note").Attr("id", id)
		for _, t := range w.Tasks {
			if usesVar(t, v) {
				g.Edge(n, tasks[t.Index])
			}
		}
	}
	for _, e := range w.Edges {
		g.Edge(tasks[e.From.Index], tasks[e.To.Index], string(e.Type))
	}
	var b bytes.Buffer
	g.Write(&b)
	// The library writes a whitespace-only line where graph attributes
	// would go; drop such lines so the file has no trailing blanks.
	var out bytes.Buffer
	for _, line := range bytes.SplitAfter(b.Bytes(), []byte("\n")) {
		if len(bytes.TrimSpace(line)) > 0 {
			out.Write(line)
		}
	}
	return out.Bytes()
}

func usesVar(t *ir.Task, v *ir.Variable) bool {
	for _, p := range t.Input {
		if p.Var == v {
			return true
		}
	}
	return false
}

// quoteID returns s as a DOT double-quoted string.
func quoteID(s string) string {
	return `"` + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), `"`, `\"`) + `"`
}
