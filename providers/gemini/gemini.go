package gemini

import (
	"cmp"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/url"
	"strings"

	"github.com/intelligen/intelligen/providers/internal/wire"
	"github.com/intelligen/intelligen/providers/models"
	"github.com/intelligen/intelligen/runtime"
)

// Defaults of the client; see the package documentation.
const (
	// DefaultBaseURL is the API's base URL, without the API version: the
	// client appends /v1beta/models/{model}:{method}.
	DefaultBaseURL = "https://generativelanguage.googleapis.com"
	// DefaultModel is the model of text and vision agents that name none.
	DefaultModel = models.GeminiText
	// DefaultEmbedModel is the model of embed agents that name none.
	DefaultEmbedModel = models.GeminiEmbed
)

const provider = "gemini"

// ErrBlocked is wrapped by the error of a call whose prompt or answer the
// API blocked (promptFeedback.blockReason, or a candidate that finished
// for SAFETY, RECITATION, BLOCKLIST, PROHIBITED_CONTENT, SPII or
// IMAGE_SAFETY). Retrying the same request does not help.
var ErrBlocked = errors.New("blocked")

// New builds a client for the agent in cfg. It fails when the agent's kind
// is not text, vision or embed.
func New(cfg runtime.ClientConfig) (runtime.Agent, error) {
	c := &client{}
	if a := cfg.Agent; a != nil {
		if err := supported(a.Kind); err != nil && a.Kind != "" {
			return nil, err
		}
		c.kind, c.model = a.Kind, a.Model
	}
	c.w = wire.New(provider, cfg.BaseURL, DefaultBaseURL, cfg.HTTPClient)
	// The header, never ?key=: a URL ends up in logs and errors.
	c.w.Auth = wire.KeyHeader("x-goog-api-key", cfg.APIKey)
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
	case runtime.KindText, runtime.KindVision, runtime.KindEmbed:
		return nil
	}
	return wire.CheckKind(provider, provider, k)
}

// generateRequest is the body of models/{model}:generateContent.
type generateRequest struct {
	Contents          []content         `json:"contents"`
	SystemInstruction *content          `json:"systemInstruction,omitempty"`
	GenerationConfig  *generationConfig `json:"generationConfig,omitempty"`
}

type content struct {
	Role  string `json:"role,omitempty"`
	Parts []part `json:"parts"`
}

type part struct {
	Text       string `json:"text,omitempty"`
	InlineData *blob  `json:"inlineData,omitempty"`
	Thought    bool   `json:"thought,omitempty"` // in answers: a thought summary, not answer text
}

type blob struct {
	MIMEType string `json:"mimeType"`
	Data     string `json:"data"` // base64
}

type generationConfig struct {
	Temperature     *float64 `json:"temperature,omitempty"`
	TopP            *float64 `json:"topP,omitempty"`
	MaxOutputTokens int      `json:"maxOutputTokens,omitempty"`
	StopSequences   []string `json:"stopSequences,omitempty"`
	Seed            *int64   `json:"seed,omitempty"`
	// A typed output asks for JSON of its canonical schema
	// (docs/providers.md#structured-output).
	ResponseMIMEType   string          `json:"responseMimeType,omitempty"`
	ResponseJSONSchema json.RawMessage `json:"responseJsonSchema,omitempty"`
}

// generateResponse is the answer of models/{model}:generateContent.
type generateResponse struct {
	Candidates []struct {
		Content      content `json:"content"`
		FinishReason string  `json:"finishReason"`
	} `json:"candidates"`
	PromptFeedback *struct {
		BlockReason        string `json:"blockReason"`
		BlockReasonMessage string `json:"blockReasonMessage"`
	} `json:"promptFeedback"`
	UsageMetadata struct {
		PromptTokenCount     int `json:"promptTokenCount"`
		CandidatesTokenCount int `json:"candidatesTokenCount"`
		ThoughtsTokenCount   int `json:"thoughtsTokenCount"`
	} `json:"usageMetadata"`
	ModelVersion string `json:"modelVersion"`
}

// embedRequest is one element of batchEmbedContents' requests.
type embedRequest struct {
	Model                string  `json:"model"` // "models/<model>"
	Content              content `json:"content"`
	OutputDimensionality int     `json:"outputDimensionality,omitempty"`
}

type batchEmbedRequest struct {
	Requests []json.RawMessage `json:"requests"` // embedRequests with params.extra merged
}

type batchEmbedResponse struct {
	Embeddings []struct {
		Values []float32 `json:"values"`
	} `json:"embeddings"`
}

// errorBody is Google's RPC status error answer. Some endpoints wrap it
// in a one-element array.
type errorBody struct {
	Error struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
		Status  string `json:"status"`
	} `json:"error"`
}

func parseError(body []byte) (code, message string) {
	var e errorBody
	if err := json.Unmarshal(body, &e); err != nil {
		var es []errorBody
		if err := json.Unmarshal(body, &es); err != nil || len(es) == 0 {
			return "", ""
		}
		e = es[0]
	}
	return e.Error.Status, e.Error.Message
}

// Call sends req to generateContent (text, vision) or batchEmbedContents
// (embed).
func (c *client) Call(ctx context.Context, req *runtime.Request) (*runtime.Response, error) {
	kind := cmp.Or(req.Kind, c.kind)
	if err := supported(kind); err != nil {
		return nil, err
	}
	model := cmp.Or(req.Model, c.model)
	// Accept "models/x" as the API's resource name for x.
	model = strings.TrimPrefix(model, "models/")
	params := wire.Params(req.Params)
	if kind == runtime.KindEmbed {
		if model == "" {
			model = DefaultEmbedModel
		}
		return c.embed(ctx, model, req.Prompt, params)
	}
	if model == "" {
		model = DefaultModel
	}
	return c.generate(ctx, kind, model, req, params)
}

func (c *client) generate(ctx context.Context, kind runtime.Kind, model string, req *runtime.Request, p *runtime.Params) (*runtime.Response, error) {
	body := &generateRequest{}
	if req.Mission != "" {
		body.SystemInstruction = &content{Parts: []part{{Text: req.Mission}}}
	}
	var parts []part
	if kind == runtime.KindVision {
		if err := wire.NeedImage(provider, req.Images); err != nil {
			return nil, err
		}
		for _, img := range req.Images {
			mt := wire.ImageMIME(&img)
			if !strings.HasPrefix(mt, "image/") {
				return nil, fmt.Errorf("gemini: image type %q is not an image type", mt)
			}
			parts = append(parts, part{InlineData: &blob{MIMEType: mt, Data: base64.StdEncoding.EncodeToString(img.Data)}})
		}
	}
	if req.Prompt != "" || len(parts) == 0 {
		parts = append(parts, part{Text: req.Prompt})
	}
	body.Contents = []content{{Role: "user", Parts: parts}}

	g := generationConfig{Temperature: p.Temperature, TopP: p.TopP, MaxOutputTokens: p.MaxTokens, Seed: p.Seed}
	if len(p.Stop) > 0 {
		g.StopSequences = p.Stop
	}
	if s := p.Seed; s != nil && (*s < math.MinInt32 || *s > math.MaxInt32) {
		return nil, fmt.Errorf("gemini: seed %d is out of range: the API takes a 32-bit integer", *s)
	}
	if req.Schema != nil {
		g.ResponseMIMEType, g.ResponseJSONSchema = "application/json", req.Schema.JSON()
	}
	if g.Temperature != nil || g.TopP != nil || g.MaxOutputTokens != 0 || g.StopSequences != nil || g.Seed != nil || req.Schema != nil {
		body.GenerationConfig = &g
	}

	var out generateResponse
	if _, err := c.w.PostJSON(ctx, modelPath(model, "generateContent"), body, p.Extra, &out); err != nil {
		return nil, err
	}
	if len(out.Candidates) == 0 {
		if f := out.PromptFeedback; f != nil && f.BlockReason != "" {
			var detail string
			if f.BlockReasonMessage != "" {
				detail = ": " + f.BlockReasonMessage
			}
			return nil, fmt.Errorf("gemini: model %s: prompt %w (blockReason %s)%s", model, ErrBlocked, f.BlockReason, detail)
		}
		return nil, fmt.Errorf("gemini: model %s: response has no candidates", model)
	}
	cand := out.Candidates[0]
	var text strings.Builder
	for _, p := range cand.Content.Parts {
		if !p.Thought {
			text.WriteString(p.Text)
		}
	}
	switch cand.FinishReason {
	case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY":
		return nil, fmt.Errorf("gemini: model %s: answer %w (finishReason %s)", model, ErrBlocked, cand.FinishReason)
	}
	if text.Len() == 0 && cand.FinishReason != "STOP" && cand.FinishReason != "MAX_TOKENS" {
		return nil, fmt.Errorf("gemini: model %s: answer has no text (finishReason %s)", model, cand.FinishReason)
	}
	u := out.UsageMetadata
	return &runtime.Response{
		Text:  text.String(),
		Model: cmp.Or(out.ModelVersion, model),
		// Thinking tokens are billed as output.
		Usage: runtime.Usage{InputTokens: u.PromptTokenCount, OutputTokens: u.CandidatesTokenCount + u.ThoughtsTokenCount},
	}, nil
}

func (c *client) embed(ctx context.Context, model, text string, p *runtime.Params) (*runtime.Response, error) {
	// params.extra goes into the one request of the batch (taskType,
	// title...), the object that has the embedding's fields.
	one, err := wire.Marshal(embedRequest{
		Model:                "models/" + model,
		Content:              content{Parts: []part{{Text: text}}},
		OutputDimensionality: p.Dimensions,
	}, p.Extra)
	if err != nil {
		return nil, fmt.Errorf("gemini: encode request: %w", err)
	}
	var out batchEmbedResponse
	if _, err := c.w.PostJSON(ctx, modelPath(model, "batchEmbedContents"), batchEmbedRequest{Requests: []json.RawMessage{one}}, nil, &out); err != nil {
		return nil, err
	}
	if len(out.Embeddings) != 1 || len(out.Embeddings[0].Values) == 0 {
		return nil, fmt.Errorf("gemini: model %s: response has %d embeddings, want 1 with values", model, len(out.Embeddings))
	}
	return &runtime.Response{Embedding: out.Embeddings[0].Values, Model: model}, nil
}

// modelPath is the path of method on model.
func modelPath(model, method string) string {
	return "/v1beta/models/" + url.PathEscape(model) + ":" + method
}
