package runtime

import "github.com/intelligen/intelligen/providers/models"

// DefaultModel returns the model provider uses for agents of kind that name
// none, or "" when it has no fixed default (vllm and llamacpp ask their
// server). Logs and observers name it, in simulation too. The table is
// package providers/models, which the provider clients read as well.
func DefaultModel(provider string, kind Kind) string {
	return models.Default(provider, string(kind))
}
