package e2e

import (
	"context"
	"crypto/sha256"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/intelligen/intelligen/providers/providertest"
	"github.com/intelligen/intelligen/runtime"
)

var update = flag.Bool("update", os.Getenv("INTELLIGEN_UPDATE") != "", "rewrite testdata/outputs.golden")

// TestEveryProvider runs the generated flow with every agent's base_url
// pointed at the fake server of its provider: real HTTP, each provider's
// wire format, no simulation. The transcript of every output is pinned.
func TestEveryProvider(t *testing.T) {
	const key = "sk-e2e-sentinel-key"
	fakes := map[string]*providertest.Server{
		"OPENAI":    providertest.NewOpenAI(key),
		"ANTHROPIC": providertest.NewAnthropic(key),
		"GEMINI":    providertest.NewGemini(key),
		"MISTRAL":   providertest.NewMistral(key),
		"STABILITY": providertest.NewStability(key),
		"OLLAMA":    providertest.NewOllama(""),
		"VLLM":      providertest.NewVLLM("qwen2.5-7b", ""),
		"LLAMACPP":  providertest.NewLlamaCpp("gemma-3", ""),
	}
	// Where each client expects its base URL to end (see each package doc).
	suffix := map[string]string{"OPENAI": "/v1", "MISTRAL": "/v1", "VLLM": "/v1", "LLAMACPP": "/v1"}
	env := map[string]string{}
	for name, srv := range fakes {
		t.Cleanup(srv.Close)
		env[name+"_BASE_URL"] = srv.URL + suffix[name]
		env[name+"_API_KEY"] = key
	}
	lookup := func(name string) (string, bool) { v, ok := env[name]; return v, ok }

	f, err := New(runtime.WithLookupEnv(lookup))
	if err != nil {
		t.Fatal(err)
	}
	out, err := f.Run(context.Background(), Input{})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}

	got := transcript(out)
	if strings.Contains(got, key) {
		t.Errorf("an output contains the API key")
	}
	for name, srv := range fakes {
		if len(srv.Requests()) == 0 {
			t.Errorf("%s fake received no request", name)
		}
	}
	const golden = "testdata/outputs.golden"
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("outputs differ from %s (rerun with -update after review):\ngot:\n%s\nwant:\n%s", golden, got, want)
	}
}

// transcript prints every output: text as is, media as MIME, size and
// SHA-256 prefix, embeddings as length and first values.
func transcript(out Output) string {
	var b strings.Builder
	text := func(name, s string) { fmt.Fprintf(&b, "%s: %q\n", name, s) }
	media := func(name, mime string, data []byte) {
		fmt.Fprintf(&b, "%s: %s, %d bytes, sha256 %x\n", name, mime, len(data), sha256.Sum256(data))
	}
	embed := func(name string, e runtime.Embedding) {
		fmt.Fprintf(&b, "%s: %d values, first %v\n", name, len(e), e[:min(len(e), 3)])
	}
	text("openai_text", out.OpenaiText)
	text("anthropic_text", out.AnthropicText)
	text("gemini_text", out.GeminiText)
	text("mistral_text", out.MistralText)
	text("ollama_text", out.OllamaText)
	text("vllm_text", out.VllmText)
	text("llamacpp_text", out.LlamacppText)
	media("openai_image", out.OpenaiImage.MIME, out.OpenaiImage.Data)
	media("stability_image", out.StabilityImage.MIME, out.StabilityImage.Data)
	text("openai_vision", out.OpenaiVision)
	text("anthropic_vision", out.AnthropicVision)
	text("gemini_vision", out.GeminiVision)
	text("ollama_vision", out.OllamaVision)
	media("openai_speech", out.OpenaiSpeech.MIME, out.OpenaiSpeech.Data)
	text("openai_recognition", out.OpenaiRecognition)
	embed("openai_embed", out.OpenaiEmbed)
	embed("gemini_embed", out.GeminiEmbed)
	embed("mistral_embed", out.MistralEmbed)
	embed("ollama_embed", out.OllamaEmbed)
	embed("vllm_embed", out.VllmEmbed)
	embed("llamacpp_embed", out.LlamacppEmbed)
	return b.String()
}
