package hclspec

import (
	"fmt"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

func TestParseRef(t *testing.T) {
	tests := []struct {
		expr string
		want string // Ref.String() and name range, or the diagnostic
	}{
		{"var.topic", "var.topic 1:1-1:10"},
		{"agent.writer", "agent.writer 1:1-1:13"},
		{"task.search", "task.search 1:1-1:12"},
		{"task.search.output", "task.search.output 1:1-1:12"},
		{"task.my-task.output", "task.my-task.output 1:1-1:13"},
		{"task.search.result", `1:12-1:19 Unsupported task attribute: A task has no attribute named "result". The only attribute of a task is output, as in task.search.output.`},
		{"tasks.search", `1:1-1:6 Invalid reference: There is nothing named "tasks" in a flow. Only var.NAME, agent.NAME, task.NAME and task.NAME.output may be referenced. Did you mean "task"?`},
		{"var", "1:1-1:4 Invalid reference: A reference to a variable must be followed by its name, as in var.topic."},
		{"agent[0]", "1:1-1:9 Invalid reference: An agent is referenced by name, as in agent.writer."},
		{"var.topic.x", "1:10-1:12 Invalid reference: var.topic has no attributes or elements to select. Only var.NAME, agent.NAME, task.NAME and task.NAME.output may be referenced."},
		{"task.a.output[0]", "1:14-1:17 Indexing not supported: task.a.output cannot be indexed: a path selects object attributes by name, as in task.a.output.title. Pass a whole list with join or jsonencode, or handle each element with for_each."},
		{"task.a.output.owner.email", "task.a.output.owner.email 1:1-1:7"},
		{"task.a.output.items[0].x", "1:20-1:25 Indexing not supported: task.a.output.items cannot be indexed: a path selects object attributes by name, as in task.a.output.title. Pass a whole list with join or jsonencode, or handle each element with for_each."},
	}
	for _, tt := range tests {
		trav, diags := hclsyntax.ParseTraversalAbs([]byte(tt.expr), "x.hcl", hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatalf("%s: %v", tt.expr, diags)
		}
		ref, diags := ParseRef(trav)
		var got string
		switch {
		case ref != nil && len(diags) == 0:
			got = fmt.Sprintf("%s %s", ref, rng(ref.NameRange))
		case ref == nil && len(diags) == 1:
			got = fmt.Sprintf("%s %s: %s", rng(*diags[0].Subject), diags[0].Summary, diags[0].Detail)
		default:
			got = fmt.Sprintf("ref %v, diags %v", ref, diags)
		}
		if got != tt.want {
			t.Errorf("ParseRef(%s)\n got %s\nwant %s", tt.expr, got, tt.want)
		}
	}
}

func rng(r hcl.Range) string {
	return fmt.Sprintf("%d:%d-%d:%d", r.Start.Line, r.Start.Column, r.End.Line, r.End.Column)
}
