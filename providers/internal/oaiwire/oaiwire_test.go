package oaiwire

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"

	"github.com/intelligen/intelligen/providers/internal/wire"
	"github.com/intelligen/intelligen/runtime"
)

func TestParseError(t *testing.T) {
	tests := []struct {
		name, body, code, msg string
	}{
		{"openai", `{"error":{"message":"Incorrect API key provided","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}`, "invalid_api_key", "Incorrect API key provided"},
		{"openai_null_code", `{"error":{"message":"The server had an error","type":"server_error","param":null,"code":null}}`, "server_error", "The server had an error"},
		{"vllm_nested_int", `{"error":{"message":"bad top_p","type":"BadRequestError","param":null,"code":400}}`, "BadRequestError", "bad top_p"},
		{"vllm_flat", `{"object":"error","message":"The model x does not exist.","type":"NotFoundError","param":null,"code":404}`, "NotFoundError", "The model x does not exist."},
		{"vllm_unauthorized", `{"error":"Unauthorized"}`, "", "Unauthorized"},
		{"llamacpp", `{"error":{"code":503,"message":"Loading model","type":"unavailable_error"}}`, "unavailable_error", "Loading model"},
		{"int_code_only", `{"error":{"code":500,"message":"boom"}}`, "500", "boom"},
		{"message_object", `{"object":"error","message":{"detail":[{"msg":"bad"}]},"type":"invalid_request_error","code":null}`, "invalid_request_error", `{"detail":[{"msg":"bad"}]}`},
		{"null_message", `{"error":{"message":null,"code":"x"}}`, "x", ""},
		{"error_null", `{"error":null,"message":"flat"}`, "", "flat"},
		{"bad_inner", `{"error":{"message":1}}`, "", "1"},
		{"inner_not_object", `{"error":[1]}`, "", ""},
		{"not_json", `<html>502 Bad Gateway</html>`, "", ""},
		{"fastapi", `{"detail":"Not Found"}`, "", ""},
	}
	for _, tt := range tests {
		code, msg := ParseError([]byte(tt.body))
		if code != tt.code || msg != tt.msg {
			t.Errorf("%s: ParseError = %q, %q; want %q, %q", tt.name, code, msg, tt.code, tt.msg)
		}
	}
}

func TestDecodeEmbedding(t *testing.T) {
	tests := []struct {
		raw  string
		want runtime.Embedding
		err  string
	}{
		{`[0.5, -1, 2]`, runtime.Embedding{0.5, -1, 2}, ""},
		{`"AAAAPwAAgL8="`, runtime.Embedding{0.5, -1}, ""}, // little-endian float32
		{`[]`, runtime.Embedding{}, ""},
		{`null`, nil, "embedding: missing"},
		{`"AAAA"`, nil, "embedding: 3 base64 bytes are not float32 values"},
		{`"***"`, nil, "embedding: illegal base64 data at input byte 0"},
		{`"\x"`, nil, "embedding: invalid character 'x' in string escape code"},
		{`{"a":1}`, nil, "embedding: json: cannot unmarshal object into Go value of type runtime.Embedding"},
	}
	for _, tt := range tests {
		got, err := DecodeEmbedding(json.RawMessage(tt.raw))
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("DecodeEmbedding(%s) error = %v, want %s", tt.raw, err, tt.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("DecodeEmbedding(%s) = %v, %v; want %v", tt.raw, got, err, tt.want)
		}
	}
}

func TestMessages(t *testing.T) {
	got, _ := json.Marshal(Messages("m", "p", []runtime.Image{{Data: []byte{1, 2}}}))
	want := `[{"role":"system","content":"m"},{"role":"user","content":[{"type":"text","text":"p"},{"type":"image_url","image_url":{"url":"data:image/png;base64,AQI="}}]}]`
	if string(got) != want {
		t.Errorf("Messages = %s\nwant %s", got, want)
	}
	got, _ = json.Marshal(Messages("", "", nil))
	if want := `[{"role":"user","content":""}]`; string(got) != want {
		t.Errorf("Messages = %s, want %s", got, want)
	}
}

// serve returns a wire client for a server answering body with status.
func serve(t *testing.T, status int, body string) *wire.Client {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(status)
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	c := wire.New("vllm", srv.URL, "", nil)
	c.ParseError = ParseError
	return c
}

func TestChat(t *testing.T) {
	tests := []struct {
		name, body string
		want       *runtime.Response
		err        string
	}{
		{"unknown_fields", `{"model":"m2","choices":[{"index":0,"message":{"role":"assistant","content":"hi","reasoning_content":null},"stop_reason":null}],"timings":{"prompt_n":1},"usage":{"prompt_tokens":1,"completion_tokens":2}}`,
			&runtime.Response{Text: "hi", Model: "m2", Usage: runtime.Usage{InputTokens: 1, OutputTokens: 2}}, ""},
		{"parts_no_usage_no_model", `{"choices":[{"message":{"content":[{"type":"text","text":"a"},{"type":"image_url"},{"type":"text","text":"b"}]}}]}`,
			&runtime.Response{Text: "ab", Model: "m"}, ""},
		{"null_content_length", `{"choices":[{"message":{"content":null},"finish_reason":"length"}]}`, &runtime.Response{Model: "m"}, ""},
		{"choices_null", `{"choices":null,"usage":{"prompt_tokens":1}}`, nil, "vllm: chat response has no choices"},
		{"content_filter", `{"choices":[{"message":{"content":null},"finish_reason":"content_filter"}]}`, nil, "vllm: answer withheld by the content filter"},
		{"refusal", `{"choices":[{"message":{"content":null,"refusal":"no"},"finish_reason":"stop"}]}`, nil, "vllm: model refused: no"},
		{"bad_content", `{"choices":[{"message":{"content":7}}]}`, nil, "vllm: malformed response body: message content: json: cannot unmarshal number into Go value of type string"},
		{"bad_parts", `{"choices":[{"message":{"content":[7]}}]}`, nil, "vllm: malformed response body: message content: json: cannot unmarshal number into Go value of type oaiwire.Part"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Chat(context.Background(), serve(t, 200, tt.body), &ChatRequest{Model: "m"}, nil)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Errorf("error = %v, want %s", err, tt.err)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Chat = %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
}

func TestEmbed(t *testing.T) {
	tests := []struct {
		name, body string
		want       *runtime.Response
		err        string
	}{
		{"no_usage", `{"data":[{"index":0,"embedding":[1]}]}`, &runtime.Response{Embedding: runtime.Embedding{1}, Model: "m"}, ""},
		{"no_data", `{"object":"list","data":[],"model":"m"}`, nil, "vllm: embeddings response has no data"},
		{"bad_vector", `{"data":[{"embedding":"@"}]}`, nil, "vllm: malformed response body: embedding: illegal base64 data at input byte 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Embed(context.Background(), serve(t, 200, tt.body), &EmbedRequest{Model: "m"}, nil)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Errorf("error = %v, want %s", err, tt.err)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Embed = %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
	_, err := Embed(context.Background(), serve(t, 400, `{"object":"error","message":"too long","type":"BadRequestError","param":null,"code":400}`), &EmbedRequest{Model: "m"}, nil)
	var e *runtime.APIError
	if !errors.As(err, &e) || e.StatusCode != 400 || e.Code != "BadRequestError" || e.Message != "too long" {
		t.Errorf("error = %v, want 400 BadRequestError", err)
	}
}
