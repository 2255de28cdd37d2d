package providertest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strings"
)

// NewGemini starts a fake Gemini API (v1beta) that accepts the API key key,
// sent as the x-goog-api-key header or the key query parameter, as the
// real API does. Close it when done. It serves:
//
//	POST /v1beta/models/{model}:generateContent
//	POST /v1beta/models/{model}:batchEmbedContents
//
// It checks what the real API checks: method and path, the key (none: 403
// PERMISSION_DENIED; a wrong one: 400 INVALID_ARGUMENT "API key not
// valid" with an ErrorInfo detail of reason API_KEY_INVALID), a JSON body
// without unknown fields, non-empty contents and parts, roles, base64
// inline data, generationConfig ranges (temperature 0..2, topP 0..1,
// maxOutputTokens ≥ 1, a 32-bit seed), and for embeddings that every
// request names the batch's model. A model whose name contains
// "embedding" only embeds, and other models only generate: the wrong
// method is a 404 NOT_FOUND. Rejections use the Google RPC error body
// {"error":{"code","message","status"}}.
//
// Answers are deterministic. generateContent answers one candidate whose
// text is "<model>: <prompt>", where the prompt is the last user content's
// text parts joined by "\n", followed by " [<mimeType> <n> bytes]" per
// inline image; it is cut at the first stop sequence, and to
// maxOutputTokens words (finishReason MAX_TOKENS). usageMetadata counts
// words: promptTokenCount those of the system instruction and contents,
// candidatesTokenCount those of the answer; modelVersion is the model. A
// prompt containing "BLOCKME" gets no candidates and
// promptFeedback.blockReason SAFETY; one containing "UNSAFE" gets a
// candidate with no content and finishReason SAFETY.
// batchEmbedContents answers, per request, outputDimensionality values
// (8 when unset) v[i] = ((i mod 10) + 1) / 10.
func NewGemini(key string) *Server {
	var s *Server
	s = NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		geminiServe(s, w, r, key)
	}), func(w http.ResponseWriter, status int, code, message string) {
		geminiError(w, status, code, message, nil)
	})
	return s
}

// geminiError writes a Google RPC status error answer.
func geminiError(w http.ResponseWriter, status int, code, message string, details []any) {
	if code == "" {
		code = geminiStatus(status)
	}
	e := map[string]any{"code": status, "message": message, "status": code}
	if details != nil {
		e["details"] = details
	}
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"error": e})
}

// geminiStatus is the RPC status the API sends with an HTTP status.
func geminiStatus(status int) string {
	switch status {
	case 400:
		return "INVALID_ARGUMENT"
	case 401:
		return "UNAUTHENTICATED"
	case 403:
		return "PERMISSION_DENIED"
	case 404:
		return "NOT_FOUND"
	case 409:
		return "ABORTED"
	case 429:
		return "RESOURCE_EXHAUSTED"
	case 500:
		return "INTERNAL"
	case 503:
		return "UNAVAILABLE"
	case 504:
		return "DEADLINE_EXCEEDED"
	}
	return "UNKNOWN"
}

type geminiContent struct {
	Role  string       `json:"role"`
	Parts []geminiPart `json:"parts"`
}

type geminiPart struct {
	Text       *string `json:"text"`
	InlineData *struct {
		MIMEType string `json:"mimeType"`
		Data     string `json:"data"`
	} `json:"inlineData"`
	FileData         json.RawMessage `json:"fileData"`
	FunctionCall     json.RawMessage `json:"functionCall"`
	FunctionResponse json.RawMessage `json:"functionResponse"`
	Thought          bool            `json:"thought"`
}

type geminiGenerateRequest struct {
	Contents          []geminiContent `json:"contents"`
	SystemInstruction *geminiContent  `json:"systemInstruction"`
	GenerationConfig  *struct {
		Temperature        *float64        `json:"temperature"`
		TopP               *float64        `json:"topP"`
		TopK               *float64        `json:"topK"`
		CandidateCount     *int            `json:"candidateCount"`
		MaxOutputTokens    *int            `json:"maxOutputTokens"`
		StopSequences      []string        `json:"stopSequences"`
		Seed               *int64          `json:"seed"`
		PresencePenalty    *float64        `json:"presencePenalty"`
		FrequencyPenalty   *float64        `json:"frequencyPenalty"`
		ResponseMIMEType   string          `json:"responseMimeType"`
		ResponseSchema     json.RawMessage `json:"responseSchema"`
		ResponseJSONSchema json.RawMessage `json:"responseJsonSchema"`
		ResponseModalities []string        `json:"responseModalities"`
		ResponseLogprobs   *bool           `json:"responseLogprobs"`
		Logprobs           *int            `json:"logprobs"`
		ThinkingConfig     json.RawMessage `json:"thinkingConfig"`
		MediaResolution    string          `json:"mediaResolution"`
		SpeechConfig       json.RawMessage `json:"speechConfig"`
		ImageConfig        json.RawMessage `json:"imageConfig"`
	} `json:"generationConfig"`
	SafetySettings json.RawMessage `json:"safetySettings"`
	Tools          json.RawMessage `json:"tools"`
	ToolConfig     json.RawMessage `json:"toolConfig"`
	CachedContent  string          `json:"cachedContent"`
}

type geminiBatchEmbedRequest struct {
	Requests []struct {
		Model                string        `json:"model"`
		Content              geminiContent `json:"content"`
		TaskType             string        `json:"taskType"`
		Title                string        `json:"title"`
		OutputDimensionality *int          `json:"outputDimensionality"`
	} `json:"requests"`
}

func geminiServe(s *Server, w http.ResponseWriter, r *http.Request, key string) {
	rest, ok := strings.CutPrefix(r.URL.Path, "/v1beta/models/")
	i := strings.LastIndexByte(rest, ':')
	if !ok || i <= 0 {
		s.Error(w, http.StatusNotFound, "", "Requested entity was not found.")
		return
	}
	model, method := rest[:i], rest[i+1:]
	if method != "generateContent" && method != "batchEmbedContents" {
		s.Error(w, http.StatusNotFound, "", "Requested entity was not found.")
		return
	}
	if r.Method != http.MethodPost {
		s.Error(w, http.StatusMethodNotAllowed, "", "Method Not Allowed")
		return
	}
	got := r.Header.Get("x-goog-api-key")
	if got == "" {
		got = r.URL.Query().Get("key")
	}
	switch {
	case got == "":
		s.Error(w, http.StatusForbidden, "", "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.")
		return
	case got != key:
		geminiError(w, http.StatusBadRequest, "", "API key not valid. Please pass a valid API key.", []any{map[string]any{
			"@type":  "type.googleapis.com/google.rpc.ErrorInfo",
			"reason": "API_KEY_INVALID",
			"domain": "googleapis.com",
		}})
		return
	}
	if embedding := strings.Contains(model, "embedding"); embedding != (method == "batchEmbedContents") {
		s.Error(w, http.StatusNotFound, "", fmt.Sprintf("models/%s is not found for API version v1beta, or is not supported for %s. Call ListModels to see the list of available models and their supported methods.", model, method))
		return
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if method == "batchEmbedContents" {
		var in geminiBatchEmbedRequest
		if err := dec.Decode(&in); err != nil {
			geminiBadJSON(w, err)
			return
		}
		geminiEmbed(s, w, model, &in)
		return
	}
	var in geminiGenerateRequest
	if err := dec.Decode(&in); err != nil {
		geminiBadJSON(w, err)
		return
	}
	geminiGenerate(s, w, model, &in)
}

// geminiBadJSON answers a body that does not decode as the API does: a
// field it does not know is `Invalid JSON payload received. Unknown name
// "labels": Cannot find field.`, with a google.rpc.BadRequest detail.
func geminiBadJSON(w http.ResponseWriter, err error) {
	msg := "Invalid JSON payload received. " + err.Error()
	var details []any
	if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		msg = fmt.Sprintf("Invalid JSON payload received. Unknown name %s: Cannot find field.", f)
		details = []any{map[string]any{
			"@type":           "type.googleapis.com/google.rpc.BadRequest",
			"fieldViolations": []any{map[string]any{"description": msg}},
		}}
	}
	geminiError(w, http.StatusBadRequest, "", msg, details)
}

// geminiParts validates a content's parts and returns its text parts
// joined by "\n" followed by its images, and its word count.
func geminiParts(at string, c *geminiContent) (text string, words int, msg string) {
	if len(c.Parts) == 0 {
		return "", 0, "* " + at + ".parts: contents.parts must not be empty."
	}
	var texts, images []string
	for j, p := range c.Parts {
		switch {
		case p.Text != nil:
			if *p.Text == "" {
				return "", 0, "Unable to submit request because it has an empty text parameter. Add a value to the parameter and try again."
			}
			texts = append(texts, *p.Text)
			words += len(strings.Fields(*p.Text))
		case p.InlineData != nil:
			if !strings.Contains(p.InlineData.MIMEType, "/") {
				return "", 0, fmt.Sprintf("* %s.parts[%d].inline_data.mime_type: a MIME type is required", at, j)
			}
			data, err := base64.StdEncoding.DecodeString(p.InlineData.Data)
			if err != nil || len(data) == 0 {
				return "", 0, fmt.Sprintf("Invalid value at '%s.parts[%d].inline_data.data' (TYPE_BYTES), Base64 decoding failed", at, j)
			}
			images = append(images, fmt.Sprintf(" [%s %d bytes]", p.InlineData.MIMEType, len(data)))
		case p.FileData != nil, p.FunctionCall != nil, p.FunctionResponse != nil:
		default:
			return "", 0, fmt.Sprintf("* %s.parts[%d].data: required oneof field 'data' must have one initialized field", at, j)
		}
	}
	return strings.Join(texts, "\n") + strings.Join(images, ""), words, ""
}

func geminiGenerate(s *Server, w http.ResponseWriter, model string, in *geminiGenerateRequest) {
	bad := func(msg string) { s.Error(w, http.StatusBadRequest, "", msg) }
	if len(in.Contents) == 0 {
		bad("* GenerateContentRequest.contents: contents is not specified")
		return
	}
	var prompt string
	var words int
	if in.SystemInstruction != nil {
		_, n, msg := geminiParts("GenerateContentRequest.system_instruction", in.SystemInstruction)
		if msg != "" {
			bad(msg)
			return
		}
		words += n
	}
	for i := range in.Contents {
		c := &in.Contents[i]
		if c.Role != "" && c.Role != "user" && c.Role != "model" {
			bad(fmt.Sprintf("Please use a valid role: user, model. (contents[%d].role %q)", i, c.Role))
			return
		}
		text, n, msg := geminiParts(fmt.Sprintf("GenerateContentRequest.contents[%d]", i), c)
		if msg != "" {
			bad(msg)
			return
		}
		words += n
		if c.Role != "model" {
			prompt = text
		}
	}
	answer, finish := model+": "+prompt, "STOP"
	if g := in.GenerationConfig; g != nil {
		switch {
		case g.Temperature != nil && (*g.Temperature < 0 || *g.Temperature > 2):
			bad(fmt.Sprintf("* GenerateContentRequest.generation_config.temperature: temperature must be in the range [0.0, 2.0], got %v", *g.Temperature))
			return
		case g.TopP != nil && (*g.TopP < 0 || *g.TopP > 1):
			bad(fmt.Sprintf("* GenerateContentRequest.generation_config.top_p: top_p must be in the range [0.0, 1.0], got %v", *g.TopP))
			return
		case g.MaxOutputTokens != nil && *g.MaxOutputTokens < 1:
			bad("* GenerateContentRequest.generation_config.max_output_tokens: max_output_tokens must be positive.")
			return
		case g.Seed != nil && (*g.Seed < math.MinInt32 || *g.Seed > math.MaxInt32):
			bad(fmt.Sprintf("Invalid value at 'generation_config.seed' (TYPE_INT32), %d", *g.Seed))
			return
		}
		for _, seq := range g.StopSequences {
			if i := strings.Index(answer, seq); seq != "" && i >= 0 {
				answer = answer[:i]
			}
		}
		if f := strings.Fields(answer); g.MaxOutputTokens != nil && len(f) > *g.MaxOutputTokens {
			answer, finish = strings.Join(f[:*g.MaxOutputTokens], " "), "MAX_TOKENS"
		}
	}
	var schema map[string]any
	if g := in.GenerationConfig; g != nil && len(g.ResponseJSONSchema) > 0 {
		if g.ResponseMIMEType != "application/json" {
			bad("* GenerateContentRequest.generation_config.response_mime_type: responseJsonSchema needs responseMimeType application/json")
			return
		}
		var msg string
		if schema, msg = parseSchema(g.ResponseJSONSchema, "* GenerateContentRequest.generation_config.response_json_schema"); msg != "" {
			bad(msg)
			return
		}
	}
	usage := map[string]int{"promptTokenCount": words, "totalTokenCount": words}
	resp := map[string]any{"usageMetadata": usage, "modelVersion": model, "responseId": "fake-response"}
	switch {
	case strings.Contains(prompt, "BLOCKME"):
		resp["promptFeedback"] = map[string]any{"blockReason": "SAFETY", "safetyRatings": []any{}}
	case strings.Contains(prompt, "UNSAFE"):
		resp["candidates"] = []any{map[string]any{"finishReason": "SAFETY", "index": 0}}
	default:
		answer = s.reply(answer, schema)
		n := len(strings.Fields(answer))
		usage["candidatesTokenCount"], usage["totalTokenCount"] = n, words+n
		resp["candidates"] = []any{map[string]any{
			"content":      map[string]any{"role": "model", "parts": []any{map[string]string{"text": answer}}},
			"finishReason": finish,
			"index":        0,
		}}
	}
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	json.NewEncoder(w).Encode(resp)
}

// geminiTaskTypes are the embedding task types the API accepts.
var geminiTaskTypes = map[string]bool{
	"": true, "TASK_TYPE_UNSPECIFIED": true, "RETRIEVAL_QUERY": true, "RETRIEVAL_DOCUMENT": true,
	"SEMANTIC_SIMILARITY": true, "CLASSIFICATION": true, "CLUSTERING": true,
	"QUESTION_ANSWERING": true, "FACT_VERIFICATION": true, "CODE_RETRIEVAL_QUERY": true,
}

func geminiEmbed(s *Server, w http.ResponseWriter, model string, in *geminiBatchEmbedRequest) {
	bad := func(msg string) { s.Error(w, http.StatusBadRequest, "", msg) }
	if len(in.Requests) == 0 {
		bad("* BatchEmbedContentsRequest.requests: requests is not specified")
		return
	}
	var embeddings []any
	for i, r := range in.Requests {
		at := fmt.Sprintf("BatchEmbedContentsRequest.requests[%d]", i)
		switch {
		case r.Model != "models/"+model:
			bad(fmt.Sprintf("* %s.model: model %q does not match the batch's model \"models/%s\"", at, r.Model, model))
			return
		case !geminiTaskTypes[r.TaskType]:
			bad(fmt.Sprintf("Invalid value at '%s.task_type' (type.googleapis.com/google.ai.generativelanguage.v1beta.TaskType), %q", strings.ToLower(at[:1])+at[1:], r.TaskType))
			return
		case r.OutputDimensionality != nil && *r.OutputDimensionality < 1:
			bad(fmt.Sprintf("* %s.output_dimensionality: output_dimensionality must be positive", at))
			return
		}
		if _, _, msg := geminiParts(at+".content", &r.Content); msg != "" {
			bad(msg)
			return
		}
		n := 8
		if r.OutputDimensionality != nil {
			n = *r.OutputDimensionality
		}
		values := make([]float32, n)
		for j := range values {
			values[j] = float32(j%10+1) / 10
		}
		embeddings = append(embeddings, map[string]any{"values": values})
	}
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	json.NewEncoder(w).Encode(map[string]any{"embeddings": embeddings})
}
