package gen

import (
	"testing"
)

func TestScopeName(t *testing.T) {
	pkg := newScope(universe)
	pkg.reserve("runtime", "Input")
	run := newScope(pkg)
	run.reserve("ctx", "f")
	tests := []struct {
		s        *scope
		in, want string
	}{
		{run, "task1", "task1"},
		{run, "task1", "task1_2"},     // taken in the same scope
		{run, "task1", "task1_3"},     // again
		{run, "ctx", "ctx_2"},         // reserved local
		{run, "runtime", "runtime_2"}, // an import, from the parent scope
		{run, "string", "string_2"},   // predeclared
		{run, "nil", "nil_2"},
		{run, "func", "func_2"}, // keyword
		{run, "type", "type_2"},
		{run, "Input", "Input_2"},
		{run, "myTask", "myTask"},
		{run, "1x", "x1x"}, // not an identifier
		{run, "a-b", "x"},  // not even with a prefix
		{run, "a-b", "x_2"},
	}
	for _, tt := range tests {
		if got := tt.s.name(tt.in); got != tt.want {
			t.Errorf("name(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// A child scope sees its parent's names, but its own names do not
	// leak into siblings.
	a, b := newScope(run), newScope(run)
	if got := a.name("y"); got != "y" {
		t.Errorf("a.name(y) = %q", got)
	}
	if got := b.name("y"); got != "y" {
		t.Errorf("b.name(y) = %q, want y (sibling scopes are independent)", got)
	}
	if got := a.name("task1"); got != "task1_4" {
		t.Errorf("a.name(task1) = %q, want task1_4", got)
	}
}

func TestLowerFirst(t *testing.T) {
	for in, want := range map[string]string{"ImageDesc": "imageDesc", "A": "a", "URL": "uRL", "": "", "Élan": "élan", "X1": "x1"} {
		if got := lowerFirst(in); got != want {
			t.Errorf("lowerFirst(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRawString(t *testing.T) {
	for s, want := range map[string]string{
		`{"a":1}`:       "`{\"a\":1}`",
		"{\"a\":\"`\"}": "\"{\\\"a\\\":\\\"`\\\"}\"",
		"a\rb":          "\"a\\rb\"",
	} {
		if got := rawString(s); got != want {
			t.Errorf("rawString(%q) = %s, want %s", s, got, want)
		}
	}
}

// Many names from one base are numbered in order, each found without
// retrying the suffixes given before (a task passed 200,000 times in after
// names as many channels).
func TestScopeManyFromOneBase(t *testing.T) {
	s := newScope(universe)
	s.reserve("x_3")
	want := []string{"x", "x_2", "x_4", "x_5"}
	for i := range 100000 {
		got := s.name("x")
		if i < len(want) && got != want[i] {
			t.Fatalf("name %d = %q, want %q", i, got, want[i])
		}
		if i == 99999 && got != "x_100001" {
			t.Fatalf("last name = %q, want x_100001", got)
		}
	}
}
