package ollama

import "github.com/intelligen/intelligen/runtime"

// Logs and observers name the default model, even in simulation.
func init() { runtime.RegisterDefaultModel(provider, defaultModel) }

// defaultModel is the model of agents of kind that name none.
func defaultModel(kind runtime.Kind) string {
	switch kind {
	case runtime.KindText:
		return DefaultTextModel
	case runtime.KindVision:
		return DefaultVisionModel
	case runtime.KindEmbed:
		return DefaultEmbedModel
	}
	return ""
}
