package hclspec

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"
)

// An unterminated heredoc is one positioned diagnostic, found before HCL's
// parser (which recovers from it in quadratic time) sees the file.
func TestUnterminatedHeredoc(t *testing.T) {
	body := strings.Repeat("line ${var.x}\n", 20000)
	if testing.Short() {
		body = body[:len(body)/10]
	}
	src := "flow \"f\" {}\ntask \"a\" {\n  input = <<-EOT\n" + body
	spec, diags := NewParser().ParseFS(fstest.MapFS{"flow.hcl": {Data: []byte(src)}}, "flow.hcl")
	if spec != nil || len(diags) != 1 || diags[0].Summary != "Unterminated heredoc" {
		t.Fatalf("diagnostics: %v", diags)
	}
	if d := diags[0]; d.Subject.Start.Line != 3 || d.Subject.Start.Column != 11 || !strings.Contains(d.Detail, "marker, EOT.") {
		t.Errorf("diagnostic at %d:%d: %s", d.Subject.Start.Line, d.Subject.Start.Column, d.Detail)
	}
}

// A heredoc of many lines, or a string of many escapes, would cost HCL's
// parser quadratic time to join; it is reported before parsing. Smaller
// ones parse.
func TestLargeTemplate(t *testing.T) {
	line := strings.Repeat("a long prompt ", 14) + "\n"
	for _, tt := range []struct {
		src  string
		want string
	}{
		{"x = <<EOT\n" + strings.Repeat(line, 20000) + "EOT\n", "Template too large"},
		{"x = \"" + strings.Repeat("$${x} %%{y} ", 100000) + "\"\n", "Template too large"},
		{"x = <<EOT\n" + strings.Repeat(line, 2000) + "EOT\n", ""},
		{"x = \"" + strings.Repeat("x", 1<<20) + "\"\n", ""},
	} {
		p := NewParser()
		_, diags := p.ParseFile([]byte(tt.src), "flow.hcl")
		got := ""
		if len(diags) > 0 {
			got = diags[0].Summary
		}
		if got != tt.want {
			t.Errorf("%.40q...: %q, want %q", tt.src, got, tt.want)
		}
	}
}

// A file with more task blocks than the limit is refused before parsing,
// at the first task past it; one at the limit is parsed.
func TestTaskBlockBeyond(t *testing.T) {
	src := []byte("flow \"f\" {}\ntask \"a\" {}\n  task\t\"b\" {}\ntasks \"c\" {}\ntask = 1\ntask \"d\" {}\n")
	for _, tt := range []struct {
		limit int
		want  int
	}{
		{3, -1},
		{2, bytes.Index(src, []byte("task \"d\""))},
		{1, bytes.Index(src, []byte("task\t\"b\""))},
		{0, bytes.Index(src, []byte("task \"a\""))},
	} {
		if got := taskBlockBeyond(src, tt.limit); got != tt.want {
			t.Errorf("limit %d: %d, want %d", tt.limit, got, tt.want)
		}
	}
}
