package oaiwire

import (
	"bytes"
	"cmp"
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/intelligen/intelligen/providers/internal/wire"
	"github.com/intelligen/intelligen/runtime"
)

// A ChatRequest is the body of POST /chat/completions. Only set fields are
// sent.
type ChatRequest struct {
	Model       string    `json:"model"`
	Messages    []Message `json:"messages"`
	Temperature *float64  `json:"temperature,omitempty"`
	TopP        *float64  `json:"top_p,omitempty"`
	// MaxCompletionTokens is OpenAI's current limit field; MaxTokens the
	// legacy one that every OpenAI-compatible server accepts. A client
	// sets one of them.
	MaxCompletionTokens int      `json:"max_completion_tokens,omitempty"`
	MaxTokens           int      `json:"max_tokens,omitempty"`
	Stop                []string `json:"stop,omitempty"`
	Seed                *int64   `json:"seed,omitempty"`
	// ResponseFormat asks for JSON of a typed output's schema; nil for
	// plain text. Set it with SetSchema.
	ResponseFormat *wire.ResponseFormat `json:"response_format,omitempty"`

	schema *runtime.Schema // the typed output's schema, to unwrap the answer
}

// SetSchema asks for JSON of s (nil: plain text) in the strict
// response_format (docs/providers.md#structured-output).
func (r *ChatRequest) SetSchema(s *runtime.Schema) {
	r.schema, r.ResponseFormat = s, wire.StrictFormat(s)
}

// A Message is one chat message. Content is a string, or a []Part for a
// message with an image.
type Message struct {
	Role    string `json:"role"`
	Content any    `json:"content"`
}

// A Part is one element of a message's content array.
type Part struct {
	Type     string    `json:"type"` // "text" or "image_url"
	Text     string    `json:"text,omitempty"`
	ImageURL *ImageURL `json:"image_url,omitempty"`
}

// ImageURL is an image given by URL; intelligen always sends a data URL.
type ImageURL struct {
	URL string `json:"url"`
}

// A ChatResponse is the answer of POST /chat/completions. Unknown fields
// (llama.cpp's timings, vLLM's extras) are ignored; Choices may be null.
type ChatResponse struct {
	Model   string   `json:"model"`
	Choices []Choice `json:"choices"`
	Usage   *Usage   `json:"usage"`
}

// A Choice is one answer of a chat completion.
type Choice struct {
	Message struct {
		// Content is a string, null (with a refusal or tool calls), or, on
		// some compatible servers, an array of text parts.
		Content json.RawMessage `json:"content"`
		Refusal *string         `json:"refusal"`
	} `json:"message"`
	FinishReason string `json:"finish_reason"`
}

// Usage is token usage of chat and embeddings answers.
type Usage struct {
	PromptTokens     int `json:"prompt_tokens"`
	CompletionTokens int `json:"completion_tokens"`
}

// Messages returns the messages of a text or vision call: a system message
// with mission when it is set, then the user message. With images, the
// user content is an array of the prompt's text part (when the prompt is
// not empty) and each image, in order, as a base64 data URL.
func Messages(mission, prompt string, imgs []runtime.Image) []Message {
	var ms []Message
	if mission != "" {
		ms = append(ms, Message{Role: "system", Content: mission})
	}
	if len(imgs) == 0 {
		return append(ms, Message{Role: "user", Content: prompt})
	}
	parts := make([]Part, 0, 1+len(imgs))
	if prompt != "" {
		parts = append(parts, Part{Type: "text", Text: prompt})
	}
	for i := range imgs {
		parts = append(parts, Part{Type: "image_url", ImageURL: &ImageURL{URL: DataURL(&imgs[i])}})
	}
	return append(ms, Message{Role: "user", Content: parts})
}

// DataURL returns img as a data URL; an empty MIME is taken as image/png.
func DataURL(img *runtime.Image) string {
	mime := img.MIME
	if mime == "" {
		mime = "image/png"
	}
	return "data:" + mime + ";base64," + base64.StdEncoding.EncodeToString(img.Data)
}

// SetSampling sets the sampling params that OpenAI and compatible servers
// name alike: temperature, top_p, stop and seed. The token limit is left
// to the caller, whose servers disagree on its name.
func (r *ChatRequest) SetSampling(p *runtime.Params) {
	r.Temperature, r.TopP, r.Seed = p.Temperature, p.TopP, p.Seed
	if len(p.Stop) > 0 {
		r.Stop = p.Stop
	}
}

// Chat posts in (with extra merged over it) to /chat/completions and
// returns the first choice's text, the model and the usage.
func Chat(ctx context.Context, c *wire.Client, in *ChatRequest, extra json.RawMessage) (*runtime.Response, error) {
	var out ChatResponse
	if _, err := c.PostJSON(ctx, "/chat/completions", in, extra, &out); err != nil {
		return nil, err
	}
	if len(out.Choices) == 0 {
		return nil, fmt.Errorf("%s: chat response has no choices", c.Provider)
	}
	ch := out.Choices[0]
	text, err := content(ch.Message.Content)
	if err != nil {
		return nil, fmt.Errorf("%s: malformed response body: %w", c.Provider, err)
	}
	if text == "" {
		switch {
		case ch.Message.Refusal != nil && *ch.Message.Refusal != "":
			return nil, fmt.Errorf("%s: model refused: %s", c.Provider, *ch.Message.Refusal)
		case ch.FinishReason == "content_filter":
			return nil, fmt.Errorf("%s: answer withheld by the content filter", c.Provider)
		}
	}
	if ch.Message.Refusal != nil && *ch.Message.Refusal != "" && in.schema != nil {
		// A typed answer with a refusal is no answer of the schema.
		return nil, fmt.Errorf("%s: model refused: %s", c.Provider, *ch.Message.Refusal)
	}
	if text, err = wire.Answer(in.schema, text); err != nil {
		return nil, err
	}
	resp := &runtime.Response{Text: text, Model: cmp.Or(out.Model, in.Model)}
	if out.Usage != nil {
		resp.Usage = runtime.Usage{InputTokens: out.Usage.PromptTokens, OutputTokens: out.Usage.CompletionTokens}
	}
	return resp, nil
}

// content returns a message content's text: a string, null, or an array
// of parts whose text parts are concatenated.
func content(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	if raw[0] == '[' {
		var parts []Part
		if err := json.Unmarshal(raw, &parts); err != nil {
			return "", fmt.Errorf("message content: %w", err)
		}
		var b strings.Builder
		for _, p := range parts {
			if p.Type == "text" {
				b.WriteString(p.Text)
			}
		}
		return b.String(), nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", fmt.Errorf("message content: %w", err)
	}
	return s, nil
}

// An EmbedRequest is the body of POST /embeddings for one input.
type EmbedRequest struct {
	Model      string `json:"model"`
	Input      string `json:"input"`
	Dimensions int    `json:"dimensions,omitempty"`
}

// An EmbedResponse is the answer of POST /embeddings.
type EmbedResponse struct {
	Model string `json:"model"`
	Data  []struct {
		Index     int             `json:"index"`
		Embedding json.RawMessage `json:"embedding"`
	} `json:"data"`
	Usage *Usage `json:"usage"`
}

// Embed posts in (with extra merged over it) to /embeddings and returns the
// first embedding, decoded from a float array or, when extra asked for
// encoding_format "base64", from base64 little-endian float32s.
func Embed(ctx context.Context, c *wire.Client, in *EmbedRequest, extra json.RawMessage) (*runtime.Response, error) {
	var out EmbedResponse
	if _, err := c.PostJSON(ctx, "/embeddings", in, extra, &out); err != nil {
		return nil, err
	}
	if len(out.Data) == 0 {
		return nil, fmt.Errorf("%s: embeddings response has no data", c.Provider)
	}
	v, err := DecodeEmbedding(out.Data[0].Embedding)
	if err != nil {
		return nil, fmt.Errorf("%s: malformed response body: %w", c.Provider, err)
	}
	resp := &runtime.Response{Embedding: v, Model: cmp.Or(out.Model, in.Model)}
	if out.Usage != nil {
		resp.Usage.InputTokens = out.Usage.PromptTokens
	}
	return resp, nil
}

// DecodeEmbedding decodes an embedding given as a JSON array of numbers or
// as a base64 string of little-endian float32 values.
func DecodeEmbedding(raw json.RawMessage) (runtime.Embedding, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, fmt.Errorf("embedding: %w", err)
		}
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			return nil, fmt.Errorf("embedding: %w", err)
		}
		if len(b)%4 != 0 {
			return nil, fmt.Errorf("embedding: %d base64 bytes are not float32 values", len(b))
		}
		v := make(runtime.Embedding, len(b)/4)
		for i := range v {
			v[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
		}
		return v, nil
	}
	var v runtime.Embedding
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, fmt.Errorf("embedding: %w", err)
	}
	if v == nil {
		return nil, errors.New("embedding: missing")
	}
	return v, nil
}

// ParseError reads the error bodies of OpenAI and of compatible servers:
//
//	{"error":{"message":"..","type":"..","param":null,"code":"invalid_api_key"}}  OpenAI (code string or null)
//	{"error":{"message":"..","type":"BadRequestError","param":null,"code":400}}   newer vLLM (code int)
//	{"error":{"code":401,"message":"..","type":"authentication_error"}}           llama.cpp
//	{"object":"error","message":"..","type":"NotFoundError","param":null,"code":404}  older vLLM (flat)
//	{"error":"Unauthorized"}                                                      vLLM's --api-key check
//
// The code is the string code when there is one, else the type; a numeric
// code (an HTTP status repeated) is used only when there is no type. A
// message that is not a string is kept as its JSON text.
func ParseError(body []byte) (code, message string) {
	var outer struct {
		Error json.RawMessage `json:"error"`
		errorBody
	}
	if json.Unmarshal(body, &outer) != nil {
		return "", ""
	}
	e := outer.errorBody
	if raw := bytes.TrimSpace(outer.Error); len(raw) > 0 && string(raw) != "null" {
		if raw[0] == '"' {
			var s string
			json.Unmarshal(raw, &s)
			return "", s
		}
		e = errorBody{}
		if json.Unmarshal(raw, &e) != nil {
			return "", ""
		}
	}
	return e.code(), e.message()
}

type errorBody struct {
	Message json.RawMessage `json:"message"`
	Type    string          `json:"type"`
	Code    json.RawMessage `json:"code"`
}

func (e *errorBody) code() string {
	var s string
	if json.Unmarshal(e.Code, &s) == nil && s != "" {
		return s
	}
	if e.Type != "" {
		return e.Type
	}
	var n json.Number
	if json.Unmarshal(e.Code, &n) == nil {
		if _, err := strconv.ParseFloat(string(n), 64); err == nil {
			return string(n)
		}
	}
	return ""
}

func (e *errorBody) message() string {
	m := bytes.TrimSpace(e.Message)
	if len(m) == 0 || string(m) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(m, &s) == nil {
		return s
	}
	return string(m)
}
