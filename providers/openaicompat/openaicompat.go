package openaicompat

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"sync"

	"github.com/intelligen/intelligen/providers/internal/oaiwire"
	"github.com/intelligen/intelligen/providers/internal/wire"
	"github.com/intelligen/intelligen/runtime"
)

// DefaultBaseURL returns the base URL used for agents of provider that
// set no base_url: where `vllm serve` and `llama-server` listen by
// default. Request paths (/chat/completions, ...) are appended. It is ""
// for other providers, which must set base_url.
func DefaultBaseURL(provider string) string { return defaultBaseURLs[provider] }

var defaultBaseURLs = map[string]string{
	"vllm":     "http://localhost:8000/v1",
	"llamacpp": "http://localhost:8080/v1",
}

// A Client calls an OpenAI-compatible server. It is safe for concurrent use.
type Client struct {
	w     *wire.Client
	kind  runtime.Kind // the agent's kind; used when a request has none
	model string       // the agent's model; used when a request has none

	mu     sync.Mutex
	served string // the model the server lists first, once asked
}

// New builds a client for the agent in cfg: the server at cfg.BaseURL (or
// the default of cfg.Agent.Provider, see [DefaultBaseURL]), with
// cfg.APIKey sent as a Bearer token when it is set. Errors name the agent's
// provider. It fails for an agent kind other than text and embed, and for
// a provider with no default base URL when cfg.BaseURL is empty.
func New(cfg runtime.ClientConfig) (runtime.Agent, error) {
	provider, kind, model := "openaicompat", runtime.Kind(""), ""
	if cfg.Agent != nil {
		provider, kind, model = cmp.Or(cfg.Agent.Provider, provider), cfg.Agent.Kind, cfg.Agent.Model
	}
	def, ok := defaultBaseURLs[provider]
	if !ok && cfg.BaseURL == "" {
		return nil, fmt.Errorf("%s: no base_url: set it to the server's OpenAI-compatible base, such as http://localhost:8000/v1", provider)
	}
	if kind != "" {
		if err := checkKind(provider, kind); err != nil {
			return nil, err
		}
	}
	c := &Client{w: wire.New(provider, cfg.BaseURL, def, cfg.HTTPClient), kind: kind, model: model}
	c.w.Auth = wire.Bearer(cfg.APIKey)
	c.w.ParseError = oaiwire.ParseError
	return c, nil
}

// checkKind returns nil for the kinds the servers offer (text, embed), or
// else an error naming provider.
func checkKind(provider string, k runtime.Kind) error {
	return wire.CheckKind("openaicompat", provider, k)
}

// Call sends req to /chat/completions (text) or /embeddings (embed).
func (c *Client) Call(ctx context.Context, req *runtime.Request) (*runtime.Response, error) {
	kind := cmp.Or(req.Kind, c.kind)
	if err := checkKind(c.w.Provider, kind); err != nil {
		return nil, err
	}
	p := wire.Params(req.Params)
	model := cmp.Or(req.Model, c.model)
	if model == "" {
		var err error
		if model, err = c.servedModel(ctx); err != nil {
			return nil, err
		}
	}
	if kind == runtime.KindEmbed {
		in := &oaiwire.EmbedRequest{Model: model, Input: req.Prompt, Dimensions: p.Dimensions}
		return oaiwire.Embed(ctx, c.w, in, p.Extra)
	}
	in := &oaiwire.ChatRequest{
		Model:     model,
		Messages:  oaiwire.Messages(req.Mission, req.Prompt, nil),
		MaxTokens: p.MaxTokens,
	}
	in.SetSampling(p)
	in.SetSchema(req.Schema)
	return oaiwire.Chat(ctx, c.w, in, p.Extra)
}

// modelList is the answer of GET /models.
type modelList struct {
	Data []struct {
		ID string `json:"id"`
	} `json:"data"`
}

// servedModel returns the first model of GET /models, asked once: the
// default model of an agent that names none (vLLM rejects a model it does
// not serve; llama.cpp serves one model).
func (c *Client) servedModel(ctx context.Context) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.served != "" {
		return c.served, nil
	}
	resp, err := c.w.Do(ctx, http.MethodGet, "/models", "", nil)
	if err != nil {
		return "", err
	}
	var out modelList
	if err := c.w.Decode(resp.Body, &out); err != nil {
		return "", err
	}
	if len(out.Data) == 0 || out.Data[0].ID == "" {
		return "", fmt.Errorf("%s: no model given and the server lists none at /models: set the agent's model", c.w.Provider)
	}
	c.served = out.Data[0].ID
	return c.served, nil
}
