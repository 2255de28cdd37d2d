package stability

import (
	"bytes"
	"cmp"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"mime/multipart"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/intelligen/intelligen/providers/internal/wire"
	"github.com/intelligen/intelligen/providers/models"
	"github.com/intelligen/intelligen/runtime"
)

// Defaults of the client; see the package doc.
const (
	DefaultBaseURL = "https://api.stability.ai"
	DefaultModel   = models.StabilityImage
	DefaultFormat  = "png"
)

const provider = "stability"

// ErrContentFiltered is wrapped by the error of a call whose image the
// API withheld (finish_reason CONTENT_FILTERED). Retrying does not help.
var ErrContentFiltered = errors.New("image withheld by the content filter (finish_reason CONTENT_FILTERED)")

// mimeTypes are the output formats the API offers, with their MIME types.
var mimeTypes = map[string]string{
	"png":  "image/png",
	"jpeg": "image/jpeg",
	"webp": "image/webp",
}

// Client calls Stability's Stable Image API. It is safe for concurrent use.
type Client struct {
	wire  *wire.Client
	model string // the agent's model; used when a request has none
}

// New builds a client for the agent in cfg. It fails when the agent is
// not an image agent or its model names no endpoint.
func New(cfg runtime.ClientConfig) (runtime.Agent, error) {
	c := &Client{wire: wire.New(provider, cfg.BaseURL, DefaultBaseURL, cfg.HTTPClient)}
	if a := cfg.Agent; a != nil {
		if err := checkKind(a.Kind); err != nil {
			return nil, err
		}
		if _, _, err := endpoint(a.Model); err != nil {
			return nil, err
		}
		c.model = a.Model
	}
	// JSON, not the raw image bytes the API sends by default.
	c.wire.Header = http.Header{"Accept": {"application/json"}}
	c.wire.Auth = wire.Bearer(cfg.APIKey)
	c.wire.ParseError = parseError
	return c, nil
}

func checkKind(k runtime.Kind) error { return wire.CheckKind(provider, provider, k) }

// endpoint returns the path segment of model's endpoint, and the value of
// the model form field ("" = not sent).
func endpoint(model string) (path, field string, err error) {
	if path, field, ok := models.StabilityEndpoint(model); ok {
		return path, field, nil
	}
	return "", "", fmt.Errorf("stability: unknown model %q (want core, ultra or an sd3 model such as sd3.5-large)", model)
}

// field is one form field of the request.
type field struct{ name, value string }

type imageResponse struct {
	Image        string `json:"image"`
	FinishReason string `json:"finish_reason"`
	Seed         int64  `json:"seed"`
}

// Call generates the image of req.
func (c *Client) Call(ctx context.Context, req *runtime.Request) (*runtime.Response, error) {
	if req.Kind != "" {
		if err := checkKind(req.Kind); err != nil {
			return nil, err
		}
	}
	p := wire.Params(req.Params)
	reqModel := cmp.Or(req.Model, c.model)
	path, modelField, err := endpoint(reqModel)
	if err != nil {
		return nil, err
	}
	format := cmp.Or(p.Format, DefaultFormat)
	mime, ok := mimeTypes[format]
	if !ok {
		return nil, fmt.Errorf("stability: unsupported format %q (want png, jpeg or webp)", format)
	}
	fields := []field{{"prompt", req.Prompt}}
	add := func(name, value string) {
		if value != "" {
			fields = append(fields, field{name, value})
		}
	}
	add("negative_prompt", p.NegativePrompt)
	add("aspect_ratio", p.AspectRatio)
	if p.Seed != nil {
		add("seed", strconv.FormatInt(*p.Seed, 10))
	}
	add("output_format", format)
	add("model", modelField)
	if fields, err = merge(fields, p.Extra); err != nil {
		return nil, err
	}
	model := cmp.Or(reqModel, DefaultModel)
	// The extra fields may have changed the format or the sd3 model.
	for _, f := range fields {
		switch f.name {
		case "output_format":
			if m, ok := mimeTypes[f.value]; ok {
				mime = m
			}
		case "model":
			if path == "sd3" {
				model = f.value
			}
		}
	}

	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, f := range fields {
		if err := mw.WriteField(f.name, f.value); err != nil {
			return nil, fmt.Errorf("stability: encode request: %w", err)
		}
	}
	if err := mw.Close(); err != nil {
		return nil, fmt.Errorf("stability: encode request: %w", err)
	}
	resp, err := c.wire.Do(ctx, http.MethodPost, "/v2beta/stable-image/generate/"+path, mw.FormDataContentType(), body.Bytes())
	if err != nil {
		return nil, err
	}
	var out imageResponse
	if err := c.wire.Decode(resp.Body, &out); err != nil {
		return nil, err
	}
	switch out.FinishReason {
	case "SUCCESS", "":
	case "CONTENT_FILTERED":
		return nil, fmt.Errorf("stability: %w", ErrContentFiltered)
	default:
		return nil, fmt.Errorf("stability: generation failed (finish_reason %q)", out.FinishReason)
	}
	data, err := base64.StdEncoding.DecodeString(out.Image)
	if err != nil {
		return nil, fmt.Errorf("stability: malformed response body: image: %w", err)
	}
	if len(data) == 0 {
		return nil, errors.New("stability: response has no image")
	}
	return &runtime.Response{Image: runtime.Image{MIME: mime, Data: data}, Model: model}, nil
}

// merge sets each field of the JSON object extra in fields, replacing a
// field of the same name or appending (in key order, for a deterministic
// body). Strings are sent as given, null drops the field, other values
// are sent as their JSON text.
func merge(fields []field, extra json.RawMessage) ([]field, error) {
	if len(bytes.TrimSpace(extra)) == 0 {
		return fields, nil
	}
	var ext map[string]json.RawMessage
	if err := json.Unmarshal(extra, &ext); err != nil {
		return nil, fmt.Errorf("stability: params.extra is not a JSON object: %w", err)
	}
	for _, name := range slices.Sorted(maps.Keys(ext)) {
		raw := bytes.TrimSpace(ext[name])
		i := slices.IndexFunc(fields, func(f field) bool { return f.name == name })
		if string(raw) == "null" {
			if i >= 0 {
				fields = slices.Delete(fields, i, i+1)
			}
			continue
		}
		value := string(raw)
		var s string
		if json.Unmarshal(raw, &s) == nil {
			value = s
		}
		if i >= 0 {
			fields[i].value = value
		} else {
			fields = append(fields, field{name, value})
		}
	}
	return fields, nil
}

// errorBody is Stability's error answer: v2beta's {"id","name","errors"},
// or v1's {"id","name","message"}.
type errorBody struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Errors  []string `json:"errors"`
	Message string   `json:"message"`
}

func parseError(body []byte) (code, msg string) {
	var e errorBody
	if json.Unmarshal(body, &e) != nil {
		return "", ""
	}
	msg = strings.Join(e.Errors, "; ")
	if msg == "" {
		msg = e.Message
	}
	return e.Name, msg
}
