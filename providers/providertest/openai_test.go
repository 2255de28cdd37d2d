package providertest_test

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"image/jpeg"
	"image/png"
	"io"
	"math"
	"mime/multipart"
	"strings"
	"testing"

	"github.com/intelligen/intelligen/providers/providertest"
)

const oaiKey = "sk-fake-1234567890"

// oaiDo sends a request with the given Authorization and Content-Type
// (none when empty) and returns the status, x-request-id and body.
func oaiDo(t *testing.T, s *providertest.Server, method, path, auth, ctype, body string) (int, string, string) {
	t.Helper()
	var hdr []string
	if auth != "" {
		hdr = append(hdr, "Authorization: "+auth)
	}
	if ctype != "" {
		hdr = append(hdr, "Content-Type: "+ctype)
	}
	status, h, b := rawPost(t, method, s.URL+path, body, hdr...)
	return status, h.Get("x-request-id"), b
}

// oaiForm builds a transcription body: a file part (when filename is
// set), then fields as name, value pairs.
func oaiForm(filename string, fields ...string) (string, string) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	mw.SetBoundary("fake-boundary") // the same body for the same fields
	if filename != "" {
		fw, _ := mw.CreateFormFile("file", filename)
		fw.Write(providertest.OpenAIWAV("x"))
	}
	for i := 0; i+1 < len(fields); i += 2 {
		mw.WriteField(fields[i], fields[i+1])
	}
	mw.Close()
	return b.String(), mw.FormDataContentType()
}

func oaiErr(msg, typ, param, code string) string {
	q := func(s string) string {
		if s == "" {
			return "null"
		}
		b, _ := json.Marshal(s)
		return string(b)
	}
	return `{"error":{"message":` + q(msg) + `,"type":"` + typ + `","param":` + q(param) + `,"code":` + q(code) + `}}`
}

func TestOpenAIFakeRejects(t *testing.T) {
	const js = "application/json"
	bearer := "Bearer " + oaiKey
	form := func(filename string, fields ...string) [2]string {
		b, ct := oaiForm(filename, fields...)
		return [2]string{b, ct}
	}
	tests := []struct {
		name, method, path, auth, ctype, body string
		status                                int
		want                                  string
	}{
		{"no_key", "POST", "/v1/chat/completions", "", js, `{}`, 401, oaiErr("You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.", "invalid_request_error", "", "")},
		{"short_wrong_key", "POST", "/v1/embeddings", "Bearer sk-1", js, `{}`, 401, oaiErr("Incorrect API key provided: ****. You can find your API key at https://platform.openai.com/account/api-keys.", "invalid_request_error", "", "invalid_api_key")},
		{"bad_path", "POST", "/v1/completions", bearer, js, `{}`, 404, oaiErr("Invalid URL (POST /v1/completions)", "invalid_request_error", "", "")},
		{"bad_method", "GET", "/v1/chat/completions", bearer, "", ``, 404, oaiErr("Invalid URL (GET /v1/chat/completions)", "invalid_request_error", "", "")},
		{"content_type", "POST", "/v1/chat/completions", bearer, "text/plain", `{}`, 400, oaiErr("Invalid Content-Type header (text/plain), expected application/json.", "invalid_request_error", "", "")},
		{"not_json", "POST", "/v1/chat/completions", bearer, js, `{`, 400, oaiErr("We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)", "invalid_request_error", "", "")},
		{"unknown_field", "POST", "/v1/chat/completions", bearer, js, `{"model":"m","messages":[],"top_k":1}`, 400, oaiErr("Unrecognized request argument supplied: top_k", "invalid_request_error", "top_k", "")},
		{"wrong_type", "POST", "/v1/chat/completions", bearer, js, `{"model":1}`, 400, oaiErr("Invalid request body: json: cannot unmarshal number into Go struct field openaiChatRequest.model of type string", "invalid_request_error", "", "")},
		{"no_model", "POST", "/v1/chat/completions", bearer, js, `{"messages":[]}`, 400, oaiErr("you must provide a model parameter", "invalid_request_error", "model", "")},
		{"no_messages", "POST", "/v1/chat/completions", bearer, js, `{"model":"m","messages":[]}`, 400, oaiErr("[] is too short - 'messages'", "invalid_request_error", "messages", "")},
		{"stream", "POST", "/v1/chat/completions", bearer, js, `{"model":"m","messages":[{"role":"user","content":"x"}],"stream":true}`, 400, oaiErr("streaming is not supported by this fake", "invalid_request_error", "stream", "")},
		{"bad_role", "POST", "/v1/chat/completions", bearer, js, `{"model":"m","messages":[{"role":"bot","content":"x"}]}`, 400, oaiErr("Invalid value: 'bot'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.", "invalid_request_error", "messages.[0].role", "")},
		{"bad_content", "POST", "/v1/chat/completions", bearer, js, `{"model":"m","messages":[{"role":"user","content":1}]}`, 400, oaiErr("Invalid type for content: expected a string or an array of content parts.", "invalid_request_error", "messages.[0].content", "")},
		{"text_part_no_text", "POST", "/v1/chat/completions", bearer, js, `{"model":"m","messages":[{"role":"user","content":[{"type":"text"}]}]}`, 400, oaiErr("Missing required parameter: 'text'.", "invalid_request_error", "messages.[0].content", "")},
		{"image_part_no_url", "POST", "/v1/chat/completions", bearer, js, `{"model":"m","messages":[{"role":"user","content":[{"type":"image_url"}]}]}`, 400, oaiErr("Missing required parameter: 'image_url'.", "invalid_request_error", "messages.[0].content", "")},
		{"http_image", "POST", "/v1/chat/completions", bearer, js, `{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://x/y.png"}}]}]}`, 400, oaiErr("Invalid image URL: this fake accepts only base64 data URLs.", "invalid_request_error", "messages.[0].content", "")},
		{"bad_data_url", "POST", "/v1/chat/completions", bearer, js, `{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png,abc"}}]}]}`, 400, oaiErr("Invalid image URL: this fake accepts only base64 data URLs.", "invalid_request_error", "messages.[0].content", "")},
		{"bad_part_type", "POST", "/v1/chat/completions", bearer, js, `{"model":"m","messages":[{"role":"user","content":[{"type":"video"}]}]}`, 400, oaiErr("Invalid value: 'video'. Supported values are: 'text', 'image_url', 'input_audio', 'refusal', 'audio', and 'file'.", "invalid_request_error", "messages.[0].content", "")},
		{"image_no_prompt", "POST", "/v1/images/generations", bearer, js, `{"model":"gpt-image-1"}`, 400, oaiErr("Missing required parameter: 'prompt'.", "invalid_request_error", "prompt", "")},
		{"image_quality", "POST", "/v1/images/generations", bearer, js, `{"model":"gpt-image-1","prompt":"p","quality":"ultra"}`, 400, oaiErr("Invalid value: 'ultra'. Supported values are: 'low', 'medium', 'high', and 'auto'.", "invalid_request_error", "quality", "invalid_value")},
		{"image_format", "POST", "/v1/images/generations", bearer, js, `{"model":"gpt-image-1","prompt":"p","output_format":"gif"}`, 400, oaiErr("Invalid value: 'gif'. Supported values are: 'png', 'jpeg', and 'webp'.", "invalid_request_error", "output_format", "invalid_value")},
		{"image_response_format", "POST", "/v1/images/generations", bearer, js, `{"model":"gpt-image-1","prompt":"p","response_format":"url"}`, 400, oaiErr("Unknown parameter: 'response_format'.", "invalid_request_error", "response_format", "unknown_parameter")},
		{"image_dalle3_size", "POST", "/v1/images/generations", bearer, js, `{"model":"dall-e-3","prompt":"p","size":"1536x1024"}`, 400, oaiErr("Invalid value: '1536x1024'. Supported values are: '1024x1024', '1024x1792', and '1792x1024'.", "invalid_request_error", "size", "invalid_value")},
		{"image_dalle2_size", "POST", "/v1/images/generations", bearer, js, `{"model":"dall-e-2","prompt":"p","size":"1792x1024"}`, 400, oaiErr("Invalid value: '1792x1024'. Supported values are: '256x256', '512x512', and '1024x1024'.", "invalid_request_error", "size", "invalid_value")},
		{"image_gpt_quality_hd", "POST", "/v1/images/generations", bearer, js, `{"model":"gpt-image-1","prompt":"p","quality":"hd"}`, 400, oaiErr("Invalid value: 'hd'. Supported values are: 'low', 'medium', 'high', and 'auto'.", "invalid_request_error", "quality", "invalid_value")},
		{"image_dalle3_quality_high", "POST", "/v1/images/generations", bearer, js, `{"model":"dall-e-3","prompt":"p","quality":"high"}`, 400, oaiErr("Invalid value: 'high'. Supported values are: 'standard', 'hd', and 'auto'.", "invalid_request_error", "quality", "invalid_value")},
		{"image_dalle_output_format", "POST", "/v1/images/generations", bearer, js, `{"model":"dall-e-3","prompt":"p","output_format":"png"}`, 400, oaiErr("Unknown parameter: 'output_format'.", "invalid_request_error", "output_format", "unknown_parameter")},
		{"image_dalle3_hd", "POST", "/v1/images/generations", bearer, js, `{"model":"dall-e-3","prompt":"p","quality":"hd","size":"1792x1024"}`, 200, `{"created":1700000000,"data":[{"revised_prompt":"p","url":"https://images.example.invalid/148de9c5a7a44d19.png"}]}`},
		{"stop_five", "POST", "/v1/chat/completions", bearer, js, `{"model":"m","messages":[{"role":"user","content":"x"}],"stop":["a","b","c","d","e"]}`, 400, oaiErr("Invalid 'stop': array too long. Expected an array with maximum length 4, but got an array with length 5 instead.", "invalid_request_error", "stop", "array_above_max_length")},
		{"speech_tts1_instructions", "POST", "/v1/audio/speech", bearer, js, `{"model":"tts-1-hd","input":"x","voice":"alloy","instructions":"calm"}`, 400, oaiErr("Unsupported parameter: 'instructions' is not supported with model tts-1-hd.", "invalid_request_error", "instructions", "unsupported_parameter")},
		{"image_dalle_url", "POST", "/v1/images/generations", bearer, js, `{"prompt":"p"}`, 200, `{"created":1700000000,"data":[{"revised_prompt":"p","url":"https://images.example.invalid/148de9c5a7a44d19.png"}]}`},
		{"speech_no_model", "POST", "/v1/audio/speech", bearer, js, `{"input":"x","voice":"alloy"}`, 400, oaiErr("Missing required parameter: 'model'.", "invalid_request_error", "model", "")},
		{"speech_no_input", "POST", "/v1/audio/speech", bearer, js, `{"model":"tts-1","voice":"alloy"}`, 400, oaiErr("Missing required parameter: 'input'.", "invalid_request_error", "input", "")},
		{"speech_long", "POST", "/v1/audio/speech", bearer, js, `{"model":"tts-1","voice":"alloy","input":"` + strings.Repeat("a", 4097) + `"}`, 400, oaiErr("Invalid 'input': string too long. Expected a string with maximum length 4096.", "invalid_request_error", "input", "string_above_max_length")},
		{"speech_no_voice", "POST", "/v1/audio/speech", bearer, js, `{"model":"tts-1","input":"x"}`, 400, oaiErr("Missing required parameter: 'voice'.", "invalid_request_error", "voice", "")},
		{"speech_format", "POST", "/v1/audio/speech", bearer, js, `{"model":"tts-1","input":"x","voice":"alloy","response_format":"ogg"}`, 400, oaiErr("Invalid value: 'ogg'. Supported values are: 'mp3', 'opus', 'aac', 'flac', 'wav', and 'pcm'.", "invalid_request_error", "response_format", "invalid_value")},
		{"transcribe_not_multipart", "POST", "/v1/audio/transcriptions", bearer, js, `{}`, 400, oaiErr("Could not parse multipart form: request Content-Type isn't multipart/form-data", "invalid_request_error", "", "")},
		{"transcribe_unknown", "POST", "/v1/audio/transcriptions", bearer, form("a.wav", "model", "whisper-1", "voice", "x")[1], form("a.wav", "model", "whisper-1", "voice", "x")[0], 400, oaiErr("Unrecognized request argument supplied: voice", "invalid_request_error", "voice", "")},
		{"transcribe_no_file", "POST", "/v1/audio/transcriptions", bearer, form("", "model", "whisper-1")[1], form("", "model", "whisper-1")[0], 400, oaiErr("Missing required parameter: 'file'.", "invalid_request_error", "file", "")},
		{"transcribe_no_model", "POST", "/v1/audio/transcriptions", bearer, form("a.wav")[1], form("a.wav")[0], 400, oaiErr("Missing required parameter: 'model'.", "invalid_request_error", "model", "")},
		{"transcribe_verbose", "POST", "/v1/audio/transcriptions", bearer, form("a.wav", "model", "whisper-1", "response_format", "srt")[1], form("a.wav", "model", "whisper-1", "response_format", "srt")[0], 400, oaiErr("Invalid value: 'srt'. Supported values are: 'json' and 'text'. (this fake)", "invalid_request_error", "response_format", "invalid_value")},
		{"transcribe_text", "POST", "/v1/audio/transcriptions", bearer, form("a.wav", "model", "whisper-1", "response_format", "text")[1], form("a.wav", "model", "whisper-1", "response_format", "text")[0], 200, "whisper-1: heard 108 bytes of application/octet-stream in a.wav\n"},
		{"embed_ada_dims", "POST", "/v1/embeddings", bearer, js, `{"model":"text-embedding-ada-002","input":"x","dimensions":2}`, 400, oaiErr("This model does not support specifying dimensions.", "invalid_request_error", "dimensions", "")},
		{"embed_no_model", "POST", "/v1/embeddings", bearer, js, `{"input":"x"}`, 400, oaiErr("you must provide a model parameter", "invalid_request_error", "model", "")},
		{"embed_bad_input", "POST", "/v1/embeddings", bearer, js, `{"model":"m","input":[]}`, 400, oaiErr("'input' is a required property and must be a string or an array of strings", "invalid_request_error", "input", "")},
		{"embed_bad_encoding", "POST", "/v1/embeddings", bearer, js, `{"model":"m","input":"x","encoding_format":"hex"}`, 400, oaiErr("Invalid value: 'hex'. Supported values are: 'float' and 'base64'.", "invalid_request_error", "encoding_format", "")},
		{"embed_list", "POST", "/v1/embeddings", bearer, js, `{"model":"m","input":["a","b c"],"dimensions":2}`, 200, `{"data":[{"embedding":[0.7921569,0.5921569],"index":0,"object":"embedding"},{"embedding":[0.2784314,0.84705883],"index":1,"object":"embedding"}],"model":"m","object":"list","usage":{"prompt_tokens":3,"total_tokens":3}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := providertest.NewOpenAI(oaiKey)
			defer s.Close()
			status, id, body := oaiDo(t, s, tt.method, tt.path, tt.auth, tt.ctype, tt.body)
			if status != tt.status || body != tt.want || id != "req_1" {
				t.Errorf("answer = %d %s %s\nwant     %d req_1 %s", status, id, body, tt.status, tt.want)
			}
		})
	}
}

func TestOpenAIFakeAnswers(t *testing.T) {
	s := providertest.NewOpenAI(oaiKey)
	defer s.Close()
	bearer := "Bearer " + oaiKey
	// Chat: the exact answer shape, with a system message counted in usage.
	_, _, body := oaiDo(t, s, "POST", "/v1/chat/completions", bearer, "application/json", `{"model":"m","messages":[{"role":"system","content":"a b"},{"role":"user","content":"hi"}]}`)
	want := `{"choices":[{"finish_reason":"stop","index":0,"logprobs":null,"message":{"annotations":[],"content":"m: hi","refusal":null,"role":"assistant"}}],"created":1700000000,"id":"chatcmpl-1","model":"m","object":"chat.completion","service_tier":"default","system_fingerprint":"fp_fake","usage":{"completion_tokens":2,"completion_tokens_details":{"audio_tokens":0,"reasoning_tokens":0},"prompt_tokens":3,"prompt_tokens_details":{"audio_tokens":0,"cached_tokens":0},"total_tokens":5}}`
	if body != want {
		t.Errorf("chat answer:\n%s\nwant\n%s", body, want)
	}
	// Images: a JPEG for output_format jpeg, a PNG otherwise.
	for format, decode := range map[string]func(io.Reader) error{
		"jpeg": func(r io.Reader) error { _, err := jpeg.Decode(r); return err },
		"webp": func(r io.Reader) error { _, err := png.Decode(r); return err },
	} {
		_, _, body = oaiDo(t, s, "POST", "/v1/images/generations", bearer, "application/json", `{"model":"gpt-image-1","prompt":"p","output_format":"`+format+`"}`)
		var out struct {
			Data []struct {
				B64 string `json:"b64_json"`
			}
			OutputFormat string `json:"output_format"`
		}
		json.Unmarshal([]byte(body), &out)
		img, _ := base64.StdEncoding.DecodeString(out.Data[0].B64)
		if err := decode(bytes.NewReader(img)); err != nil || out.OutputFormat != format {
			t.Errorf("%s image: %v (%s)", format, err, body[:min(len(body), 80)])
		}
	}
	// The WAV is a valid 16-bit mono header over 64 data bytes.
	wav := providertest.OpenAIWAV("x")
	if len(wav) != 44+64 || string(wav[:4]) != "RIFF" || string(wav[8:16]) != "WAVEfmt " || binary.LittleEndian.Uint32(wav[40:]) != 64 {
		t.Errorf("OpenAIWAV header = %q", wav[:44])
	}
	// Base64 embeddings decode to the float values.
	_, _, body = oaiDo(t, s, "POST", "/v1/embeddings", bearer, "application/json", `{"model":"m","input":"x","encoding_format":"base64","dimensions":40}`)
	var out struct{ Data []struct{ Embedding string } }
	json.Unmarshal([]byte(body), &out)
	b, _ := base64.StdEncoding.DecodeString(out.Data[0].Embedding)
	want40 := providertest.OpenAIEmbedding("x", 40)
	if len(b) != 160 || math.Float32frombits(binary.LittleEndian.Uint32(b[39*4:])) != want40[39] || want40[39] != want40[7] {
		t.Errorf("base64 embedding = %d bytes", len(b))
	}
}

func TestCompatFakes(t *testing.T) {
	tests := []struct {
		name       string
		vllm       bool
		key        string
		method     string
		path, auth string
		body       string
		status     int
		want       string
	}{
		{"vllm_unauthorized", true, "k", "POST", "/v1/chat/completions", "Bearer x", `{}`, 401, `{"error":"Unauthorized"}`},
		{"llama_unauthorized", false, "k", "POST", "/v1/chat/completions", "", `{}`, 401, `{"error":{"code":401,"message":"Invalid API Key","type":"authentication_error"}}`},
		{"vllm_models", true, "", "GET", "/v1/models", "", ``, 200, `{"data":[{"created":1700000000,"id":"m","max_model_len":4096,"object":"model","owned_by":"vllm","parent":null,"root":"m"}],"object":"list"}`},
		{"llama_models", false, "k", "GET", "/v1/models", "Bearer k", ``, 200, `{"data":[{"created":1700000000,"id":"m","meta":{"n_ctx_train":4096},"object":"model","owned_by":"llamacpp"}],"object":"list"}`},
		{"vllm_404", true, "", "POST", "/v1/rerank2", "", `{}`, 404, `{"detail":"Not Found"}`},
		{"llama_404", false, "", "POST", "/v1/nope", "", `{}`, 404, `{"error":{"code":404,"message":"File Not Found","type":"not_found_error"}}`},
		{"vllm_bad_json", true, "", "POST", "/v1/chat/completions", "", `{`, 400, `{"code":400,"message":"invalid JSON body: unexpected EOF","object":"error","param":null,"type":"BadRequestError"}`},
		{"vllm_no_messages", true, "", "POST", "/v1/chat/completions", "", `{"model":"m"}`, 400, `{"code":400,"message":"[] is too short - 'messages'","object":"error","param":null,"type":"BadRequestError"}`},
		{"llama_bad_embed", false, "", "POST", "/v1/embeddings", "", `{"input":3}`, 400, `{"error":{"code":400,"message":"'input' is a required property and must be a string or an array of strings","type":"invalid_request_error"}}`},
		{"vllm_embed_model", true, "", "POST", "/v1/embeddings", "", `{"model":"other","input":"x"}`, 404, "{\"code\":404,\"message\":\"The model `other` does not exist.\",\"object\":\"error\",\"param\":null,\"type\":\"NotFoundError\"}"},
		{"vllm_chat", true, "", "POST", "/v1/chat/completions", "", `{"messages":[{"role":"user","content":"hi"}],"top_k":3}`, 200, `{"choices":[{"finish_reason":"stop","index":0,"logprobs":null,"message":{"annotations":[],"content":"m: hi","reasoning_content":null,"refusal":null,"role":"assistant","tool_calls":[]},"stop_reason":null}],"created":1700000000,"id":"chatcmpl-1","kv_transfer_params":null,"model":"m","object":"chat.completion","prompt_logprobs":null,"service_tier":null,"system_fingerprint":null,"usage":{"completion_tokens":2,"completion_tokens_details":{"audio_tokens":0,"reasoning_tokens":0},"prompt_tokens":1,"prompt_tokens_details":{"audio_tokens":0,"cached_tokens":0},"total_tokens":3}}`},
		{"llama_chat_any_model", false, "", "POST", "/v1/chat/completions", "", `{"model":"gpt-4","messages":[{"role":"user","content":"hi"}]}`, 200, `{"choices":[{"finish_reason":"stop","index":0,"logprobs":null,"message":{"annotations":[],"content":"gpt-4: hi","refusal":null,"role":"assistant"}}],"created":1700000000,"id":"chatcmpl-1","model":"gpt-4","object":"chat.completion","service_tier":"default","system_fingerprint":"b6000-fake","timings":{"predicted_ms":2.5,"predicted_n":2,"prompt_ms":1.5,"prompt_n":1},"usage":{"completion_tokens":2,"completion_tokens_details":{"audio_tokens":0,"reasoning_tokens":0},"prompt_tokens":1,"prompt_tokens_details":{"audio_tokens":0,"cached_tokens":0},"total_tokens":3}}`},
		{"vllm_embed", true, "", "POST", "/v1/embeddings", "", `{"input":"x","dimensions":1}`, 200, `{"created":1700000000,"data":[{"embedding":[0.1764706],"index":0,"object":"embedding"}],"id":"embd-1","model":"m","object":"list","usage":{"prompt_tokens":1,"total_tokens":1}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := providertest.NewLlamaCpp("m", tt.key)
			if tt.vllm {
				s = providertest.NewVLLM("m", tt.key)
			}
			defer s.Close()
			status, _, body := oaiDo(t, s, tt.method, tt.path, tt.auth, "application/json", tt.body)
			if status != tt.status || body != tt.want {
				t.Errorf("answer = %d %s\nwant     %d %s", status, body, tt.status, tt.want)
			}
		})
	}
}

// TestOpenAIFakeAccepts: fields the API takes pass, also when no client
// sends them, so params.extra can.
func TestOpenAIFakeAccepts(t *testing.T) {
	s := providertest.NewOpenAI(oaiKey)
	defer s.Close()
	bearer := "Bearer " + oaiKey
	for _, tc := range []struct{ path, body string }{
		{"/v1/chat/completions", `{"model":"m","messages":[{"role":"user","content":"x"}],"prompt_cache_key":"k","prompt_cache_retention":"24h","moderation":"auto","stop":["a","b","c","d"]}`},
		{"/v1/chat/completions", `{"model":"m","messages":[{"role":"user","content":"x"}],"stop":"END"}`},
		{"/v1/audio/speech", `{"model":"gpt-4o-mini-tts","input":"x","voice":"alloy","instructions":"calm"}`},
		{"/v1/audio/speech", `{"model":"tts-1","input":"x","voice":"alloy"}`},
	} {
		if status, _, body := oaiDo(t, s, "POST", tc.path, bearer, "application/json", tc.body); status != 200 {
			t.Errorf("%s %s: answer %d %s, want 200", tc.path, tc.body, status, body)
		}
	}
}
