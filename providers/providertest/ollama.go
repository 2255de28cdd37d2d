package providertest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// ollamaModels are the models the Ollama fake has "pulled".
var ollamaModels = []string{"llama3.2", "llava", "nomic-embed-text"}

// NewOllama starts a fake of Ollama's native API (docs/providers.md#ollama),
// serving POST /api/chat and POST /api/embed. With key == "" it needs no
// auth, like a local Ollama; otherwise it wants "Authorization: Bearer
// key" and answers 401 {"error":"unauthorized"} without it.
//
// Like the real server it ignores unknown fields, answers {"error":"..."}
// with the HTTP status, 404 {"error":"model 'x' not found"} for a model
// other than llama3.2, llava and nomic-embed-text (with or without
// ":latest"), and streams
// NDJSON from /api/chat unless the request says "stream": false. A chat
// answer's text is "<model>: <last user message>", followed by
// " [<MIME> <n> bytes]" for each image of that message; an embedding is
// dimensions values (4 when not given), value i = (i+1)/10.
func NewOllama(key string) *Server {
	var s *Server
	mux := http.NewServeMux()
	mux.HandleFunc("/api/chat", func(w http.ResponseWriter, r *http.Request) {
		var in ollamaChatRequest
		if !ollamaDecode(s, w, r, key, &in) || !ollamaModel(s, w, in.Model) {
			return
		}
		var answer string
		words := 0
		for _, m := range in.Messages {
			words += len(strings.Fields(m.Content))
			if m.Role != "user" {
				continue
			}
			answer = in.Model + ": " + m.Content
			for _, img := range m.Images {
				answer += fmt.Sprintf(" [%s %d bytes]", http.DetectContentType(img), len(img))
			}
		}
		var schema map[string]any
		if f := in.Format; len(f) > 0 && string(f) != `"json"` && string(f) != `""` && string(f) != "null" {
			var msg string
			if schema, msg = parseSchema(f, "format"); msg != "" {
				s.Error(w, http.StatusBadRequest, "", "invalid format: "+msg)
				return
			}
		}
		answer = s.reply(answer, schema)
		final := map[string]any{
			"model":                in.Model,
			"created_at":           "2025-01-01T00:00:00Z",
			"message":              map[string]any{"role": "assistant", "content": answer},
			"done":                 true,
			"done_reason":          "stop",
			"total_duration":       1000000,
			"load_duration":        1000,
			"prompt_eval_count":    words,
			"prompt_eval_duration": 1000,
			"eval_count":           len(strings.Fields(answer)),
			"eval_duration":        1000,
		}
		if len(in.Messages) == 0 {
			final["done_reason"], final["prompt_eval_count"], final["eval_count"] = "load", 0, 0
		}
		if in.Stream != nil && !*in.Stream {
			ollamaJSON(w, http.StatusOK, final)
			return
		}
		// The default: NDJSON, one line per chunk, then the final line.
		w.Header().Set("Content-Type", "application/x-ndjson")
		enc := json.NewEncoder(w)
		_ = enc.Encode(map[string]any{"model": in.Model, "created_at": "2025-01-01T00:00:00Z",
			"message": map[string]any{"role": "assistant", "content": answer}, "done": false})
		final["message"] = map[string]any{"role": "assistant", "content": ""}
		_ = enc.Encode(final)
	})
	mux.HandleFunc("/api/embed", func(w http.ResponseWriter, r *http.Request) {
		var in ollamaEmbedRequest
		if !ollamaDecode(s, w, r, key, &in) || !ollamaModel(s, w, in.Model) {
			return
		}
		var inputs []string
		if err := json.Unmarshal(in.Input, &inputs); err != nil {
			var one string
			if json.Unmarshal(in.Input, &one) != nil {
				s.Error(w, http.StatusBadRequest, "", "invalid input type")
				return
			}
			inputs = []string{one}
		}
		n := 4
		if in.Dimensions > 0 {
			n = in.Dimensions
		}
		embeddings := make([][]float64, len(inputs))
		words := 0
		for i, text := range inputs {
			words += len(strings.Fields(text))
			embeddings[i] = make([]float64, n)
			for j := range n {
				embeddings[i][j] = float64(j+1) / 10
			}
		}
		ollamaJSON(w, http.StatusOK, map[string]any{
			"model":             in.Model,
			"embeddings":        embeddings,
			"total_duration":    1000000,
			"load_duration":     1000,
			"prompt_eval_count": words,
		})
	})
	s = NewServer(mux, OllamaError)
	return s
}

type ollamaChatRequest struct {
	Model    string          `json:"model"`
	Messages []ollamaMessage `json:"messages"`
	Stream   *bool           `json:"stream"`
	Options  map[string]any  `json:"options"`
	Format   json.RawMessage `json:"format"` // "json" or a JSON Schema
}

type ollamaMessage struct {
	Role    string   `json:"role"`
	Content string   `json:"content"`
	Images  [][]byte `json:"images"` // base64 strings in JSON
}

type ollamaEmbedRequest struct {
	Model      string          `json:"model"`
	Input      json.RawMessage `json:"input"`
	Dimensions int             `json:"dimensions"`
}

// ollamaDecode checks method and key and decodes the body into v (unknown
// fields ignored, as Ollama does), answering the error itself and reporting
// false when the request is refused.
func ollamaDecode(s *Server, w http.ResponseWriter, r *http.Request, key string, v any) bool {
	if r.Method != http.MethodPost {
		s.Error(w, http.StatusMethodNotAllowed, "", "method not allowed")
		return false
	}
	if key != "" && r.Header.Get("Authorization") != "Bearer "+key {
		s.Error(w, http.StatusUnauthorized, "", "unauthorized")
		return false
	}
	if err := json.NewDecoder(r.Body).Decode(v); err != nil {
		s.Error(w, http.StatusBadRequest, "", err.Error())
		return false
	}
	return true
}

func ollamaModel(s *Server, w http.ResponseWriter, model string) bool {
	switch {
	case model == "":
		s.Error(w, http.StatusBadRequest, "", "model is required")
		return false
	case !slices.Contains(ollamaModels, strings.TrimSuffix(model, ":latest")):
		s.Error(w, http.StatusNotFound, "", fmt.Sprintf("model '%s' not found", model))
		return false
	}
	return true
}

// OllamaError writes Ollama's error body {"error": message}; Ollama has no
// error codes, so code is not written.
func OllamaError(w http.ResponseWriter, status int, _ string, message string) {
	ollamaJSON(w, status, map[string]string{"error": message})
}

func ollamaJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
