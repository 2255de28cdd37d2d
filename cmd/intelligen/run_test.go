package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/intelligen/intelligen/ir"
)

const varsFlow = `flow "greet" {
  description = "Greets someone."
}

variable "name" {}

variable "times" {
  type = number
}

variable "loud" {
  type    = bool
  default = false
}

agent "writer" {
  type     = "text"
  provider = "openai"
}

task "hello" {
  agent = agent.writer
  input = "Say hello to ${var.name} ${var.times} times (loud: ${var.loud})."
}

task "bye" {
  agent = agent.writer
  input = "Say goodbye after: ${task.hello.output}"
}
`

// repoRoot is the root of this checkout.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// userModule makes a module outside this checkout that has intelligen as
// a tool, replaced by this checkout, holding files; it returns its
// directory.
func userModule(t *testing.T, files map[string]string) string {
	t.Helper()
	root := repoRoot(t)
	dir := t.TempDir()
	gomod := fmt.Sprintf("module example.com/user\n\ngo 1.26\n\ntool github.com/intelligen/intelligen/cmd/intelligen\n\nrequire github.com/intelligen/intelligen v0.0.0\n\nreplace github.com/intelligen/intelligen => %s\n", root)
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	files["go.mod"] = gomod
	files["go.sum"] = string(sum)
	// What a module that builds flows has: code that imports package
	// runtime, whose requirements go mod tidy adds (docs/cli.md#run).
	files["deps.go"] = "package user\n\nimport _ \"github.com/intelligen/intelligen/runtime\"\n"
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	get := exec.Command("go", "mod", "tidy")
	get.Dir = dir
	if out, err := get.CombinedOutput(); err != nil {
		t.Fatalf("go mod tidy: %v\n%s", err, out)
	}
	return dir
}

// noRunDirs fails if a temporary package of intelligen run is left in dir.
func noRunDirs(t *testing.T, dir string) {
	t.Helper()
	left, _ := filepath.Glob(filepath.Join(dir, ".intelligen-run-*"))
	if len(left) > 0 {
		t.Errorf("intelligen run left %v behind", left)
	}
}

// checkGreet checks the run of varsFlow with name=Ada, times=3.
func checkGreet(t *testing.T, stdout, stderr string) {
	t.Helper()
	var out map[string]string
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatalf("stdout is not a JSON object: %v\n%s", err, stdout)
	}
	if !regexp.MustCompile(`^hello:[0-9a-f]{12}$`).MatchString(out["Hello"]) || !regexp.MustCompile(`^bye:[0-9a-f]{12}$`).MatchString(out["Bye"]) {
		t.Errorf("Output = %v, want the simulator's outputs of hello and bye", out)
	}
	if !strings.HasPrefix(stdout, "{\n  \"Hello\": ") {
		t.Errorf("stdout is not indented JSON:\n%s", stdout)
	}
	for _, want := range []string{
		`(?m)^hello  done\s+\S+  "Say hello to Ada 3 times \(loud: false\)\."$`,
		`(?m)^bye    done\s+\S+  "Say goodbye after: hello:[0-9a-f]{12}"$`,
	} {
		if !regexp.MustCompile(want).MatchString(stderr) {
			t.Errorf("stderr does not match %s:\n%s", want, stderr)
		}
	}
}

// TestRunCheckout runs a flow from this checkout, as its developers do.
func TestRunCheckout(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program")
	}
	dir := t.TempDir()
	flow := filepath.Join(dir, "flow.hcl")
	if err := os.WriteFile(flow, []byte(varsFlow), 0o666); err != nil {
		t.Fatal(err)
	}
	report := filepath.Join(dir, "out", "..", "report.html")
	code, stdout, stderr := runCmd("run", "--var", "name=Ada", "--var", "times=3", "--report", report, flow)
	if code != 0 {
		t.Fatalf("run = %d, stderr:\n%s", code, stderr)
	}
	checkGreet(t, stdout, stderr)
	page, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<h1>greet</h1>`, `data-from="hello" data-to="bye"`, `data-task="bye" data-status="done"`} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("report lacks %s", want)
		}
	}
	noRunDirs(t, repoRoot(t))
}

// TestRunTool runs a flow in a user's module through go tool, as users
// do: the module's intelligen (here, this checkout) builds and runs it.
func TestRunTool(t *testing.T) {
	if testing.Short() {
		t.Skip("builds intelligen and a program")
	}
	dir := userModule(t, map[string]string{
		"flow.hcl":  varsFlow,
		"vars.json": `{"name": "Ada", "times": 1}`,
	})
	cmd := exec.Command("go", "tool", "intelligen", "run", "--vars", "vars.json", "--var", "times=3", "flow.hcl")
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("go tool intelligen run: %v\n%s", err, &stderr)
	}
	checkGreet(t, stdout.String(), stderr.String())
	noRunDirs(t, dir)
}

const failingFlow = `flow "failing" {
  on_error = "continue"
}

agent "local" {
  type     = "text"
  provider = "ollama"
  base_url = env("TEST_OLLAMA_URL")
  retry {
    attempts = 2
    backoff  = "1ms"
  }
}

task "plan" {
  agent = agent.local
  input = "Plan."
}

task "write" {
  agent = agent.local
  input = "Write from ${task.plan.output}"
}
`

// TestRunLiveFailing runs a flow whose provider fails, live: the run
// fails, says which task failed and why, and writes the report anyway.
func TestRunLiveFailing(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program")
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, `{"error":"model \"llama\" not found"}`, http.StatusNotFound)
	}))
	defer srv.Close()
	t.Setenv("TEST_OLLAMA_URL", srv.URL)
	dir := userModule(t, map[string]string{"flow.hcl": failingFlow})
	t.Chdir(dir)
	code, stdout, stderr := runCmd("run", "--live", "--report", "r.html", "flow.hcl")
	if code != exitDiags {
		t.Fatalf("run = %d, want %d; stderr:\n%s", code, exitDiags, stderr)
	}
	for _, want := range []string{`(?m)^plan   failed\s+\S+  "Plan\."  .*not found`, `(?m)^write  skipped\s+-$`, `task "plan" \(agent "local", ollama\)`} {
		if !regexp.MustCompile(want).MatchString(stderr) {
			t.Errorf("stderr does not match %s:\n%s", want, stderr)
		}
	}
	if !strings.Contains(stdout, `"Plan": ""`) {
		t.Errorf("stdout = %s, want the Output with empty fields", stdout)
	}
	page, err := os.ReadFile("r.html")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(page, []byte(`data-task="plan" data-status="failed"`)) {
		t.Error("report does not show plan failed")
	}
	noRunDirs(t, dir)
}

// A syncBuffer is a bytes.Buffer that signals when it first holds want.
type syncBuffer struct {
	mu   sync.Mutex
	b    bytes.Buffer
	want string
	seen chan struct{}
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	had := strings.Contains(s.b.String(), s.want)
	n, err := s.b.Write(p)
	if !had && strings.Contains(s.b.String(), s.want) {
		close(s.seen)
	}
	return n, err
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestRunInterrupt interrupts a run: the task in flight is cancelled, the
// report and Output are still written, and the temporary package removed.
func TestRunInterrupt(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program")
	}
	t.Setenv("INTELLIGEN_SIM_LATENCY", "500ms")
	dir := userModule(t, map[string]string{"flow.hcl": varsFlow})
	t.Chdir(dir)
	w, code := load(os.Stderr, os.Stdout, false, []string{"flow.hcl"})
	if w == nil {
		t.Fatal(code)
	}
	ctx, cancel := context.WithCancel(t.Context())
	stderr := &syncBuffer{want: "hello  done", seen: make(chan struct{})}
	go func() {
		<-stderr.seen
		cancel()
	}()
	var stdout bytes.Buffer
	start := time.Now()
	input := map[string]any{"Name": "Ada", "Times": 2}
	err := runFlow(ctx, w, runSpec{input: input, report: filepath.Join(dir, "r.html")}, &stdout, stderr)
	if err == nil {
		t.Fatalf("interrupted run succeeded; stderr:\n%s", stderr)
	}
	if d := time.Since(start); d > time.Minute {
		t.Errorf("interrupted run took %v", d)
	}
	if !regexp.MustCompile(`(?m)^bye    cancelled`).MatchString(stderr.String()) {
		t.Errorf("stderr does not say bye was cancelled:\n%s", stderr)
	}
	if !strings.Contains(stdout.String(), `"Bye": ""`) {
		t.Errorf("stdout = %s", &stdout)
	}
	if _, err := os.Stat("r.html"); err != nil {
		t.Error(err)
	}
	noRunDirs(t, dir)
}

func TestRunVarErrors(t *testing.T) {
	chdirFiles(t, map[string]string{
		"flow.hcl":   varsFlow,
		"bad.json":   `{"times": "many"}`,
		"type.json":  `{"loud": 1}`,
		"array.json": `[1]`,
	})
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--var", "nam=Ada"}, `intelligen run: --var nam=Ada: unknown variable "nam". Did you mean "name"?`},
		{[]string{"--var", "color=red"}, `intelligen run: --var color=red: unknown variable "color". The flow's variables: name, times, loud.`},
		{[]string{"--var", "name=Ada", "--var", "times=lots"}, `intelligen run: --var times=lots: variable "times" is a number, and "lots" is not one`},
		{[]string{"--var", "name=Ada", "--var", "times=1", "--var", "loud=very"}, `intelligen run: --var loud=very: variable "loud" is a bool: give true or false, not "very"`},
		{[]string{"--var", "name=Ada"}, `intelligen run: missing required variable "times" (number): give it with --var name=value or --vars file.json`},
		{nil, `intelligen run: missing required variable "name" (string), "times" (number): give it with --var name=value or --vars file.json`},
		{[]string{"--vars", "bad.json"}, `intelligen run: bad.json: variable "times" is a number, and "many" is not one`},
		{[]string{"--vars", "type.json"}, `intelligen run: type.json: variable "loud" is a bool, not a number`},
		{[]string{"--vars", "array.json"}, `intelligen run: array.json: not a JSON object of variables: json: cannot unmarshal array into Go value of type map[string]interface {}`},
	} {
		code, stdout, stderr := runCmd(append(append([]string{"run"}, tt.args...), "flow.hcl")...)
		if code != exitUsage || stdout != "" || strings.TrimSpace(stderr) != tt.want {
			t.Errorf("run %v = %d, stdout %q, stderr:\n%s\nwant %d and:\n%s", tt.args, code, stdout, stderr, exitUsage, tt.want)
		}
	}
	code, _, stderr := runCmd("run", "--var", "novalue", "flow.hcl")
	if code != exitUsage || !strings.Contains(stderr, `invalid value "novalue" for flag -var: "novalue" is not name=value`) {
		t.Errorf("run --var novalue = %d, stderr:\n%s", code, stderr)
	}
}

func TestRunNoModule(t *testing.T) {
	chdirFiles(t, map[string]string{"flow.hcl": validFlow})
	if _, err := os.Stat("/go.mod"); err == nil {
		t.Skip("/go.mod exists")
	}
	code, _, stderr := runCmd("run", "flow.hcl")
	if code != exitDiags || !strings.Contains(stderr, "no go.mod in ") {
		t.Errorf("run outside a module = %d, stderr:\n%s", code, stderr)
	}
}

// TestRunSIGINT interrupts intelligen run itself, as Ctrl-C does: it
// passes the interrupt on, the task in flight is cancelled, and the
// temporary package is removed.
func TestRunSIGINT(t *testing.T) {
	if testing.Short() {
		t.Skip("builds intelligen and a program")
	}
	if runtime.GOOS == "windows" {
		t.Skip("no SIGINT on Windows")
	}
	bin := filepath.Join(t.TempDir(), "intelligen")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dir := userModule(t, map[string]string{"flow.hcl": varsFlow})
	cmd := exec.Command(bin, "run", "--var", "name=Ada", "--var", "times=2", "flow.hcl")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "INTELLIGEN_SIM_LATENCY=1s")
	stderr := &syncBuffer{want: "hello  done", seen: make(chan struct{})}
	var stdout bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-stderr.seen:
	case <-time.After(2 * time.Minute):
		cmd.Process.Kill()
		t.Fatalf("hello did not end; stderr:\n%s", stderr)
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != exitDiags {
		t.Errorf("interrupted run: %v, exit code %d, want %d", err, code, exitDiags)
	}
	if !regexp.MustCompile(`(?m)^bye    cancelled`).MatchString(stderr.String()) {
		t.Errorf("stderr does not say bye was cancelled:\n%s", stderr)
	}
	if !strings.Contains(stdout.String(), `"Bye": ""`) {
		t.Errorf("stdout = %s", &stdout)
	}
	noRunDirs(t, dir)
}

// List variables take a JSON array, from --var or --vars, each element
// checked as a variable of the element type; media cannot be given.
func TestRunListAndMediaVars(t *testing.T) {
	w := &ir.Workflow{Variables: []*ir.Variable{
		{Name: "tags", GoName: "Tags", Type: ir.ListString},
		{Name: "sizes", GoName: "Sizes", Type: ir.ListNumber, Default: []float64{}},
		{Name: "photo", GoName: "Photo", Type: ir.ImageVar, Default: "x"},
	}}
	in, err := flowInput(w, "", varFlags{{"tags", `["a","b"]`}, {"sizes", `[1, "2"]`}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprint(in), "map[Sizes:[1 2] Tags:[a b]]"; got != want {
		t.Errorf("input = %s, want %s", got, want)
	}
	for _, tt := range []struct {
		vars varFlags
		want string
	}{
		{varFlags{{"tags", "a,b"}}, `--var tags=a,b: variable "tags" is a list(string): give a JSON array, not "a,b"`},
		{varFlags{{"tags", `["a"]`}, {"sizes", `[1, "x"]`}}, `--var sizes=[1, "x"]: element 1: variable "sizes" is a number, and "x" is not one`},
		{varFlags{{"tags", `["a"]`}, {"photo", "p.png"}}, `--var photo=p.png: variable "photo" is media (image), which intelligen run cannot give a flow`},
	} {
		if _, err := flowInput(w, "", tt.vars); err == nil || err.Error() != tt.want {
			t.Errorf("%v: error %v, want %s", tt.vars, err, tt.want)
		}
	}
}
