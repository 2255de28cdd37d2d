package ir

import "testing"

func TestGoName(t *testing.T) {
	tests := []struct {
		label, want string
		ok          bool
	}{
		{"image_desc", "ImageDesc", true},
		{"my-task", "MyTask", true},
		{"fooBar", "FooBar", true},
		{"FOO_bar", "FOOBar", true},
		{"a", "A", true},
		{"a__b", "AB", true},
		{"a-_-b", "AB", true},
		{"task1", "Task1", true},
		{"x_1", "X1", true},
		{"_x", "X", true},
		{"trailing_", "Trailing", true},
		{"type", "Type", true}, // Go keywords are fine as labels
		{"_1", "1", false},
		{"_", "", false},
		{"-", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got := GoName(tt.label)
		if got != tt.want || IsGoName(got) != tt.ok {
			t.Errorf("GoName(%q) = %q (IsGoName %v), want %q (%v)", tt.label, got, IsGoName(got), tt.want, tt.ok)
		}
	}
}

func TestDefaultPackage(t *testing.T) {
	tests := []struct {
		label, want string
		ok          bool
	}{
		{"content", "content", true},
		{"Content Flow", "contentflow", true},
		{"my-flow_2", "myflow2", true},
		{"Ünïcode", "ncode", true},
		{"func", "func", false},
		{"Type", "type", false},
		{"2fast", "2fast", false},
		{"--", "", false},
	}
	for _, tt := range tests {
		got := DefaultPackage(tt.label)
		if got != tt.want || IsPackageName(got) != tt.ok {
			t.Errorf("DefaultPackage(%q) = %q (valid %v), want %q (%v)", tt.label, got, IsPackageName(got), tt.want, tt.ok)
		}
	}
	if IsPackageName("_") {
		t.Error(`IsPackageName("_") = true, want false`)
	}
}

func TestIsLabel(t *testing.T) {
	for _, s := range []string{"a", "_", "A-b_9", "_1", "x-"} {
		if !IsLabel(s) {
			t.Errorf("IsLabel(%q) = false, want true", s)
		}
	}
	for _, s := range []string{"", "1a", "-a", "a b", "a.b", "é", "a$"} {
		if IsLabel(s) {
			t.Errorf("IsLabel(%q) = true, want false", s)
		}
	}
}
