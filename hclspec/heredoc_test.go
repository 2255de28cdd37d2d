package hclspec

import (
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
