package hclspec_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/intelligen/intelligen"
	"github.com/intelligen/intelligen/hclspec"
)

// TestDiagnostics pins down the diagnostics hclspec reports on its own,
// before any checking: each case is one mistake, and the wanted output is
// the CLI's compact form (position, severity, summary and detail), so a
// test fails on a wrong position or wording, not only on a missing error.
func TestDiagnostics(t *testing.T) {
	const agent = "flow \"f\" {}\nagent \"llm\" {\n  type     = \"text\"\n  provider = \"openai\"\n}\n"
	for _, tc := range []struct {
		name, src, want string
	}{
		{"syntax_error", "flow \"f\" {\n  x = \n}\n",
			`flow.hcl:2:7: error: Invalid expression: Expected the start of an expression, but found an invalid expression token.` + "\n"},
		{"duplicate_parameter", agent + "task \"t\" {\n  agent  = agent.llm\n  input  = \"x\"\n  params = { temperature = 0.1, temperature = 0.2 }\n}\n",
			`flow.hcl:9:33: error: Duplicate parameter: The parameter "temperature" was already set at flow.hcl:9,14. Remove one of them.` + "\n"},
		{"template_directive", agent + "task \"t\" {\n  agent = agent.llm\n  input = \"%{ if true }x%{ endif }\"\n}\n",
			`flow.hcl:8:12: error: Template directives are not supported: Template directives (%{ ... }) are not supported yet. Compose the input from literal text, ${var.NAME}, ${task.NAME.output} and ${file("path")}; to write a literal "%{", escape it as "%%{".
flow.hcl:8:25: error: Template directives are not supported: Template directives (%{ ... }) are not supported yet. Compose the input from literal text, ${var.NAME}, ${task.NAME.output} and ${file("path")}; to write a literal "%{", escape it as "%%{".` + "\n"},
		{"unknown_function", agent + "task \"t\" {\n  agent = agent.llm\n  input = upper(\"x\")\n}\n",
			`flow.hcl:8:11: error: Call to unknown function: There is no function named "upper". The flow language has env("NAME"), file("path"), jsonencode(REF), join(SEP, REF), coalesce(REF, ...) and length(REF).` + "\n"},
		{"agent_reference", agent + "task \"t\" {\n  agent = \"llm\"\n  input = \"x\"\n}\n",
			`flow.hcl:7:11: error: Invalid agent reference: The agent of a task is a reference, not a string: write agent = agent.llm instead of agent = "llm".` + "\n"},
		{"env_name", "flow \"f\" {}\nagent \"llm\" {\n  type     = \"text\"\n  provider = \"openai\"\n  api_key  = env(\"not a name\")\n}\n",
			`flow.hcl:5:18: error: Invalid environment variable name: "not a name" is not an environment variable name. Names consist of letters, digits and underscores and do not start with a digit, as in OPENAI_API_KEY.` + "\n"},
		{"variable_type", "flow \"f\" {}\nvariable \"v\" {\n  type = \"string\"\n}\n",
			`flow.hcl:3:10: error: Invalid variable type: The type is a keyword, not a string: write type = string without quotes.` + "\n"},
		{"duplicate_block", "flow \"f\" {}\nagent \"llm\" {\n  type     = \"text\"\n  provider = \"openai\"\n  retry {}\n  retry {}\n}\n",
			`flow.hcl:6:3: error: Duplicate retry block: An agent has at most one retry block; one was already declared at flow.hcl:5,3. Merge the two blocks.` + "\n"},
		{"unsupported_attribute", agent + "task \"t\" {\n  agent = agent.llm\n  input = \"x\"\n  model = \"gpt\"\n}\n",
			`flow.hcl:9:3: error: Unsupported argument: An argument named "model" is not expected here.` + "\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{"flow.hcl": {Data: []byte(tc.src)}}
			_, diags := hclspec.NewParser().ParseFS(fsys, "flow.hcl")
			var b strings.Builder
			if err := intelligen.WriteDiagnostics(&b, nil, diags, intelligen.Compact); err != nil {
				t.Fatal(err)
			}
			if got := b.String(); got != tc.want {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}
