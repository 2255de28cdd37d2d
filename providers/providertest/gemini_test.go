package providertest_test

import (
	"reflect"
	"testing"

	"github.com/intelligen/intelligen/providers/providertest"
)

const gemKey = "gem-key"

var gemHeaders = []string{"x-goog-api-key: " + gemKey, "Content-Type: application/json"}

const (
	gemGen   = "/v1beta/models/gemini-x:generateContent"
	gemEmbed = "/v1beta/models/gemini-embedding-x:batchEmbedContents"
)

func TestGeminiRejects(t *testing.T) {
	srv := providertest.NewGemini(gemKey)
	defer srv.Close()
	const user = `"contents":[{"role":"user","parts":[{"text":"x"}]}]`
	const req = `"model":"models/gemini-embedding-x","content":{"parts":[{"text":"x"}]}`
	for _, tc := range []struct {
		name, method, path, body string
		hdr                      []string
		status                   int
		code, msg                string
	}{
		{"version", "POST", "/v1/models/gemini-x:generateContent", "{}", gemHeaders, 404, "NOT_FOUND", "Requested entity was not found."},
		{"no method", "POST", "/v1beta/models/gemini-x", "{}", gemHeaders, 404, "NOT_FOUND", "Requested entity was not found."},
		{"unknown method", "POST", "/v1beta/models/gemini-x:countTokens", "{}", gemHeaders, 404, "NOT_FOUND", "Requested entity was not found."},
		{"GET", "GET", gemGen, "", gemHeaders, 405, "UNKNOWN", "Method Not Allowed"},
		{"generate with embedding model", "POST", "/v1beta/models/gemini-embedding-x:generateContent", "{}", gemHeaders, 404, "NOT_FOUND", "models/gemini-embedding-x is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods."},
		{"no contents", "POST", gemGen, `{}`, gemHeaders, 400, "INVALID_ARGUMENT", "* GenerateContentRequest.contents: contents is not specified"},
		{"system parts", "POST", gemGen, `{` + user + `,"systemInstruction":{"parts":[]}}`, gemHeaders, 400, "INVALID_ARGUMENT", "* GenerateContentRequest.system_instruction.parts: contents.parts must not be empty."},
		{"role", "POST", gemGen, `{"contents":[{"role":"assistant","parts":[{"text":"x"}]}]}`, gemHeaders, 400, "INVALID_ARGUMENT", `Please use a valid role: user, model. (contents[0].role "assistant")`},
		{"empty text", "POST", gemGen, `{"contents":[{"parts":[{"text":""}]}]}`, gemHeaders, 400, "INVALID_ARGUMENT", "Unable to submit request because it has an empty text parameter. Add a value to the parameter and try again."},
		{"no data", "POST", gemGen, `{"contents":[{"parts":[{}]}]}`, gemHeaders, 400, "INVALID_ARGUMENT", "* GenerateContentRequest.contents[0].parts[0].data: required oneof field 'data' must have one initialized field"},
		{"mime", "POST", gemGen, `{"contents":[{"parts":[{"inlineData":{"data":"AA=="}}]}]}`, gemHeaders, 400, "INVALID_ARGUMENT", "* GenerateContentRequest.contents[0].parts[0].inline_data.mime_type: a MIME type is required"},
		{"base64", "POST", gemGen, `{"contents":[{"parts":[{"inlineData":{"mimeType":"image/png","data":"!!"}}]}]}`, gemHeaders, 400, "INVALID_ARGUMENT", "Invalid value at 'GenerateContentRequest.contents[0].parts[0].inline_data.data' (TYPE_BYTES), Base64 decoding failed"},
		{"topP", "POST", gemGen, `{` + user + `,"generationConfig":{"topP":1.5}}`, gemHeaders, 400, "INVALID_ARGUMENT", "* GenerateContentRequest.generation_config.top_p: top_p must be in the range [0.0, 1.0], got 1.5"},
		{"maxOutputTokens", "POST", gemGen, `{` + user + `,"generationConfig":{"maxOutputTokens":0}}`, gemHeaders, 400, "INVALID_ARGUMENT", "* GenerateContentRequest.generation_config.max_output_tokens: max_output_tokens must be positive."},
		{"seed", "POST", gemGen, `{` + user + `,"generationConfig":{"seed":4294967296}}`, gemHeaders, 400, "INVALID_ARGUMENT", "Invalid value at 'generation_config.seed' (TYPE_INT32), 4294967296"},
		{"embed with generation model", "POST", "/v1beta/models/gemini-x:batchEmbedContents", "{}", gemHeaders, 404, "NOT_FOUND", "models/gemini-x is not found for API version v1beta, or is not supported for batchEmbedContents. Call ListModels to see the list of available models and their supported methods."},
		{"embed no requests", "POST", gemEmbed, `{"requests":[]}`, gemHeaders, 400, "INVALID_ARGUMENT", "* BatchEmbedContentsRequest.requests: requests is not specified"},
		{"embed model", "POST", gemEmbed, `{"requests":[{"model":"models/other","content":{"parts":[{"text":"x"}]}}]}`, gemHeaders, 400, "INVALID_ARGUMENT", `* BatchEmbedContentsRequest.requests[0].model: model "models/other" does not match the batch's model "models/gemini-embedding-x"`},
		{"embed task type", "POST", gemEmbed, `{"requests":[{` + req + `,"taskType":"SEARCH"}]}`, gemHeaders, 400, "INVALID_ARGUMENT", `Invalid value at 'batchEmbedContentsRequest.requests[0].task_type' (type.googleapis.com/google.ai.generativelanguage.v1beta.TaskType), "SEARCH"`},
		{"embed dimensionality", "POST", gemEmbed, `{"requests":[{` + req + `,"outputDimensionality":0}]}`, gemHeaders, 400, "INVALID_ARGUMENT", "* BatchEmbedContentsRequest.requests[0].output_dimensionality: output_dimensionality must be positive"},
		{"embed parts", "POST", gemEmbed, `{"requests":[{"model":"models/gemini-embedding-x","content":{"parts":[]}}]}`, gemHeaders, 400, "INVALID_ARGUMENT", "* BatchEmbedContentsRequest.requests[0].content.parts: contents.parts must not be empty."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, out := agSend(t, tc.method, srv.URL+tc.path, tc.body, tc.hdr...)
			want := map[string]any{"error": map[string]any{"code": float64(tc.status), "status": tc.code, "message": tc.msg}}
			if status != tc.status || !reflect.DeepEqual(out, want) {
				t.Errorf("answer = %d %s, want %d %s", status, agJSON(out), tc.status, agJSON(want))
			}
		})
	}
}

// TestGeminiUnknownFields: a field v1beta does not have, such as Vertex
// AI's labels, is a 400 with the API's message and BadRequest detail.
func TestGeminiUnknownFields(t *testing.T) {
	srv := providertest.NewGemini(gemKey)
	defer srv.Close()
	for _, tc := range []struct{ path, body, field string }{
		{gemGen, `{"contents":[{"parts":[{"text":"x"}]}],"labels":{"team":"a"}}`, "labels"},
		{gemGen, `{"contents":[{"parts":[{"text":"x"}]}],"generationConfig":{"maxTokens":5}}`, "maxTokens"},
		{gemEmbed, `{"requests":[{"foo":1}]}`, "foo"},
	} {
		status, out := agSend(t, "POST", srv.URL+tc.path, tc.body, gemHeaders...)
		msg := `Invalid JSON payload received. Unknown name "` + tc.field + `": Cannot find field.`
		want := `{"error":{"code":400,"details":[{"@type":"type.googleapis.com/google.rpc.BadRequest","fieldViolations":[{"description":` + agJSON(msg) + `}]}],"message":` + agJSON(msg) + `,"status":"INVALID_ARGUMENT"}}`
		if status != 400 || agJSON(out) != want {
			t.Errorf("%s: answer = %d %s\nwant 400 %s", tc.body, status, agJSON(out), want)
		}
	}
}

// TestGeminiAccepts: generationConfig fields the API takes pass, also when
// no client sends them, so params.extra can.
func TestGeminiAccepts(t *testing.T) {
	srv := providertest.NewGemini(gemKey)
	defer srv.Close()
	body := `{"contents":[{"parts":[{"text":"x"}]}],"generationConfig":{"imageConfig":{"aspectRatio":"16:9"},` +
		`"responseMimeType":"application/json","responseJsonSchema":{"type":"object"}}}`
	if status, out := agSend(t, "POST", srv.URL+gemGen, body, gemHeaders...); status != 200 {
		t.Errorf("answer = %d %s, want 200", status, agJSON(out))
	}
}

func TestGeminiKeys(t *testing.T) {
	srv := providertest.NewGemini(gemKey)
	defer srv.Close()
	body := `{"contents":[{"parts":[{"text":"hi"}]}]}`
	// ?key= works as on the real API.
	if status, out := agSend(t, "POST", srv.URL+gemGen+"?key="+gemKey, body); status != 200 {
		t.Errorf("?key=: answer = %d %s, want 200", status, agJSON(out))
	}
	status, out := agSend(t, "POST", srv.URL+gemGen, body, "x-goog-api-key: wrong")
	want := `{"error":{"code":400,"details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","domain":"googleapis.com","reason":"API_KEY_INVALID"}],"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT"}}`
	if status != 400 || agJSON(out) != want {
		t.Errorf("wrong key: answer = %d %s, want 400 %s", status, agJSON(out), want)
	}
}

func TestGeminiConversation(t *testing.T) {
	srv := providertest.NewGemini(gemKey)
	defer srv.Close()
	body := `{"systemInstruction":{"parts":[{"text":"be brief"}]},"generationConfig":{"stopSequences":["STOP"],"topK":2},
		"contents":[{"role":"user","parts":[{"text":"first"}]},{"role":"model","parts":[{"text":"ok"},{"functionCall":{"name":"f"}}]},
		{"role":"user","parts":[{"text":"hello world STOP more"},{"inlineData":{"mimeType":"image/png","data":"AAAA"}}]}]}`
	status, out := agSend(t, "POST", srv.URL+gemGen, body, gemHeaders...)
	want := `{"candidates":[{"content":{"parts":[{"text":"gemini-x: hello world "}],"role":"model"},"finishReason":"STOP","index":0}],"modelVersion":"gemini-x","responseId":"fake-response","usageMetadata":{"candidatesTokenCount":3,"promptTokenCount":8,"totalTokenCount":11}}`
	if status != 200 || agJSON(out) != want {
		t.Errorf("answer = %d %s, want 200 %s", status, agJSON(out), want)
	}
}

func TestGeminiBatchEmbed(t *testing.T) {
	srv := providertest.NewGemini(gemKey)
	defer srv.Close()
	body := `{"requests":[{"model":"models/gemini-embedding-x","content":{"parts":[{"text":"a"}]},"taskType":"RETRIEVAL_DOCUMENT","title":"t","outputDimensionality":12},
		{"model":"models/gemini-embedding-x","content":{"parts":[{"text":"b"}]}}]}`
	status, out := agSend(t, "POST", srv.URL+gemEmbed, body, gemHeaders...)
	want := `{"embeddings":[{"values":[0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1,0.1,0.2]},{"values":[0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8]}]}`
	if status != 200 || agJSON(out) != want {
		t.Errorf("answer = %d %s, want 200 %s", status, agJSON(out), want)
	}
}

func TestGeminiFaultStatuses(t *testing.T) {
	srv := providertest.NewGemini(gemKey)
	defer srv.Close()
	for status, code := range map[int]string{
		400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 404: "NOT_FOUND", 409: "ABORTED",
		429: "RESOURCE_EXHAUSTED", 500: "INTERNAL", 503: "UNAVAILABLE", 504: "DEADLINE_EXCEEDED", 418: "UNKNOWN",
	} {
		srv.Inject(providertest.Fault{Kind: providertest.Status, Status: status})
		got, out := agSend(t, "POST", srv.URL+gemGen, "{}", gemHeaders...)
		if e, _ := out["error"].(map[string]any); got != status || e["status"] != code || e["code"] != float64(status) {
			t.Errorf("fault %d: answer = %d %s, want status %s", status, got, agJSON(out), code)
		}
	}
}
