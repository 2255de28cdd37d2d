package providertest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"strings"

	"github.com/intelligen/intelligen/providers/models"
)

// NewMistral starts a fake of Mistral's API (docs/providers.md#mistral)
// that accepts the API key key as "Authorization: Bearer". It serves
// POST /v1/chat/completions and POST /v1/embeddings.
//
// Like the real API it rejects a request body with fields it does not
// know (such as OpenAI's max_completion_tokens, each listed with the value
// sent), a value of the wrong type, a missing required field, a
// temperature outside 0..1.5, a top_p outside 0..1 or a negative
// random_seed with a 422 {"detail":[{"type","loc","msg","input"}...]};
// output_dimension for a model that has none (mistral-embed) with a 400;
// and a wrong key with a 401 {"message":"Unauthorized",...}.
// A chat answer's text is "<model>: <last user message>"; an embedding is
// output_dimension values (4 when not given), value i = (i+1)/10.
func NewMistral(key string) *Server {
	var s *Server
	mux := http.NewServeMux()
	mux.HandleFunc("/v1/chat/completions", func(w http.ResponseWriter, r *http.Request) {
		var in mistralChatRequest
		if !mistralDecode(s, w, r, key, &in) {
			return
		}
		var missing []string
		if in.Model == "" {
			missing = append(missing, "model")
		}
		if len(in.Messages) == 0 {
			missing = append(missing, "messages")
		}
		if len(missing) > 0 {
			mistralMissing(w, missing)
			return
		}
		var bad []any
		t := models.Temperature("mistral")
		for _, d := range []any{mistralRange("temperature", in.Temperature, t.Min, t.Max), mistralRange("top_p", in.TopP, 0, 1)} {
			if d != nil {
				bad = append(bad, d)
			}
		}
		if in.RandomSeed != nil && *in.RandomSeed < 0 {
			bad = append(bad, mistralBound("greater_than_equal", "random_seed", "greater than or equal to", "ge", 0, float64(*in.RandomSeed)))
		}
		if len(bad) > 0 {
			mistralValidation(w, bad)
			return
		}
		var prompt, all []string
		for _, m := range in.Messages {
			var text string
			_ = json.Unmarshal(m.Content, &text)
			all = append(all, text)
			if m.Role == "user" {
				prompt = append(prompt[:0], text)
			}
		}
		schema, msg := checkResponseFormat(in.ResponseFormat)
		if msg != "" {
			mistralInvalid(w, "value_error", []any{"body", "response_format"}, msg, in.ResponseFormat)
			return
		}
		answer := in.Model + ": " + strings.Join(prompt, "")
		finish := "stop"
		if in.MaxTokens != nil && *in.MaxTokens < len(strings.Fields(answer)) {
			finish = "length"
		}
		answer = s.reply(answer, schema)
		nIn, nOut := len(strings.Fields(strings.Join(all, " "))), len(strings.Fields(answer))
		writeJSON(w, http.StatusOK, map[string]any{
			"id":      "cmpl-fake",
			"object":  "chat.completion",
			"created": 1700000000,
			"model":   in.Model,
			"choices": []any{map[string]any{
				"index":         0,
				"message":       map[string]any{"role": "assistant", "content": answer, "tool_calls": nil},
				"finish_reason": finish,
			}},
			"usage": map[string]any{"prompt_tokens": nIn, "completion_tokens": nOut, "total_tokens": nIn + nOut},
		})
	})
	mux.HandleFunc("/v1/embeddings", func(w http.ResponseWriter, r *http.Request) {
		var in mistralEmbedRequest
		if !mistralDecode(s, w, r, key, &in) {
			return
		}
		var missing []string
		if in.Model == "" {
			missing = append(missing, "model")
		}
		if len(in.Input) == 0 || string(in.Input) == "null" {
			missing = append(missing, "input")
		}
		if len(missing) > 0 {
			mistralMissing(w, missing)
			return
		}
		var inputs []string
		if err := json.Unmarshal(in.Input, &inputs); err != nil {
			var one string
			if json.Unmarshal(in.Input, &one) != nil {
				mistralInvalid(w, "string_type", []any{"body", "input"}, "Input should be a valid string", in.Input)
				return
			}
			inputs = []string{one}
		}
		if in.OutputDimension != nil && !models.Dimensions("mistral", in.Model) {
			s.Error(w, http.StatusBadRequest, "", fmt.Sprintf("Model %s does not support output_dimension", in.Model))
			return
		}
		n := 4
		if in.OutputDimension != nil {
			n = *in.OutputDimension
		}
		data := make([]any, len(inputs))
		tokens := 0
		for i, text := range inputs {
			tokens += len(strings.Fields(text))
			data[i] = map[string]any{"object": "embedding", "index": i, "embedding": mistralVector(n)}
		}
		writeJSON(w, http.StatusOK, map[string]any{
			"id":     "embd-fake",
			"object": "list",
			"model":  in.Model,
			"data":   data,
			"usage":  map[string]any{"prompt_tokens": tokens, "completion_tokens": 0, "total_tokens": tokens},
		})
	})
	s = NewServer(mux, MistralError)
	return s
}

// mistralChatRequest lists the fields Mistral's chat completions accept.
type mistralChatRequest struct {
	Model             string           `json:"model"`
	Messages          []mistralMessage `json:"messages"`
	Temperature       *float64         `json:"temperature"`
	TopP              *float64         `json:"top_p"`
	MaxTokens         *int             `json:"max_tokens"`
	Stream            *bool            `json:"stream"`
	Stop              json.RawMessage  `json:"stop"`
	RandomSeed        *int64           `json:"random_seed"`
	ResponseFormat    json.RawMessage  `json:"response_format"`
	Tools             json.RawMessage  `json:"tools"`
	ToolChoice        json.RawMessage  `json:"tool_choice"`
	PresencePenalty   *float64         `json:"presence_penalty"`
	FrequencyPenalty  *float64         `json:"frequency_penalty"`
	N                 *int             `json:"n"`
	Prediction        json.RawMessage  `json:"prediction"`
	ParallelToolCalls *bool            `json:"parallel_tool_calls"`
	PromptMode        *string          `json:"prompt_mode"`
	SafePrompt        *bool            `json:"safe_prompt"`
	Metadata          json.RawMessage  `json:"metadata"`
	ReasoningEffort   *string          `json:"reasoning_effort"`
	PromptCacheKey    *string          `json:"prompt_cache_key"`
	ServiceTier       *string          `json:"service_tier"`
	Guardrails        json.RawMessage  `json:"guardrails"`
}

type mistralMessage struct {
	Role       string          `json:"role"`
	Content    json.RawMessage `json:"content"`
	Prefix     *bool           `json:"prefix"`
	ToolCalls  json.RawMessage `json:"tool_calls"`
	ToolCallID string          `json:"tool_call_id"`
	Name       string          `json:"name"`
}

// mistralEmbedRequest lists the fields Mistral's embeddings accept.
type mistralEmbedRequest struct {
	Model           string          `json:"model"`
	Input           json.RawMessage `json:"input"`
	OutputDimension *int            `json:"output_dimension"`
	OutputDtype     *string         `json:"output_dtype"`
	EncodingFormat  *string         `json:"encoding_format"`
	Metadata        json.RawMessage `json:"metadata"`
}

// mistralDecode checks method and key and decodes the body into v, whose
// struct lists the fields Mistral accepts, answering the error itself and
// reporting false when the request is refused. Like the API's validation,
// it reports every field it does not know at once, with the value sent.
func mistralDecode(s *Server, w http.ResponseWriter, r *http.Request, key string, v any) bool {
	if r.Method != http.MethodPost {
		s.Error(w, http.StatusMethodNotAllowed, "", "Method Not Allowed")
		return false
	}
	if r.Header.Get("Authorization") != "Bearer "+key {
		s.Error(w, http.StatusUnauthorized, "", "Unauthorized")
		return false
	}
	body, _ := io.ReadAll(r.Body)
	var fields map[string]json.RawMessage
	if json.Unmarshal(body, &fields) != nil {
		mistralInvalid(w, "json_invalid", []any{"body", 0}, "JSON decode error", nil)
		return false
	}
	known := mistralFields(reflect.TypeOf(v).Elem())
	var extra []any
	for _, k := range slices.Sorted(maps.Keys(fields)) {
		if !known[k] {
			extra = append(extra, mistralViolation("extra_forbidden", []any{"body", k}, "Extra inputs are not permitted", fields[k]))
		}
	}
	if len(extra) > 0 {
		mistralValidation(w, extra)
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields() // in nested objects, such as messages
	err := dec.Decode(v)
	if err == nil {
		return true
	}
	var typeErr *json.UnmarshalTypeError
	if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		mistralInvalid(w, "extra_forbidden", []any{"body", strings.Trim(f, `"`)}, "Extra inputs are not permitted", nil)
		return false
	}
	if !errors.As(err, &typeErr) {
		mistralInvalid(w, "json_invalid", []any{"body", 0}, "JSON decode error", nil)
		return false
	}
	typ, msg := "string_type", "Input should be a valid string"
	switch typeErr.Type.String() {
	case "float64", "*float64":
		typ, msg = "float_type", "Input should be a valid number"
	case "int", "*int", "int64", "*int64":
		typ, msg = "int_type", "Input should be a valid integer"
	case "bool", "*bool":
		typ, msg = "bool_type", "Input should be a valid boolean"
	}
	loc := []any{"body"}
	for _, f := range strings.Split(typeErr.Field, ".") {
		loc = append(loc, f)
	}
	mistralInvalid(w, typ, loc, msg, fields[typeErr.Field]) // the value sent, for a top-level field
	return false
}

// mistralFields returns the JSON names of struct type t's fields.
func mistralFields(t reflect.Type) map[string]bool {
	names := map[string]bool{}
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		names[name] = true
	}
	return names
}

// mistralRange checks a number against an inclusive bound as the API's
// validation does, returning the violation or nil.
func mistralRange(field string, v *float64, ge, le float64) any {
	switch {
	case v == nil:
		return nil
	case *v < ge:
		return mistralBound("greater_than_equal", field, "greater than or equal to", "ge", ge, *v)
	case *v > le:
		return mistralBound("less_than_equal", field, "less than or equal to", "le", le, *v)
	}
	return nil
}

func mistralBound(typ, field, rel, key string, bound, v float64) any {
	in, _ := json.Marshal(v)
	d := mistralViolation(typ, []any{"body", field}, fmt.Sprintf("Input should be %s %v", rel, bound), in)
	d["ctx"] = map[string]any{key: bound}
	return d
}

func mistralMissing(w http.ResponseWriter, fields []string) {
	detail := make([]any, len(fields))
	for i, f := range fields {
		detail[i] = mistralViolation("missing", []any{"body", f}, "Field required", nil)
	}
	mistralValidation(w, detail)
}

func mistralInvalid(w http.ResponseWriter, typ string, loc []any, msg string, input json.RawMessage) {
	mistralValidation(w, []any{mistralViolation(typ, loc, msg, input)})
}

// mistralViolation is one entry of a 422's detail; input is the value sent
// (null when absent).
func mistralViolation(typ string, loc []any, msg string, input json.RawMessage) map[string]any {
	var in any
	if input != nil {
		in = input
	}
	return map[string]any{"type": typ, "loc": loc, "msg": msg, "input": in}
}

// mistralValidation writes Mistral's 422 body, {"detail":[...]}: the
// request validation error of its API.
func mistralValidation(w http.ResponseWriter, detail []any) {
	writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"detail": detail})
}

// MistralError writes Mistral's error body for status: a 401 is
// {"message":"Unauthorized","request_id":...} as the real API answers;
// others are {"object":"error","message","type","param","code"}, with code
// defaulting per status.
func MistralError(w http.ResponseWriter, status int, code, message string) {
	if status == http.StatusUnauthorized {
		writeJSON(w, status, map[string]any{"message": message, "request_id": "req-fake-401"})
		return
	}
	if code == "" {
		switch status {
		case http.StatusTooManyRequests:
			code = "rate_limited"
		case http.StatusBadRequest, http.StatusNotFound, http.StatusMethodNotAllowed:
			code = "invalid_request_error"
		default:
			code = fmt.Sprintf("http_%d", status)
			if status >= 500 {
				code = "internal_server_error"
			}
		}
	}
	writeJSON(w, status, map[string]any{
		"object":  "error",
		"message": message,
		"type":    code,
		"param":   nil,
		"code":    nil,
	})
}

func mistralVector(n int) []float64 {
	v := make([]float64, max(n, 0))
	for i := range v {
		v[i] = float64(i+1) / 10
	}
	return v
}
