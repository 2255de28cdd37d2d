package intelligen_test

import (
	"fmt"
	"go/parser"
	"go/token"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/intelligen/intelligen"
	"golang.org/x/tools/txtar"
)

// buildAccepted checks the contract between check and build on one flow
// source: if Load accepts it, Generate succeeds and the Go file parses.
// It reports whether the flow was accepted.
func buildAccepted(t *testing.T, src []byte) bool {
	t.Helper()
	fsys := fstest.MapFS{"flow.hcl": {Data: src}, "brief.md": {Data: []byte("Brief.\n")}}
	w, _, diags := intelligen.Load(fsys, "flow.hcl")
	if w == nil {
		return false
	}
	res, err := intelligen.Generate(w, intelligen.GenerateOptions{})
	if err != nil {
		t.Fatalf("check accepted the flow (diagnostics: %v) but build failed: %.500v\nflow:\n%q", diags, err, src)
	}
	if _, err := parser.ParseFile(token.NewFileSet(), res.Files[0].Name, res.Files[0].Content, parser.ParseComments); err != nil {
		t.Fatalf("generated Go does not parse: %v\nflow:\n%q", err, src)
	}
	return true
}

// propertySeeds returns the flows of the checker's diagnostic cases, the
// fuzzers' seeds, and flows with every awkward character in every string
// that reaches the generated code.
func propertySeeds(t testing.TB) [][]byte {
	var seeds [][]byte
	files, _ := filepath.Glob("ir/testdata/diag/*.txtar")
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range ar.Files {
			if strings.HasSuffix(f.Name, ".hcl") {
				seeds = append(seeds, f.Data)
			}
		}
	}
	for _, s := range awkwardStrings {
		for i := range 6 {
			fields := [6]string{"f", "x", "x", "x", "x", "x"}
			fields[i] = s
			seeds = append(seeds, []byte(awkwardFlow(fields)))
		}
	}
	return seeds
}

// awkwardStrings are HCL string bodies (escapes included) that stress the
// generator's quoting and comments.
var awkwardStrings = []string{
	`\u0000`, `\ufeff`, `a\ufeffb`, `\r`, `a\rb`, `\u0001\u001f\u007f`, `\u2028\u2029\u0085`,
	`*/ /* // "q" \\ ` + "`b`", `%%{ x } $${ y }`, `\n\n\n`, `\t`, `é世🎉`, `\u00a0`, `\ufffd`,
	`//go:generate rm -rf /`, `\n//go:build ignore\n`, `\npackage main\n`, `\\`, `"`,
}

// awkwardFlow returns a flow with the given strings as its name, its
// description, a variable's description and default, an agent's mission
// and model, and a prompt's literal text.
func awkwardFlow(f [6]string) string {
	return fmt.Sprintf(`flow "%s" {
  description = "%s"
}
variable "v" {
  description = "%s"
  default     = "%s"
}
agent "w" {
  type     = "text"
  provider = "openai"
  mission  = "%s"
  model    = "%s"
}
task "a" {
  agent = agent.w
  input = "%s ${var.v}"
}
`, f[0], f[1], f[2], f[3], f[4], f[4], f[5])
}

// Property: for every flow check accepts, build succeeds and the result is
// Go. The flows are the seeds and random combinations of awkward strings.
func TestCheckAcceptsOnlyBuildable(t *testing.T) {
	accepted := 0
	for _, src := range propertySeeds(t) {
		if buildAccepted(t, src) {
			accepted++
		}
	}
	r := rand.New(rand.NewPCG(5, 6))
	pick := func() string {
		var b strings.Builder
		if r.IntN(2) == 0 {
			return "x"
		}
		for range 1 + r.IntN(3) {
			b.WriteString(awkwardStrings[r.IntN(len(awkwardStrings))])
		}
		return b.String()
	}
	for range 300 {
		if buildAccepted(t, []byte(awkwardFlow([6]string{pick(), pick(), pick(), pick(), pick(), pick()}))) {
			accepted++
		}
	}
	if accepted < 20 {
		t.Errorf("only %d flows accepted: the property is barely tested", accepted)
	}
	t.Logf("%d flows accepted and built", accepted)
}

// FuzzBuild: whatever the input, a flow that check accepts builds into Go
// that parses.
func FuzzBuild(f *testing.F) {
	for _, s := range propertySeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src []byte) { buildAccepted(t, src) })
}

// A flow file whose name Go comments cannot hold is reported by check.
func TestCheckFileName(t *testing.T) {
	src := []byte(awkwardFlow([6]string{"f", "x", "x", "x", "x", "x"}))
	for _, name := range []string{"a\nb.hcl", "a\x00.hcl", "\ufeffflow.hcl"} {
		w, _, diags := intelligen.Load(fstest.MapFS{name: {Data: src}}, name)
		if w != nil || !strings.Contains(diags.Error(), "Invalid file name") {
			t.Errorf("%q: %v", name, diags)
		}
	}
}
