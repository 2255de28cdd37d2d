package runtime

import "sync"

// defaultModels maps a provider name to its default model per agent kind,
// as the provider packages register them.
var defaultModels sync.Map // string -> map[Kind]string

// RegisterDefaultModels records the provider's default model per agent
// kind: the model its client uses when the flow names none. Each provider
// package registers itself when it is imported (generated code imports the
// providers its flow uses), so logs and observers can name the model even
// in simulation, where no client is built. models must not be modified
// afterwards.
func RegisterDefaultModels(provider string, models map[Kind]string) {
	defaultModels.Store(provider, models)
}

// DefaultModel returns the model provider uses for agents of kind that name
// none, or "" when it has no fixed default (vllm and llamacpp ask their
// server) or the provider's package is not linked.
func DefaultModel(provider string, kind Kind) string {
	m, ok := defaultModels.Load(provider)
	if !ok {
		return ""
	}
	return m.(map[Kind]string)[kind]
}
