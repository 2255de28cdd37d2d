package intelligen_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/intelligen/intelligen"
	"github.com/intelligen/intelligen/internal/flowtest"
)

// The temporal target adds <base>_temporal.go, the same bytes every time,
// without changing the Go file; an unknown target is an error. The
// workflow itself is compiled and run against Run by the temporal
// module's tests (docs/temporal.md).
func TestGenerateTemporalTarget(t *testing.T) {
	w := flowtest.Example("blog")
	plain, err := intelligen.Generate(w, intelligen.GenerateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := intelligen.Generate(w, intelligen.GenerateOptions{Target: intelligen.TargetTemporal})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Files) != 3 || res.Files[2].Name != "flow_temporal.go" {
		t.Fatalf("files %v, want flow_gen.go, flow.dot and flow_temporal.go", names(res))
	}
	if !bytes.Equal(res.Files[0].Content, plain.Files[0].Content) {
		t.Error("the temporal target changed the Go file")
	}
	src := string(res.Files[2].Content)
	for _, want := range []string{
		"func Workflow(ctx workflow.Context, in Input) (Output, error) {",
		`const WorkflowName = "blog"`,
		"func NewActivities(opts ...runtime.Option) (*Activities, error) {",
		"func Register(r worker.Registry, a *Activities) {",
	} {
		if !strings.Contains(src, want) {
			t.Errorf("flow_temporal.go lacks %q", want)
		}
	}
	for _, banned := range []string{"go func", "select {", "time.Now", "make(chan"} {
		if strings.Contains(src, banned) {
			t.Errorf("flow_temporal.go holds %q, which a workflow must not", banned)
		}
	}
	again, err := intelligen.Generate(w, intelligen.GenerateOptions{Target: intelligen.TargetTemporal})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.Files[2].Content, res.Files[2].Content) {
		t.Error("two generations of flow_temporal.go differ")
	}
	if _, err := intelligen.Generate(w, intelligen.GenerateOptions{Target: "rust"}); err == nil || !strings.Contains(err.Error(), `"rust"`) {
		t.Errorf("unknown target: error %v, want one naming it", err)
	}
}

func names(r *intelligen.Result) []string {
	var ns []string
	for _, f := range r.Files {
		ns = append(ns, f.Name)
	}
	return ns
}
