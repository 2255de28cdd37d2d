package hclspec

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// lexNesting is the exact nesting depth by HCL's lexer.
func lexNesting(src []byte) int {
	toks, _ := hclsyntax.LexConfig(src, "x.hcl", hcl.InitialPos)
	depth, maxDepth := 0, 0
	for _, tok := range toks {
		depth += nesting(tok.Type)
		maxDepth = max(maxDepth, depth)
	}
	return maxDepth
}

func lex(src []byte) hclsyntax.Tokens {
	toks, _ := hclsyntax.LexConfig(src, "x.hcl", hcl.InitialPos)
	return toks
}

var nestingCases = []struct {
	src     string
	depth   int
	certain bool
}{
	{"", 0, true},
	{"flow \"f\" {}\n", 1, true},
	{"task \"a\" {\n  input = \"x ${task.b.output} y\"\n  after = [task.b]\n}\n", 3, true},
	{"a = \"${\"${\"x\"}\"}\"\n", 5, true},
	{"a = \"$${x} %%{y} \\\" ${z}\"\n", 2, true},
	{"# comment ((((\n// (((\n/* ((( */ a = 1\n", 0, true},
	{"a = <<EOT\nx ${y} (((\n  EOT\n", 2, true},
	{"a = <<-EOT\n  x\n  EOT\nb = [1]\n", 1, true},
	{"a = \"%{ if x }y%{ endif }\"\n", 1, false},
	{"a = \"$$${x}\"\n", 1, false},
	{"a = \"unterminated\n", 1, false},
	{"a = )\n", 0, false},
	{"a = (]\n", 1, false},
	{"a = <<EOT x\n", 0, false},
	{"ä = 1\n", 0, false},
	{"a = [\n", 1, false},
	{"x = <<0\n(((\n0\n", 0, false},
	{"x = <<-_a\n(((\n_a\n", 1, true},
	{"seed = --1\n", 0, false},
	{"x = !true\n", 0, false},
	{"x = a ? b : c\n", 0, false},
	{"x = a[b]\n", 0, false},
	{"x = a /**/ [b]\n", 0, false},
	{"x = my-task\n", 0, true},
	{"x = 0e0-1\n", 0, false},
	{"x = 1a-b\n", 0, false},
	{"x = [a, b]\n", 1, true},
}

func TestQuickNesting(t *testing.T) {
	for _, tt := range nestingCases {
		depth, certain := quickNesting([]byte(tt.src))
		if depth != tt.depth || certain != tt.certain {
			t.Errorf("quickNesting(%q) = %d, %v; want %d, %v", tt.src, depth, certain, tt.depth, tt.certain)
		}
		if certain && tooDeep(lex([]byte(tt.src)), depth) >= 0 {
			t.Errorf("quickNesting(%q) = %d, certain, but the parser nests deeper", tt.src, depth)
		}
		if certain && depth < lexNesting([]byte(tt.src)) {
			t.Errorf("quickNesting(%q) = %d, certain, but the lexer nests %d", tt.src, depth, lexNesting([]byte(tt.src)))
		}
	}
}

// FuzzQuickNesting checks the safety property of the quick scan: when it is
// certain, it never under-estimates the lexer's nesting.
func FuzzQuickNesting(f *testing.F) {
	for _, tt := range nestingCases {
		f.Add([]byte(tt.src))
	}
	f.Add([]byte(strings.Repeat("(", 300)))
	f.Add([]byte("x = <<0\n" + strings.Repeat("(", 300) + "\n0\n"))
	f.Add([]byte("seed = " + strings.Repeat("-", 300) + "1\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		depth, certain := quickNesting(src)
		if certain {
			if lex := lexNesting(src); depth < lex {
				t.Fatalf("quickNesting = %d, certain, but the lexer nests %d", depth, lex)
			}
			if i := tooDeep(lex(src), depth); i >= 0 {
				t.Fatalf("quickNesting = %d, certain, but operators nest deeper at token %d", depth, i)
			}
		}
	})
}
