package ir_test

import (
	"testing"

	"github.com/intelligen/intelligen/ir"
	"github.com/intelligen/intelligen/providers/stability"
	"github.com/intelligen/intelligen/runtime"
	"golang.org/x/tools/txtar"
)

// TestStabilityModelsMatchClient keeps check's list of Stability models
// equal to what the client accepts, so that check, not New, is the first
// to reject a model name.
func TestStabilityModelsMatchClient(t *testing.T) {
	names := append([]string{"sd3-future", "ultar", "dall-e-3", "Core"}, ir.StabilityModels...)
	for _, m := range names {
		src := "flow \"f\" {}\nagent \"a\" {\n  type = \"image\"\n  provider = \"stability\"\n  model = \"" + m + "\"\n}\ntask \"t\" {\n  agent = agent.a\n  input = \"x\"\n}\n"
		_, diags, _ := check(t, &txtar.Archive{Files: []txtar.File{{Name: "flow.hcl", Data: []byte(src)}}})
		_, err := stability.New(runtime.ClientConfig{Agent: &runtime.AgentConfig{Name: "a", Provider: "stability", Kind: runtime.KindImage, Model: m}})
		if diags.HasErrors() != (err != nil) {
			t.Errorf("model %q: check errors %v, stability.New error %v; want both or neither", m, diags, err)
		}
	}
}
