package stability

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image/png"
	"testing"
	"time"

	"github.com/intelligen/intelligen/providers/internal/clienttest"
	"github.com/intelligen/intelligen/providers/providertest"
	"github.com/intelligen/intelligen/runtime"
)

const testKey = "sk-stab-0123456789abcdef"

func newClient(t *testing.T, srv *providertest.Server, model, key string) runtime.Agent {
	t.Helper()
	return clienttest.New(t, New, runtime.ClientConfig{
		Agent:   &runtime.AgentConfig{Name: "a", Provider: "stability", Kind: runtime.KindImage, Model: model},
		APIKey:  runtime.Secret(key),
		BaseURL: srv.URL + "/",
	})
}

// apiError is the APIError of status, code and msg that is not retried.
func apiError(status int, code, msg string) clienttest.APIError {
	return clienttest.APIError{Provider: provider, Status: status, Code: code, Message: msg}
}

// form renders a recorded multipart request for a golden file: request
// line, Accept, media type, then each part "name: value" in the order sent.
func form(t *testing.T, req providertest.Request) []byte {
	t.Helper()
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s %s\nAccept: %s\nContent-Type: multipart/form-data\n\n", req.Method, req.Path, req.Header.Get("Accept"))
	for _, p := range clienttest.FormParts(t, req) {
		if p.FileName != "" {
			t.Errorf("part %q is a file %q, want a form field", p.Name, p.FileName)
		}
		fmt.Fprintf(&b, "%s: %s\n", p.Name, p.Value)
	}
	return b.Bytes()
}

func TestImage(t *testing.T) {
	srv := providertest.NewStability(testKey)
	defer srv.Close()
	tests := []struct {
		name   string
		model  string
		params *runtime.Params
		mime   string
		data   []byte
		model2 string // Response.Model
	}{
		{"core_all_params", "", &runtime.Params{
			NegativePrompt: "blurry", AspectRatio: "16:9", Seed: new(int64(42)),
			Size: "1024x1024", Quality: "high", Temperature: new(0.5), // no field: ignored
		}, "image/png", providertest.StabilityPNG, "core"},
		{"core_minimal", "core", nil, "image/png", providertest.StabilityPNG, "core"},
		{"ultra_jpeg", "ultra", &runtime.Params{Format: "jpeg", Seed: new(int64(0))}, "image/jpeg", providertest.StabilityJPEG, "ultra"},
		{"sd3_webp", "sd3.5-large-turbo", &runtime.Params{Format: "webp", NegativePrompt: "text"}, "image/webp", providertest.StabilityWebP, "sd3.5-large-turbo"},
		{"extra", "sd3.5-medium", &runtime.Params{
			AspectRatio: "1:1",
			Extra:       json.RawMessage(`{"style_preset":"photographic","cfg_scale":4.5,"aspect_ratio":"3:2","model":"sd3.5-large","negative_prompt":null,"output_format":"jpeg"}`),
		}, "image/jpeg", providertest.StabilityJPEG, "sd3.5-large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newClient(t, srv, tt.model, testKey)
			resp, err := c.Call(t.Context(), &runtime.Request{Kind: runtime.KindImage, Model: tt.model, Mission: "ignored", Prompt: "a red fox", Params: tt.params})
			if err != nil {
				t.Fatal(err)
			}
			if resp.Image.MIME != tt.mime || !bytes.Equal(resp.Image.Data, tt.data) || resp.Model != tt.model2 || resp.Text != "" {
				t.Errorf("response = {MIME %q, %d bytes, Model %q}, want {%q, %d bytes, %q}", resp.Image.MIME, len(resp.Image.Data), resp.Model, tt.mime, len(tt.data), tt.model2)
			}
			req := srv.Last()
			if got := req.Header.Get("Authorization"); got != "Bearer "+testKey {
				t.Errorf("Authorization = %q, want the Bearer key", got)
			}
			clienttest.Golden(t, tt.name+".txt", form(t, req))
		})
	}
}

func TestImageIsPNG(t *testing.T) {
	srv := providertest.NewStability(testKey)
	defer srv.Close()
	resp, err := newClient(t, srv, "", testKey).Call(t.Context(), &runtime.Request{Prompt: "x"})
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(resp.Image.Data))
	if err != nil || img.Bounds().Dx() != 2 {
		t.Errorf("image does not decode as a 2×2 PNG: %v", err)
	}
}

func TestContentFiltered(t *testing.T) {
	srv := providertest.NewStability(testKey)
	defer srv.Close()
	_, err := newClient(t, srv, "", testKey).Call(t.Context(), &runtime.Request{Prompt: "something " + providertest.StabilityFiltered})
	if !errors.Is(err, ErrContentFiltered) {
		t.Fatalf("err = %v, want ErrContentFiltered", err)
	}
	if got, want := err.Error(), "stability: image withheld by the content filter (finish_reason CONTENT_FILTERED)"; got != want {
		t.Errorf("err = %q, want %q", got, want)
	}
	if runtime.Temporary(err) {
		t.Error("a filtered image is Temporary, want not retried")
	}
}

func TestClientErrors(t *testing.T) {
	_, err := New(runtime.ClientConfig{Agent: &runtime.AgentConfig{Kind: runtime.KindText}})
	if got, want := fmt.Sprint(err), `stability: agent type "text" is not supported (supported: image)`; got != want {
		t.Errorf("New(text) error = %q, want %q", got, want)
	}
	_, err = New(runtime.ClientConfig{Agent: &runtime.AgentConfig{Kind: runtime.KindImage, Model: "dall-e-3"}})
	if got, want := fmt.Sprint(err), `stability: unknown model "dall-e-3" (want core, ultra or an sd3 model such as sd3.5-large)`; got != want {
		t.Errorf("New(dall-e-3) error = %q, want %q", got, want)
	}
	srv := providertest.NewStability(testKey)
	defer srv.Close()
	c := newClient(t, srv, "", testKey)
	tests := []struct {
		req  runtime.Request
		want string
	}{
		{runtime.Request{Kind: runtime.KindVision, Prompt: "x"}, `stability: agent type "vision" is not supported (supported: image)`},
		{runtime.Request{Model: "stable-diffusion-xl", Prompt: "x"}, `stability: unknown model "stable-diffusion-xl" (want core, ultra or an sd3 model such as sd3.5-large)`},
		{runtime.Request{Prompt: "x", Params: &runtime.Params{Format: "gif"}}, `stability: unsupported format "gif" (want png, jpeg or webp)`},
		{runtime.Request{Prompt: "x", Params: &runtime.Params{Extra: json.RawMessage(`[1]`)}}, "stability: params.extra is not a JSON object: json: cannot unmarshal array into Go value of type map[string]json.RawMessage"},
	}
	for _, tt := range tests {
		_, err := c.Call(t.Context(), &tt.req)
		if got := fmt.Sprint(err); got != tt.want {
			t.Errorf("Call(%+v) error = %q, want %q", tt.req, got, tt.want)
		}
	}
	clienttest.NoRequests(t, srv)
	a, _ := New(runtime.ClientConfig{})
	if got := a.(*Client).wire.BaseURL; got != DefaultBaseURL {
		t.Errorf("default base URL = %q, want %q", got, DefaultBaseURL)
	}
}

// TestBadRequest: the API's own validation errors, {"id","name","errors"},
// become APIError code and message.
func TestBadRequest(t *testing.T) {
	srv := providertest.NewStability(testKey)
	defer srv.Close()
	c := newClient(t, srv, "sd3.5-huge", testKey)
	_, err := c.Call(t.Context(), &runtime.Request{Model: "sd3.5-huge", Params: &runtime.Params{AspectRatio: "7:5", Seed: new(int64(-1))}})
	clienttest.AssertAPIError(t, err, apiError(400, "bad_request", "prompt: required; aspect_ratio: must be one of 1:1, 16:9, 21:9, 2:3, 3:2, 4:5, 5:4, 9:16, 9:21; seed: must be an integer between 0 and 4294967294; model: must be one of sd3.5-large, sd3.5-large-turbo, sd3.5-medium, sd3.5-flash"))
	if srv.Last().Path != "/v2beta/stable-image/generate/sd3" {
		t.Errorf("path = %q, want the sd3 endpoint", srv.Last().Path)
	}

	srv.Inject(providertest.Fault{Kind: providertest.Status, Status: 403})
	_, err = c.Call(t.Context(), &runtime.Request{Prompt: "x"})
	clienttest.AssertAPIError(t, err, apiError(403, "content_moderation", "Forbidden"))
}

func TestFaults(t *testing.T) {
	srv := providertest.NewStability(testKey)
	defer srv.Close()
	c := newClient(t, srv, "", testKey)
	faults := clienttest.CommonFaults(clienttest.Provider{
		Name:        provider,
		RateLimited: "rate_limit_exceeded", ServerError: "internal_error", Unavailable: "internal_error",
	})
	clienttest.RunFaults(t, faults, []string{testKey}, func(t *testing.T, ctx context.Context, f providertest.Fault) (*runtime.Response, error) {
		srv.Inject(f)
		return c.Call(ctx, &runtime.Request{Kind: runtime.KindImage, Prompt: "hi"})
	})
}

func TestBadKey(t *testing.T) {
	srv := providertest.NewStability(testKey)
	defer srv.Close()
	const wrong = "sk-wrong-key-fedcba9876543210"
	_, err := newClient(t, srv, "", wrong).Call(t.Context(), &runtime.Request{Prompt: "hi"})
	clienttest.AssertAPIError(t, err, apiError(401, "unauthorized", "authorization: invalid or missing"))
	if got, want := err.Error(), "stability: HTTP 401 unauthorized: authorization: invalid or missing"; got != want {
		t.Errorf("err = %q, want %q", got, want)
	}
	clienttest.NoKey(t, err, wrong, testKey)
	_, err = newClient(t, srv, "", "").Call(t.Context(), &runtime.Request{Prompt: "hi"})
	clienttest.AssertAPIError(t, err, apiError(401, "unauthorized", "authorization: invalid or missing"))
	if h := srv.Last().Header.Get("Authorization"); h != "" {
		t.Errorf("Authorization = %q without a key, want none", h)
	}
}

func TestParseError(t *testing.T) {
	tests := []struct{ body, code, msg string }{
		{`{"id":"a1","name":"bad_request","errors":["prompt: required","seed: too big"]}`, "bad_request", "prompt: required; seed: too big"},
		{`{"id":"a1","name":"invalid_prompts","message":"prompt too long"}`, "invalid_prompts", "prompt too long"},
		{`<html>bad gateway</html>`, "", ""},
	}
	for _, tt := range tests {
		code, msg := parseError([]byte(tt.body))
		if code != tt.code || msg != tt.msg {
			t.Errorf("parseError(%s) = %q, %q; want %q, %q", tt.body, code, msg, tt.code, tt.msg)
		}
	}
}

// TestAnswerShapes covers answers the fake does not give.
func TestAnswerShapes(t *testing.T) {
	srv, answer := clienttest.Canned(t, providertest.StabilityError)
	c := newClient(t, srv, "", testKey)
	tests := []struct{ answer, err string }{
		{`{"image":"","finish_reason":"SUCCESS","seed":1}`, "stability: response has no image"},
		{`{"image":"not base64!","finish_reason":"SUCCESS"}`, "stability: malformed response body: image: illegal base64 data at input byte 3"},
		{`{"image":"iVBO","finish_reason":"ERROR"}`, `stability: generation failed (finish_reason "ERROR")`},
		{`{"image":"iVBO"}`, ""},
	}
	for _, tt := range tests {
		answer(tt.answer)
		resp, err := c.Call(t.Context(), &runtime.Request{Prompt: "x"})
		if got := fmt.Sprint(err); (tt.err == "" && err != nil) || (tt.err != "" && got != tt.err) {
			t.Errorf("%s: err = %v, want %q", tt.answer, err, tt.err)
		}
		// No finish_reason is success: "iVBO" is the bytes 89 50 4e.
		if tt.err == "" && err == nil && (resp.Image.MIME != "image/png" || string(resp.Image.Data) != "\x89PN") {
			t.Errorf("%s: image = %q %q, want image/png \\x89PN", tt.answer, resp.Image.MIME, resp.Image.Data)
		}
	}
}

// TestRetryThroughRuntime runs an image task through the runtime: one 429,
// then success.
func TestRetryThroughRuntime(t *testing.T) {
	srv := providertest.NewStability(testKey)
	defer srv.Close()
	cfg := &runtime.AgentConfig{
		Name: "painter", Provider: "stability", Kind: runtime.KindImage,
		APIKeyEnv: "STABILITY_API_KEY", KeyRequired: true, BaseURL: srv.URL,
		Retry: runtime.Retry{Attempts: 3, Backoff: time.Millisecond},
	}
	img, ok, _ := clienttest.RetryThroughRuntime(t, clienttest.RetryRun{
		Server: srv, Fault: providertest.RateLimited, Env: map[string]string{"STABILITY_API_KEY": testKey}, New: New,
		Task:   runtime.Task{Name: "logo", Agent: cfg, Params: runtime.Params{AspectRatio: "1:1"}, Timeout: 5 * time.Second},
		Prompt: "a logo",
	}, (*runtime.Run).Image)
	if !ok || img.MIME != "image/png" || !bytes.Equal(img.Data, providertest.StabilityPNG) {
		t.Errorf("output = {%q, %d bytes}, %v; want the fake's PNG", img.MIME, len(img.Data), ok)
	}
}

// TestAgentModel checks that a request without Model, sent to the client
// directly (not through a generated flow, which always sets it), uses the
// agent's model, both for the endpoint and for the model field.
func TestAgentModel(t *testing.T) {
	srv := providertest.NewStability(testKey)
	defer srv.Close()
	tests := []struct{ model, path, field string }{
		{"sd3.5-large", "/v2beta/stable-image/generate/sd3", "sd3.5-large"},
		{"ultra", "/v2beta/stable-image/generate/ultra", ""},
	}
	for _, tt := range tests {
		resp, err := newClient(t, srv, tt.model, testKey).Call(t.Context(), &runtime.Request{Prompt: "a red fox"})
		if err != nil {
			t.Fatalf("%s: %v", tt.model, err)
		}
		req := srv.Last()
		var field string
		for _, p := range clienttest.FormParts(t, req) {
			if p.Name == "model" {
				field = string(p.Value)
			}
		}
		if req.Path != tt.path || field != tt.field || resp.Model != tt.model {
			t.Errorf("%s: request to %s with model field %q, answer from %q; want %s, %q, %q", tt.model, req.Path, field, resp.Model, tt.path, tt.field, tt.model)
		}
	}
}
