package openai_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/intelligen/intelligen/providers/internal/clienttest"
	"github.com/intelligen/intelligen/providers/openai"
	"github.com/intelligen/intelligen/providers/providertest"
	"github.com/intelligen/intelligen/runtime"
)

const key = "sk-test-0123456789abcdef"

func newClient(t *testing.T, srv *providertest.Server, kind runtime.Kind, apiKey string) runtime.Agent {
	t.Helper()
	return clienttest.New(t, openai.New, runtime.ClientConfig{
		Agent:   &runtime.AgentConfig{Name: "a", Provider: "openai", Kind: kind},
		APIKey:  runtime.Secret(apiKey),
		BaseURL: srv.URL + "/v1/", // a trailing slash is trimmed
	})
}

var pngPixel = providertest.OpenAIPNG("input image")

// formSummary renders a multipart request as JSON, for a golden file: its
// fields in order and the file part's name, type and size.
func formSummary(t *testing.T, r providertest.Request) []byte {
	t.Helper()
	var parts []map[string]any
	for _, p := range clienttest.FormParts(t, r) {
		part := map[string]any{"name": p.Name}
		if p.FileName != "" {
			part["filename"], part["content_type"], part["size"] = p.FileName, p.ContentType, len(p.Value)
		} else {
			part["value"] = string(p.Value)
		}
		parts = append(parts, part)
	}
	out, _ := json.MarshalIndent(parts, "", "  ")
	return append(out, '\n')
}

func TestCall(t *testing.T) {
	wav := providertest.OpenAIWAV("spoken")
	tests := []struct {
		name   string
		req    runtime.Request
		path   string
		want   runtime.Response
		golden string
	}{{
		name: "text",
		req: runtime.Request{Kind: runtime.KindText, Mission: "be brief", Prompt: "hi there", Params: &runtime.Params{
			Temperature: new(0.0), TopP: new(0.9), MaxTokens: 800, Seed: new(int64(7)), Stop: []string{"END"},
			Extra: json.RawMessage(`{"logprobs":true}`),
		}},
		path:   "/v1/chat/completions",
		want:   runtime.Response{Text: "gpt-4o-mini: hi there", Model: "gpt-4o-mini", Usage: runtime.Usage{InputTokens: 4, OutputTokens: 3}},
		golden: "text.json",
	}, {
		name:   "text_minimal",
		req:    runtime.Request{Kind: runtime.KindText, Model: "gpt-4.1", Prompt: "hello"},
		path:   "/v1/chat/completions",
		want:   runtime.Response{Text: "gpt-4.1: hello", Model: "gpt-4.1", Usage: runtime.Usage{InputTokens: 1, OutputTokens: 2}},
		golden: "text_minimal.json",
	}, {
		name:   "text_length",
		req:    runtime.Request{Kind: runtime.KindText, Prompt: "one two three four", Params: &runtime.Params{MaxTokens: 2}},
		path:   "/v1/chat/completions",
		want:   runtime.Response{Text: "gpt-4o-mini: one", Model: "gpt-4o-mini", Usage: runtime.Usage{InputTokens: 4, OutputTokens: 2}},
		golden: "text_length.json",
	}, {
		name: "vision",
		req: runtime.Request{Kind: runtime.KindVision, Mission: "describe", Prompt: "what is it?",
			Images: []runtime.Image{{MIME: "image/png", Data: pngPixel}, {MIME: "image/jpeg", Data: []byte{0xff, 0xd8, 0xff}}}, Params: &runtime.Params{MaxTokens: 50}},
		path:   "/v1/chat/completions",
		want:   runtime.Response{Text: "gpt-4o-mini: what is it? [image image/png 84 bytes] [image image/jpeg 3 bytes]", Model: "gpt-4o-mini", Usage: runtime.Usage{InputTokens: 12, OutputTokens: 12}},
		golden: "vision.json",
	}, {
		name:   "vision_image_only",
		req:    runtime.Request{Kind: runtime.KindVision, Images: []runtime.Image{{Data: pngPixel}}},
		path:   "/v1/chat/completions",
		want:   runtime.Response{Text: "gpt-4o-mini: [image image/png 84 bytes]", Model: "gpt-4o-mini", Usage: runtime.Usage{InputTokens: 4, OutputTokens: 5}},
		golden: "vision_image_only.json",
	}, {
		name: "image",
		req: runtime.Request{Kind: runtime.KindImage, Model: "gpt-image-1", Mission: "ignored", Prompt: "a red fox", Params: &runtime.Params{
			Size: "1536x1024", Quality: "high", Format: "png", Seed: new(int64(1)), NegativePrompt: "ignored", AspectRatio: "2:3",
		}},
		path:   "/v1/images/generations",
		want:   runtime.Response{Image: runtime.Image{MIME: "image/png", Data: providertest.OpenAIPNG("a red fox")}, Model: "gpt-image-1", Usage: runtime.Usage{InputTokens: 3, OutputTokens: 272}},
		golden: "image.json",
	}, {
		// The default model: later than the client's tables, so
		// aspect_ratio has no size to send.
		name:   "image_default",
		req:    runtime.Request{Kind: runtime.KindImage, Prompt: "a fox", Params: &runtime.Params{AspectRatio: "3:2", Quality: "high"}},
		path:   "/v1/images/generations",
		want:   runtime.Response{Image: runtime.Image{MIME: "image/png", Data: providertest.OpenAIPNG("a fox")}, Model: "gpt-image-2.6-flare", Usage: runtime.Usage{InputTokens: 2, OutputTokens: 272}},
		golden: "image_default.json",
	}, {
		name:   "image_aspect_jpeg",
		req:    runtime.Request{Kind: runtime.KindImage, Model: "gpt-image-1", Prompt: "a fox", Params: &runtime.Params{AspectRatio: "3:2", Format: "jpeg"}},
		path:   "/v1/images/generations",
		want:   runtime.Response{Image: runtime.Image{MIME: "image/jpeg"}, Model: "gpt-image-1", Usage: runtime.Usage{InputTokens: 2, OutputTokens: 272}},
		golden: "image_aspect_jpeg.json",
	}, {
		name:   "image_dalle_b64",
		req:    runtime.Request{Kind: runtime.KindImage, Model: "dall-e-3", Prompt: "a fox", Params: &runtime.Params{Size: "1024x1024", Extra: json.RawMessage(`{"response_format":"b64_json"}`)}},
		path:   "/v1/images/generations",
		want:   runtime.Response{Image: runtime.Image{MIME: "image/png", Data: providertest.OpenAIPNG("a fox")}, Model: "dall-e-3"},
		golden: "image_dalle_b64.json",
	}, {
		// dall-e-3 draws 7:4 as 1792x1024 and takes no output_format.
		name:   "image_dalle3_aspect",
		req:    runtime.Request{Kind: runtime.KindImage, Model: "dall-e-3", Prompt: "a fox", Params: &runtime.Params{AspectRatio: "7:4", Quality: "hd", Format: "png", Extra: json.RawMessage(`{"response_format":"b64_json"}`)}},
		path:   "/v1/images/generations",
		want:   runtime.Response{Image: runtime.Image{MIME: "image/png", Data: providertest.OpenAIPNG("a fox")}, Model: "dall-e-3"},
		golden: "image_dalle3_aspect.json",
	}, {
		// tts-1 takes no instructions: the mission is left out.
		name:   "speech_tts1_mission",
		req:    runtime.Request{Kind: runtime.KindSpeech, Model: "tts-1-hd", Mission: "cheerful", Prompt: "hello"},
		path:   "/v1/audio/speech",
		want:   runtime.Response{Audio: runtime.Audio{MIME: "audio/wav", Data: providertest.OpenAIWAV("hello")}, Model: "tts-1-hd"},
		golden: "speech_tts1_mission.json",
	}, {
		name:   "speech",
		req:    runtime.Request{Kind: runtime.KindSpeech, Mission: "cheerful", Prompt: "hello world"},
		path:   "/v1/audio/speech",
		want:   runtime.Response{Audio: runtime.Audio{MIME: "audio/wav", Data: providertest.OpenAIWAV("hello world")}, Model: "gpt-4o-mini-tts"},
		golden: "speech.json",
	}, {
		name:   "speech_mp3",
		req:    runtime.Request{Kind: runtime.KindSpeech, Model: "tts-1", Prompt: "hello", Params: &runtime.Params{Voice: "nova", Format: "mp3", Extra: json.RawMessage(`{"speed":1.5}`)}},
		path:   "/v1/audio/speech",
		want:   runtime.Response{Audio: runtime.Audio{MIME: "audio/mpeg"}, Model: "tts-1"},
		golden: "speech_mp3.json",
	}, {
		name:   "recognition",
		req:    runtime.Request{Kind: runtime.KindRecognition, Prompt: "names: Ada", Audio: &runtime.Audio{MIME: "audio/wav", Data: wav}, Params: &runtime.Params{Language: "en", Temperature: new(0.5)}},
		path:   "/v1/audio/transcriptions",
		want:   runtime.Response{Text: "whisper-1: heard 108 bytes of audio/wav in audio.wav [language en] [prompt names: Ada]", Model: "whisper-1"},
		golden: "recognition.json",
	}, {
		name: "recognition_extra",
		req: runtime.Request{Kind: runtime.KindRecognition, Model: "gpt-4o-transcribe", Audio: &runtime.Audio{MIME: "audio/mpeg", Data: []byte("ID3fake")},
			Params: &runtime.Params{Language: "fr", Extra: json.RawMessage(`{"language":"de","include[]":["logprobs"],"temperature":0}`)}},
		path:   "/v1/audio/transcriptions",
		want:   runtime.Response{Text: "gpt-4o-transcribe: heard 7 bytes of audio/mpeg in audio.mp3 [language de]", Model: "gpt-4o-transcribe", Usage: runtime.Usage{InputTokens: 10, OutputTokens: 10}},
		golden: "recognition_extra.json",
	}, {
		name:   "embed",
		req:    runtime.Request{Kind: runtime.KindEmbed, Mission: "ignored", Prompt: "a b c", Params: &runtime.Params{Dimensions: 4}},
		path:   "/v1/embeddings",
		want:   runtime.Response{Embedding: providertest.OpenAIEmbedding("a b c", 4), Model: "text-embedding-3-small", Usage: runtime.Usage{InputTokens: 3}},
		golden: "embed.json",
	}, {
		name:   "embed_base64",
		req:    runtime.Request{Kind: runtime.KindEmbed, Prompt: "x", Params: &runtime.Params{Extra: json.RawMessage(`{"encoding_format":"base64"}`)}},
		path:   "/v1/embeddings",
		want:   runtime.Response{Embedding: providertest.OpenAIEmbedding("x", 8), Model: "text-embedding-3-small", Usage: runtime.Usage{InputTokens: 1}},
		golden: "embed_base64.json",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := providertest.NewOpenAI(key)
			defer srv.Close()
			got, err := newClient(t, srv, tt.req.Kind, key).Call(context.Background(), &tt.req)
			if err != nil {
				t.Fatal(err)
			}
			last := srv.Last()
			if last.Method != http.MethodPost || last.Path != tt.path {
				t.Errorf("request = %s %s, want POST %s", last.Method, last.Path, tt.path)
			}
			if h := last.Header.Get("Authorization"); h != "Bearer "+key {
				t.Errorf("Authorization header is wrong")
			}
			if tt.req.Kind == runtime.KindRecognition {
				clienttest.Golden(t, tt.golden, formSummary(t, last))
			} else {
				if ct := last.Header.Get("Content-Type"); ct != "application/json" {
					t.Errorf("Content-Type = %q, want application/json", ct)
				}
				clienttest.Golden(t, tt.golden, last.Body)
			}
			if tt.want.Image.MIME != "" && tt.want.Image.Data == nil {
				tt.want.Image.Data = got.Image.Data // checked by MIME (sniffed) only
			}
			if tt.want.Audio.MIME != "" && tt.want.Audio.Data == nil {
				if len(got.Audio.Data) != 32 {
					t.Errorf("audio is %d bytes, want the fake's 32", len(got.Audio.Data))
				}
				tt.want.Audio.Data = got.Audio.Data
			}
			if !reflect.DeepEqual(*got, tt.want) {
				t.Errorf("response:\n got %+v\nwant %+v", *got, tt.want)
			}
		})
	}
}

// TestCallKindFromConfig checks that a request without Kind uses the
// agent's, and that a nil Params is fine.
func TestCallKindFromConfig(t *testing.T) {
	srv := providertest.NewOpenAI(key)
	defer srv.Close()
	got, err := newClient(t, srv, runtime.KindEmbed, key).Call(context.Background(), &runtime.Request{Prompt: "q"})
	if err != nil {
		t.Fatal(err)
	}
	if srv.Last().Path != "/v1/embeddings" || len(got.Embedding) != 8 {
		t.Errorf("got %s and %d values, want /v1/embeddings and 8", srv.Last().Path, len(got.Embedding))
	}
}

func TestNew(t *testing.T) {
	_, err := openai.New(runtime.ClientConfig{Agent: &runtime.AgentConfig{Kind: "video"}})
	if err == nil || err.Error() != `openai: agent type "video" is not supported (supported: text, image, vision, speech, recognition, embed)` {
		t.Errorf("New(video) error = %v", err)
	}
	a, err := openai.New(runtime.ClientConfig{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = a.Call(context.Background(), &runtime.Request{Kind: "video"})
	if err == nil || err.Error() != `openai: agent type "video" is not supported (supported: text, image, vision, speech, recognition, embed)` {
		t.Errorf("Call(video) error = %v", err)
	}
}

// TestDefaultBaseURL checks the default base through a transport that
// records the URL instead of using the network.
func TestDefaultBaseURL(t *testing.T) {
	var got string
	hc := &http.Client{Transport: clienttest.RoundTripFunc(func(r *http.Request) (*http.Response, error) {
		got = r.URL.String()
		return nil, errors.New("no network in tests")
	})}
	a, err := openai.New(runtime.ClientConfig{HTTPClient: hc, Agent: &runtime.AgentConfig{Kind: runtime.KindText}})
	if err != nil {
		t.Fatal(err)
	}
	a.Call(context.Background(), &runtime.Request{Prompt: "hi"})
	if got != "https://api.openai.com/v1/chat/completions" {
		t.Errorf("URL = %q", got)
	}
}

func TestCallErrors(t *testing.T) {
	tests := []struct {
		name string
		req  runtime.Request
		want string
	}{
		{"vision_no_image", runtime.Request{Kind: runtime.KindVision, Prompt: "x"}, "openai: vision request has no image"},
		{"recognition_no_audio", runtime.Request{Kind: runtime.KindRecognition}, "openai: recognition request has no audio"},
		{"refusal", runtime.Request{Kind: runtime.KindText, Prompt: "REFUSE this"}, "openai: model refused: I'm sorry, I can't help with that."},
		{"dalle_url", runtime.Request{Kind: runtime.KindImage, Model: "dall-e-3", Prompt: "x"}, `openai: image response has a URL, not b64_json: use a GPT image model, or params.extra response_format = "b64_json"`},
		{"bad_extra", runtime.Request{Kind: runtime.KindText, Params: &runtime.Params{Extra: json.RawMessage(`[1]`)}}, "openai: encode request: params.extra is not a JSON object: json: cannot unmarshal array into Go value of type map[string]json.RawMessage"},
		{"bad_extra_speech", runtime.Request{Kind: runtime.KindSpeech, Params: &runtime.Params{Extra: json.RawMessage(`1`)}}, "openai: encode request: params.extra is not a JSON object: json: cannot unmarshal number into Go value of type map[string]json.RawMessage"},
		{"bad_extra_recognition", runtime.Request{Kind: runtime.KindRecognition, Audio: &runtime.Audio{}, Params: &runtime.Params{Extra: json.RawMessage(`"x"`)}}, "openai: encode request: params.extra is not a JSON object: json: cannot unmarshal string into Go value of type map[string]json.RawMessage"},
		{"unknown_field", runtime.Request{Kind: runtime.KindText, Prompt: "x", Params: &runtime.Params{Extra: json.RawMessage(`{"nope":1}`)}}, "openai: HTTP 400 invalid_request_error: Unrecognized request argument supplied: nope (request req_1)"},
		{"dalle3_aspect", runtime.Request{Kind: runtime.KindImage, Model: "dall-e-3", Prompt: "x", Params: &runtime.Params{AspectRatio: "3:2"}}, `openai: model dall-e-3 cannot draw aspect_ratio "3:2": use 1:1, 4:7, 7:4, or set size`},
		{"dalle3_size", runtime.Request{Kind: runtime.KindImage, Model: "dall-e-3", Prompt: "x", Params: &runtime.Params{Size: "1536x1024"}}, "openai: HTTP 400 invalid_value: Invalid value: '1536x1024'. Supported values are: '1024x1024', '1024x1792', and '1792x1024'. (request req_1)"},
		{"gpt_image_hd", runtime.Request{Kind: runtime.KindImage, Model: "gpt-image-1", Prompt: "x", Params: &runtime.Params{Quality: "hd"}}, "openai: HTTP 400 invalid_value: Invalid value: 'hd'. Supported values are: 'low', 'medium', 'high', and 'auto'. (request req_1)"},
		{"stop_five", runtime.Request{Kind: runtime.KindText, Prompt: "x", Params: &runtime.Params{Stop: []string{"a", "b", "c", "d", "e"}}}, "openai: HTTP 400 array_above_max_length: Invalid 'stop': array too long. Expected an array with maximum length 4, but got an array with length 5 instead. (request req_1)"},
		{"bad_size", runtime.Request{Kind: runtime.KindImage, Model: "gpt-image-1", Prompt: "x", Params: &runtime.Params{Size: "512x512"}}, "openai: HTTP 400 invalid_value: Invalid value: '512x512'. Supported values are: '1024x1024', '1024x1536', '1536x1024', and 'auto'. (request req_1)"},
		{"bad_voice", runtime.Request{Kind: runtime.KindSpeech, Prompt: "x", Params: &runtime.Params{Voice: "bob"}}, "openai: HTTP 400 invalid_value: Invalid value: 'bob'. Supported values are: 'alloy', 'ash', 'ballad', 'coral', 'echo', 'fable', 'nova', 'onyx', 'sage', 'shimmer', 'verse', 'marin', and 'cedar'. (request req_1)"},
		{"bad_audio_type", runtime.Request{Kind: runtime.KindRecognition, Audio: &runtime.Audio{MIME: "application/x-foo", Data: []byte{1}}}, `openai: HTTP 400 unsupported_format: Invalid file format. Supported formats: ["flac" "m4a" "mp3" "mp4" "mpeg" "mpga" "oga" "ogg" "wav" "webm"] (request req_1)`},
		{"bad_response_format", runtime.Request{Kind: runtime.KindRecognition, Audio: &runtime.Audio{Data: []byte{1}}, Params: &runtime.Params{Extra: json.RawMessage(`{"response_format":"text"}`)}}, "openai: malformed response body: invalid character 'w' looking for beginning of value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := providertest.NewOpenAI(key)
			defer srv.Close()
			_, err := newClient(t, srv, tt.req.Kind, key).Call(context.Background(), &tt.req)
			if err == nil || err.Error() != tt.want {
				t.Errorf("error = %v\n want %s", err, tt.want)
			}
			if runtime.Temporary(err) {
				t.Errorf("Temporary(%v) = true", err)
			}
		})
	}
}

// kinds is one request per agent kind, for the fault tests.
var kinds = []runtime.Request{
	{Kind: runtime.KindText, Prompt: "hi"},
	{Kind: runtime.KindVision, Prompt: "hi", Images: []runtime.Image{{MIME: "image/png", Data: pngPixel}}},
	{Kind: runtime.KindImage, Prompt: "hi"},
	{Kind: runtime.KindSpeech, Prompt: "hi"},
	{Kind: runtime.KindRecognition, Audio: &runtime.Audio{MIME: "audio/wav", Data: providertest.OpenAIWAV("x")}},
	{Kind: runtime.KindEmbed, Prompt: "hi"},
}

func TestFaults(t *testing.T) {
	for _, req := range kinds {
		t.Run(string(req.Kind), func(t *testing.T) {
			p := clienttest.Provider{Name: "openai", RateLimited: "rate_limit_exceeded", ServerError: "server_error", Unavailable: "server_error", RequestID: "req_1"}
			if req.Kind == runtime.KindSpeech {
				p.Malformed = "openai: speech response is application/json, not audio"
			}
			faults := append(clienttest.CommonFaults(p), clienttest.Fault{
				Name:  "429 message",
				Fault: providertest.Fault{Kind: providertest.Status, Status: 429, RetryAfter: "2"},
				Check: func(t testing.TB, err error) {
					if want := "openai: HTTP 429 rate_limit_exceeded: Too Many Requests (request req_1)"; err.Error() != want {
						t.Errorf("error = %q, want %q", err, want)
					}
				},
			}, clienttest.Fault{
				Name: "429 retry-after-ms, x-should-retry false",
				Fault: providertest.Fault{Kind: providertest.Status, Status: 429, Code: "insufficient_quota",
					Header: http.Header{"Retry-After-Ms": {"150"}, "X-Should-Retry": {"false"}}},
				Check: clienttest.WantAPIError(clienttest.APIError{Provider: "openai", Status: 429, Code: "insufficient_quota",
					Message: "Too Many Requests", RequestID: "req_1", RetryAfter: 150 * time.Millisecond}),
			})
			// A new fake per request: its request id is req_1.
			newServer := func(t *testing.T) *providertest.Server {
				srv := providertest.NewOpenAI(key)
				t.Cleanup(srv.Close)
				return srv
			}
			clienttest.RunFaults(t, faults, []string{key}, func(t *testing.T, ctx context.Context, f providertest.Fault) (*runtime.Response, error) {
				srv := newServer(t)
				srv.Inject(f)
				r := req
				return newClient(t, srv, r.Kind, key).Call(ctx, &r)
			})
			t.Run("bad_key", func(t *testing.T) {
				const wrong = "sk-wrong-key-9876543210"
				srv := newServer(t)
				r := req
				_, err := newClient(t, srv, r.Kind, wrong).Call(t.Context(), &r)
				clienttest.AssertAPIError(t, err, clienttest.APIError{Provider: "openai", Status: 401, Code: "invalid_api_key", RequestID: "req_1",
					Message: "Incorrect API key provided: sk-****************3210. You can find your API key at https://platform.openai.com/account/api-keys."})
				clienttest.NoKey(t, err, wrong, key)
			})
			t.Run("no_key", func(t *testing.T) {
				srv := newServer(t)
				r := req
				_, err := newClient(t, srv, r.Kind, "").Call(t.Context(), &r)
				var e *runtime.APIError
				if !errors.As(err, &e) || e.StatusCode != 401 || e.Code != "invalid_request_error" || !strings.HasPrefix(e.Message, "You didn't provide an API key.") {
					t.Errorf("error = %v, want 401 invalid_request_error", err)
				}
				if _, ok := srv.Last().Header["Authorization"]; ok {
					t.Error("Authorization sent without a key")
				}
			})
		})
	}
}

// TestRetry runs a task through the runtime: one 429, then success.
func TestRetry(t *testing.T) {
	srv := providertest.NewOpenAI(key)
	defer srv.Close()
	agent := &runtime.AgentConfig{Name: "writer", Provider: "openai", Kind: runtime.KindText, APIKeyEnv: "OPENAI_API_KEY", KeyRequired: true,
		BaseURL: srv.URL + "/v1", Retry: runtime.Retry{Attempts: 3, Backoff: time.Millisecond}}
	v, ok, _ := clienttest.RetryThroughRuntime(t, clienttest.RetryRun{
		Server: srv, Fault: providertest.RateLimited, Env: map[string]string{"OPENAI_API_KEY": key}, New: openai.New,
		Task: runtime.Task{Name: "draft", Agent: agent}, Prompt: "hi",
	}, (*runtime.Run).Text)
	if !ok || v != "gpt-4o-mini: hi" {
		t.Errorf("got %q, %v; want %q, true", v, ok, "gpt-4o-mini: hi")
	}
}

// TestCallAgentModel checks that a request without Model, sent to the
// client directly (not through a generated flow, which always sets it),
// uses the agent's model rather than the default of its kind.
func TestCallAgentModel(t *testing.T) {
	tests := []struct {
		kind  runtime.Kind
		req   runtime.Request
		model string
	}{
		{runtime.KindText, runtime.Request{Prompt: "hi"}, "gpt-4.1"},
		{runtime.KindVision, runtime.Request{Prompt: "hi", Images: []runtime.Image{{MIME: "image/png", Data: pngPixel}}}, "gpt-4o"},
		{runtime.KindImage, runtime.Request{Prompt: "a fox"}, "gpt-image-1-mini"},
		{runtime.KindSpeech, runtime.Request{Prompt: "hello"}, "tts-1"},
		{runtime.KindEmbed, runtime.Request{Prompt: "q"}, "text-embedding-3-large"},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			srv := providertest.NewOpenAI(key)
			defer srv.Close()
			a := clienttest.New(t, openai.New, runtime.ClientConfig{
				Agent:   &runtime.AgentConfig{Name: "a", Provider: "openai", Kind: tt.kind, Model: tt.model},
				APIKey:  key,
				BaseURL: srv.URL + "/v1",
			})
			got, err := a.Call(context.Background(), &tt.req)
			if err != nil {
				t.Fatal(err)
			}
			var body struct{ Model string }
			if err := json.Unmarshal(srv.Last().Body, &body); err != nil {
				t.Fatal(err)
			}
			if body.Model != tt.model || got.Model != tt.model {
				t.Errorf("model sent %q, answered %q; want the agent's %q", body.Model, got.Model, tt.model)
			}
		})
	}
}

func TestTypedOutputs(t *testing.T) {
	clienttest.TypedOutputs(t, clienttest.Typed{
		Server: func() *providertest.Server { return providertest.NewOpenAI(key) },
		New:    openai.New,
		Agent: runtime.AgentConfig{Name: "writer", Provider: "openai", Kind: runtime.KindText,
			APIKeyEnv: "OPENAI_API_KEY", KeyRequired: true},
		BaseURLPath: "/v1",
		Env:         map[string]string{"OPENAI_API_KEY": key},
		Refuse:      "REFUSE this",
	})
}
