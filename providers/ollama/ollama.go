package ollama

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/intelligen/intelligen/providers/internal/wire"
	"github.com/intelligen/intelligen/providers/models"
	"github.com/intelligen/intelligen/runtime"
)

// Defaults of the client; see the package doc.
const (
	DefaultBaseURL     = "http://localhost:11434"
	DefaultTextModel   = models.OllamaText
	DefaultVisionModel = models.OllamaVision
	DefaultEmbedModel  = models.OllamaEmbed
)

const provider = "ollama"

// Client calls Ollama's native API. It is safe for concurrent use.
type Client struct {
	wire  *wire.Client
	kind  runtime.Kind // the agent's kind; "" when built without an agent
	model string       // the agent's model; used when a request has none
}

// New builds a client for the agent in cfg. It fails when the agent's kind
// is not one Ollama offers (text, vision, embed).
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

// Call sends req to /api/chat or /api/embed, by kind.
func (c *Client) Call(ctx context.Context, req *runtime.Request) (*runtime.Response, error) {
	kind := cmp.Or(req.Kind, c.kind)
	p := wire.Params(req.Params)
	switch kind {
	case runtime.KindText:
		return c.chat(ctx, req, p, DefaultTextModel)
	case runtime.KindVision:
		if err := wire.NeedImage(provider, req.Images); err != nil {
			return nil, err
		}
		return c.chat(ctx, req, p, DefaultVisionModel)
	case runtime.KindEmbed:
		return c.embed(ctx, req, p)
	}
	return nil, checkKind(kind)
}

// chatRequest is the body of POST /api/chat.
type chatRequest struct {
	Model    string    `json:"model"`
	Messages []message `json:"messages"`
	// Stream is always false: without it Ollama answers an NDJSON stream.
	Stream  bool            `json:"stream"`
	Options json.RawMessage `json:"options,omitempty"`
	// Format is a typed output's canonical JSON Schema; absent for
	// plain text (docs/providers.md#structured-output).
	Format json.RawMessage `json:"format,omitempty"`
}

type message struct {
	Role    string   `json:"role"`
	Content string   `json:"content"`
	Images  [][]byte `json:"images,omitempty"` // base64 in JSON, as Ollama wants
}

// options are the model options of a chat request; only set ones are sent.
type options struct {
	Temperature *float64 `json:"temperature,omitempty"`
	TopP        *float64 `json:"top_p,omitempty"`
	NumPredict  int      `json:"num_predict,omitempty"`
	Seed        *int64   `json:"seed,omitempty"`
	Stop        []string `json:"stop,omitempty"`
}

// mergeOptions returns the options object to send: o's set fields with
// the fields of extra's "options" object merged over them (a null one
// removes the option), or nil when there are none; and extra without
// "options".
func mergeOptions(o options, extra json.RawMessage) (opts, rest json.RawMessage, err error) {
	var fields map[string]json.RawMessage
	b, err := json.Marshal(o)
	if err == nil {
		err = json.Unmarshal(b, &fields)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("ollama: encode request: %w", err)
	}
	rest = extra
	if len(bytes.TrimSpace(extra)) > 0 {
		var ext map[string]json.RawMessage
		if err := json.Unmarshal(extra, &ext); err != nil {
			return nil, nil, fmt.Errorf("ollama: params.extra is not a JSON object: %w", err)
		}
		if raw, ok := ext["options"]; ok {
			var more map[string]json.RawMessage
			if err := json.Unmarshal(raw, &more); err != nil {
				return nil, nil, fmt.Errorf("ollama: params.extra.options is not a JSON object: %w", err)
			}
			for k, v := range more {
				if string(bytes.TrimSpace(v)) == "null" {
					delete(fields, k)
				} else {
					fields[k] = v
				}
			}
			delete(ext, "options")
			if rest, err = json.Marshal(ext); err != nil {
				return nil, nil, fmt.Errorf("ollama: encode request: %w", err)
			}
		}
	}
	if len(fields) == 0 {
		return nil, rest, nil
	}
	opts, err = json.Marshal(fields) // sorted keys: deterministic
	if err != nil {
		return nil, nil, fmt.Errorf("ollama: encode request: %w", err)
	}
	return opts, rest, nil
}

type chatResponse struct {
	Model   string `json:"model"`
	Message struct {
		Role    string `json:"role"`
		Content string `json:"content"`
	} `json:"message"`
	Done            bool   `json:"done"`
	DoneReason      string `json:"done_reason"`
	PromptEvalCount int    `json:"prompt_eval_count"`
	EvalCount       int    `json:"eval_count"`
	Error           string `json:"error"`
}

func (c *Client) chat(ctx context.Context, req *runtime.Request, p *runtime.Params, def string) (*runtime.Response, error) {
	in := chatRequest{Model: cmp.Or(req.Model, c.model, def)}
	if req.Schema != nil {
		in.Format = req.Schema.JSON()
	}
	o := options{Temperature: p.Temperature, TopP: p.TopP, NumPredict: p.MaxTokens, Seed: p.Seed, Stop: p.Stop}
	opts, extra, err := mergeOptions(o, p.Extra)
	if err != nil {
		return nil, err
	}
	in.Options = opts
	if req.Mission != "" {
		in.Messages = append(in.Messages, message{Role: "system", Content: req.Mission})
	}
	user := message{Role: "user", Content: req.Prompt}
	if req.Kind != runtime.KindText {
		for _, img := range req.Images {
			user.Images = append(user.Images, img.Data)
		}
	}
	in.Messages = append(in.Messages, user)
	var out chatResponse
	if _, err := c.wire.PostJSON(ctx, "/api/chat", in, extra, &out); err != nil {
		return nil, err
	}
	if out.Error != "" {
		return nil, fmt.Errorf("ollama: %s", out.Error)
	}
	return &runtime.Response{
		Text:  out.Message.Content,
		Model: cmp.Or(out.Model, in.Model),
		Usage: runtime.Usage{InputTokens: out.PromptEvalCount, OutputTokens: out.EvalCount},
	}, nil
}

// embedRequest is the body of POST /api/embed.
type embedRequest struct {
	Model      string `json:"model"`
	Input      string `json:"input"`
	Dimensions int    `json:"dimensions,omitempty"`
}

type embedResponse struct {
	Model           string      `json:"model"`
	Embeddings      [][]float32 `json:"embeddings"`
	PromptEvalCount int         `json:"prompt_eval_count"`
	Error           string      `json:"error"`
}

func (c *Client) embed(ctx context.Context, req *runtime.Request, p *runtime.Params) (*runtime.Response, error) {
	in := embedRequest{Model: cmp.Or(req.Model, c.model, DefaultEmbedModel), Input: req.Prompt, Dimensions: p.Dimensions}
	var out embedResponse
	if _, err := c.wire.PostJSON(ctx, "/api/embed", in, p.Extra, &out); err != nil {
		return nil, err
	}
	if out.Error != "" {
		return nil, fmt.Errorf("ollama: %s", out.Error)
	}
	if len(out.Embeddings) == 0 {
		return nil, errors.New("ollama: embed response has no embeddings")
	}
	return &runtime.Response{
		Embedding: out.Embeddings[0],
		Model:     cmp.Or(out.Model, in.Model),
		Usage:     runtime.Usage{InputTokens: out.PromptEvalCount},
	}, nil
}

// parseError reads Ollama's error body {"error":"..."}; it has no code.
func parseError(body []byte) (code, msg string) {
	var e struct {
		Error string `json:"error"`
	}
	if json.Unmarshal(body, &e) != nil {
		return "", ""
	}
	return "", e.Error
}
