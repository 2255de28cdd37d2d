package runtime_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/intelligen/intelligen/runtime"
)

// TestDefaultModelLogged: a task whose agent names no model logs its
// provider's default model, in simulation too; an agent's own model wins.
func TestDefaultModelLogged(t *testing.T) {
	if got := runtime.DefaultModel("nobody", runtime.KindText); got != "" {
		t.Errorf("DefaultModel of an unknown provider = %q, want \"\"", got)
	}
	def := runtime.DefaultModel("mistral", runtime.KindText)
	if def == "" {
		t.Fatal("mistral has no default text model")
	}
	for _, tt := range []struct{ model, want string }{{"", "model=" + def}, {"mine", "model=mine"}} {
		var logs bytes.Buffer
		f := runtime.NewFlow(&runtime.FlowConfig{Name: "f"}, runtime.WithSimulation(),
			runtime.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
		cfg := &runtime.AgentConfig{Name: "a", Provider: "mistral", Kind: runtime.KindText, Model: tt.model}
		h := f.Agent(cfg, nil)
		task := &runtime.Task{Name: "t", Agent: cfg, Log: true}
		r := f.Start(context.Background())
		if _, ok := r.Text(task, h, "hi"); !ok {
			t.Fatal("Text failed")
		}
		if err := r.Wait(); err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(logs.String(), tt.want); n != 2 {
			t.Errorf("model %q: %d log lines with %s, want 2 (start, done):\n%s", tt.model, n, tt.want, logs.String())
		}
	}
}
