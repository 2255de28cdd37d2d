package openai

import (
	"cmp"
	"context"

	"github.com/intelligen/intelligen/providers/internal/oaiwire"
	"github.com/intelligen/intelligen/providers/internal/wire"
	"github.com/intelligen/intelligen/providers/models"
	"github.com/intelligen/intelligen/runtime"
)

// DefaultBaseURL is the base URL used when the agent sets no base_url.
// Request paths (/chat/completions, ...) are appended to it.
const DefaultBaseURL = "https://api.openai.com/v1"

const provider = "openai"

// DefaultModel returns the model used for agents of kind that set no
// model, or "" for a kind OpenAI does not offer.
func DefaultModel(kind runtime.Kind) string { return models.Default(provider, string(kind)) }

// checkKind returns nil for the kinds OpenAI offers, or else
// wire.CheckKind's error.
func checkKind(k runtime.Kind) error {
	return wire.CheckKind(provider, provider, k)
}

// A Client calls the OpenAI API. It is safe for concurrent use.
type Client struct {
	w     *wire.Client
	kind  runtime.Kind // the agent's kind; used when a request has none
	model string       // the agent's model; used when a request has none
}

// New builds a client for the agent in cfg: cfg.BaseURL (or
// [DefaultBaseURL]), cfg.APIKey sent as a Bearer token, cfg.HTTPClient (or
// http.DefaultClient). It fails for an agent kind OpenAI does not offer.
func New(cfg runtime.ClientConfig) (runtime.Agent, error) {
	c := &Client{w: wire.New(provider, cfg.BaseURL, DefaultBaseURL, cfg.HTTPClient)}
	if cfg.Agent != nil {
		c.kind, c.model = cfg.Agent.Kind, cfg.Agent.Model
		if err := checkKind(c.kind); err != nil {
			return nil, err
		}
	}
	c.w.Auth = wire.Bearer(cfg.APIKey)
	c.w.ParseError = oaiwire.ParseError
	return c, nil
}

// Call sends req to the endpoint of its kind and returns the answer.
func (c *Client) Call(ctx context.Context, req *runtime.Request) (*runtime.Response, error) {
	kind := cmp.Or(req.Kind, c.kind)
	if err := checkKind(kind); err != nil {
		return nil, err
	}
	model := cmp.Or(req.Model, c.model, DefaultModel(kind))
	p := wire.Params(req.Params)
	switch kind {
	case runtime.KindText, runtime.KindVision:
		return c.chat(ctx, kind, model, req, p)
	case runtime.KindImage:
		return c.image(ctx, model, req, p)
	case runtime.KindSpeech:
		return c.speech(ctx, model, req, p)
	case runtime.KindRecognition:
		return c.transcribe(ctx, model, req, p)
	default: // runtime.KindEmbed
		in := &oaiwire.EmbedRequest{Model: model, Input: req.Prompt, Dimensions: p.Dimensions}
		return oaiwire.Embed(ctx, c.w, in, p.Extra)
	}
}

func (c *Client) chat(ctx context.Context, kind runtime.Kind, model string, req *runtime.Request, p *runtime.Params) (*runtime.Response, error) {
	imgs := req.Images
	if kind == runtime.KindVision {
		if err := wire.NeedImage(provider, imgs); err != nil {
			return nil, err
		}
	}
	if kind == runtime.KindText {
		imgs = nil
	}
	in := &oaiwire.ChatRequest{
		Model:               model,
		Messages:            oaiwire.Messages(req.Mission, req.Prompt, imgs),
		MaxCompletionTokens: p.MaxTokens,
	}
	in.SetSampling(p)
	in.SetSchema(req.Schema)
	return oaiwire.Chat(ctx, c.w, in, p.Extra)
}
