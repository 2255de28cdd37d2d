package models_test

import (
	"testing"

	"github.com/intelligen/intelligen/providers/models"
)

func TestExclusiveSampling(t *testing.T) {
	for model, want := range map[string]bool{
		"claude-sonnet-4-5":                        true,
		"claude-sonnet-4-5-20250929":               true,
		"claude-haiku-4-5":                         true,
		"claude-opus-4-1-20250805":                 true,
		"claude-opus-4-5":                          true,
		"claude-sonnet-4-6":                        true,
		"claude-opus-5":                            true,
		"anthropic.claude-haiku-4-5-20251001-v1:0": true,
		"claude-sonnet-4-0":                        false,
		"claude-sonnet-4-20250514":                 false,
		"claude-opus-4-20250514":                   false,
		"claude-3-7-sonnet-latest":                 false,
		"claude-3-5-haiku-20241022":                false,
		"my-proxy-model":                           false,
		"claude-x":                                 false,
		models.Default("anthropic", "text"):        true,
	} {
		if got := models.ExclusiveSampling("anthropic", model); got != want {
			t.Errorf("ExclusiveSampling(anthropic, %q) = %v, want %v", model, got, want)
		}
	}
	if models.ExclusiveSampling("openai", "claude-sonnet-4-5") {
		t.Error("ExclusiveSampling applies to anthropic only")
	}
}

func TestOpenAIImageModel(t *testing.T) {
	for model, want := range map[string]string{
		"gpt-image-1": "gpt-image", "gpt-image-1-mini": "gpt-image", "dall-e-3": "dall-e-3", "dall-e-2": "dall-e-2", "imagen": "",
	} {
		m, ok := models.OpenAIImageModel(model)
		if m.Name != want || ok != (want != "") {
			t.Errorf("OpenAIImageModel(%q) = %q, %v; want %q", model, m.Name, ok, want)
		}
	}
	m, _ := models.OpenAIImageModel("dall-e-3")
	if m.Aspects["3:2"] != "" || m.OutputFormat {
		t.Errorf("dall-e-3 draws 3:2 or takes output_format: %+v", m)
	}
}

func TestLimits(t *testing.T) {
	if r := models.Temperature("mistral"); r != (models.Range{Min: 0, Max: 1.5}) || r.Contains(1.6) || !r.Contains(1.5) {
		t.Errorf("Temperature(mistral) = %+v", r)
	}
	if lo, _ := models.Seed("mistral"); lo != 0 {
		t.Errorf("mistral seed min = %d, want 0", lo)
	}
	if models.MaxStop("openai") != 4 || models.MaxStop("anthropic") != 0 {
		t.Error("MaxStop")
	}
	if models.SpeechInstructions("tts-1-hd") || models.SpeechInstructions("tts-1") || !models.SpeechInstructions("gpt-4o-mini-tts") {
		t.Error("SpeechInstructions")
	}
	if models.Dimensions("mistral", "mistral-embed") || !models.Dimensions("mistral", "codestral-embed") || models.Dimensions("openai", "text-embedding-ada-002") {
		t.Error("Dimensions")
	}
	if models.Resolve("gemini", "embed", "") != "gemini-embedding-001" || models.Resolve("gemini", "embed", "x") != "x" || models.Default("vllm", "text") != "" {
		t.Error("Resolve")
	}
}
