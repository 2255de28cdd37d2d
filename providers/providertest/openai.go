package providertest

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"maps"
	"math"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/intelligen/intelligen/providers/models"
)

// NewOpenAI starts a fake of the OpenAI API at URL+"/v1" that accepts the
// Bearer token key. It serves:
//
//	POST /v1/chat/completions     text = "<model>: <last user text>" (+ " [image <mime> <n> bytes]" per image);
//	                              max_completion_tokens/max_tokens cut it to that many words (finish_reason "length");
//	                              a prompt containing "REFUSE" gets content null and a refusal
//	POST /v1/images/generations   b64_json of [OpenAIPNG](prompt) (JPEG for output_format "jpeg"; PNG bytes for "webp");
//	                              dall-e-* models answer a url unless response_format is "b64_json";
//	                              size and quality are checked per model (gpt-image-1, dall-e-3, dall-e-2;
//	                              not for later GPT image models, whose values it does not know)
//	POST /v1/audio/speech         raw bytes: [OpenAIWAV](input) for "wav", hash bytes for other formats
//	POST /v1/audio/transcriptions multipart; text = "<model>: heard <n> bytes of <type> in <filename>" (+ " [language x]" " [prompt y]")
//	POST /v1/embeddings           [OpenAIEmbedding](input, dimensions or 8), as floats or base64
//
// Like the real API it rejects unknown body fields and form fields
// ("Unrecognized request argument supplied"), missing required fields and
// invalid enum values with 400 and OpenAI's error body; a missing or wrong
// key gets 401 with code "invalid_api_key" (the key masked as OpenAI does).
// Every answer carries an x-request-id "req_<n>". Streaming is not faked.
func NewOpenAI(key string) *Server {
	f := &openaiFake{key: key}
	f.routes = map[string]http.HandlerFunc{
		"/v1/chat/completions":     f.chat,
		"/v1/images/generations":   f.images,
		"/v1/audio/speech":         f.speech,
		"/v1/audio/transcriptions": f.transcriptions,
		"/v1/embeddings":           f.embeddings,
	}
	f.srv = NewServer(http.HandlerFunc(f.serve), f.writeError)
	return f.srv
}

type openaiFake struct {
	srv    *Server
	key    string
	routes map[string]http.HandlerFunc // by path, all POST
	n      atomic.Int64                // request ids
}

// openaiError is OpenAI's error body.
type openaiError struct {
	Error struct {
		Message string  `json:"message"`
		Type    string  `json:"type"`
		Param   *string `json:"param"`
		Code    *string `json:"code"`
	} `json:"error"`
}

// writeError is the fake's [ErrorWriter]: OpenAI's error body with the
// type OpenAI uses for status, and code, or OpenAI's code for status when
// code is empty (rate_limit_exceeded for 429, invalid_api_key for 401).
func (f *openaiFake) writeError(w http.ResponseWriter, status int, code, message string) {
	if code == "" {
		code = map[int]string{http.StatusTooManyRequests: "rate_limit_exceeded", http.StatusUnauthorized: "invalid_api_key"}[status]
	}
	f.writeErrorParam(w, status, code, "", message)
}

// writeErrorParam writes OpenAI's error body with code and param as given
// (null when empty).
func (f *openaiFake) writeErrorParam(w http.ResponseWriter, status int, code, param, message string) {
	var e openaiError
	e.Error.Message = message
	switch {
	case status == http.StatusTooManyRequests:
		e.Error.Type = "requests"
	case status >= 500:
		e.Error.Type = "server_error"
	default:
		e.Error.Type = "invalid_request_error"
	}
	if code != "" {
		e.Error.Code = &code
	}
	if param != "" {
		e.Error.Param = &param
	}
	f.writeJSON(w, status, e)
}

func (f *openaiFake) writeJSON(w http.ResponseWriter, status int, v any) {
	f.writeNumbered(w, status, func(int64) any { return v })
}

// writeNumbered numbers the answer (x-request-id "req_<n>") and writes
// body(n).
func (f *openaiFake) writeNumbered(w http.ResponseWriter, status int, body func(n int64) any) {
	n := f.n.Add(1)
	w.Header().Set("x-request-id", "req_"+strconv.FormatInt(n, 10))
	openaiWriteJSON(w, status, body(n))
}

func openaiWriteJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // the fake's own values always encode
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(b)
}

func (f *openaiFake) serve(w http.ResponseWriter, r *http.Request) {
	switch auth := r.Header.Get("Authorization"); {
	case auth == "":
		f.writeErrorParam(w, http.StatusUnauthorized, "", "", "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.")
		return
	case auth != "Bearer "+f.key:
		f.writeError(w, http.StatusUnauthorized, "invalid_api_key", "Incorrect API key provided: "+openaiMaskKey(strings.TrimPrefix(auth, "Bearer "))+". You can find your API key at https://platform.openai.com/account/api-keys.")
		return
	}
	route := f.routes[r.URL.Path]
	if route == nil || r.Method != http.MethodPost {
		f.writeError(w, http.StatusNotFound, "", fmt.Sprintf("Invalid URL (%s %s)", r.Method, r.URL.Path))
		return
	}
	route(w, r)
}

// openaiMaskKey shows a key as OpenAI's 401 message does: its first and last
// characters around stars, or only stars when it is short.
func openaiMaskKey(k string) string {
	if len(k) < 12 {
		return strings.Repeat("*", len(k))
	}
	return k[:3] + strings.Repeat("*", len(k)-7) + k[len(k)-4:]
}

// decodeStrict decodes r's JSON body into v after checking that every
// field is in known; it answers 400 as OpenAI does and reports false when
// the body is not acceptable.
func (f *openaiFake) decodeStrict(w http.ResponseWriter, r *http.Request, v any, known ...string) bool {
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		f.writeError(w, http.StatusBadRequest, "", fmt.Sprintf("Invalid Content-Type header (%s), expected application/json.", ct))
		return false
	}
	var fields map[string]json.RawMessage
	if err := json.NewDecoder(r.Body).Decode(&fields); err != nil {
		f.writeError(w, http.StatusBadRequest, "", "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)")
		return false
	}
	for _, k := range slices.Sorted(maps.Keys(fields)) {
		if !slices.Contains(known, k) {
			f.writeErrorParam(w, http.StatusBadRequest, "", k, "Unrecognized request argument supplied: "+k)
			return false
		}
	}
	b, _ := json.Marshal(fields)
	if err := json.Unmarshal(b, v); err != nil {
		f.writeError(w, http.StatusBadRequest, "", "Invalid request body: "+err.Error())
		return false
	}
	return true
}

// openaiChatFields are the request fields of Chat Completions.
var openaiChatFields = []string{
	"audio", "frequency_penalty", "function_call", "functions", "logit_bias", "logprobs",
	"max_completion_tokens", "max_tokens", "messages", "metadata", "modalities", "model", "moderation", "n",
	"parallel_tool_calls", "prediction", "presence_penalty", "prompt_cache_key", "prompt_cache_retention", "reasoning_effort",
	"response_format", "safety_identifier", "seed", "service_tier", "stop", "store", "stream",
	"stream_options", "temperature", "tool_choice", "tools", "top_logprobs", "top_p", "user",
	"verbosity", "web_search_options",
}

// openaiChatRequest is what the chat fakes read of a request.
type openaiChatRequest struct {
	Model    string `json:"model"`
	Messages []struct {
		Role    string          `json:"role"`
		Content json.RawMessage `json:"content"`
	} `json:"messages"`
	MaxCompletionTokens int             `json:"max_completion_tokens"`
	MaxTokens           int             `json:"max_tokens"`
	Stream              bool            `json:"stream"`
	Stop                openaiStop      `json:"stop"`
	ResponseFormat      json.RawMessage `json:"response_format"`
}

// openaiStop is a chat request's stop: a string or an array of strings.
type openaiStop []string

func (s *openaiStop) UnmarshalJSON(b []byte) error {
	var one *string // a string, or null
	if json.Unmarshal(b, &one) == nil {
		if one != nil {
			*s = openaiStop{*one}
		}
		return nil
	}
	return json.Unmarshal(b, (*[]string)(s))
}

// openaiChatAnswer is the fakes' deterministic answer to a chat request.
type openaiChatAnswer struct {
	model, text, refusal, finish string
	promptTokens, outputTokens   int
}

// openaiAnswerChat checks req as every OpenAI-style server does and computes
// the answer; it returns a 400 message (and param) when req is invalid.
func openaiAnswerChat(req *openaiChatRequest) (a openaiChatAnswer, param, msg string) {
	if req.Model == "" {
		return a, "model", "you must provide a model parameter"
	}
	if len(req.Messages) == 0 {
		return a, "messages", "[] is too short - 'messages'"
	}
	if req.Stream {
		return a, "stream", "streaming is not supported by this fake"
	}
	var last string
	for i, m := range req.Messages {
		switch m.Role {
		case "system", "developer", "user", "assistant", "tool":
		default:
			return a, fmt.Sprintf("messages.[%d].role", i), fmt.Sprintf("Invalid value: '%s'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.", m.Role)
		}
		text, err := openaiChatContent(m.Content)
		if err != "" {
			return a, fmt.Sprintf("messages.[%d].content", i), err
		}
		a.promptTokens += len(strings.Fields(text))
		if m.Role == "user" {
			last = text
		}
	}
	a.model = req.Model
	if strings.Contains(last, "REFUSE") {
		a.refusal, a.finish = "I'm sorry, I can't help with that.", "stop"
		return a, "", ""
	}
	words := strings.Fields(req.Model + ": " + last)
	a.finish = "stop"
	if n := cmp.Or(req.MaxCompletionTokens, req.MaxTokens); n > 0 && n < len(words) {
		words, a.finish = words[:n], "length"
	}
	a.text = strings.Join(words, " ")
	if a.finish == "stop" {
		a.text = req.Model + ": " + last // keep the prompt's spacing
	}
	a.outputTokens = len(words)
	return a, "", ""
}

// openaiTyped checks req's response_format and sets the text of a, unless
// it is a refusal, to what s replies (a queued answer, or JSON of the
// schema); it returns a 400 message when response_format is malformed.
func openaiTyped(s *Server, req *openaiChatRequest, a *openaiChatAnswer) string {
	schema, msg := checkResponseFormat(req.ResponseFormat)
	if msg != "" {
		return msg
	}
	if a.refusal == "" {
		a.text = s.reply(a.text, schema)
	}
	return ""
}

// openaiChatContent returns the text of a message content (a string or an
// array of text and image_url parts), each image shown as
// "[image <mime> <n> bytes]", or a 400 message.
func openaiChatContent(raw json.RawMessage) (string, string) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, ""
	}
	var parts []struct {
		Type     string  `json:"type"`
		Text     *string `json:"text"`
		ImageURL *struct {
			URL string `json:"url"`
		} `json:"image_url"`
	}
	if err := json.Unmarshal(raw, &parts); err != nil {
		return "", "Invalid type for content: expected a string or an array of content parts."
	}
	var out []string
	for _, p := range parts {
		switch p.Type {
		case "text":
			if p.Text == nil {
				return "", "Missing required parameter: 'text'."
			}
			out = append(out, *p.Text)
		case "image_url":
			if p.ImageURL == nil {
				return "", "Missing required parameter: 'image_url'."
			}
			mime, data, ok := openaiDataURL(p.ImageURL.URL)
			if !ok {
				return "", "Invalid image URL: this fake accepts only base64 data URLs."
			}
			out = append(out, fmt.Sprintf("[image %s %d bytes]", mime, len(data)))
		default:
			return "", fmt.Sprintf("Invalid value: '%s'. Supported values are: 'text', 'image_url', 'input_audio', 'refusal', 'audio', and 'file'.", p.Type)
		}
	}
	return strings.Join(out, " "), ""
}

// openaiDataURL splits "data:<mime>;base64,<data>".
func openaiDataURL(u string) (mime string, data []byte, ok bool) {
	rest, ok := strings.CutPrefix(u, "data:")
	if !ok {
		return "", nil, false
	}
	head, b64, ok := strings.Cut(rest, ",")
	mime, isB64 := strings.CutSuffix(head, ";base64")
	if !ok || !isB64 || !strings.Contains(mime, "/") {
		return "", nil, false
	}
	data, err := base64.StdEncoding.DecodeString(b64)
	return mime, data, err == nil
}

// openaiChatResponse builds the OpenAI answer for a.
func openaiChatResponse(id string, a openaiChatAnswer) map[string]any {
	msg := map[string]any{"role": "assistant", "content": nil, "refusal": nil, "annotations": []any{}}
	if a.refusal != "" {
		msg["refusal"] = a.refusal
	} else {
		msg["content"] = a.text
	}
	return map[string]any{
		"id": id, "object": "chat.completion", "created": 1700000000, "model": a.model,
		"choices": []any{map[string]any{"index": 0, "message": msg, "logprobs": nil, "finish_reason": a.finish}},
		"usage": map[string]any{
			"prompt_tokens": a.promptTokens, "completion_tokens": a.outputTokens, "total_tokens": a.promptTokens + a.outputTokens,
			"prompt_tokens_details":     map[string]int{"cached_tokens": 0, "audio_tokens": 0},
			"completion_tokens_details": map[string]int{"reasoning_tokens": 0, "audio_tokens": 0},
		},
		"service_tier": "default", "system_fingerprint": "fp_fake",
	}
}

func (f *openaiFake) chat(w http.ResponseWriter, r *http.Request) {
	var req openaiChatRequest
	if !f.decodeStrict(w, r, &req, openaiChatFields...) {
		return
	}
	if n, max := len(req.Stop), models.MaxStop("openai"); n > max {
		f.writeErrorParam(w, http.StatusBadRequest, "array_above_max_length", "stop",
			fmt.Sprintf("Invalid 'stop': array too long. Expected an array with maximum length %d, but got an array with length %d instead.", max, n))
		return
	}
	a, param, msg := openaiAnswerChat(&req)
	if msg != "" {
		f.writeErrorParam(w, http.StatusBadRequest, "", param, msg)
		return
	}
	if msg := openaiTyped(f.srv, &req, &a); msg != "" {
		f.writeErrorParam(w, http.StatusBadRequest, "", "response_format", msg)
		return
	}
	f.writeNumbered(w, http.StatusOK, func(n int64) any {
		return openaiChatResponse("chatcmpl-"+strconv.FormatInt(n, 10), a)
	})
}

func openaiOneOf(v string, allowed ...string) bool { return v == "" || slices.Contains(allowed, v) }

// openaiInvalidValue is OpenAI's message for a value outside allowed:
// "Invalid value: 'x'. Supported values are: 'a', 'b', and 'c'."
func openaiInvalidValue(v string, allowed ...string) string {
	q := make([]string, len(allowed))
	for i, a := range allowed {
		q[i] = "'" + a + "'"
	}
	list := strings.Join(q, "")
	switch n := len(q); {
	case n == 2:
		list = q[0] + " and " + q[1]
	case n > 2:
		list = strings.Join(q[:n-1], ", ") + ", and " + q[n-1]
	}
	return fmt.Sprintf("Invalid value: '%s'. Supported values are: %s.", v, list)
}

func (f *openaiFake) images(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Model          string `json:"model"`
		Prompt         string `json:"prompt"`
		Size           string `json:"size"`
		Quality        string `json:"quality"`
		OutputFormat   string `json:"output_format"`
		ResponseFormat string `json:"response_format"`
	}
	if !f.decodeStrict(w, r, &req, "background", "model", "moderation", "n", "output_compression", "output_format", "partial_images", "prompt", "quality", "response_format", "size", "stream", "style", "user") {
		return
	}
	if req.Prompt == "" {
		f.writeErrorParam(w, http.StatusBadRequest, "", "prompt", "Missing required parameter: 'prompt'.")
		return
	}
	if req.Model == "" {
		req.Model = "dall-e-2" // the API's default
	}
	m, known := models.OpenAIImageModel(req.Model)
	gpt := models.GPTImage(req.Model) // the DALL·E models take no output_format
	if !known && !gpt {
		m, known = models.OpenAIImageModel("dall-e-2")
	}
	formats := []string{"png", "jpeg", "webp"}
	switch {
	case known && !openaiOneOf(req.Size, m.Sizes...):
		f.writeErrorParam(w, http.StatusBadRequest, "invalid_value", "size", openaiInvalidValue(req.Size, m.Sizes...))
		return
	case known && !openaiOneOf(req.Quality, m.Qualities...):
		f.writeErrorParam(w, http.StatusBadRequest, "invalid_value", "quality", openaiInvalidValue(req.Quality, m.Qualities...))
		return
	case !gpt && req.OutputFormat != "":
		f.writeErrorParam(w, http.StatusBadRequest, "unknown_parameter", "output_format", "Unknown parameter: 'output_format'.")
		return
	case !openaiOneOf(req.OutputFormat, formats...):
		f.writeErrorParam(w, http.StatusBadRequest, "invalid_value", "output_format", openaiInvalidValue(req.OutputFormat, formats...))
		return
	case gpt && req.ResponseFormat != "":
		f.writeErrorParam(w, http.StatusBadRequest, "unknown_parameter", "response_format", "Unknown parameter: 'response_format'.")
		return
	}
	format := cmp.Or(req.OutputFormat, "png")
	img := OpenAIPNG(req.Prompt)
	if format == "jpeg" {
		img = openaiJPEG(req.Prompt)
	}
	if !gpt {
		d := map[string]any{"revised_prompt": req.Prompt}
		if req.ResponseFormat == "b64_json" {
			d["b64_json"] = base64.StdEncoding.EncodeToString(img)
		} else {
			d["url"] = "https://images.example.invalid/" + openaiHash(req.Prompt)[:16] + ".png"
		}
		f.writeJSON(w, http.StatusOK, map[string]any{"created": 1700000000, "data": []any{d}})
		return
	}
	in := len(strings.Fields(req.Prompt))
	f.writeJSON(w, http.StatusOK, map[string]any{
		"created":       1700000000,
		"data":          []any{map[string]string{"b64_json": base64.StdEncoding.EncodeToString(img)}},
		"background":    "opaque",
		"output_format": format,
		"quality":       cmp.Or(req.Quality, "high"),
		"size":          cmp.Or(req.Size, "1024x1024"),
		"usage": map[string]any{
			"input_tokens": in, "output_tokens": 272, "total_tokens": in + 272,
			"input_tokens_details": map[string]int{"text_tokens": in, "image_tokens": 0},
		},
	})
}

// openaiSpeechTypes is the Content-Type of each speech response_format.
var openaiSpeechTypes = map[string]string{
	"mp3": "audio/mpeg", "opus": "audio/opus", "aac": "audio/aac",
	"flac": "audio/flac", "wav": "audio/wav", "pcm": "audio/pcm",
}

var openaiVoices = []string{"alloy", "ash", "ballad", "coral", "echo", "fable", "nova", "onyx", "sage", "shimmer", "verse", "marin", "cedar"}

func (f *openaiFake) speech(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Model          string `json:"model"`
		Input          string `json:"input"`
		Voice          string `json:"voice"`
		ResponseFormat string `json:"response_format"`
		Instructions   string `json:"instructions"`
	}
	if !f.decodeStrict(w, r, &req, "input", "instructions", "model", "response_format", "speed", "stream_format", "voice") {
		return
	}
	format := cmp.Or(req.ResponseFormat, "mp3")
	switch {
	case req.Model == "":
		f.writeErrorParam(w, http.StatusBadRequest, "", "model", "Missing required parameter: 'model'.")
	case req.Input == "":
		f.writeErrorParam(w, http.StatusBadRequest, "", "input", "Missing required parameter: 'input'.")
	case req.Instructions != "" && !models.SpeechInstructions(req.Model):
		f.writeErrorParam(w, http.StatusBadRequest, "unsupported_parameter", "instructions", fmt.Sprintf("Unsupported parameter: 'instructions' is not supported with model %s.", req.Model))
	case len(req.Input) > 4096:
		f.writeErrorParam(w, http.StatusBadRequest, "string_above_max_length", "input", "Invalid 'input': string too long. Expected a string with maximum length 4096.")
	case req.Voice == "":
		f.writeErrorParam(w, http.StatusBadRequest, "", "voice", "Missing required parameter: 'voice'.")
	case !slices.Contains(openaiVoices, req.Voice):
		f.writeErrorParam(w, http.StatusBadRequest, "invalid_value", "voice", openaiInvalidValue(req.Voice, openaiVoices...))
	case openaiSpeechTypes[format] == "":
		f.writeErrorParam(w, http.StatusBadRequest, "invalid_value", "response_format", openaiInvalidValue(format, "mp3", "opus", "aac", "flac", "wav", "pcm"))
	default:
		data := OpenAIWAV(req.Input)
		if format != "wav" {
			h := sha256.Sum256([]byte(format + "\x00" + req.Input))
			data = h[:]
		}
		w.Header().Set("x-request-id", "req_"+strconv.FormatInt(f.n.Add(1), 10))
		w.Header().Set("Content-Type", openaiSpeechTypes[format])
		w.Write(data)
	}
}

// openaiTranscriptionFields are the form fields of /audio/transcriptions.
var openaiTranscriptionFields = []string{
	"chunking_strategy", "include[]", "known_speaker_names[]", "known_speaker_references[]",
	"language", "model", "prompt", "response_format", "stream", "temperature", "timestamp_granularities[]",
}

var openaiAudioExts = []string{"flac", "m4a", "mp3", "mp4", "mpeg", "mpga", "oga", "ogg", "wav", "webm"}

func (f *openaiFake) transcriptions(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		f.writeError(w, http.StatusBadRequest, "", "Could not parse multipart form: "+err.Error())
		return
	}
	for _, k := range slices.Sorted(maps.Keys(r.MultipartForm.Value)) {
		if !slices.Contains(openaiTranscriptionFields, k) {
			f.writeErrorParam(w, http.StatusBadRequest, "", k, "Unrecognized request argument supplied: "+k)
			return
		}
	}
	file, fh, err := r.FormFile("file")
	if err != nil {
		f.writeErrorParam(w, http.StatusBadRequest, "", "file", "Missing required parameter: 'file'.")
		return
	}
	defer file.Close()
	model := r.FormValue("model")
	if model == "" {
		f.writeErrorParam(w, http.StatusBadRequest, "", "model", "Missing required parameter: 'model'.")
		return
	}
	if ext := strings.TrimPrefix(path.Ext(fh.Filename), "."); !slices.Contains(openaiAudioExts, ext) {
		f.writeErrorParam(w, http.StatusBadRequest, "unsupported_format", "file", fmt.Sprintf("Invalid file format. Supported formats: %q", openaiAudioExts))
		return
	}
	text := fmt.Sprintf("%s: heard %d bytes of %s in %s", model, fh.Size, fh.Header.Get("Content-Type"), fh.Filename)
	if v := r.FormValue("language"); v != "" {
		text += " [language " + v + "]"
	}
	if v := r.FormValue("prompt"); v != "" {
		text += " [prompt " + v + "]"
	}
	usage := map[string]any{"type": "duration", "seconds": 1}
	if strings.HasPrefix(model, "gpt-") {
		out := len(strings.Fields(text))
		usage = map[string]any{"type": "tokens", "input_tokens": 10, "output_tokens": out, "total_tokens": 10 + out}
	}
	switch rf := r.FormValue("response_format"); rf {
	case "", "json":
		f.writeJSON(w, http.StatusOK, map[string]any{"text": text, "usage": usage})
	case "text":
		w.Header().Set("x-request-id", "req_"+strconv.FormatInt(f.n.Add(1), 10))
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, text)
	default:
		f.writeErrorParam(w, http.StatusBadRequest, "invalid_value", "response_format", openaiInvalidValue(rf, "json", "text")+" (this fake)")
	}
}

// openaiEmbedRequest is what the embeddings fakes read of a request.
type openaiEmbedRequest struct {
	Model          string          `json:"model"`
	Input          json.RawMessage `json:"input"`
	Dimensions     int             `json:"dimensions"`
	EncodingFormat string          `json:"encoding_format"`
}

// openaiAnswerEmbed returns the embeddings answer to req, or a 400 message and
// param.
func openaiAnswerEmbed(req *openaiEmbedRequest) (resp map[string]any, param, msg string) {
	if req.Model == "" {
		return nil, "model", "you must provide a model parameter"
	}
	var inputs []string
	var one string
	switch {
	case json.Unmarshal(req.Input, &one) == nil:
		inputs = []string{one}
	case json.Unmarshal(req.Input, &inputs) == nil && len(inputs) > 0:
	default:
		return nil, "input", "'input' is a required property and must be a string or an array of strings"
	}
	if !openaiOneOf(req.EncodingFormat, "float", "base64") {
		return nil, "encoding_format", openaiInvalidValue(req.EncodingFormat, "float", "base64")
	}
	dims := cmp.Or(req.Dimensions, 8)
	data := make([]any, len(inputs))
	tokens := 0
	for i, in := range inputs {
		v := OpenAIEmbedding(in, dims)
		var e any = v
		if req.EncodingFormat == "base64" {
			b := make([]byte, 4*len(v))
			for j, x := range v {
				binary.LittleEndian.PutUint32(b[4*j:], math.Float32bits(x))
			}
			e = base64.StdEncoding.EncodeToString(b)
		}
		data[i] = map[string]any{"object": "embedding", "index": i, "embedding": e}
		tokens += len(strings.Fields(in))
	}
	return map[string]any{
		"object": "list", "data": data, "model": req.Model,
		"usage": map[string]int{"prompt_tokens": tokens, "total_tokens": tokens},
	}, "", ""
}

func (f *openaiFake) embeddings(w http.ResponseWriter, r *http.Request) {
	var req openaiEmbedRequest
	if !f.decodeStrict(w, r, &req, "dimensions", "encoding_format", "input", "model", "user") {
		return
	}
	if req.Dimensions != 0 && req.Model == "text-embedding-ada-002" {
		f.writeErrorParam(w, http.StatusBadRequest, "", "dimensions", "This model does not support specifying dimensions.")
		return
	}
	resp, param, msg := openaiAnswerEmbed(&req)
	if msg != "" {
		f.writeErrorParam(w, http.StatusBadRequest, "", param, msg)
		return
	}
	f.writeJSON(w, http.StatusOK, resp)
}

func openaiHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return fmt.Sprintf("%x", h)
}

// OpenAIEmbedding is the embedding the fakes return for input: n values,
// v[i] = h[i%32]/255 with h the SHA-256 of input.
func OpenAIEmbedding(input string, n int) []float32 {
	h := sha256.Sum256([]byte(input))
	v := make([]float32, n)
	for i := range v {
		v[i] = float32(h[i%len(h)]) / 255
	}
	return v
}

func openaiPicture(seed string) image.Image {
	h := sha256.Sum256([]byte(seed))
	img := image.NewNRGBA(image.Rect(0, 0, 2, 2))
	for i := range 4 {
		img.Set(i%2, i/2, color.NRGBA{h[3*i], h[3*i+1], h[3*i+2], 255})
	}
	return img
}

// OpenAIPNG is the image the fakes draw for seed: a valid 2×2 PNG whose
// colours come from the SHA-256 of seed.
func OpenAIPNG(seed string) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, openaiPicture(seed)); err != nil {
		panic(err)
	}
	return b.Bytes()
}

func openaiJPEG(seed string) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, openaiPicture(seed), nil); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// OpenAIWAV is the audio the fakes speak for seed: a valid PCM WAV (mono,
// 16-bit, 8000 Hz) of 64 data bytes taken from the SHA-256 of seed.
func OpenAIWAV(seed string) []byte {
	h := sha256.Sum256([]byte(seed))
	data := append(h[:], h[:]...)
	var b bytes.Buffer
	le := func(v any) { binary.Write(&b, binary.LittleEndian, v) }
	b.WriteString("RIFF")
	le(uint32(36 + len(data)))
	b.WriteString("WAVEfmt ")
	le(uint32(16))
	le(uint16(1))    // PCM
	le(uint16(1))    // mono
	le(uint32(8000)) // sample rate
	le(uint32(16000))
	le(uint16(2))
	le(uint16(16))
	b.WriteString("data")
	le(uint32(len(data)))
	b.Write(data)
	return b.Bytes()
}
