package providertest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"

	"github.com/intelligen/intelligen/providers/models"
)

// NewAnthropic starts a fake Anthropic Messages API (POST /v1/messages)
// that accepts the API key key in x-api-key. Close it when done.
//
// It checks what the real API checks: the method and path, x-api-key,
// anthropic-version, a JSON body without unknown fields, model, max_tokens
// (required, ≥ 1), messages (roles, non-empty text blocks, base64 image
// blocks of a supported media type), temperature in 0..1, top_p in 0..1,
// not both for the models that reject them together, and none of
// temperature, top_p and top_k for the models that take no sampling
// params (as [models.SamplingOf] says).
// Rejections use the API's error body
// {"type":"error","error":{"type","message"},"request_id"} and a
// request-id header.
//
// Its answer is deterministic: the text is "<model>: <prompt>", where the
// prompt is the last user message's text blocks joined by "\n", followed
// by " [<media_type> <n> bytes]" per image; it is cut to max_tokens words
// (stop_reason "max_tokens") and at the first stop sequence (stop_reason
// "stop_sequence"). Usage counts words: input_tokens those of the system
// prompt and the messages' text, output_tokens those of the answer. A
// prompt containing "REFUSE" gets an empty content and stop_reason
// "refusal".
func NewAnthropic(key string) *Server {
	var reqs atomic.Int64
	var s *Server
	s = NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("request-id", fmt.Sprintf("req_fake_%d", reqs.Add(1)))
		anthropicServe(s, w, r, key)
	}), anthropicError)
	return s
}

// anthropicError writes the Messages API's error answer.
func anthropicError(w http.ResponseWriter, status int, code, message string) {
	if code == "" {
		code = anthropicErrorType(status)
	}
	if message == "" && status == 529 {
		message = "Overloaded"
	}
	rid := w.Header().Get("request-id")
	if rid == "" {
		rid = "req_fake_fault"
		w.Header().Set("request-id", rid)
	}
	writeJSON(w, status, map[string]any{
		"type":       "error",
		"error":      map[string]string{"type": code, "message": message},
		"request_id": rid,
	})
}

// anthropicErrorType is the error type the API sends with status.
func anthropicErrorType(status int) string {
	switch status {
	case 400:
		return "invalid_request_error"
	case 401:
		return "authentication_error"
	case 402:
		return "billing_error"
	case 403:
		return "permission_error"
	case 404:
		return "not_found_error"
	case 413:
		return "request_too_large"
	case 429:
		return "rate_limit_error"
	case 504:
		return "timeout_error"
	case 529:
		return "overloaded_error"
	}
	return "api_error"
}

type anthropicRequest struct {
	Model         string             `json:"model"`
	MaxTokens     *int               `json:"max_tokens"`
	System        json.RawMessage    `json:"system"`
	Messages      []anthropicMessage `json:"messages"`
	Temperature   *float64           `json:"temperature"`
	TopP          *float64           `json:"top_p"`
	TopK          *int               `json:"top_k"`
	StopSequences []string           `json:"stop_sequences"`
	Stream        bool               `json:"stream"`
	Metadata      json.RawMessage    `json:"metadata"`
	Tools         json.RawMessage    `json:"tools"`
	ToolChoice    json.RawMessage    `json:"tool_choice"`
	Thinking      json.RawMessage    `json:"thinking"`
	ServiceTier   json.RawMessage    `json:"service_tier"`
	Container     json.RawMessage    `json:"container"`
	CacheControl  json.RawMessage    `json:"cache_control"`
	OutputConfig  *struct {
		Format *struct {
			Type   string          `json:"type"`
			Schema json.RawMessage `json:"schema"`
		} `json:"format"`
		Effort json.RawMessage `json:"effort"`
	} `json:"output_config"`
}

type anthropicMessage struct {
	Role    string          `json:"role"`
	Content json.RawMessage `json:"content"`
}

type anthropicBlock struct {
	Type   string `json:"type"`
	Text   string `json:"text"`
	Source *struct {
		Type      string `json:"type"`
		MediaType string `json:"media_type"`
		Data      string `json:"data"`
	} `json:"source"`
}

func anthropicServe(s *Server, w http.ResponseWriter, r *http.Request, key string) {
	if r.URL.Path != "/v1/messages" {
		s.Error(w, http.StatusNotFound, "not_found_error", "Not Found")
		return
	}
	if r.Method != http.MethodPost {
		s.Error(w, http.StatusMethodNotAllowed, "invalid_request_error", "Method Not Allowed")
		return
	}
	switch got := r.Header.Get("x-api-key"); {
	case got == "":
		s.Error(w, http.StatusUnauthorized, "", "x-api-key header is required")
		return
	case got != key:
		s.Error(w, http.StatusUnauthorized, "", "invalid x-api-key")
		return
	}
	if r.Header.Get("anthropic-version") == "" {
		s.Error(w, http.StatusBadRequest, "", "anthropic-version: header is required")
		return
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		s.Error(w, http.StatusBadRequest, "", fmt.Sprintf("content-type %q is not application/json", ct))
		return
	}
	var in anthropicRequest
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		msg := "invalid request body: " + err.Error()
		if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			msg = strings.Trim(f, `"`) + ": Extra inputs are not permitted"
		}
		s.Error(w, http.StatusBadRequest, "", msg)
		return
	}
	prompt, system, words, msg := anthropicCheck(&in)
	if msg != "" {
		s.Error(w, http.StatusBadRequest, "", msg)
		return
	}
	text, stop := in.Model+": "+prompt, "end_turn"
	if strings.Contains(prompt, "REFUSE") {
		text, stop = "", "refusal"
	}
	var stopSeq any
	for _, seq := range in.StopSequences {
		if i := strings.Index(text, seq); seq != "" && i >= 0 {
			text, stop, stopSeq = text[:i], "stop_sequence", seq
		}
	}
	if f := strings.Fields(text); len(f) > *in.MaxTokens {
		text, stop, stopSeq = strings.Join(f[:*in.MaxTokens], " "), "max_tokens", nil
	}
	schema, msg := anthropicSchema(&in)
	if msg != "" {
		s.Error(w, http.StatusBadRequest, "", msg)
		return
	}
	if stop != "refusal" {
		text = s.reply(text, schema)
	}
	content := []map[string]string{}
	if text != "" {
		content = append(content, map[string]string{"type": "text", "text": text})
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"id": "msg_fake", "type": "message", "role": "assistant", "model": in.Model,
		"content": content, "stop_reason": stop, "stop_sequence": stopSeq,
		"usage": map[string]int{
			"input_tokens":  len(strings.Fields(system)) + words,
			"output_tokens": len(strings.Fields(text)),
		},
	})
}

// anthropicSchema checks in's output_config and returns the schema of a
// typed request (nil for plain text), or the rejection message.
func anthropicSchema(in *anthropicRequest) (map[string]any, string) {
	if in.OutputConfig == nil || in.OutputConfig.Format == nil {
		return nil, ""
	}
	f := in.OutputConfig.Format
	if f.Type != "json_schema" {
		return nil, fmt.Sprintf("output_config.format.type: Input should be 'json_schema', got %q", f.Type)
	}
	schema, msg := parseSchema(f.Schema, "output_config.format.schema")
	if msg != "" {
		return nil, msg
	}
	if msg := checkStrict(schema); msg != "" {
		return nil, "output_config.format: " + msg
	}
	return schema, ""
}

// anthropicCheck validates in as the API does and returns the last user
// message's prompt, the system text, the word count of the messages, and
// the rejection message ("" when valid).
func anthropicCheck(in *anthropicRequest) (prompt, system string, words int, msg string) {
	sampling := models.SamplingOf("anthropic", in.Model)
	switch {
	case in.Model == "":
		return "", "", 0, "model: Field required"
	case in.MaxTokens == nil:
		return "", "", 0, "max_tokens: Field required"
	case *in.MaxTokens < 1:
		return "", "", 0, "max_tokens: Input should be greater than or equal to 1"
	case len(in.Messages) == 0:
		return "", "", 0, "messages: at least one message is required"
	case in.Temperature != nil && (*in.Temperature < 0 || *in.Temperature > 1):
		return "", "", 0, "temperature: Input should be less than or equal to 1"
	case in.TopP != nil && (*in.TopP < 0 || *in.TopP > 1):
		return "", "", 0, "top_p: Input should be less than or equal to 1"
	case in.Temperature != nil && in.TopP != nil && sampling == models.SamplingOne:
		return "", "", 0, "`temperature` and `top_p` cannot both be specified for this model. Please use only one."
	case sampling == models.SamplingNone && (in.Temperature != nil || in.TopP != nil || in.TopK != nil):
		field := "temperature"
		if in.Temperature == nil {
			field = map[bool]string{true: "top_p", false: "top_k"}[in.TopP != nil]
		}
		return "", "", 0, "`" + field + "` is deprecated for this model."
	case in.Stream:
		return "", "", 0, "stream: the fake server does not stream"
	}
	if len(in.System) > 0 {
		if err := json.Unmarshal(in.System, &system); err != nil {
			var blocks []anthropicBlock
			if err := json.Unmarshal(in.System, &blocks); err != nil {
				return "", "", 0, "system: Input should be a valid string or list of text blocks"
			}
			var parts []string
			for _, b := range blocks {
				parts = append(parts, b.Text)
			}
			system = strings.Join(parts, "\n")
		}
	}
	if in.Messages[0].Role != "user" {
		return "", "", 0, "messages: first message must use the \"user\" role"
	}
	for i, m := range in.Messages {
		if m.Role != "user" && m.Role != "assistant" {
			return "", "", 0, fmt.Sprintf("messages.%d.role: Input should be 'user' or 'assistant'", i)
		}
		var blocks []anthropicBlock
		var str string
		if err := json.Unmarshal(m.Content, &str); err == nil {
			blocks = []anthropicBlock{{Type: "text", Text: str}}
		} else {
			dec := json.NewDecoder(bytes.NewReader(m.Content))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&blocks); err != nil {
				return "", "", 0, fmt.Sprintf("messages.%d.content: Input should be a valid string or list of content blocks", i)
			}
		}
		if len(blocks) == 0 {
			return "", "", 0, fmt.Sprintf("messages.%d: all messages must have non-empty content", i)
		}
		var texts, images []string
		for j, b := range blocks {
			at := fmt.Sprintf("messages.%d.content.%d", i, j)
			switch b.Type {
			case "text":
				if b.Text == "" {
					return "", "", 0, at + ": text content blocks must be non-empty"
				}
				texts = append(texts, b.Text)
				words += len(strings.Fields(b.Text))
			case "image":
				if b.Source == nil || b.Source.Type != "base64" {
					return "", "", 0, at + ".source: expected a base64 source"
				}
				switch b.Source.MediaType {
				case "image/jpeg", "image/png", "image/gif", "image/webp":
				default:
					return "", "", 0, at + ".source.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'"
				}
				data, err := base64.StdEncoding.DecodeString(b.Source.Data)
				if err != nil || len(data) == 0 {
					return "", "", 0, at + ".source.data: invalid base64 data"
				}
				images = append(images, fmt.Sprintf(" [%s %d bytes]", b.Source.MediaType, len(data)))
			default:
				return "", "", 0, fmt.Sprintf("%s.type: unsupported content block type %q", at, b.Type)
			}
		}
		if m.Role == "user" {
			prompt = strings.Join(texts, "\n") + strings.Join(images, "")
		}
	}
	return prompt, system, words, ""
}
