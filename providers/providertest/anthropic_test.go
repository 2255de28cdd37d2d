package providertest_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/intelligen/intelligen/providers/providertest"
)

// agSend sends method url with body and headers hdr ("Name: value") and
// returns the status and the decoded JSON answer.
func agSend(t *testing.T, method, url, body string, hdr ...string) (int, map[string]any) {
	t.Helper()
	status, _, b := rawPost(t, method, url, body, hdr...)
	var out map[string]any
	if err := json.Unmarshal([]byte(b), &out); err != nil {
		t.Fatalf("answer is not a JSON object: %v\n%s", err, b)
	}
	return status, out
}

// jsonOf re-encodes v, for comparing decoded answers.
func agJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

const antKey = "ant-key"

var antHeaders = []string{"x-api-key: " + antKey, "anthropic-version: 2023-06-01", "Content-Type: application/json"}

func TestAnthropicRejects(t *testing.T) {
	srv := providertest.NewAnthropic(antKey)
	defer srv.Close()
	const ok = `"model":"m","max_tokens":10`
	for _, tc := range []struct {
		name, method, path, body string
		hdr                      []string
		status                   int
		typ, msg                 string
	}{
		{"method", "GET", "/v1/messages", "", antHeaders, 405, "invalid_request_error", "Method Not Allowed"},
		{"path", "POST", "/v1/complete", "{}", antHeaders, 404, "not_found_error", "Not Found"},
		{"no version", "POST", "/v1/messages", "{}", []string{"x-api-key: " + antKey}, 400, "invalid_request_error", "anthropic-version: header is required"},
		{"content type", "POST", "/v1/messages", "{}", []string{"x-api-key: " + antKey, "anthropic-version: 2023-06-01", "Content-Type: text/plain"}, 400, "invalid_request_error", `content-type "text/plain" is not application/json`},
		{"unknown field", "POST", "/v1/messages", `{"foo":1}`, antHeaders, 400, "invalid_request_error", "foo: Extra inputs are not permitted"},
		{"temperature and top_p", "POST", "/v1/messages", `{"model":"claude-sonnet-4-5-20250929","max_tokens":10,"temperature":0.2,"top_p":0.9,"messages":[{"role":"user","content":"x"}]}`, antHeaders, 400, "invalid_request_error", "`temperature` and `top_p` cannot both be specified for this model. Please use only one."},
		{"temperature, sonnet 5", "POST", "/v1/messages", `{"model":"claude-sonnet-5","max_tokens":10,"temperature":0.2,"messages":[{"role":"user","content":"x"}]}`, antHeaders, 400, "invalid_request_error", "`temperature` is deprecated for this model."},
		{"top_k, opus 4.7", "POST", "/v1/messages", `{"model":"claude-opus-4-7","max_tokens":10,"top_k":5,"messages":[{"role":"user","content":"x"}]}`, antHeaders, 400, "invalid_request_error", "`top_k` is deprecated for this model."},
		{"temperature and top_p, 4.5 snapshot", "POST", "/v1/messages", `{"model":"claude-haiku-4-5","max_tokens":10,"temperature":0.2,"top_p":0.9,"messages":[{"role":"user","content":"x"}]}`, antHeaders, 400, "invalid_request_error", "`temperature` and `top_p` cannot both be specified for this model. Please use only one."},
		{"no model", "POST", "/v1/messages", `{"max_tokens":1}`, antHeaders, 400, "invalid_request_error", "model: Field required"},
		{"no max_tokens", "POST", "/v1/messages", `{"model":"m"}`, antHeaders, 400, "invalid_request_error", "max_tokens: Field required"},
		{"max_tokens 0", "POST", "/v1/messages", `{"model":"m","max_tokens":0}`, antHeaders, 400, "invalid_request_error", "max_tokens: Input should be greater than or equal to 1"},
		{"no messages", "POST", "/v1/messages", `{` + ok + `}`, antHeaders, 400, "invalid_request_error", "messages: at least one message is required"},
		{"top_p", "POST", "/v1/messages", `{` + ok + `,"top_p":1.5,"messages":[{"role":"user","content":"x"}]}`, antHeaders, 400, "invalid_request_error", "top_p: Input should be less than or equal to 1"},
		{"stream", "POST", "/v1/messages", `{` + ok + `,"stream":true,"messages":[{"role":"user","content":"x"}]}`, antHeaders, 400, "invalid_request_error", "stream: the fake server does not stream"},
		{"system", "POST", "/v1/messages", `{` + ok + `,"system":3,"messages":[{"role":"user","content":"x"}]}`, antHeaders, 400, "invalid_request_error", "system: Input should be a valid string or list of text blocks"},
		{"first role", "POST", "/v1/messages", `{` + ok + `,"messages":[{"role":"assistant","content":"x"}]}`, antHeaders, 400, "invalid_request_error", `messages: first message must use the "user" role`},
		{"role", "POST", "/v1/messages", `{` + ok + `,"messages":[{"role":"user","content":"x"},{"role":"system","content":"x"}]}`, antHeaders, 400, "invalid_request_error", "messages.1.role: Input should be 'user' or 'assistant'"},
		{"content not blocks", "POST", "/v1/messages", `{` + ok + `,"messages":[{"role":"user","content":3}]}`, antHeaders, 400, "invalid_request_error", "messages.0.content: Input should be a valid string or list of content blocks"},
		{"empty content", "POST", "/v1/messages", `{` + ok + `,"messages":[{"role":"user","content":[]}]}`, antHeaders, 400, "invalid_request_error", "messages.0: all messages must have non-empty content"},
		{"empty text", "POST", "/v1/messages", `{` + ok + `,"messages":[{"role":"user","content":[{"type":"text","text":""}]}]}`, antHeaders, 400, "invalid_request_error", "messages.0.content.0: text content blocks must be non-empty"},
		{"no source", "POST", "/v1/messages", `{` + ok + `,"messages":[{"role":"user","content":[{"type":"image"}]}]}`, antHeaders, 400, "invalid_request_error", "messages.0.content.0.source: expected a base64 source"},
		{"media type", "POST", "/v1/messages", `{` + ok + `,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"base64","media_type":"image/bmp","data":"AA=="}}]}]}`, antHeaders, 400, "invalid_request_error", "messages.0.content.0.source.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'"},
		{"base64", "POST", "/v1/messages", `{` + ok + `,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"base64","media_type":"image/png","data":"!!"}}]}]}`, antHeaders, 400, "invalid_request_error", "messages.0.content.0.source.data: invalid base64 data"},
		{"block type", "POST", "/v1/messages", `{` + ok + `,"messages":[{"role":"user","content":[{"type":"document"}]}]}`, antHeaders, 400, "invalid_request_error", `messages.0.content.0.type: unsupported content block type "document"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, out := agSend(t, tc.method, srv.URL+tc.path, tc.body, tc.hdr...)
			want := map[string]any{"type": "error", "error": map[string]any{"type": tc.typ, "message": tc.msg}, "request_id": out["request_id"]}
			if status != tc.status || !reflect.DeepEqual(out, want) || !strings.HasPrefix(fmt.Sprint(out["request_id"]), "req_fake_") {
				t.Errorf("answer = %d %s, want %d %s", status, agJSON(out), tc.status, agJSON(want))
			}
		})
	}
}

// TestAnthropicAccepts: fields the API takes pass, also when new to the
// client, and models before 4.5 take temperature with top_p.
func TestAnthropicAccepts(t *testing.T) {
	srv := providertest.NewAnthropic(antKey)
	defer srv.Close()
	for _, body := range []string{
		`{"model":"claude-3-7-sonnet-latest","max_tokens":10,"temperature":0.2,"top_p":0.9,"messages":[{"role":"user","content":"x"}]}`,
		`{"model":"claude-sonnet-4-5","max_tokens":10,"top_p":0.9,"messages":[{"role":"user","content":"x"}]}`,
		`{"model":"claude-sonnet-5","max_tokens":10,"container":"container_1","cache_control":{"type":"ephemeral"},"output_config":{"effort":"low"},"messages":[{"role":"user","content":"x"}]}`,
	} {
		if status, out := agSend(t, "POST", srv.URL+"/v1/messages", body, antHeaders...); status != 200 {
			t.Errorf("%s: answer = %d %s, want 200", body, status, agJSON(out))
		}
	}
}

func TestAnthropicConversation(t *testing.T) {
	srv := providertest.NewAnthropic(antKey)
	defer srv.Close()
	body := `{"model":"claude-x","max_tokens":50,"system":[{"type":"text","text":"be brief"}],"stop_sequences":["STOP"],"top_k":3,
		"messages":[{"role":"user","content":"first"},{"role":"assistant","content":"ok"},
		{"role":"user","content":[{"type":"text","text":"hello world STOP more"}]}]}`
	status, out := agSend(t, "POST", srv.URL+"/v1/messages", body, antHeaders...)
	want := `{"content":[{"text":"claude-x: hello world ","type":"text"}],"id":"msg_fake","model":"claude-x","role":"assistant","stop_reason":"stop_sequence","stop_sequence":"STOP","type":"message","usage":{"input_tokens":8,"output_tokens":3}}`
	if status != 200 || agJSON(out) != want {
		t.Errorf("answer = %d %s, want 200 %s", status, agJSON(out), want)
	}
	if rid := srv.Last().Header; rid == nil {
		t.Error("request not recorded")
	}
}

func TestAnthropicFaultTypes(t *testing.T) {
	srv := providertest.NewAnthropic(antKey)
	defer srv.Close()
	for status, typ := range map[int]string{
		402: "billing_error", 403: "permission_error", 404: "not_found_error", 413: "request_too_large",
		429: "rate_limit_error", 500: "api_error", 503: "api_error", 504: "timeout_error", 529: "overloaded_error",
	} {
		srv.Inject(providertest.Fault{Kind: providertest.Status, Status: status})
		got, out := agSend(t, "POST", srv.URL+"/v1/messages", "{}", antHeaders...)
		if e, _ := out["error"].(map[string]any); got != status || e["type"] != typ || out["request_id"] != "req_fake_fault" {
			t.Errorf("fault %d: answer = %d %s, want error.type %s", status, got, agJSON(out), typ)
		}
	}
	srv.Inject(providertest.Fault{Kind: providertest.Status, Status: 400, Code: "custom_error"})
	if _, out := agSend(t, "POST", srv.URL+"/v1/messages", "{}", antHeaders...); agJSON(out["error"]) != `{"message":"Bad Request","type":"custom_error"}` {
		t.Errorf("fault with code: error = %s", agJSON(out["error"]))
	}
}
