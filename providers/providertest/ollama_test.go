package providertest_test

import (
	"strings"
	"testing"

	"github.com/intelligen/intelligen/providers/providertest"
)

func TestOllamaRejects(t *testing.T) {
	srv := providertest.NewOllama("")
	defer srv.Close()
	chat, embed := srv.URL+"/api/chat", srv.URL+"/api/embed"
	tests := []struct {
		name, method, url, body string
		status                  int
		answer                  string
	}{
		{"wrong method", "GET", chat, "", 405, `{"error":"method not allowed"}`},
		{"not JSON", "POST", chat, `{`, 400, `{"error":"unexpected EOF"}`},
		{"no model", "POST", chat, `{"messages":[]}`, 400, `{"error":"model is required"}`},
		{"unknown model", "POST", embed, `{"model":"nope","input":"x"}`, 404, `{"error":"model 'nope' not found"}`},
		{"bad input", "POST", embed, `{"model":"nomic-embed-text","input":3}`, 400, `{"error":"invalid input type"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, hdr, answer := rawPost(t, tt.method, tt.url, tt.body)
			if status != tt.status || strings.TrimSpace(answer) != tt.answer {
				t.Errorf("answer = %d %s\nwant     %d %s", status, answer, tt.status, tt.answer)
			}
			if ct := hdr.Get("Content-Type"); ct != "application/json; charset=utf-8" {
				t.Errorf("Content-Type = %q", ct)
			}
		})
	}
}

func TestOllamaAuth(t *testing.T) {
	srv := providertest.NewOllama("k")
	defer srv.Close()
	status, _, answer := rawPost(t, "POST", srv.URL+"/api/chat", `{"model":"llama3.2","stream":false}`)
	if status != 401 || strings.TrimSpace(answer) != `{"error":"unauthorized"}` {
		t.Errorf("answer without key = %d %s", status, answer)
	}
	status, _, _ = rawPost(t, "POST", srv.URL+"/api/chat", `{"model":"llama3.2","stream":false}`, "Authorization: Bearer k")
	if status != 200 {
		t.Errorf("answer with key = %d, want 200", status)
	}
}

func TestOllamaAnswers(t *testing.T) {
	srv := providertest.NewOllama("")
	defer srv.Close()
	tests := []struct{ name, url, body, answer string }{
		{"streamed by default", "/api/chat", `{"model":"llama3.2","messages":[{"role":"user","content":"hi"}]}`,
			`{"created_at":"2025-01-01T00:00:00Z","done":false,"message":{"content":"llama3.2: hi","role":"assistant"},"model":"llama3.2"}` + "\n" +
				`{"created_at":"2025-01-01T00:00:00Z","done":true,"done_reason":"stop","eval_count":2,"eval_duration":1000,"load_duration":1000,"message":{"content":"","role":"assistant"},"model":"llama3.2","prompt_eval_count":1,"prompt_eval_duration":1000,"total_duration":1000000}`},
		{"load", "/api/chat", `{"model":"llama3.2:latest","messages":[],"stream":false}`,
			`{"created_at":"2025-01-01T00:00:00Z","done":true,"done_reason":"load","eval_count":0,"eval_duration":1000,"load_duration":1000,"message":{"content":"","role":"assistant"},"model":"llama3.2:latest","prompt_eval_count":0,"prompt_eval_duration":1000,"total_duration":1000000}`},
		{"embed list", "/api/embed", `{"model":"nomic-embed-text","input":["a b","c"],"dimensions":2}`,
			`{"embeddings":[[0.1,0.2],[0.1,0.2]],"load_duration":1000,"model":"nomic-embed-text","prompt_eval_count":3,"total_duration":1000000}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, _, answer := rawPost(t, "POST", srv.URL+tt.url, tt.body)
			if status != 200 || strings.TrimSpace(answer) != tt.answer {
				t.Errorf("answer = %d %s\nwant     200 %s", status, answer, tt.answer)
			}
		})
	}
}
