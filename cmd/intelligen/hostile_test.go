package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	goruntime "runtime"
	"strings"
	"testing"
	"time"
)

const hostileHeader = `flow "f" {}
agent "w" {
  type     = "text"
  provider = "openai"
}
`

// hostileCase is an input built to exhaust intelligen: the flow text, and
// the summary of a diagnostic build must print for it.
type hostileCase struct {
	name, want string
	src        func(n int) string
}

// wantFull is the diagnostic of a case at full size (n = 200,000) where a
// limit applies that a fiftieth of the size stays under.
var wantFull = map[string]string{"tasks_200k": "Too many tasks"}

// task returns one task block with the given input expression.
func task(name, input string) string {
	return fmt.Sprintf("task %q {\n  agent = agent.w\n  input = %s\n}\n", name, input)
}

var hostileCases = []hostileCase{
	{"random_10MB", "error:", func(n int) string {
		rng := rand.New(rand.NewPCG(1, 2))
		b := make([]byte, n*50)
		for i := range b {
			b[i] = byte(rng.UintN(256))
		}
		return string(b)
	}},
	{"random_10MB_text", "error:", func(n int) string {
		rng := rand.New(rand.NewPCG(3, 4))
		b := make([]byte, n*50)
		for i := range b {
			b[i] = byte(' ' + rng.UintN(95))
			if rng.UintN(40) == 0 {
				b[i] = '\n'
			}
		}
		return string(b)
	}},
	{"nested_parens", "Expression nested too deeply", func(n int) string {
		return hostileHeader + task("a", strings.Repeat("(", n)+"1"+strings.Repeat(")", n))
	}},
	{"nested_heredoc_digit", "Expression nested too deeply", func(n int) string {
		return hostileHeader + "x = <<0\n" + strings.Repeat("(", n) + "\n0\n"
	}},
	{"nested_tuples", "Expression nested too deeply", func(n int) string {
		return hostileHeader + task("a", strings.Repeat("[", n)+strings.Repeat("]", n))
	}},
	{"nested_objects", "Expression nested too deeply", func(n int) string {
		return hostileHeader + task("a", strings.Repeat("{a = ", n)+"1"+strings.Repeat("}", n))
	}},
	{"nested_templates", "Expression nested too deeply", func(n int) string {
		return hostileHeader + task("a", strings.Repeat(`"${`, n)+"1"+strings.Repeat(`}"`, n))
	}},
	{"nested_calls", "Expression nested too deeply", func(n int) string {
		return hostileHeader + task("a", strings.Repeat("file(", n)+strings.Repeat(")", n))
	}},
	{"nested_for", "Expression nested too deeply", func(n int) string {
		return hostileHeader + task("a", strings.Repeat("[for x in ", n)+"var.y"+strings.Repeat(": x]", n))
	}},
	{"unary_minus", "Expression nested too deeply", func(n int) string {
		return hostileHeader + "agent \"v\" {\n  type = \"text\"\n  provider = \"openai\"\n  params = { seed = " + strings.Repeat("-", n) + "1 }\n}\n"
	}},
	{"not", "Expression nested too deeply", func(n int) string {
		return hostileHeader + "task \"a\" {\n  agent = agent.w\n  input = \"x\"\n  exclude = " + strings.Repeat("!", n) + "true\n}\n"
	}},
	{"conditionals", "Expression nested too deeply", func(n int) string {
		return hostileHeader + task("a", strings.Repeat("true ? 1 : ", n)+"2")
	}},
	{"index", "Expression nested too deeply", func(n int) string {
		return hostileHeader + task("a", "var.x"+strings.Repeat("[var.y]", n))
	}},
	{"splat", "Expression nested too deeply", func(n int) string {
		return hostileHeader + task("a", "var.x"+strings.Repeat("[*]", n))
	}},
	{"unterminated_heredoc", "Unterminated heredoc", func(n int) string {
		return hostileHeader + "task \"a\" {\n  agent = agent.w\n  input = <<EOT\n" + strings.Repeat("line ${var.x}\n", n)
	}},
	// These two are as large at every n: smaller, they are valid.
	{"huge_heredoc", "Template too large", func(int) string {
		line := strings.Repeat("a long prompt ", 14) + "\n"
		return hostileHeader + "task \"a\" {\n  agent = agent.w\n  input = <<EOT\n" + strings.Repeat(line, 20000) + "EOT\n}\n"
	}},
	{"template_escapes", "Template too large", func(int) string {
		return hostileHeader + task("a", `"`+strings.Repeat("$${x} %%{y} ", 100000)+`"`)
	}},
	{"tasks_200k", "Reference to undeclared task", func(n int) string {
		var b strings.Builder
		b.WriteString(hostileHeader)
		for i := range n {
			b.WriteString(task(fmt.Sprintf("t%d", i), fmt.Sprintf(`"${task.t%d.output}"`, i+1)))
		}
		return b.String()
	}},
	{"cycle_100k", "Dependency cycle", func(n int) string {
		n /= 2
		var b strings.Builder
		b.WriteString(hostileHeader)
		for i := range n {
			b.WriteString(task(fmt.Sprintf("t%d", i), fmt.Sprintf("task.t%d.output", (i+1)%n)))
		}
		return b.String()
	}},
	{"errors_on_one_line", "Reference to undeclared variable", func(n int) string {
		return hostileHeader + task("a", `"`+strings.Repeat("${var.nope} ", n/100)+`"`)
	}},
	{"duplicate_after", "Duplicate predecessor", func(n int) string {
		// One error besides the warnings, so that build stops after check.
		return hostileHeader + task("b", `"${var.nope}"`) + "task \"a\" {\n  agent = agent.w\n  after = [" + strings.Repeat("task.b, ", n) + "]\n}\n"
	}},
}

// runHostile builds c's flow of size n into an empty directory and checks
// that build exits 1 with c's diagnostic, prints a bounded report and
// writes nothing.
func runHostile(t testing.TB, c hostileCase, n int) {
	dir := t.TempDir()
	flow := filepath.Join(dir, "flow.hcl")
	if err := os.WriteFile(flow, []byte(c.src(n)), 0o666); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	code, stdout, stderr := runCmd("build", "-o", out, flow)
	want := c.want
	if w, ok := wantFull[c.name]; ok && n == 200000 {
		want = w
	}
	if code != exitDiags || !strings.Contains(stderr, want) {
		t.Errorf("%s: build = %d, stderr %.300q; want 1 and %q", c.name, code, stderr, want)
	}
	if stdout != "" || len(stderr) > 1<<20 {
		t.Errorf("%s: %d bytes on stdout, %d on stderr", c.name, len(stdout), len(stderr))
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("%s: build wrote %s", c.name, out)
	}
}

// Each hostile input, at a fiftieth of its size, gets its diagnostic and
// no output; BenchmarkHostileInputs runs them at full size.
func TestHostileInputs(t *testing.T) {
	for _, c := range hostileCases {
		t.Run(c.name, func(t *testing.T) { runHostile(t, c, 200000/50) })
	}
}

// BenchmarkHostileInputs runs each hostile input at full size (200,000
// levels, tasks or entries; 10 MB of random bytes; a 100,000-task cycle;
// 2,000 errors on one line), reporting its time and peak heap:
//
//	go test -run '^$' -bench HostileInputs -benchtime 1x ./cmd/intelligen
func BenchmarkHostileInputs(b *testing.B) {
	for _, c := range hostileCases {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				goruntime.GC()
				stop := make(chan struct{})
				peak := make(chan uint64)
				go func() {
					var m goruntime.MemStats
					var top uint64
					tick := time.NewTicker(5 * time.Millisecond)
					defer tick.Stop()
					for {
						goruntime.ReadMemStats(&m)
						top = max(top, m.HeapInuse+m.StackInuse)
						select {
						case <-stop:
							peak <- top
							return
						case <-tick.C:
						}
					}
				}()
				runHostile(b, c, 200000)
				close(stop)
				b.ReportMetric(float64(<-peak)/(1<<20), "peakMB")
			}
		})
	}
}

// fmt parses with check's guards: hostile nesting is a diagnostic, not a
// stack overflow, and the file is left as it was.
func TestFmtHostile(t *testing.T) {
	for _, c := range hostileCases {
		if c.want != "Expression nested too deeply" && c.want != "Unterminated heredoc" && c.want != "Template too large" {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			src := c.src(200000 / 50)
			chdirFiles(t, map[string]string{"flow.hcl": src})
			code, _, stderr := runCmd("fmt", "flow.hcl")
			if code != exitDiags || !strings.Contains(stderr, c.want) {
				t.Errorf("fmt = %d, stderr %.300q; want 1 and %q", code, stderr, c.want)
			}
			if b, _ := os.ReadFile("flow.hcl"); string(b) != src {
				t.Error("fmt changed the file")
			}
		})
	}
}

// build -o out, with out/flow.dot a directory, fails and writes nothing.
func TestBuildNothingHalfWritten(t *testing.T) {
	chdirFiles(t, map[string]string{"flow.hcl": validFlow})
	if err := os.MkdirAll(filepath.Join("out", "flow.dot"), 0o777); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCmd("build", "-o", "out", "flow.hcl")
	if code == exitOK || stderr == "" {
		t.Errorf("build = %d, stderr %q; want a failure", code, stderr)
	}
	entries, _ := os.ReadDir("out")
	if len(entries) != 1 || entries[0].Name() != "flow.dot" {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("out holds %q, want only the flow.dot directory", names)
	}
}

// A file named twice, however written, is one file: no duplicate blocks.
func TestCheckSameFileTwice(t *testing.T) {
	chdirFiles(t, map[string]string{"flow.hcl": validFlow})
	wd, _ := os.Getwd()
	code, stdout, stderr := runCmd("check", "flow.hcl", "./flow.hcl", filepath.Join(wd, "flow.hcl"))
	if want := "flow.hcl: 1 flow, 1 task, no problems\n"; code != exitOK || stdout != want || stderr != "" {
		t.Errorf("check = %d, stdout %q, stderr %q; want 0, %q, no diagnostics", code, stdout, stderr, want)
	}
}
