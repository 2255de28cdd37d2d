package mistral

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/intelligen/intelligen/providers/internal/wire"
	"github.com/intelligen/intelligen/providers/models"
	"github.com/intelligen/intelligen/runtime"
)

// Defaults of the client; see the package doc.
const (
	DefaultBaseURL    = "https://api.mistral.ai/v1"
	DefaultTextModel  = models.MistralText
	DefaultEmbedModel = models.MistralEmbed
)

const provider = "mistral"

// Client calls Mistral's API. It is safe for concurrent use.
type Client struct {
	wire  *wire.Client
	kind  runtime.Kind // the agent's kind; "" when built without an agent
	model string       // the agent's model; used when a request has none
}

// New builds a client for the agent in cfg. It fails when the agent's kind
// is not one Mistral offers (text, embed).
func New(cfg runtime.ClientConfig) (runtime.Agent, error) {
	c := &Client{wire: wire.New(provider, cfg.BaseURL, DefaultBaseURL, cfg.HTTPClient)}
	if cfg.Agent != nil {
		c.kind, c.model = cfg.Agent.Kind, cfg.Agent.Model
		if err := checkKind(c.kind); err != nil {
			return nil, err
		}
	}
	c.wire.Auth = wire.Bearer(cfg.APIKey)
	c.wire.ParseError = parseError
	return c, nil
}

func checkKind(k runtime.Kind) error {
	return wire.CheckKind(provider, provider, k)
}

// Call sends req to the chat completions or embeddings endpoint, by kind.
func (c *Client) Call(ctx context.Context, req *runtime.Request) (*runtime.Response, error) {
	kind := cmp.Or(req.Kind, c.kind)
	p := wire.Params(req.Params)
	switch kind {
	case runtime.KindText:
		return c.chat(ctx, req, p)
	case runtime.KindEmbed:
		return c.embed(ctx, req, p)
	}
	return nil, checkKind(kind)
}

// chatRequest is the body of POST /v1/chat/completions. It lists only
// fields Mistral accepts: an unknown field is a 422.
type chatRequest struct {
	Model       string    `json:"model"`
	Messages    []message `json:"messages"`
	Temperature *float64  `json:"temperature,omitempty"`
	TopP        *float64  `json:"top_p,omitempty"`
	MaxTokens   int       `json:"max_tokens,omitempty"`
	Stop        []string  `json:"stop,omitempty"`
	RandomSeed  *int64    `json:"random_seed,omitempty"`
	// ResponseFormat asks for JSON of a typed output's strict schema
	// (docs/providers.md#structured-output).
	ResponseFormat *wire.ResponseFormat `json:"response_format,omitempty"`
}

type message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

type chatResponse struct {
	ID      string `json:"id"`
	Model   string `json:"model"`
	Choices []struct {
		Index   int `json:"index"`
		Message struct {
			Role    string          `json:"role"`
			Content json.RawMessage `json:"content"`
		} `json:"message"`
		FinishReason string `json:"finish_reason"`
	} `json:"choices"`
	Usage usage `json:"usage"`
}

type usage struct {
	PromptTokens     int `json:"prompt_tokens"`
	CompletionTokens int `json:"completion_tokens"`
	TotalTokens      int `json:"total_tokens"`
}

func (c *Client) chat(ctx context.Context, req *runtime.Request, p *runtime.Params) (*runtime.Response, error) {
	in := chatRequest{
		Model:       cmp.Or(req.Model, c.model, DefaultTextModel),
		Temperature: p.Temperature,
		TopP:        p.TopP,
		MaxTokens:   p.MaxTokens,
		Stop:        p.Stop,
		RandomSeed:  p.Seed,

		ResponseFormat: wire.StrictFormat(req.Schema),
	}
	if req.Mission != "" {
		in.Messages = append(in.Messages, message{Role: "system", Content: req.Mission})
	}
	in.Messages = append(in.Messages, message{Role: "user", Content: req.Prompt})
	var out chatResponse
	if _, err := c.wire.PostJSON(ctx, "/chat/completions", in, p.Extra, &out); err != nil {
		return nil, err
	}
	if len(out.Choices) == 0 {
		return nil, errors.New("mistral: chat completion has no choices")
	}
	ch := out.Choices[0]
	if ch.FinishReason == "error" {
		return nil, errors.New("mistral: generation failed (finish_reason \"error\")")
	}
	text, err := content(ch.Message.Content)
	if err != nil {
		return nil, err
	}
	if text, err = wire.Answer(req.Schema, text); err != nil {
		return nil, err
	}
	return &runtime.Response{
		Text:  text,
		Model: cmp.Or(out.Model, in.Model),
		Usage: runtime.Usage{InputTokens: out.Usage.PromptTokens, OutputTokens: out.Usage.CompletionTokens},
	}, nil
}

// content returns the text of a message's content: a string, or (for
// reasoning models) a list of chunks whose "text" chunks are concatenated.
func content(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	if raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", fmt.Errorf("mistral: malformed response body: %w", err)
		}
		return s, nil
	}
	var chunks []struct {
		Type string `json:"type"`
		Text string `json:"text"`
	}
	if err := json.Unmarshal(raw, &chunks); err != nil {
		return "", fmt.Errorf("mistral: malformed response body: message content: %w", err)
	}
	var b strings.Builder
	for _, ch := range chunks {
		if ch.Type == "text" {
			b.WriteString(ch.Text)
		}
	}
	return b.String(), nil
}

// embedRequest is the body of POST /v1/embeddings.
type embedRequest struct {
	Model           string   `json:"model"`
	Input           []string `json:"input"`
	OutputDimension int      `json:"output_dimension,omitempty"`
}

type embedResponse struct {
	ID    string `json:"id"`
	Model string `json:"model"`
	Data  []struct {
		Index     int       `json:"index"`
		Embedding []float32 `json:"embedding"`
	} `json:"data"`
	Usage usage `json:"usage"`
}

func (c *Client) embed(ctx context.Context, req *runtime.Request, p *runtime.Params) (*runtime.Response, error) {
	in := embedRequest{
		Model:           cmp.Or(req.Model, c.model, DefaultEmbedModel),
		Input:           []string{req.Prompt},
		OutputDimension: p.Dimensions,
	}
	if in.OutputDimension != 0 && !models.Dimensions(provider, in.Model) {
		// Checked at generate time for the flow's model; the API rejects it.
		return nil, fmt.Errorf("mistral: model %s has no output_dimension: remove params.dimensions or use a model that has it, such as codestral-embed", in.Model)
	}
	var out embedResponse
	if _, err := c.wire.PostJSON(ctx, "/embeddings", in, p.Extra, &out); err != nil {
		return nil, err
	}
	if len(out.Data) == 0 {
		return nil, errors.New("mistral: embeddings response has no data")
	}
	return &runtime.Response{
		Embedding: out.Data[0].Embedding,
		Model:     cmp.Or(out.Model, in.Model),
		Usage:     runtime.Usage{InputTokens: out.Usage.PromptTokens},
	}, nil
}

// errorBody is Mistral's error answer: {"object":"error","message","type",
// "param","code"}, whose code is a string, a number or null; a 422 is
// {"detail":[...]} (formerly the same list inside message); 401s have used
// {"detail":"Unauthorized"} and {"message":"Unauthorized"}.
type errorBody struct {
	Message json.RawMessage `json:"message"`
	Detail  json.RawMessage `json:"detail"`
	Type    string          `json:"type"`
	Code    json.RawMessage `json:"code"`
}

// A violation is one entry of a 422's validation details.
type violation struct {
	Type string `json:"type"`
	Loc  []any  `json:"loc"`
	Msg  string `json:"msg"`
}

func parseError(body []byte) (code, msg string) {
	var e errorBody
	if json.Unmarshal(body, &e) != nil {
		return "", ""
	}
	code = scalar(e.Code)
	if code == "" {
		code = e.Type
	}
	// message: a string, or {"detail":[...]}; else a top-level detail:
	// a string, or a list.
	if msg = scalar(e.Message); msg == "" {
		var m struct {
			Detail json.RawMessage `json:"detail"`
		}
		if json.Unmarshal(e.Message, &m) == nil {
			msg = details(m.Detail)
		}
	}
	if msg == "" {
		if msg = scalar(e.Detail); msg == "" {
			msg = details(e.Detail)
			if code == "" {
				code = firstType(e.Detail)
			}
		}
	}
	return code, msg
}

// scalar returns a JSON string's value or a number's text; "" otherwise.
func scalar(raw json.RawMessage) string {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return ""
	}
	switch v := v.(type) {
	case string:
		return v
	case float64:
		return string(bytes.TrimSpace(raw))
	}
	return ""
}

// firstType returns the type of a validation details list's first entry,
// the code of a 422 {"detail":[...]}, as in "extra_forbidden".
func firstType(raw json.RawMessage) string {
	var list []violation
	if json.Unmarshal(raw, &list) != nil || len(list) == 0 {
		return ""
	}
	return list[0].Type
}

// details renders a list of validation details as
// "body.top_p: Input should be a valid number; ...".
func details(raw json.RawMessage) string {
	var list []violation
	if len(raw) == 0 || json.Unmarshal(raw, &list) != nil {
		return ""
	}
	parts := make([]string, 0, len(list))
	for _, d := range list {
		loc := make([]string, len(d.Loc))
		for i, l := range d.Loc {
			loc[i] = fmt.Sprint(l)
		}
		if len(loc) == 0 {
			parts = append(parts, d.Msg)
			continue
		}
		parts = append(parts, strings.Join(loc, ".")+": "+d.Msg)
	}
	return strings.Join(parts, "; ")
}
