package runtime_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"image/color"
	"image/png"
	"log/slog"
	"math"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/intelligen/intelligen/runtime"
)

// The expected values below were computed once outside this package:
// hashes with python3 hashlib, the WAV with python3 struct, and PNG bytes
// with a separate program that calls image/png on an 8×8 image.NRGBA of the
// colour taken from the python hash (the PNG was then decoded with python
// zlib to check it is 8×8 RGB of that colour). Do not recompute them with
// the code under test.

func TestSimulateText(t *testing.T) {
	for _, tc := range []struct {
		name string
		req  runtime.Request
		want string
	}{
		{"text", runtime.Request{Task: "writer", Kind: runtime.KindText, Prompt: "Write about the sea"}, "writer:112e8f89440e"},
		{"vision", runtime.Request{Task: "describe", Kind: runtime.KindVision, Prompt: "What is in the picture?",
			Images: []runtime.Image{{MIME: "image/png", Data: []byte("\x89PNG\r\n\x1a\nfake")}}}, "describe:5cfd85238384"},
		{"vision with two images", runtime.Request{Task: "describe", Kind: runtime.KindVision, Prompt: "Compare",
			Images: []runtime.Image{{Data: []byte("\x89PNG\r\n\x1a\none")}, {Data: []byte("\x89PNG\r\n\x1a\ntwo")}}}, "describe:27317c69afee"},
		{"vision with two images swapped", runtime.Request{Task: "describe", Kind: runtime.KindVision, Prompt: "Compare",
			Images: []runtime.Image{{Data: []byte("\x89PNG\r\n\x1a\ntwo")}, {Data: []byte("\x89PNG\r\n\x1a\none")}}}, "describe:9677ac3edb87"},
		{"recognition with empty prompt", runtime.Request{Task: "transcribe", Kind: runtime.KindRecognition,
			Audio: &runtime.Audio{MIME: "audio/wav", Data: []byte("RIFF....WAVEfake")}}, "transcribe:522a3eba9f6b"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := runtime.Simulate(&tc.req).Text; got != tc.want {
				t.Errorf("Simulate(%s) = %q, want %q", tc.name, got, tc.want)
			}
		})
	}
}

func TestSimulateImage(t *testing.T) {
	got := runtime.Simulate(&runtime.Request{Task: "logo", Kind: runtime.KindImage, Prompt: "a red fox"}).Image
	if got.MIME != "image/png" {
		t.Errorf("MIME = %q, want image/png", got.MIME)
	}
	const wantSHA = "4f2e05a4e63c16cb0363bc3d972cf0fb3fc8c6013726f14fe61a063c134f0141"
	if sum := sha256.Sum256(got.Data); hex.EncodeToString(sum[:]) != wantSHA || len(got.Data) != 82 {
		t.Errorf("PNG: %d bytes with SHA-256 %x, want 82 bytes with %s", len(got.Data), sum, wantSHA)
	}
	img, err := png.Decode(bytes.NewReader(got.Data))
	if err != nil {
		t.Fatalf("decode simulated PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 8 || b.Dy() != 8 {
		t.Errorf("bounds = %v, want 8×8", b)
	}
	if c := color.NRGBAModel.Convert(img.At(7, 7)); c != (color.NRGBA{123, 132, 134, 255}) {
		t.Errorf("pixel (7,7) = %v, want {123 132 134 255}", c)
	}
}

func TestSimulateSpeech(t *testing.T) {
	got := runtime.Simulate(&runtime.Request{Task: "narrate", Kind: runtime.KindSpeech, Prompt: "Hello there"}).Audio
	if got.MIME != "audio/wav" {
		t.Errorf("MIME = %q, want audio/wav", got.MIME)
	}
	const wantHeader = "524946466406000057415645666d74201000000001000100401f0000803e0000020010006461746140060000"
	const wantSHA = "3a75a4af35567ca310700b34232840b0084debf6b325b44889a5ccff17034754"
	if len(got.Data) != 1644 {
		t.Fatalf("WAV is %d bytes, want 1644", len(got.Data))
	}
	if h := hex.EncodeToString(got.Data[:44]); h != wantHeader {
		t.Errorf("WAV header = %s, want %s", h, wantHeader)
	}
	if sum := sha256.Sum256(got.Data); hex.EncodeToString(sum[:]) != wantSHA {
		t.Errorf("WAV SHA-256 = %x, want %s", sum, wantSHA)
	}
}

func TestSimulateEmbed(t *testing.T) {
	got := runtime.Simulate(&runtime.Request{Task: "embedder", Kind: runtime.KindEmbed, Prompt: "vector me"}).Embedding
	// float32(h[i])/255 for h[:8] = 149 226 9 61 233 55 155 177, rounded
	// to float32 exactly (python fractions), as IEEE bit patterns.
	want := []uint32{0x3f159596, 0x3f62e2e3, 0x3d109091, 0x3e74f4f5, 0x3f69e9ea, 0x3e5cdcdd, 0x3f1b9b9c, 0x3f31b1b2}
	if len(got) != len(want) {
		t.Fatalf("embedding has %d values, want %d", len(got), len(want))
	}
	for i, v := range got {
		if math.Float32bits(v) != want[i] {
			t.Errorf("v[%d] = %v (%#x), want %#x", i, v, math.Float32bits(v), want[i])
		}
	}
}

// TestSimulatedFlow runs the content flow in simulation, as a user would
// with INTELLIGEN_SIMULATE=1, and checks every output, including values
// that travelled along edges (a text into an image prompt, that image
// into a vision task).
func TestSimulatedFlow(t *testing.T) {
	f, err := newContent(runtime.FlowConfig{Name: "content"},
		runtime.WithLookupEnv(envOf("INTELLIGEN_SIMULATE", "1")))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	out, err := f.Run(context.Background(), contentInput{Topic: "blue whales"})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	want := contentOutput{
		Requirements: "requirements:f65c0a9e3f74",
		Design:       "design:e92ac570a8f3",
		Caption:      "caption:a40a8f8ffc8d",
		Summary:      "summary:c43d0eb5e80a",
	}
	if out.Requirements != want.Requirements || out.Design != want.Design || out.Caption != want.Caption || out.Summary != want.Summary {
		t.Errorf("outputs = %q %q %q %q, want %q %q %q %q",
			out.Requirements, out.Design, out.Caption, out.Summary,
			want.Requirements, want.Design, want.Caption, want.Summary)
	}
	const logoSHA = "c9c29305dfb10796fd59a7b5cd2adb7f7fcb2eb6a0b0c09bac512e834066528a"
	if sum := sha256.Sum256(out.Logo.Data); hex.EncodeToString(sum[:]) != logoSHA {
		t.Errorf("logo SHA-256 = %x, want %s", sum, logoSHA)
	}
}

// TestSimulatedLatency checks that each call sleeps the latency first, that
// INTELLIGEN_SIM_LATENCY is read through the lookup, that
// WithSimulatedLatency wins over it, and that the sleep honours the context.
func TestSimulatedLatency(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts []runtime.Option
		want time.Duration // the content flow's critical path is 3 calls
	}{
		{"env", []runtime.Option{runtime.WithLookupEnv(envOf("INTELLIGEN_SIMULATE", "true", "INTELLIGEN_SIM_LATENCY", "50ms"))}, 150 * time.Millisecond},
		{"option wins", []runtime.Option{runtime.WithSimulation(), runtime.WithSimulatedLatency(time.Second),
			runtime.WithLookupEnv(envOf("INTELLIGEN_SIM_LATENCY", "50ms"))}, 3 * time.Second},
		{"default zero", []runtime.Option{runtime.WithSimulation(), runtime.WithLookupEnv(noEnv)}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f, err := newContent(runtime.FlowConfig{Name: "content"}, tc.opts...)
				if err != nil {
					t.Fatalf("New: %v", err)
				}
				start := time.Now()
				if _, err := f.Run(context.Background(), contentInput{Topic: "blue whales"}); err != nil {
					t.Fatalf("Run: %v", err)
				}
				if got := time.Since(start); got != tc.want {
					t.Errorf("Run took %v, want %v", got, tc.want)
				}
			})
		})
	}
	t.Run("cancelled", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
			defer cancel()
			start := time.Now()
			_, err := runtime.Simulator{Latency: time.Hour}.Call(ctx, &runtime.Request{Task: "x"})
			if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) != 30*time.Millisecond {
				t.Errorf("Call = %v after %v, want context.DeadlineExceeded after 30ms", err, time.Since(start))
			}
		})
	})
}

func TestSimulationEnvParsing(t *testing.T) {
	for _, tc := range []struct {
		value string
		want  bool
	}{{"1", true}, {"true", true}, {"yes", true}, {"0", false}, {"false", false}, {"", false}} {
		f := runtime.NewFlow(&runtime.FlowConfig{Name: "x"}, runtime.WithLookupEnv(envOf("INTELLIGEN_SIMULATE", tc.value)))
		if got := f.Simulated(); got != tc.want {
			t.Errorf("INTELLIGEN_SIMULATE=%q: Simulated() = %v, want %v", tc.value, got, tc.want)
		}
	}
	f := runtime.NewFlow(&runtime.FlowConfig{Name: "x"}, runtime.WithLookupEnv(envOf("INTELLIGEN_SIMULATE", "1", "INTELLIGEN_SIM_LATENCY", "soon")))
	const want = `INTELLIGEN_SIM_LATENCY="soon" is not a non-negative duration such as 50ms`
	if err := f.Err(); err == nil || err.Error() != want {
		t.Errorf("Err() = %v, want %s", err, want)
	}
}

// TestSimulatedAudioFlow runs speech -> recognition (with an empty prompt)
// and an embed task through Run, as generated code does, in simulation,
// with logging on to check each kind's output_size.
func TestSimulatedAudioFlow(t *testing.T) {
	voice := &runtime.AgentConfig{Name: "voice", Provider: "openai", Kind: runtime.KindSpeech}
	ear := &runtime.AgentConfig{Name: "ear", Provider: "openai", Kind: runtime.KindRecognition}
	vec := &runtime.AgentConfig{Name: "vec", Provider: "openai", Kind: runtime.KindEmbed}
	narrate := &runtime.Task{Name: "narrate", Agent: voice, Log: true}
	transcribe := &runtime.Task{Name: "transcribe", Agent: ear, Log: true}
	embedder := &runtime.Task{Name: "embedder", Agent: vec, Log: true}

	var logs bytes.Buffer
	rt := runtime.NewFlow(&runtime.FlowConfig{Name: "audio"}, runtime.WithSimulation(), runtime.WithLookupEnv(noEnv),
		runtime.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	hv, he, hx := rt.Agent(voice, noNetwork), rt.Agent(ear, noNetwork), rt.Agent(vec, noNetwork)
	if err := rt.Err(); err != nil {
		t.Fatalf("New: %v", err)
	}
	r := rt.Start(context.Background())
	var speech runtime.Audio
	var text string
	var emb runtime.Embedding
	narrateToTranscribe := make(chan runtime.Audio, 1)
	r.Go(func() {
		defer close(narrateToTranscribe)
		v, ok := r.Speech(narrate, hv, runtime.Prompt("Hello there"))
		if !ok {
			return
		}
		speech = v
		narrateToTranscribe <- v
	})
	r.Go(func() {
		a, ok := <-narrateToTranscribe
		if !ok {
			return
		}
		v, ok := r.Recognize(transcribe, he, runtime.Prompt(""), a)
		if !ok {
			return
		}
		text = v
	})
	r.Go(func() {
		v, ok := r.Embed(embedder, hx, runtime.Prompt("vector me"))
		if !ok {
			return
		}
		emb = v
	})
	if err := r.Wait(); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if sum := sha256.Sum256(speech.Data); hex.EncodeToString(sum[:]) != "3a75a4af35567ca310700b34232840b0084debf6b325b44889a5ccff17034754" {
		t.Errorf("speech SHA-256 = %x", sum)
	}
	if text != "transcribe:40ff8fc0a140" {
		t.Errorf("transcribe = %q, want transcribe:40ff8fc0a140", text)
	}
	if len(emb) != 8 || math.Float32bits(emb[0]) != 0x3f159596 {
		t.Errorf("embedding = %v", emb)
	}
	for _, want := range []string{"task=narrate agent=voice", "output_size=1644", "task=transcribe agent=ear", "output_size=23", "task=embedder agent=vec", "output_size=8"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("logs lack %q:\n%s", want, logs.String())
		}
	}
}

// TestHTTPClientAndBaseURL checks what a provider client is built from.
func TestHTTPClientAndBaseURL(t *testing.T) {
	hc := &http.Client{Timeout: time.Second}
	cfg := &runtime.AgentConfig{Name: "local", Provider: "ollama", Kind: runtime.KindText, BaseURL: "http://literal", BaseURLEnv: "OLLAMA_URL", APIKeyEnv: "OLLAMA_KEY"}
	var got runtime.ClientConfig
	rt := runtime.NewFlow(&runtime.FlowConfig{Name: "x"}, runtime.WithHTTPClient(hc), runtime.WithLookupEnv(envOf("OLLAMA_URL", "http://from-env:11434")))
	rt.Agent(cfg, func(cc runtime.ClientConfig) (runtime.Agent, error) { got = cc; return runtime.Simulator{}, nil })
	if err := rt.Err(); err != nil {
		t.Fatalf("New: %v (the key is optional)", err)
	}
	if got.HTTPClient != hc || got.BaseURL != "http://from-env:11434" || got.APIKey != "" || got.Agent != cfg {
		t.Errorf("ClientConfig = %+v", got)
	}
	rt = runtime.NewFlow(&runtime.FlowConfig{Name: "x"}, runtime.WithLookupEnv(noEnv))
	rt.Agent(cfg, func(cc runtime.ClientConfig) (runtime.Agent, error) { got = cc; return runtime.Simulator{}, nil })
	if got.HTTPClient != http.DefaultClient || got.BaseURL != "" {
		t.Errorf("default ClientConfig = %+v, want http.DefaultClient and the env's empty base URL", got)
	}
}
