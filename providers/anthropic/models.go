package anthropic

import "github.com/intelligen/intelligen/runtime"

// Logs and observers name the default model, even in simulation.
func init() { runtime.RegisterDefaultModel(provider, defaultModel) }

// defaultModel is the model of agents of kind that name none.
func defaultModel(kind runtime.Kind) string {
	if supported(kind) != nil {
		return ""
	}
	return DefaultModel
}
