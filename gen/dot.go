package gen

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/intelligen/intelligen/ir"
)

// DOT returns w as a Graphviz digraph (docs/dot.md): one box per task,
// labelled with the task and a second line "agent (provider type)", dashed
// when the task is excluded; one note per variable with an edge to each
// task whose input or when uses it, and one labelled with its type (image,
// audio) to each task that attaches it; one edge per data edge, labelled
// with its type: text, image, audio, embedding, or a typed output's HCL
// spelling (the schema's label, list(string)). A task with a when shows it
// as a third label line, and an edge from a when is dashed and labelled
// "when". A for_each task has a double border, and its edge from the task
// it fans out over is labelled "for_each".
//
// Nodes are named n1, n2, ... in declaration order, tasks then variables;
// each node's id attribute carries the task label (or var.NAME), so SVG
// elements keep the flow's names. Edges follow too: each task's incoming
// edges as written, tasks in declaration order, then each variable's edges
// in declaration order. The same flow always yields the same bytes, and
// every string is escaped so that dot accepts it.
func DOT(w *ir.Workflow) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "digraph %s {\n", quoteID(w.Name))
	node := make(map[*ir.Task]string, len(w.Tasks))
	for i, t := range w.Tasks {
		id := fmt.Sprintf("n%d", i+1)
		node[t] = id
		label := t.Name + "\n" + t.Agent.Name + " (" + t.Agent.Provider + " " + string(t.Agent.Type) + ")"
		if t.When != nil {
			label += "\nwhen " + t.When.Text
		}
		fmt.Fprintf(&b, "\t%s[id=%s,label=%s,shape=\"box\"", id, quoteID(t.Name), quoteID(label))
		if t.Exclude {
			b.WriteString(",style=\"dashed\"")
		}
		if t.ForEach != nil {
			b.WriteString(",peripheries=2")
		}
		b.WriteString("];\n")
	}
	varNode := make([]string, len(w.Variables))
	for i, v := range w.Variables {
		varNode[i] = fmt.Sprintf("n%d", len(w.Tasks)+i+1)
		id := quoteID("var." + v.Name)
		fmt.Fprintf(&b, "\t%s[id=%s,label=%s,shape=\"note\"];\n", varNode[i], id, id)
	}
	for _, t := range w.Tasks {
		for _, e := range t.In {
			switch e.Via {
			case ir.ViaWhen:
				fmt.Fprintf(&b, "\t%s->%s[label=\"when\",style=\"dashed\"];\n", node[e.From], node[t])
				continue
			case ir.ViaForEach:
				fmt.Fprintf(&b, "\t%s->%s[label=\"for_each\"];\n", node[e.From], node[t])
				continue
			}
			fmt.Fprintf(&b, "\t%s->%s[label=%s];\n", node[e.From], node[t], quoteID(edgeLabel(e)))
		}
	}
	for i, v := range w.Variables {
		for _, t := range w.Tasks {
			switch {
			case t.ForEach != nil && t.ForEach.Var == v:
				fmt.Fprintf(&b, "\t%s->%s[label=\"for_each\"];\n", varNode[i], node[t])
			case attaches(t, v):
				fmt.Fprintf(&b, "\t%s->%s[label=%s];\n", varNode[i], node[t], quoteID(string(v.Type)))
			case usesVar(t, v):
				fmt.Fprintf(&b, "\t%s->%s;\n", varNode[i], node[t])
			}
		}
	}
	b.WriteString("}\n")
	return []byte(b.String())
}

func usesVar(t *ir.Task, v *ir.Variable) bool {
	for _, p := range t.Input {
		if p.Var == v {
			return true
		}
	}
	uses := false
	t.When.Walk(func(n *ir.Cond) { uses = uses || n.Var == v })
	return uses
}

// quoteID returns s as a DOT double-quoted string: quotes and backslashes
// escaped, a newline as dot's line break \n, and any other character that
// is not printable (a control character, a BOM) written as \uXXXX text,
// which dot shows as is, so that every name renders without warnings.
func quoteID(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case !unicode.IsPrint(r) && r != ' ':
			fmt.Fprintf(&b, `\\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// edgeLabel is the type of the value on e as DOT labels it: the type of a
// typed output or a for_each task's text list as written in HCL
// (docs/dot.md), else the value type.
func edgeLabel(e *ir.Edge) string {
	if e.From.Type != nil || e.From.ForEach != nil && e.Type == ir.TextValue {
		return e.From.OutType().HCL() // a for_each task's list(string)
	}
	return string(e.Type)
}

// attaches reports whether t attaches the image or audio variable v.
func attaches(t *ir.Task, v *ir.Variable) bool {
	for _, m := range t.Images {
		if m.Var == v {
			return true
		}
	}
	return t.Audio != nil && t.Audio.Var == v
}
