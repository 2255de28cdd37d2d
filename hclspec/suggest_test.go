package hclspec

import "testing"

// A string written where a reference belongs gets the reference it meant,
// never a doubled prefix.
func TestRefSuggestion(t *testing.T) {
	for _, tt := range []struct {
		kind     RefKind
		in, want string
	}{
		{RefTask, "a", "task.a"},
		{RefTask, "task.a", "task.a"},
		{RefTask, "task.a.output", "task.a"},
		{RefTask, "${task.my-task.output}", "task.my-task"},
		{RefAgent, "writer", "agent.writer"},
		{RefAgent, "agent.writer", "agent.writer"},
		{RefAgent, "two words", "agent.NAME"},
		{RefTask, "", "task.NAME"},
	} {
		if got := refSuggestion(tt.kind, tt.in); got != tt.want {
			t.Errorf("refSuggestion(%s, %q) = %q, want %q", tt.kind, tt.in, got, tt.want)
		}
	}
}
