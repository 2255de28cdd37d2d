package ir_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"
)

// Subjects are tight (the reference's name, the value, the label) and
// Contexts enclose them (the input, the attribute, the block header).
func TestRanges(t *testing.T) {
	src := header + `task "a" {
  agent   = agent.w
  input   = "x ${task.serach.output}"
  timeout = "soon"
}
task "a" {
  agent = agent.w
  after = [task.nope]
}
`
	_, diags := checkText(t, src)
	r := func(p *hcl.Range) string {
		if p == nil {
			return "-"
		}
		return fmt.Sprintf("%d:%d-%d:%d", p.Start.Line, p.Start.Column, p.End.Line, p.End.Column)
	}
	var got []string
	for _, d := range diags {
		got = append(got, fmt.Sprintf("%s subject %s context %s", d.Summary, r(d.Subject), r(d.Context)))
	}
	want := []string{
		"Reference to undeclared task subject 8:18-8:29 context 8:13-8:38",
		"Invalid duration subject 9:13-9:19 context 9:3-9:19",
		"Duplicate task block subject 11:6-11:9 context 11:1-11:9",
		"Reference to undeclared task subject 13:12-13:21 context 13:3-13:22",
	}
	slices.Sort(got)
	slices.Sort(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ranges (-want +got):\n%s", diff)
	}
}
