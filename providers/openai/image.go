package openai

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"

	"github.com/intelligen/intelligen/providers/models"
	"github.com/intelligen/intelligen/runtime"
)

// imageRequest is the body of POST /images/generations.
type imageRequest struct {
	Model        string `json:"model"`
	Prompt       string `json:"prompt"`
	Size         string `json:"size,omitempty"`
	Quality      string `json:"quality,omitempty"`
	OutputFormat string `json:"output_format,omitempty"`
}

// imageResponse is the answer of POST /images/generations.
type imageResponse struct {
	Data []struct {
		B64JSON string `json:"b64_json"`
		URL     string `json:"url"`
	} `json:"data"`
	OutputFormat string `json:"output_format"`
	Usage        *struct {
		InputTokens  int `json:"input_tokens"`
		OutputTokens int `json:"output_tokens"`
	} `json:"usage"`
}

// imageBody maps req and p to the request body for model: params.size as
// given, else the size the model draws for params.aspect_ratio; quality as
// given; output_format only for the models that take it (the DALL·E
// models do not). An aspect ratio the model cannot draw is an error, which
// the API would answer with a 400 on size.
func imageBody(model string, req *runtime.Request, p *runtime.Params) (*imageRequest, error) {
	in := &imageRequest{Model: model, Prompt: req.Prompt, Size: p.Size, Quality: p.Quality, OutputFormat: p.Format}
	m, known := models.OpenAIImageModel(model)
	if known && !m.OutputFormat {
		in.OutputFormat = ""
	}
	if in.Size == "" && p.AspectRatio != "" && known {
		in.Size = m.Aspects[p.AspectRatio]
		if in.Size == "" {
			return nil, fmt.Errorf("openai: model %s cannot draw aspect_ratio %q: use %s, or set size", model, p.AspectRatio, strings.Join(m.AspectNames(), ", "))
		}
	}
	return in, nil
}

func (c *Client) image(ctx context.Context, model string, req *runtime.Request, p *runtime.Params) (*runtime.Response, error) {
	in, err := imageBody(model, req, p)
	if err != nil {
		return nil, err
	}
	var out imageResponse
	if _, err := c.w.PostJSON(ctx, "/images/generations", in, p.Extra, &out); err != nil {
		return nil, err
	}
	if len(out.Data) == 0 {
		return nil, fmt.Errorf("openai: image response has no data")
	}
	d := out.Data[0]
	if d.B64JSON == "" {
		if d.URL != "" {
			return nil, fmt.Errorf("openai: image response has a URL, not b64_json: use a GPT image model, or params.extra response_format = \"b64_json\"")
		}
		return nil, fmt.Errorf("openai: image response has no b64_json")
	}
	data, err := base64.StdEncoding.DecodeString(d.B64JSON)
	if err != nil {
		return nil, fmt.Errorf("openai: malformed response body: b64_json: %w", err)
	}
	resp := &runtime.Response{Image: runtime.Image{MIME: imageMIME(data, out.OutputFormat, in.OutputFormat), Data: data}, Model: model}
	if u := out.Usage; u != nil {
		resp.Usage = runtime.Usage{InputTokens: u.InputTokens, OutputTokens: u.OutputTokens}
	}
	return resp, nil
}

// imageMIME returns the MIME type of data: sniffed from its bytes, else
// from the output format the answer or the request named, else image/png
// (the API's default format).
func imageMIME(data []byte, formats ...string) string {
	if t := http.DetectContentType(data); strings.HasPrefix(t, "image/") {
		return t
	}
	for _, f := range formats {
		switch f {
		case "png", "jpeg", "webp":
			return "image/" + f
		}
	}
	return "image/png"
}
