package temporal_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/intelligen/intelligen"
	"github.com/intelligen/intelligen/ir"
)

// TestGoldenWorkflows is a differential test: every golden flow of the
// main module is generated with the temporal target into a temporary
// package of this module, and a generated test runs its Workflow in
// Temporal's test environment with simulated activities and its Run in
// simulation, and compares outputs and errors, which must be equal. The
// same packages must pass Temporal's workflowcheck, which flags
// non-deterministic workflow code; a workflow that reads the clock is
// there as a control that it does.
func TestGoldenWorkflows(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles generated code")
	}
	dirs, err := filepath.Glob("../testdata/golden/*")
	if err != nil {
		t.Fatal(err)
	}
	tmp, err := os.MkdirTemp(".", "goldentest-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(tmp) })

	var driver bytes.Buffer
	driver.WriteString(`package goldentest

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"testing"
	"time"

	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/worker"

	"github.com/intelligen/intelligen/runtime"
	"github.com/intelligen/intelligen/temporal"
`)
	var cases bytes.Buffer
	n := 0
	for _, dir := range dirs {
		files, _ := filepath.Glob(filepath.Join(dir, "*.hcl"))
		if len(files) == 0 {
			continue
		}
		pkg := fmt.Sprint("f", n)
		w, _, diags := intelligen.LoadFilesInPackage(pkg, files...)
		if diags.HasErrors() {
			t.Fatalf("%s: %v", dir, diags)
		}
		res, err := intelligen.Generate(w, intelligen.GenerateOptions{Target: intelligen.TargetTemporal})
		if err != nil {
			t.Fatalf("%s: %v", dir, err)
		}
		if err := res.Commit(filepath.Join(tmp, pkg)); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&driver, "\t%s %q\n", pkg, "github.com/intelligen/intelligen/temporal/"+filepath.ToSlash(filepath.Join(tmp, pkg)))
		fmt.Fprintf(&cases, "\tt.Run(%q, func(t *testing.T) {\n", filepath.Base(dir))
		fmt.Fprintf(&cases, "\t\tin := %s.Input{%s}\n", pkg, inputLiteral(w))
		fmt.Fprintf(&cases, "\t\tf, err := %s.New(opts...)\n\t\tif err != nil {\n\t\t\tt.Fatal(err)\n\t\t}\n", pkg)
		cases.WriteString("\t\twant, wantErr := f.Run(context.Background(), in)\n")
		fmt.Fprintf(&cases, "\t\ta, err := %s.NewActivities(opts...)\n\t\tif err != nil {\n\t\t\tt.Fatal(err)\n\t\t}\n", pkg)
		fmt.Fprintf(&cases, "\t\te := newEnv()\n\t\t%s.Register(e, a)\n\t\te.ExecuteWorkflow(%s.WorkflowName, in)\n", pkg, pkg)
		fmt.Fprintf(&cases, "\t\tvar got %s.Output\n\t\tgotErr := e.GetWorkflowError()\n", pkg)
		cases.WriteString("\t\tif gotErr == nil {\n\t\t\tif err := e.GetWorkflowResult(&got); err != nil {\n\t\t\t\tt.Fatal(err)\n\t\t\t}\n\t\t}\n")
		cases.WriteString("\t\tcompare(t, want, wantErr, got, gotErr)\n\t})\n")
		n++
	}
	if n < 10 {
		t.Fatalf("found %d golden flows, want them all", n)
	}
	driver.WriteString(`)

var opts = []runtime.Option{runtime.WithSimulation(), runtime.WithLogger(slog.New(slog.DiscardHandler))}

func newEnv() *testsuite.TestWorkflowEnvironment {
	var s testsuite.WorkflowTestSuite
	s.SetLogger(log.NewStructuredLogger(slog.New(slog.DiscardHandler)))
	e := s.NewTestWorkflowEnvironment()
	e.SetWorkerOptions(worker.Options{DeadlockDetectionTimeout: time.Minute}) // as testWorkerOptions
	return e
}

// compare fails t unless the workflow gave Run's outputs, and failed
// when Run did, naming the same task.
func compare(t *testing.T, want, wantErr, got, gotErr any) {
	t.Helper()
	w, _ := json.Marshal(want)
	g, _ := json.Marshal(got)
	if string(w) != string(g) {
		t.Errorf("outputs differ\nworkflow: %s\nrun:      %s", g, w)
	}
	var te *runtime.TaskError
	if wantErr == nil {
		if gotErr != nil {
			t.Errorf("workflow failed (%v), Run did not", gotErr)
		}
		return
	}
	errors.As(wantErr.(error), &te)
	gte, ok := temporal.TaskErrorOf(gotErr.(error))
	if !ok || te == nil || gte.Task != te.Task || gte.Agent != te.Agent || gte.Item != te.Item {
		t.Errorf("workflow error %v, want Run's %v", gotErr, wantErr)
	}
}

func TestGolden(t *testing.T) {
`)
	driver.Write(cases.Bytes())
	driver.WriteString("}\n")
	write(t, filepath.Join(tmp, "golden_test.go"), driver.Bytes())
	// The control: a workflow that reads the clock.
	write(t, filepath.Join(tmp, "clock", "clock.go"), []byte(`package clock

import (
	"time"

	"go.temporal.io/sdk/workflow"
)

func Workflow(ctx workflow.Context) (string, error) { return time.Now().String(), nil }
`))

	pkgs := "./" + filepath.ToSlash(tmp) + "/..."
	if out, err := exec.Command("go", "test", "-count=1", "./"+filepath.ToSlash(tmp)).CombinedOutput(); err != nil {
		t.Fatalf("the golden workflows differ from Run: %v\n%s", err, out)
	}
	out, err := exec.Command("go", "tool", "workflowcheck", pkgs).CombinedOutput()
	if err == nil || !strings.Contains(string(out), "clock.go") {
		t.Fatalf("workflowcheck did not flag the control's clock: %v\n%s", err, out)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if !strings.Contains(line, filepath.Join("clock", "clock.go")) && !strings.HasPrefix(line, "\t") && !strings.HasPrefix(line, " ") {
			t.Errorf("workflowcheck: %s", line)
		}
	}
}

// inputLiteral returns the fields of an Input that sets every required
// variable, as the main module's golden test does.
func inputLiteral(w *ir.Workflow) string {
	var fs []string
	for _, v := range w.Variables {
		if v.Default != nil {
			continue
		}
		var lit string
		switch v.Type {
		case ir.Number:
			lit = "42.5"
		case ir.Bool:
			lit = "true"
		case ir.ImageVar:
			lit = fmt.Sprintf("runtime.Image{MIME: \"image/png\", Data: []byte(%q)}", "value of "+v.Name)
		case ir.AudioVar:
			lit = fmt.Sprintf("runtime.Audio{MIME: \"audio/wav\", Data: []byte(%q)}", "value of "+v.Name)
		case ir.ListString:
			lit = fmt.Sprintf("[]string{%q, %q, %q}", v.Name+" one", v.Name+" two", v.Name+" three")
		case ir.ListNumber:
			lit = "[]float64{1, 2.5, 3}"
		case ir.ListBool:
			lit = "[]bool{true, false, true}"
		default:
			lit = strconv.Quote("value of " + v.Name)
		}
		fs = append(fs, v.GoName+": "+lit)
	}
	return strings.Join(fs, ", ")
}

func write(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o666); err != nil {
		t.Fatal(err)
	}
}

// TestGeneratedFilesCurrent checks that the flows generated into this
// module are those intelligen builds now from their flow.hcl.
func TestGeneratedFilesCurrent(t *testing.T) {
	dirs, err := filepath.Glob("*/*/generate.go")
	if err != nil {
		t.Fatal(err)
	}
	more, _ := filepath.Glob("*/*/*/generate.go")
	dirs = append(dirs, more...)
	if len(dirs) < 2 {
		t.Fatalf("found %d flows, want the test flows and the examples", len(dirs))
	}
	for _, g := range dirs {
		dir := filepath.Dir(g)
		w, _, diags := intelligen.LoadFiles(filepath.Join(dir, "flow.hcl"))
		if diags.HasErrors() {
			t.Fatalf("%s: %v", dir, diags)
		}
		res, err := intelligen.Generate(w, intelligen.GenerateOptions{Target: intelligen.TargetTemporal})
		if err != nil {
			t.Fatal(err)
		}
		stale, _, err := res.Stale(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range stale {
			t.Errorf("%s is stale: run go generate ./... in the temporal module", filepath.Join(dir, f.Name))
		}
	}
}
