package providers_test

import (
	"testing"

	"github.com/intelligen/intelligen/providers/anthropic"
	"github.com/intelligen/intelligen/providers/gemini"
	"github.com/intelligen/intelligen/providers/mistral"
	"github.com/intelligen/intelligen/providers/ollama"
	"github.com/intelligen/intelligen/providers/openai"
	_ "github.com/intelligen/intelligen/providers/openaicompat"
	"github.com/intelligen/intelligen/providers/stability"
	"github.com/intelligen/intelligen/runtime"
)

// TestDefaultModels: runtime names the default model each client uses,
// so logs name it; vllm and llamacpp have none (their server
// decides).
func TestDefaultModels(t *testing.T) {
	tests := []struct {
		provider string
		kind     runtime.Kind
		want     string
	}{
		{"openai", runtime.KindText, openai.DefaultModel(runtime.KindText)},
		{"openai", runtime.KindImage, openai.DefaultModel(runtime.KindImage)},
		{"openai", runtime.KindEmbed, "text-embedding-3-small"},
		{"anthropic", runtime.KindVision, anthropic.DefaultModel},
		{"anthropic", runtime.KindEmbed, ""},
		{"gemini", runtime.KindText, gemini.DefaultModel},
		{"gemini", runtime.KindEmbed, gemini.DefaultEmbedModel},
		{"mistral", runtime.KindText, mistral.DefaultTextModel},
		{"mistral", runtime.KindEmbed, mistral.DefaultEmbedModel},
		{"ollama", runtime.KindVision, ollama.DefaultVisionModel},
		{"stability", runtime.KindImage, stability.DefaultModel},
		{"vllm", runtime.KindText, ""},
		{"llamacpp", runtime.KindText, ""},
	}
	for _, tt := range tests {
		if got := runtime.DefaultModel(tt.provider, tt.kind); got != tt.want {
			t.Errorf("DefaultModel(%s, %s) = %q, want %q", tt.provider, tt.kind, got, tt.want)
		}
	}
	if openai.DefaultModel(runtime.KindText) != "gpt-4o-mini" || gemini.DefaultModel != "gemini-3.8-flash" {
		t.Errorf("the defaults documented in docs/providers.md#matrix changed")
	}
}
