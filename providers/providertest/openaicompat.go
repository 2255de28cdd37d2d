package providertest

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"sync/atomic"
)

// NewVLLM starts a fake vLLM OpenAI-compatible server (`vllm serve model
// [--api-key key]`) at URL+"/v1". With key set, requests need it as a
// Bearer token (else 401 {"error":"Unauthorized"}). It serves GET
// /v1/models, and POST /v1/chat/completions and /v1/embeddings with the
// same deterministic answers as [NewOpenAI], plus vLLM's extra response
// fields. Unknown request fields are accepted; a model other than model
// gets 404. Errors have vLLM's older flat shape
// {"object":"error","message","type","param","code":<int>}.
func NewVLLM(model, key string) *Server {
	f := &openaicompatFake{vllm: true, model: model, key: key}
	f.srv = NewServer(http.HandlerFunc(f.serve), f.writeError)
	return f.srv
}

// NewLlamaCpp starts a fake llama.cpp `llama-server [--api-key key]`
// serving model at URL+"/v1", like [NewVLLM] but with llama.cpp's error
// body {"error":{"code":<int>,"message","type"}}, its "timings" response
// field, and the request's model ignored for routing.
func NewLlamaCpp(model, key string) *Server {
	f := &openaicompatFake{model: model, key: key}
	f.srv = NewServer(http.HandlerFunc(f.serve), f.writeError)
	return f.srv
}

type openaicompatFake struct {
	srv        *Server
	vllm       bool // else llama.cpp
	model, key string
	n          atomic.Int64
}

// openaicompatLlamaTypes are llama.cpp's error types per status.
var openaicompatLlamaTypes = map[int]string{
	400: "invalid_request_error", 401: "authentication_error", 403: "permission_error",
	404: "not_found_error", 429: "unavailable_error", 500: "server_error", 501: "not_supported_error",
	503: "unavailable_error",
}

// openaicompatVLLMTypes are vLLM's error types per status.
var openaicompatVLLMTypes = map[int]string{
	400: "BadRequestError", 404: "NotFoundError", 429: "TooManyRequestsError",
	500: "InternalServerError", 501: "NotImplementedError", 503: "ServiceUnavailableError",
}

// writeError is the fakes' [ErrorWriter]; code, when given, is the error
// type.
func (f *openaicompatFake) writeError(w http.ResponseWriter, status int, code, message string) {
	switch {
	case f.vllm && status == http.StatusUnauthorized:
		openaiWriteJSON(w, status, map[string]string{"error": "Unauthorized"})
	case f.vllm:
		openaiWriteJSON(w, status, map[string]any{"object": "error", "message": message,
			"type": cmp.Or(code, openaicompatVLLMTypes[status], "InternalServerError"), "param": nil, "code": status})
	default:
		openaiWriteJSON(w, status, map[string]any{"error": map[string]any{"code": status, "message": message,
			"type": cmp.Or(code, openaicompatLlamaTypes[status], "server_error")}})
	}
}

func (f *openaicompatFake) serve(w http.ResponseWriter, r *http.Request) {
	if f.key != "" && r.Header.Get("Authorization") != "Bearer "+f.key {
		f.writeError(w, http.StatusUnauthorized, "", "Invalid API Key")
		return
	}
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/v1/models":
		m := map[string]any{"id": f.model, "object": "model", "created": 1700000000, "owned_by": "vllm", "root": f.model, "parent": nil, "max_model_len": 4096}
		if !f.vllm {
			m = map[string]any{"id": f.model, "object": "model", "created": 1700000000, "owned_by": "llamacpp", "meta": map[string]int{"n_ctx_train": 4096}}
		}
		openaiWriteJSON(w, http.StatusOK, map[string]any{"object": "list", "data": []any{m}})
	case r.Method == http.MethodPost && r.URL.Path == "/v1/chat/completions":
		f.chat(w, r)
	case r.Method == http.MethodPost && r.URL.Path == "/v1/embeddings":
		f.embeddings(w, r)
	case f.vllm:
		openaiWriteJSON(w, http.StatusNotFound, map[string]string{"detail": "Not Found"}) // FastAPI's answer
	default:
		f.writeError(w, http.StatusNotFound, "", "File Not Found")
	}
}

// decode reads a JSON body, ignoring unknown fields as both servers do,
// and picks the served model when the request names none. It answers the
// error and reports false when the request is not acceptable.
func (f *openaicompatFake) decode(w http.ResponseWriter, r *http.Request, v any, model *string) bool {
	if err := json.NewDecoder(r.Body).Decode(v); err != nil {
		f.writeError(w, http.StatusBadRequest, "", "invalid JSON body: "+err.Error())
		return false
	}
	if *model == "" {
		*model = f.model
	}
	if f.vllm && *model != f.model {
		f.writeError(w, http.StatusNotFound, "", fmt.Sprintf("The model `%s` does not exist.", *model))
		return false
	}
	return true
}

func (f *openaicompatFake) chat(w http.ResponseWriter, r *http.Request) {
	var req openaiChatRequest
	if !f.decode(w, r, &req, &req.Model) {
		return
	}
	a, _, msg := openaiAnswerChat(&req)
	if msg == "" {
		msg = openaiTyped(f.srv, &req, &a)
	}
	if msg != "" {
		f.writeError(w, http.StatusBadRequest, "", msg)
		return
	}
	resp := openaiChatResponse("chatcmpl-"+strconv.FormatInt(f.n.Add(1), 10), a)
	ch := resp["choices"].([]any)[0].(map[string]any)
	if f.vllm {
		ch["stop_reason"] = nil
		msg := ch["message"].(map[string]any)
		msg["reasoning_content"], msg["tool_calls"] = nil, []any{}
		resp["prompt_logprobs"], resp["kv_transfer_params"], resp["service_tier"], resp["system_fingerprint"] = nil, nil, nil, nil
	} else {
		resp["system_fingerprint"] = "b6000-fake"
		resp["timings"] = map[string]any{"prompt_n": a.promptTokens, "prompt_ms": 1.5, "predicted_n": a.outputTokens, "predicted_ms": 2.5}
	}
	openaiWriteJSON(w, http.StatusOK, resp)
}

func (f *openaicompatFake) embeddings(w http.ResponseWriter, r *http.Request) {
	var req openaiEmbedRequest
	if !f.decode(w, r, &req, &req.Model) {
		return
	}
	resp, _, msg := openaiAnswerEmbed(&req)
	if msg != "" {
		f.writeError(w, http.StatusBadRequest, "", msg)
		return
	}
	if f.vllm {
		resp["id"], resp["created"] = "embd-"+strconv.FormatInt(f.n.Add(1), 10), 1700000000
	}
	openaiWriteJSON(w, http.StatusOK, resp)
}
