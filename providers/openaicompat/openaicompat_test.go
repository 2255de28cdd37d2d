package openaicompat_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/intelligen/intelligen/providers/internal/clienttest"
	"github.com/intelligen/intelligen/providers/openaicompat"
	"github.com/intelligen/intelligen/providers/providertest"
	"github.com/intelligen/intelligen/runtime"
)

const (
	key   = "vllm-secret-0123456789"
	model = "Qwen/Qwen2.5-1.5B-Instruct"
)

// servers are the two fakes, by provider name.
var servers = map[string]func(model, key string) *providertest.Server{
	"vllm":     providertest.NewVLLM,
	"llamacpp": providertest.NewLlamaCpp,
}

func newClient(t *testing.T, provider string, srv *providertest.Server, kind runtime.Kind, apiKey string) runtime.Agent {
	t.Helper()
	return clienttest.New(t, openaicompat.New, runtime.ClientConfig{
		Agent:   &runtime.AgentConfig{Name: "a", Provider: provider, Kind: kind},
		APIKey:  runtime.Secret(apiKey),
		BaseURL: srv.URL + "/v1",
	})
}

func TestCall(t *testing.T) {
	tests := []struct {
		name   string
		req    runtime.Request
		path   string
		want   runtime.Response
		golden string
	}{{
		name: "text",
		req: runtime.Request{Kind: runtime.KindText, Model: model, Mission: "be brief", Prompt: "hi there", Params: &runtime.Params{
			Temperature: new(0.2), TopP: new(1.0), MaxTokens: 64, Seed: new(int64(0)), Stop: []string{"\n\n"},
			Extra: json.RawMessage(`{"top_k":20,"repetition_penalty":1.1}`),
		}},
		path:   "/v1/chat/completions",
		want:   runtime.Response{Text: model + ": hi there", Model: model, Usage: runtime.Usage{InputTokens: 4, OutputTokens: 3}},
		golden: "text.json",
	}, {
		name:   "text_length",
		req:    runtime.Request{Kind: runtime.KindText, Model: model, Prompt: "a b c", Params: &runtime.Params{MaxTokens: 2}},
		path:   "/v1/chat/completions",
		want:   runtime.Response{Text: model + ": a", Model: model, Usage: runtime.Usage{InputTokens: 3, OutputTokens: 2}},
		golden: "text_length.json",
	}, {
		name:   "embed",
		req:    runtime.Request{Kind: runtime.KindEmbed, Model: model, Prompt: "a b", Params: &runtime.Params{Dimensions: 3}},
		path:   "/v1/embeddings",
		want:   runtime.Response{Embedding: providertest.OpenAIEmbedding("a b", 3), Model: model, Usage: runtime.Usage{InputTokens: 2}},
		golden: "embed.json",
	}, {
		name:   "embed_base64",
		req:    runtime.Request{Kind: runtime.KindEmbed, Model: model, Prompt: "a", Params: &runtime.Params{Extra: json.RawMessage(`{"encoding_format":"base64"}`)}},
		path:   "/v1/embeddings",
		want:   runtime.Response{Embedding: providertest.OpenAIEmbedding("a", 8), Model: model, Usage: runtime.Usage{InputTokens: 1}},
		golden: "embed_base64.json",
	}}
	for provider, newServer := range servers {
		for _, tt := range tests {
			t.Run(provider+"/"+tt.name, func(t *testing.T) {
				srv := newServer(model, key)
				defer srv.Close()
				got, err := newClient(t, provider, srv, tt.req.Kind, key).Call(context.Background(), &tt.req)
				if err != nil {
					t.Fatal(err)
				}
				last := srv.Last()
				if last.Method != http.MethodPost || last.Path != tt.path || last.Header.Get("Authorization") != "Bearer "+key {
					t.Errorf("request = %s %s (auth ok: %v), want POST %s with the key", last.Method, last.Path, last.Header.Get("Authorization") == "Bearer "+key, tt.path)
				}
				clienttest.Golden(t, tt.golden, last.Body) // one wire: the same body for both servers
				if !reflect.DeepEqual(*got, tt.want) {
					t.Errorf("response:\n got %+v\nwant %+v", *got, tt.want)
				}
			})
		}
	}
}

// TestServedModel checks that an agent without a model uses the first
// model of GET /models, asked once even under concurrent calls, and that
// no Authorization is sent without a key.
func TestServedModel(t *testing.T) {
	for provider, newServer := range servers {
		t.Run(provider, func(t *testing.T) {
			srv := newServer("models/tiny.gguf", "")
			defer srv.Close()
			a := newClient(t, provider, srv, runtime.KindText, "")
			var wg sync.WaitGroup
			for range 3 {
				wg.Go(func() {
					got, err := a.Call(context.Background(), &runtime.Request{Prompt: "hi"})
					if err != nil || got.Text != "models/tiny.gguf: hi" {
						t.Errorf("Call = %+v, %v", got, err)
					}
				})
			}
			wg.Wait()
			reqs := srv.Requests()
			var models int
			for _, r := range reqs {
				if _, ok := r.Header["Authorization"]; ok {
					t.Errorf("%s %s has an Authorization header", r.Method, r.Path)
				}
				if r.Path == "/v1/models" {
					models++
					if r.Method != http.MethodGet {
						t.Errorf("/v1/models method = %s", r.Method)
					}
				}
			}
			if models != 1 || len(reqs) != 4 {
				t.Errorf("%d requests, %d to /v1/models; want 4 and 1", len(reqs), models)
			}
			clienttest.Golden(t, "text_served_model.json", reqs[len(reqs)-1].Body)
		})
	}
}

func TestServedModelErrors(t *testing.T) {
	empty := providertest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"object":"list","data":[]}`)
	}), nil)
	defer empty.Close()
	a := newClient(t, "vllm", empty, runtime.KindEmbed, "")
	_, err := a.Call(context.Background(), &runtime.Request{Prompt: "x"})
	if want := "vllm: no model given and the server lists none at /models: set the agent's model"; err == nil || err.Error() != want {
		t.Errorf("error = %v, want %s", err, want)
	}

	srv := providertest.NewVLLM(model, "")
	defer srv.Close()
	srv.Inject(providertest.BadJSON)
	a = newClient(t, "vllm", srv, runtime.KindText, "")
	if _, err := a.Call(context.Background(), &runtime.Request{Prompt: "x"}); err == nil || err.Error() != "vllm: malformed response body: unexpected end of JSON input" {
		t.Errorf("error = %v, want malformed", err)
	}
	srv.Inject(providertest.ServerError)
	_, err = a.Call(context.Background(), &runtime.Request{Prompt: "x"})
	var e *runtime.APIError
	if !errors.As(err, &e) || e.StatusCode != 500 || e.Code != "InternalServerError" {
		t.Errorf("error = %v, want a 500 APIError", err)
	}
	// The failures were not cached: the next call asks again and works.
	if got, err := a.Call(context.Background(), &runtime.Request{Prompt: "x"}); err != nil || got.Model != model {
		t.Errorf("Call = %+v, %v", got, err)
	}
}

func TestNew(t *testing.T) {
	tests := []struct {
		cfg  runtime.ClientConfig
		want string
	}{
		{runtime.ClientConfig{Agent: &runtime.AgentConfig{Provider: "vllm", Kind: runtime.KindImage}}, `vllm: agent type "image" is not supported (supported: text, embed)`},
		{runtime.ClientConfig{Agent: &runtime.AgentConfig{Provider: "llamacpp", Kind: runtime.KindVision}}, `llamacpp: agent type "vision" is not supported (supported: text, embed)`},
		{runtime.ClientConfig{Agent: &runtime.AgentConfig{Provider: "lmstudio", Kind: runtime.KindText}}, "lmstudio: no base_url: set it to the server's OpenAI-compatible base, such as http://localhost:8000/v1"},
		{runtime.ClientConfig{}, "openaicompat: no base_url: set it to the server's OpenAI-compatible base, such as http://localhost:8000/v1"},
	}
	for _, tt := range tests {
		if _, err := openaicompat.New(tt.cfg); err == nil || err.Error() != tt.want {
			t.Errorf("New(%+v) error = %v, want %s", tt.cfg.Agent, err, tt.want)
		}
	}
	a, err := openaicompat.New(runtime.ClientConfig{BaseURL: "http://127.0.0.1:1/v1"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Call(context.Background(), &runtime.Request{Kind: runtime.KindSpeech}); err == nil || err.Error() != `openaicompat: agent type "speech" is not supported (supported: text, embed)` {
		t.Errorf("Call(speech) error = %v", err)
	}
}

// TestDefaultBaseURL checks each provider's default base through a
// transport that records the URL instead of using the network.
func TestDefaultBaseURL(t *testing.T) {
	if got := openaicompat.DefaultBaseURL("lmstudio"); got != "" {
		t.Errorf("DefaultBaseURL(lmstudio) = %q", got)
	}
	for provider, want := range map[string]string{"vllm": "http://localhost:8000/v1/embeddings", "llamacpp": "http://localhost:8080/v1/embeddings"} {
		if got := openaicompat.DefaultBaseURL(provider) + "/embeddings"; got != want {
			t.Errorf("DefaultBaseURL(%s) = %q", provider, got)
		}
		var got string
		hc := &http.Client{Transport: clienttest.RoundTripFunc(func(r *http.Request) (*http.Response, error) {
			got = r.URL.String()
			return nil, errors.New("no network in tests")
		})}
		a, err := openaicompat.New(runtime.ClientConfig{HTTPClient: hc, Agent: &runtime.AgentConfig{Provider: provider, Kind: runtime.KindEmbed, Model: "m"}})
		if err != nil {
			t.Fatal(err)
		}
		a.Call(context.Background(), &runtime.Request{Model: "m", Prompt: "hi"})
		if got != want {
			t.Errorf("%s: URL = %q, want %q", provider, got, want)
		}
	}
}

func TestFaults(t *testing.T) {
	// Per provider: the codes of the status faults, and the error of a bad key.
	wants := map[string]struct {
		faults clienttest.Provider
		badKey clienttest.APIError
	}{
		"vllm": {
			clienttest.Provider{Name: "vllm", RateLimited: "TooManyRequestsError", ServerError: "InternalServerError", Unavailable: "ServiceUnavailableError"},
			clienttest.APIError{Provider: "vllm", Status: 401, Message: "Unauthorized"},
		},
		"llamacpp": {
			clienttest.Provider{Name: "llamacpp", RateLimited: "unavailable_error", ServerError: "server_error", Unavailable: "unavailable_error"},
			clienttest.APIError{Provider: "llamacpp", Status: 401, Code: "authentication_error", Message: "Invalid API Key"},
		},
	}
	for provider, newServer := range servers {
		for _, kind := range []runtime.Kind{runtime.KindText, runtime.KindEmbed} {
			t.Run(provider+"/"+string(kind), func(t *testing.T) {
				w := wants[provider]
				call := func(t *testing.T, ctx context.Context, apiKey string, f providertest.Fault) (*runtime.Response, error) {
					srv := newServer(model, key)
					t.Cleanup(srv.Close)
					srv.Inject(f)
					return newClient(t, provider, srv, kind, apiKey).Call(ctx, &runtime.Request{Kind: kind, Model: model, Prompt: "hi"})
				}
				faults := append(clienttest.CommonFaults(w.faults), clienttest.Fault{
					Name:  "429 fractional Retry-After",
					Fault: providertest.Fault{Kind: providertest.Status, Status: 429, RetryAfter: "1.5"},
					Check: clienttest.WantAPIError(clienttest.APIError{Provider: provider, Status: 429, Code: w.faults.RateLimited,
						Message: "Too Many Requests", RetryAfter: 1500 * time.Millisecond, Temporary: true}),
				})
				clienttest.RunFaults(t, faults, []string{key}, func(t *testing.T, ctx context.Context, f providertest.Fault) (*runtime.Response, error) {
					return call(t, ctx, key, f)
				})
				t.Run("bad_key", func(t *testing.T) {
					const wrong = "wrong-key-abcdef"
					_, err := call(t, t.Context(), wrong, providertest.Fault{})
					clienttest.AssertAPIError(t, err, w.badKey)
					clienttest.NoKey(t, err, wrong, key)
				})
			})
		}
	}
}

// TestUnknownModel checks vLLM's 404 for a model it does not serve, in its
// flat error shape.
func TestUnknownModel(t *testing.T) {
	srv := providertest.NewVLLM(model, "")
	defer srv.Close()
	_, err := newClient(t, "vllm", srv, runtime.KindText, "").Call(context.Background(), &runtime.Request{Model: "gpt-4o", Prompt: "x"})
	if want := "vllm: HTTP 404 NotFoundError: The model `gpt-4o` does not exist."; err == nil || err.Error() != want {
		t.Errorf("error = %v, want %s", err, want)
	}
}

// TestRetry runs a task through the runtime: one 429, then success.
func TestRetry(t *testing.T) {
	srv := providertest.NewLlamaCpp(model, "")
	defer srv.Close()
	agent := &runtime.AgentConfig{Name: "local", Provider: "llamacpp", Kind: runtime.KindText, Model: model,
		BaseURL: srv.URL + "/v1", Retry: runtime.Retry{Attempts: 3, Backoff: time.Millisecond}}
	v, ok, _ := clienttest.RetryThroughRuntime(t, clienttest.RetryRun{
		Server: srv, Fault: providertest.RateLimited, New: openaicompat.New,
		Task: runtime.Task{Name: "draft", Agent: agent}, Prompt: "hi",
	}, (*runtime.Run).Text)
	if !ok || v != model+": hi" {
		t.Errorf("got %q, %v; want %q, true", v, ok, model+": hi")
	}
}

// TestAgentModel checks that a request without Model, sent to the client
// directly (not through a generated flow, which always sets it), uses the
// agent's model: GET /models is not asked. The llama.cpp fake serves
// another model and ignores the request's, so only the agent's model can
// be in the body.
func TestAgentModel(t *testing.T) {
	tests := []struct{ provider, served string }{
		{"vllm", model},
		{"llamacpp", "models/tiny.gguf"},
	}
	for _, tt := range tests {
		for _, kind := range []runtime.Kind{runtime.KindText, runtime.KindEmbed} {
			t.Run(tt.provider+"/"+string(kind), func(t *testing.T) {
				srv := servers[tt.provider](tt.served, "")
				defer srv.Close()
				a := clienttest.New(t, openaicompat.New, runtime.ClientConfig{
					Agent:   &runtime.AgentConfig{Name: "a", Provider: tt.provider, Kind: kind, Model: model},
					BaseURL: srv.URL + "/v1",
				})
				if _, err := a.Call(context.Background(), &runtime.Request{Prompt: "hi"}); err != nil {
					t.Fatal(err)
				}
				if reqs := srv.Requests(); len(reqs) != 1 {
					t.Errorf("%d requests (first %s %s), want one POST", len(reqs), reqs[0].Method, reqs[0].Path)
				}
				var body struct{ Model string }
				if err := json.Unmarshal(srv.Last().Body, &body); err != nil {
					t.Fatal(err)
				}
				if body.Model != model {
					t.Errorf("model sent = %q, want the agent's %q", body.Model, model)
				}
			})
		}
	}
}

func TestTypedOutputs(t *testing.T) {
	for _, tc := range []struct {
		provider string
		fake     func(model, key string) *providertest.Server
	}{{"vllm", providertest.NewVLLM}, {"llamacpp", providertest.NewLlamaCpp}} {
		t.Run(tc.provider, func(t *testing.T) {
			clienttest.TypedOutputs(t, clienttest.Typed{
				Server:      func() *providertest.Server { return tc.fake(model, "") },
				New:         openaicompat.New,
				Agent:       runtime.AgentConfig{Name: "local", Provider: tc.provider, Kind: runtime.KindText, Model: model},
				BaseURLPath: "/v1",
				Refuse:      "REFUSE this",
			})
		})
	}
}
