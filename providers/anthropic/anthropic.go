package anthropic

import (
	"cmp"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/intelligen/intelligen/providers/internal/wire"
	"github.com/intelligen/intelligen/providers/models"
	"github.com/intelligen/intelligen/runtime"
)

// Defaults of the client; see the package documentation.
const (
	// DefaultBaseURL is the API's base URL; the client appends /v1/messages.
	DefaultBaseURL = "https://api.anthropic.com"
	// DefaultModel is the model of text and vision agents that name none.
	DefaultModel = models.AnthropicText
	// DefaultMaxTokens is sent as max_tokens, which the Messages API
	// requires, when params.max_tokens is unset.
	DefaultMaxTokens = 1024
	// Version is the anthropic-version header value.
	Version = "2023-06-01"
)

const provider = "anthropic"

// ErrRefused is wrapped by the error of a call the model declined to
// answer (stop_reason "refusal" with no text). Retrying does not help.
var ErrRefused = errors.New("model refused to answer")

// New builds a client for the agent in cfg. It fails when the agent's kind
// is neither text nor vision.
func New(cfg runtime.ClientConfig) (runtime.Agent, error) {
	c := &client{}
	if a := cfg.Agent; a != nil {
		if err := supported(a.Kind); err != nil && a.Kind != "" {
			return nil, err
		}
		c.kind, c.model = a.Kind, a.Model
	}
	c.w = wire.New(provider, cfg.BaseURL, DefaultBaseURL, cfg.HTTPClient)
	c.w.Header = http.Header{"Anthropic-Version": {Version}}
	c.w.Auth = wire.KeyHeader("x-api-key", cfg.APIKey)
	c.w.ParseError = parseError
	return c, nil
}

type client struct {
	w     *wire.Client
	kind  runtime.Kind // the agent's kind, for requests that carry none
	model string       // the agent's model, for requests that carry none
}

func supported(k runtime.Kind) error {
	switch k {
	case runtime.KindText, runtime.KindVision:
		return nil
	}
	return wire.CheckKind(provider, provider, k)
}

// messagesRequest is the body of POST /v1/messages.
type messagesRequest struct {
	Model         string    `json:"model"`
	MaxTokens     int       `json:"max_tokens"`
	System        string    `json:"system,omitempty"`
	Messages      []message `json:"messages"`
	Temperature   *float64  `json:"temperature,omitempty"`
	TopP          *float64  `json:"top_p,omitempty"`
	StopSequences []string  `json:"stop_sequences,omitempty"`
	// OutputConfig asks for JSON of a typed output's strict schema
	// (docs/providers.md#structured-output).
	OutputConfig *outputConfig `json:"output_config,omitempty"`
}

type outputConfig struct {
	Format outputFormat `json:"format"`
}

type outputFormat struct {
	Type   string          `json:"type"` // "json_schema"
	Schema json.RawMessage `json:"schema"`
}

type message struct {
	Role    string  `json:"role"`
	Content []block `json:"content"`
}

// block is a content block: text or image.
type block struct {
	Type   string       `json:"type"`
	Text   string       `json:"text,omitempty"`
	Source *imageSource `json:"source,omitempty"`
}

type imageSource struct {
	Type      string `json:"type"` // "base64"
	MediaType string `json:"media_type"`
	Data      string `json:"data"`
}

// messagesResponse is the answer of POST /v1/messages.
type messagesResponse struct {
	ID         string  `json:"id"`
	Type       string  `json:"type"`
	Model      string  `json:"model"`
	Content    []block `json:"content"`
	StopReason string  `json:"stop_reason"`
	Usage      struct {
		InputTokens  int `json:"input_tokens"`
		OutputTokens int `json:"output_tokens"`
	} `json:"usage"`
}

// errorBody is the API's error answer.
type errorBody struct {
	Type  string `json:"type"`
	Error struct {
		Type    string `json:"type"`
		Message string `json:"message"`
	} `json:"error"`
	RequestID string `json:"request_id"`
}

func parseError(body []byte) (code, message string) {
	var e errorBody
	if err := json.Unmarshal(body, &e); err != nil {
		return "", ""
	}
	return e.Error.Type, e.Error.Message
}

// Call sends req to the Messages API and returns the text of the answer.
func (c *client) Call(ctx context.Context, req *runtime.Request) (*runtime.Response, error) {
	kind := cmp.Or(req.Kind, c.kind)
	if err := supported(kind); err != nil {
		return nil, err
	}
	p := wire.Params(req.Params)
	body, err := c.build(req, kind, p)
	if err != nil {
		return nil, err
	}
	var out messagesResponse
	if _, err := c.w.PostJSON(ctx, "/v1/messages", body, p.Extra, &out); err != nil {
		return nil, err
	}
	var text strings.Builder
	for _, b := range out.Content {
		if b.Type == "text" {
			text.WriteString(b.Text)
		}
	}
	if out.StopReason == "refusal" && (text.Len() == 0 || req.Schema != nil) {
		// A refusal's text, if any, is no answer of a typed output.
		return nil, fmt.Errorf("anthropic: model %s: %w (stop_reason %q)", body.Model, ErrRefused, out.StopReason)
	}
	if text.Len() == 0 && out.Type != "message" {
		return nil, fmt.Errorf("anthropic: malformed response body: type %q, want \"message\"", out.Type)
	}
	answer, err := wire.Answer(req.Schema, text.String())
	if err != nil {
		return nil, err
	}
	return &runtime.Response{
		Text:  answer,
		Model: cmp.Or(out.Model, body.Model),
		Usage: runtime.Usage{InputTokens: out.Usage.InputTokens, OutputTokens: out.Usage.OutputTokens},
	}, nil
}

// build maps req and its params p to the request body (p.Extra is merged
// later).
func (c *client) build(req *runtime.Request, kind runtime.Kind, p *runtime.Params) (*messagesRequest, error) {
	m := &messagesRequest{
		Model:       cmp.Or(req.Model, c.model, DefaultModel),
		MaxTokens:   DefaultMaxTokens,
		System:      req.Mission,
		Temperature: p.Temperature,
		TopP:        p.TopP,
	}
	// Checked at generate time for the flow's model; this catches a model
	// set when the program runs. The API would answer 400.
	switch models.SamplingOf(provider, m.Model) {
	case models.SamplingOne:
		if m.Temperature != nil && m.TopP != nil {
			return nil, fmt.Errorf("anthropic: model %s does not accept temperature and top_p together: set only one of them", m.Model)
		}
	case models.SamplingNone:
		if m.Temperature != nil || m.TopP != nil {
			return nil, fmt.Errorf("anthropic: model %s takes no temperature nor top_p: remove them", m.Model)
		}
	}
	if p.MaxTokens > 0 {
		m.MaxTokens = p.MaxTokens
	}
	if len(p.Stop) > 0 {
		m.StopSequences = p.Stop
	}
	// Seed, and the image, speech, recognition and embed params, have no
	// field in the Messages API: ignored (see doc.go).
	var content []block
	if kind == runtime.KindVision {
		if err := wire.NeedImage(provider, req.Images); err != nil {
			return nil, err
		}
		for _, img := range req.Images {
			mt := wire.ImageMIME(&img)
			switch mt {
			case "image/jpeg", "image/png", "image/gif", "image/webp":
			default:
				return nil, fmt.Errorf("anthropic: image type %q is not supported: use image/jpeg, image/png, image/gif or image/webp", mt)
			}
			// The images go first, in order: Anthropic's documented
			// best practice.
			content = append(content, block{Type: "image", Source: &imageSource{
				Type: "base64", MediaType: mt, Data: base64.StdEncoding.EncodeToString(img.Data),
			}})
		}
	}
	// The API rejects empty text blocks: a vision call without a prompt
	// sends the image alone.
	if req.Prompt != "" || len(content) == 0 {
		content = append(content, block{Type: "text", Text: req.Prompt})
	}
	m.Messages = []message{{Role: "user", Content: content}}
	if req.Schema != nil {
		m.OutputConfig = &outputConfig{Format: outputFormat{Type: "json_schema", Schema: req.Schema.Strict()}}
	}
	return m, nil
}
