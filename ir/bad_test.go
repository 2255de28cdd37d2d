package ir_test

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"
	"github.com/intelligen/intelligen/hclspec"
	"github.com/intelligen/intelligen/ir"
)

const header = `flow "f" {}
agent "w" {
  type     = "text"
  provider = "openai"
}
`

func checkText(t testing.TB, src string) (*ir.Workflow, hcl.Diagnostics) {
	t.Helper()
	fsys := fstest.MapFS{"flow.hcl": {Data: []byte(src)}}
	spec, diags := hclspec.NewParser().ParseFS(fsys, "flow.hcl")
	if spec == nil {
		return nil, diags
	}
	w, cdiags := ir.Check(spec)
	return w, append(diags, cdiags...)
}

// summaries returns "line:col Summary" per diagnostic.
func summaries(diags hcl.Diagnostics) []string {
	var s []string
	for _, d := range diags {
		if d.Subject != nil {
			s = append(s, fmt.Sprintf("%d:%d %s", d.Subject.Start.Line, d.Subject.Start.Column, d.Summary))
		} else {
			s = append(s, d.Summary)
		}
	}
	return s
}

func TestBinaryGarbage(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	buf := make([]byte, 64<<10)
	for i := range buf {
		buf[i] = byte(rng.UintN(256))
	}
	w, diags := checkText(t, string(buf))
	if w != nil || !diags.HasErrors() {
		t.Fatalf("garbage: workflow %v, diagnostics %v", w, diags)
	}
	if d := diags[0]; d.Subject == nil || d.Subject.Filename != "flow.hcl" {
		t.Errorf("first diagnostic has no position in flow.hcl: %v", d)
	}
}

// large returns n, or n/50 under -short and the race detector.
func large(n int) int {
	if testing.Short() || raceEnabled {
		return n / 50
	}
	return n
}

func TestDeepNesting(t *testing.T) {
	// The task block's brace is the first level, so the 256th opening
	// (at column 10+256) is the first too many; "${ opens two levels.
	for _, tt := range []struct{ open, want string }{
		{"(", "8:266 Expression nested too deeply"},
		{"[", "8:266 Expression nested too deeply"},
		{"{", "8:266 Expression nested too deeply"},
		{`"${`, "8:393 Expression nested too deeply"},
	} {
		src := header + "task \"a\" {\n  agent = agent.w\n  input = " + strings.Repeat(tt.open, large(200000)) + "\n}\n"
		w, diags := checkText(t, src)
		got := summaries(diags)
		if w != nil || len(got) != 1 || got[0] != tt.want {
			t.Errorf("nesting %q: got %q, want %q", tt.open, got, tt.want)
		}
	}
}

// Constructs that HCL's parser nests without nesting brackets, or that a
// quick scan could misread, are bounded as brackets are: each is rejected
// with one positioned diagnostic, never a stack overflow.
func TestDeepNestingEveryConstruct(t *testing.T) {
	// Far past the limit of 256; BenchmarkHostileInputs in cmd/intelligen
	// runs 200,000 levels.
	n := large(20000)
	rep := strings.Repeat
	for _, tt := range []struct{ name, expr string }{
		{"digit heredoc marker", "<<0\n" + rep("(", n) + "\n0\n"},
		{"hyphen heredoc marker", "<<-1\n" + rep("(", n) + "\n1\n"},
		{"unary minus", rep("-", n) + "1"},
		{"spaced unary minus", rep("- ", n) + "1"},
		{"not", rep("!", n) + "true"},
		{"conditional", rep("true ? 1 : ", n) + "2"},
		{"binary", rep("1 + ", n) + "1"},
		{"comparison", rep("1 == ", n) + "1"},
		{"logical", rep("true && ", n) + "true"},
		{"index", "var.x" + rep("[var.y]", n)},
		{"splat", "var.x" + rep("[*]", n)},
		{"attribute splat", "var.x" + rep(".*", n)},
		{"function", rep("file(", n) + rep(")", n)},
		{"tuple", rep("[", n) + rep("]", n)},
		{"object", rep("{a = ", n) + "1" + rep("}", n)},
		{"template", rep(`"${`, n) + "1" + rep(`}"`, n)},
		{"heredoc", rep("<<EOT\n${", n/2)},
		{"for", rep("[for x in ", n) + "var.y" + rep(": x]", n)},
		{"parenthesised minus", rep("-(", n) + "1" + rep(")", n)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			src := header + "task \"a\" {\n  agent = agent.w\n  input = " + tt.expr + "\n}\n"
			w, diags := checkText(t, src)
			if w != nil || !diags.HasErrors() {
				t.Fatalf("no error: %v", summaries(diags))
			}
			if got := summaries(diags); len(got) != 1 || !strings.HasSuffix(got[0], "Expression nested too deeply") {
				t.Errorf("got %.300q", got)
			}
		})
	}
}

func TestHugeString(t *testing.T) {
	size := large(1 << 20)
	big := strings.Repeat("x", size)
	src := header + "task \"a\" {\n  agent = agent.w\n  input = \"" + big + "${task.b.output}" + big + "\"\n}\n" +
		"task \"b\" {\n  agent = agent.w\n  input = \"" + big + "\"\n}\n"
	w, diags := checkText(t, src)
	if w == nil {
		t.Fatalf("diagnostics: %v", summaries(diags))
	}
	a := w.Tasks[0]
	if len(a.Input) != 3 || len(a.Input[0].Literal) != size || a.Input[1].Edge == nil || len(a.Input[2].Literal) != size {
		t.Errorf("input of a: %d parts", len(a.Input))
	}
}

// chain returns a flow of n tasks where task t<i> takes t<i-1>'s output and
// t0 takes t<n-1>'s: one cycle through every task.
func chain(n int) string {
	var b strings.Builder
	b.WriteString(header)
	for i := range n {
		fmt.Fprintf(&b, "task \"t%d\" {\n  agent = agent.w\n  input = task.t%d.output\n}\n", i, (i+n-1)%n)
	}
	return b.String()
}

func TestHugeCycle(t *testing.T) {
	n := large(100000)
	start := time.Now()
	w, diags := checkText(t, chain(n))
	elapsed := time.Since(start)
	if w != nil || len(diags) != 1 || diags[0].Summary != "Dependency cycle" {
		t.Fatalf("got %d diagnostics: %.200v", len(diags), summaries(diags))
	}
	d := diags[0]
	wantStart := "The tasks form a cycle: task.t0 -> task.t1 (flow.hcl:12) -> task.t2 (flow.hcl:16) -> "
	wantEnd := fmt.Sprintf(" -> task.t%d (flow.hcl:%d) -> task.t0. A task cannot wait for its own output; remove one of these references.", n-1, 8+4*(n-1))
	if !strings.HasPrefix(d.Detail, wantStart) || !strings.HasSuffix(d.Detail, wantEnd) || strings.Count(d.Detail, " -> ") != n {
		t.Errorf("detail = %.300s ... %s", d.Detail, d.Detail[max(0, len(d.Detail)-200):])
	}
	if d.Subject.Start.Line != 8 || d.Subject.Start.Column != 11 {
		t.Errorf("subject at %d:%d, want 8:11 (t0's input)", d.Subject.Start.Line, d.Subject.Start.Column)
	}
	t.Logf("%d-task cycle checked in %v", n, elapsed)
}

// Many overlapping cycles are each reported once, in a stable order.
func TestCyclesStable(t *testing.T) {
	src := header + `task "a" {
  agent = agent.w
  after = [task.b, task.c]
}
task "b" {
  agent = agent.w
  after = [task.a, task.c]
}
task "c" {
  agent = agent.w
  after = [task.a, task.b, task.a]
}
`
	var first []string
	for i := range 5 {
		_, diags := checkText(t, src)
		var got []string
		for _, d := range diags {
			if d.Summary == "Dependency cycle" {
				got = append(got, fmt.Sprintf("%d:%d %s", d.Subject.Start.Line, d.Subject.Start.Column, d.Detail))
			}
		}
		if i == 0 {
			first = got
			// Every elementary cycle, each rotated to start at its least
			// task and reported at the reference closing it, sorted.
			want := []string{
				"8:12 The tasks form a cycle: task.a -> task.b (flow.hcl:12) -> task.a. A task cannot wait for its own output; remove one of these references.",
				"8:20 The tasks form a cycle: task.a -> task.b (flow.hcl:12) -> task.c (flow.hcl:16) -> task.a. A task cannot wait for its own output; remove one of these references.",
				"8:20 The tasks form a cycle: task.a -> task.c (flow.hcl:16) -> task.a. A task cannot wait for its own output; remove one of these references.",
				"8:12 The tasks form a cycle: task.a -> task.c (flow.hcl:16) -> task.b (flow.hcl:12) -> task.a. A task cannot wait for its own output; remove one of these references.",
				"12:20 The tasks form a cycle: task.b -> task.c (flow.hcl:16) -> task.b. A task cannot wait for its own output; remove one of these references.",
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("cycles (-want +got):\n%s", diff)
			}
			continue
		}
		if strings.Join(got, "\n") != strings.Join(first, "\n") {
			t.Fatalf("run %d differs:\n%q\nvs\n%q", i, got, first)
		}
	}
}

// Many long cycles: every task after t0 also feeds t0, so each closes a
// cycle through the whole chain before it. Reporting them all would be
// quadratic; Check reports within a linear budget and counts the rest.
func TestManyLongCycles(t *testing.T) {
	n := large(20000)
	var b strings.Builder
	b.WriteString(header)
	var all []string
	for i := 1; i < n; i++ {
		all = append(all, fmt.Sprintf("task.t%d", i))
	}
	fmt.Fprintf(&b, "task \"t0\" {\n  agent = agent.w\n  after = [%s]\n}\n", strings.Join(all, ", "))
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "task \"t%d\" {\n  agent = agent.w\n  input = task.t%d.output\n}\n", i, i-1)
	}
	start := time.Now()
	w, diags := checkText(t, b.String())
	if w != nil {
		t.Fatal("no cycle found")
	}
	last := diags[len(diags)-1]
	if last.Summary != "Too many dependency cycles" || !strings.Contains(last.Detail, " more dependency cycles that are not listed.") {
		t.Errorf("last diagnostic = %s: %s", last.Summary, last.Detail)
	}
	if len(diags) < 3 || len(diags) > n {
		t.Errorf("%d diagnostics", len(diags))
	}
	t.Logf("%d tasks, %d diagnostics in %v", n, len(diags), time.Since(start))
}

// cycleChains returns the chain of each cycle diagnostic, without the
// positions of its hops, sorted.
func cycleChains(diags hcl.Diagnostics) []string {
	var got []string
	for _, d := range diags {
		if d.Summary == "Dependency cycle" {
			got = append(got, hopPos.ReplaceAllString(d.Detail, ""))
		}
	}
	slices.Sort(got)
	return got
}

var hopPos = regexp.MustCompile(` \([^)]*:\d+\)`)

// The cycle alpha -> gamma -> beta -> alpha is found whatever the order of
// the declarations (a search by back edges misses it in this order).
func TestCycleOrderIndependent(t *testing.T) {
	tasks := []string{
		"task \"alpha\" {\n  agent = agent.w\n  after = [task.beta]\n}\n",
		"task \"beta\" {\n  agent = agent.w\n  input = task.alpha.output\n  after = [task.gamma]\n}\n",
		"task \"gamma\" {\n  agent = agent.w\n  input = task.alpha.output\n}\n",
	}
	want := []string{
		"The tasks form a cycle: task.alpha -> task.beta -> task.alpha. A task cannot wait for its own output; remove one of these references.",
		"The tasks form a cycle: task.alpha -> task.gamma -> task.beta -> task.alpha. A task cannot wait for its own output; remove one of these references.",
	}
	for _, order := range [][]int{{0, 1, 2}, {2, 1, 0}, {1, 0, 2}, {2, 0, 1}} {
		src := header
		for _, i := range order {
			src += tasks[i]
		}
		_, diags := checkText(t, src)
		if diff := cmp.Diff(want, cycleChains(diags)); diff != "" {
			t.Errorf("order %v (-want +got):\n%s", order, diff)
		}
	}
}

// Property: permuting the task declarations never changes the set of cycle
// diagnostics.
func TestCyclesPermutationProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := range 200 {
		n := 2 + rng.IntN(6)
		var tasks []string
		adj := make([][]bool, n) // adj[from][to]
		for i := range adj {
			adj[i] = make([]bool, n)
		}
		for i := range n {
			var after []string
			for j := range n {
				if rng.IntN(3) == 0 {
					after = append(after, fmt.Sprintf("task.t%d", j))
					adj[j][i] = true
				}
			}
			input := ""
			if k := rng.IntN(n + 2); k < n {
				input = fmt.Sprintf("  input = \"${task.t%d.output}\"\n", k)
				adj[k][i] = true
			}
			tasks = append(tasks, fmt.Sprintf("task \"t%d\" {\n  agent = agent.w\n%s  after = [%s]\n}\n", i, input, strings.Join(after, ", ")))
		}
		var first []string
		for p := range 4 {
			perm := rng.Perm(n)
			if p == 0 {
				perm = nil
				for i := range n {
					perm = append(perm, i)
				}
			}
			src := header
			for _, i := range perm {
				src += tasks[i]
			}
			_, diags := checkText(t, src)
			got := cycleChains(diags)
			if p == 0 {
				first = got
				if want := countCycles(adj); len(got) != want {
					t.Fatalf("trial %d: %d cycles reported, %d exist:\n%s", trial, len(got), want, src)
				}
				continue
			}
			if diff := cmp.Diff(first, got); diff != "" {
				t.Fatalf("trial %d, order %v (-declared +permuted):\n%s\n%s", trial, perm, diff, src)
			}
		}
	}
}

// countCycles counts the elementary cycles of a small graph by brute force:
// every simple path from its least vertex back to it.
func countCycles(adj [][]bool) int {
	n := len(adj)
	count := 0
	onPath := make([]bool, n)
	var walk func(start, v int)
	walk = func(start, v int) {
		for w := range n {
			if !adj[v][w] || w < start {
				continue
			}
			if w == start {
				count++
			} else if !onPath[w] {
				onPath[w] = true
				walk(start, w)
				onPath[w] = false
			}
		}
	}
	for s := range n {
		onPath[s] = true
		walk(s, s)
		onPath[s] = false
	}
	return count
}
