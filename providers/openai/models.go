package openai

import "github.com/intelligen/intelligen/runtime"

// Logs and observers name the default model, even in simulation.
func init() { runtime.RegisterDefaultModels(provider, defaultModels) }
