package models_test

import (
	"testing"

	"github.com/intelligen/intelligen/providers/models"
)

func TestSamplingOf(t *testing.T) {
	const both, one, none = models.SamplingBoth, models.SamplingOne, models.SamplingNone
	for model, want := range map[string]models.Sampling{
		"claude-sonnet-4-5":                        one,
		"claude-sonnet-4-5-20250929":               one,
		"claude-haiku-4-5":                         one,
		"claude-opus-4-1-20250805":                 one,
		"claude-opus-4-5":                          one,
		"claude-sonnet-4-6":                        one,
		"claude-opus-4-6":                          one,
		"anthropic.claude-haiku-4-5-20251001-v1:0": one,
		"claude-opus-4-7":                          none,
		"claude-opus-4-8":                          none,
		"claude-opus-5":                            none,
		"claude-sonnet-5":                          none,
		"claude-sonnet-5-5":                        none,
		"claude-fable-5":                           none,
		"claude-sonnet-4-0":                        both,
		"claude-sonnet-4-20250514":                 both,
		"claude-3-7-sonnet-latest":                 both,
		"claude-3-5-haiku-20241022":                both,
		"my-proxy-model":                           both,
		"claude-x":                                 both,
		models.Default("anthropic", "text"):        none,
	} {
		if got := models.SamplingOf("anthropic", model); got != want {
			t.Errorf("SamplingOf(anthropic, %q) = %v, want %v", model, got, want)
		}
	}
	if models.SamplingOf("openai", "claude-sonnet-5") != both {
		t.Error("SamplingOf: the Claude rules apply to anthropic only")
	}
}

func TestOpenAIImageModel(t *testing.T) {
	for model, want := range map[string]string{
		"gpt-image-1": "gpt-image-1", "gpt-image-1-mini": "gpt-image-1", "gpt-image-1.5": "gpt-image-1",
		"dall-e-3": "dall-e-3", "dall-e-2": "dall-e-2", "gpt-image-2.6-flare": "", "imagen": "",
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

// TestStabilityEndpoint: every listed model names an endpoint, new sd3
// models go to sd3 as given, and anything else names none.
func TestStabilityEndpoint(t *testing.T) {
	for _, m := range models.StabilityModels {
		if _, _, ok := models.StabilityEndpoint(m); !ok {
			t.Errorf("listed model %q names no endpoint", m)
		}
	}
	for _, tt := range []struct {
		model, path, field string
		ok                 bool
	}{
		{"", "core", "", true},
		{"core", "core", "", true},
		{"ultra", "ultra", "", true},
		{"sd3-future", "sd3", "sd3-future", true},
		{"Core", "", "", false},
		{"dall-e-3", "", "", false},
	} {
		path, field, ok := models.StabilityEndpoint(tt.model)
		if path != tt.path || field != tt.field || ok != tt.ok {
			t.Errorf("StabilityEndpoint(%q) = %q, %q, %v; want %q, %q, %v", tt.model, path, field, ok, tt.path, tt.field, tt.ok)
		}
	}
}
