package providertest_test

import (
	"strings"
	"testing"

	"github.com/intelligen/intelligen/providers/providertest"
)

func TestMistralRejects(t *testing.T) {
	srv := providertest.NewMistral("k")
	defer srv.Close()
	const auth = "Authorization: Bearer k"
	chat, embed := srv.URL+"/v1/chat/completions", srv.URL+"/v1/embeddings"
	tests := []struct {
		name, method, url, body, auth string
		status                        int
		answer                        string
	}{
		{"wrong method", "GET", chat, "", auth, 405,
			`{"code":null,"message":"Method Not Allowed","object":"error","param":null,"type":"invalid_request_error"}`},
		{"wrong key", "POST", chat, `{}`, "Authorization: Bearer nope", 401,
			`{"message":"Unauthorized","request_id":"req-fake-401"}`},
		{"unknown field", "POST", chat, `{"model":"m","messages":[{"role":"user","content":"hi"}],"max_completion_tokens":5}`, auth, 422,
			`{"detail":[{"input":5,"loc":["body","max_completion_tokens"],"msg":"Extra inputs are not permitted","type":"extra_forbidden"}]}`},
		{"wrong number", "POST", chat, `{"model":"m","top_p":"x"}`, auth, 422,
			`{"detail":[{"input":"x","loc":["body","top_p"],"msg":"Input should be a valid number","type":"float_type"}]}`},
		{"wrong integer", "POST", chat, `{"model":"m","max_tokens":1.5}`, auth, 422,
			`{"detail":[{"input":1.5,"loc":["body","max_tokens"],"msg":"Input should be a valid integer","type":"int_type"}]}`},
		{"wrong bool", "POST", chat, `{"model":"m","safe_prompt":"yes"}`, auth, 422,
			`{"detail":[{"input":"yes","loc":["body","safe_prompt"],"msg":"Input should be a valid boolean","type":"bool_type"}]}`},
		{"wrong string", "POST", chat, `{"model":1}`, auth, 422,
			`{"detail":[{"input":1,"loc":["body","model"],"msg":"Input should be a valid string","type":"string_type"}]}`},
		{"not JSON", "POST", chat, `{`, auth, 422,
			`{"detail":[{"input":null,"loc":["body",0],"msg":"JSON decode error","type":"json_invalid"}]}`},
		{"missing", "POST", chat, `{}`, auth, 422,
			`{"detail":[{"input":null,"loc":["body","model"],"msg":"Field required","type":"missing"},{"input":null,"loc":["body","messages"],"msg":"Field required","type":"missing"}]}`},
		{"unknown fields", "POST", chat, `{"model":"m","messages":[{"role":"user","content":"hi"}],"store":false,"max_completion_tokens":8192}`, auth, 422,
			`{"detail":[{"input":8192,"loc":["body","max_completion_tokens"],"msg":"Extra inputs are not permitted","type":"extra_forbidden"},{"input":false,"loc":["body","store"],"msg":"Extra inputs are not permitted","type":"extra_forbidden"}]}`},
		{"temperature above 1.5", "POST", chat, `{"model":"m","messages":[{"role":"user","content":"hi"}],"temperature":1.6}`, auth, 422,
			`{"detail":[{"ctx":{"le":1.5},"input":1.6,"loc":["body","temperature"],"msg":"Input should be less than or equal to 1.5","type":"less_than_equal"}]}`},
		{"negative seed", "POST", chat, `{"model":"m","messages":[{"role":"user","content":"hi"}],"random_seed":-1,"top_p":1.2}`, auth, 422,
			`{"detail":[{"ctx":{"le":1},"input":1.2,"loc":["body","top_p"],"msg":"Input should be less than or equal to 1","type":"less_than_equal"},{"ctx":{"ge":0},"input":-1,"loc":["body","random_seed"],"msg":"Input should be greater than or equal to 0","type":"greater_than_equal"}]}`},
		{"embed output_dimension", "POST", embed, `{"model":"mistral-embed","input":["x"],"output_dimension":256}`, auth, 400,
			`{"code":null,"message":"Model mistral-embed does not support output_dimension","object":"error","param":null,"type":"invalid_request_error"}`},
		{"embed missing", "POST", embed, `{"input":null}`, auth, 422,
			`{"detail":[{"input":null,"loc":["body","model"],"msg":"Field required","type":"missing"},{"input":null,"loc":["body","input"],"msg":"Field required","type":"missing"}]}`},
		{"embed bad input", "POST", embed, `{"model":"m","input":[1]}`, auth, 422,
			`{"detail":[{"input":[1],"loc":["body","input"],"msg":"Input should be a valid string","type":"string_type"}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, hdr, answer := rawPost(t, tt.method, tt.url, tt.body, tt.auth)
			if status != tt.status || strings.TrimSpace(answer) != tt.answer {
				t.Errorf("answer = %d %s\nwant     %d %s", status, answer, tt.status, tt.answer)
			}
			if ct := hdr.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type = %q", ct)
			}
		})
	}
}

func TestMistralAnswers(t *testing.T) {
	srv := providertest.NewMistral("k")
	defer srv.Close()
	const auth = "Authorization: Bearer k"
	status, _, answer := rawPost(t, "POST", srv.URL+"/v1/chat/completions",
		`{"model":"m","messages":[{"role":"system","content":"sys"},{"role":"user","content":"one two three"}],"max_tokens":2}`, auth)
	want := `{"choices":[{"finish_reason":"length","index":0,"message":{"content":"m: one two three","role":"assistant","tool_calls":null}}],"created":1700000000,"id":"cmpl-fake","model":"m","object":"chat.completion","usage":{"completion_tokens":4,"prompt_tokens":4,"total_tokens":8}}`
	if status != 200 || strings.TrimSpace(answer) != want {
		t.Errorf("chat = %d %s\nwant   200 %s", status, answer, want)
	}
	status, _, answer = rawPost(t, "POST", srv.URL+"/v1/embeddings", `{"model":"codestral-embed","input":["a b","c"],"output_dimension":2}`, auth)
	want = `{"data":[{"embedding":[0.1,0.2],"index":0,"object":"embedding"},{"embedding":[0.1,0.2],"index":1,"object":"embedding"}],"id":"embd-fake","model":"codestral-embed","object":"list","usage":{"completion_tokens":0,"prompt_tokens":3,"total_tokens":3}}`
	if status != 200 || strings.TrimSpace(answer) != want {
		t.Errorf("embeddings = %d %s\nwant         200 %s", status, answer, want)
	}
}

// TestMistralAccepts: fields the API takes pass, also when no client sends
// them, so params.extra can; temperature 1.5 and seed 0 are in range.
func TestMistralAccepts(t *testing.T) {
	srv := providertest.NewMistral("k")
	defer srv.Close()
	body := `{"model":"m","messages":[{"role":"user","content":"hi"}],"temperature":1.5,"random_seed":0,` +
		`"reasoning_effort":"high","prompt_cache_key":"k","service_tier":"auto","guardrails":[{"type":"moderation"}]}`
	if status, _, answer := rawPost(t, "POST", srv.URL+"/v1/chat/completions", body, "Authorization: Bearer k"); status != 200 {
		t.Errorf("answer = %d %s, want 200", status, answer)
	}
}

func TestMistralErrorBodies(t *testing.T) {
	srv := providertest.NewMistral("k")
	defer srv.Close()
	for _, tt := range []struct {
		status int
		want   string
	}{
		{429, `{"code":null,"message":"Too Many Requests","object":"error","param":null,"type":"rate_limited"}`},
		{400, `{"code":null,"message":"Bad Request","object":"error","param":null,"type":"invalid_request_error"}`},
		{418, `{"code":null,"message":"I'm a teapot","object":"error","param":null,"type":"http_418"}`},
		{502, `{"code":null,"message":"Bad Gateway","object":"error","param":null,"type":"internal_server_error"}`},
	} {
		srv.Inject(providertest.Fault{Kind: providertest.Status, Status: tt.status})
		status, _, answer := rawPost(t, "POST", srv.URL+"/v1/chat/completions", `{}`)
		if status != tt.status || strings.TrimSpace(answer) != tt.want {
			t.Errorf("fault %d: answer = %d %s, want %s", tt.status, status, answer, tt.want)
		}
	}
}
