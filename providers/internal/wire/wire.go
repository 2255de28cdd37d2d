package wire

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/intelligen/intelligen/internal/catalog"
	"github.com/intelligen/intelligen/runtime"
)

// maxErrorBody bounds how much of an error answer is read.
const maxErrorBody = 1 << 20

// maxErrorMessage bounds the message of an error whose body the provider's
// parser could not read: its first bytes.
const maxErrorMessage = 200

// secrets returns the values c.Auth puts in a request's headers (a
// "Bearer " prefix removed): the keys an error must not show.
func (c *Client) secrets() []runtime.Secret {
	if c.Auth == nil {
		return nil
	}
	h := http.Header{}
	c.Auth(h)
	var keys []runtime.Secret
	for _, vs := range h {
		for _, v := range vs {
			keys = append(keys, runtime.Secret(strings.TrimPrefix(v, "Bearer ")))
		}
	}
	return keys
}

func redactAll(s string, keys []runtime.Secret) string {
	for _, k := range keys {
		s = runtime.Redact(s, k)
	}
	return s
}

// A Client sends requests to one provider.
type Client struct {
	Provider string       // provider name, for errors
	BaseURL  string       // without trailing slash
	HTTP     *http.Client // never nil
	// Header holds the constant headers sent with every request (such as
	// a version or Accept header), built once; nil for none.
	Header http.Header
	// Auth sets the authentication headers of each request; nil for none.
	Auth func(h http.Header)
	// ParseError extracts the provider's error code and message from an
	// error body. It is called only for non-2xx answers; when it returns an
	// empty message, the body's first bytes are used.
	ParseError func(body []byte) (code, message string)
}

// New returns a Client with base (or def when base is empty), trailing
// slashes trimmed, and hc (or http.DefaultClient when nil).
func New(provider, base, def string, hc *http.Client) *Client {
	if base == "" {
		base = def
	}
	if hc == nil {
		hc = http.DefaultClient
	}
	return &Client{Provider: provider, BaseURL: strings.TrimRight(base, "/"), HTTP: hc}
}

// Bearer returns the Auth of a client that sends key as
// "Authorization: Bearer <key>", or nil, to send no header, when key is
// empty.
func Bearer(key runtime.Secret) func(http.Header) {
	if key == "" {
		return nil
	}
	return func(h http.Header) { h.Set("Authorization", "Bearer "+key.Reveal()) }
}

// KeyHeader returns the Auth of a client that sends key as the header
// name, or nil, to send no header, when key is empty.
func KeyHeader(name string, key runtime.Secret) func(http.Header) {
	if key == "" {
		return nil
	}
	return func(h http.Header) { h.Set(name, key.Reveal()) }
}

// CheckKind returns nil when the client package client (a directory
// under providers/) serves agent type kind, or else the error
// `provider: agent type "kind" is not supported (supported: a, b)`, which
// lists the types it serves in order. Which client serves which type is
// package catalog's to say.
func CheckKind(client, provider string, kind runtime.Kind) error {
	supported := catalog.ClientTypes(client)
	if slices.Contains(supported, string(kind)) {
		return nil
	}
	return fmt.Errorf("%s: agent type %q is not supported (supported: %s)", provider, kind, strings.Join(supported, ", "))
}

// NeedImage returns nil when a vision request has images and each has
// data, or else the error `provider: vision request has no image` (or
// `... image N has no data`).
func NeedImage(provider string, imgs []runtime.Image) error {
	if len(imgs) == 0 {
		return fmt.Errorf("%s: vision request has no image", provider)
	}
	for i, img := range imgs {
		if len(img.Data) == 0 {
			return fmt.Errorf("%s: vision request image %d has no data", provider, i+1)
		}
	}
	return nil
}

// ImageMIME returns img's media type: its MIME, or when that is empty the
// type sniffed from its data.
func ImageMIME(img *runtime.Image) string {
	if img.MIME != "" {
		return img.MIME
	}
	return http.DetectContentType(img.Data)
}

// A ResponseFormat is the response_format of a chat request in OpenAI's
// shape, which OpenAI, vLLM, llama.cpp and Mistral share for structured
// output (docs/providers.md#structured-output).
type ResponseFormat struct {
	Type       string      `json:"type"` // "json_schema"
	JSONSchema *JSONSchema `json:"json_schema"`
}

// JSONSchema is a ResponseFormat's schema: its name, strict on, and the
// schema's strict form.
type JSONSchema struct {
	Name   string          `json:"name"`
	Strict bool            `json:"strict"`
	Schema json.RawMessage `json:"schema"`
}

// StrictFormat returns the response_format of a typed request, or nil for
// plain text (s nil).
func StrictFormat(s *runtime.Schema) *ResponseFormat {
	if s == nil {
		return nil
	}
	name := s.Name()
	if len(name) > 64 { // OpenAI's limit on a schema's name
		name = name[:64]
	}
	return &ResponseFormat{Type: "json_schema", JSONSchema: &JSONSchema{Name: name, Strict: true, Schema: s.Strict()}}
}

// Answer returns the answer text of a request that sent s's strict form
// (nil s: plain text), unwrapped when s wraps its root.
func Answer(s *runtime.Schema, text string) (string, error) {
	if s == nil {
		return text, nil
	}
	return s.Unwrap(text)
}

// Params returns p, or empty params when p is nil, so that a client reads
// a request's params without checking for nil.
func Params(p *runtime.Params) *runtime.Params {
	if p == nil {
		return &runtime.Params{}
	}
	return p
}

// A Response is a 2xx answer, read whole.
type Response struct {
	Header http.Header
	Body   []byte
}

// Do sends method path with body (of contentType, when body is non-nil)
// and returns the 2xx answer read whole, or an error: *runtime.APIError for
// a non-2xx status, the transport's error, or io.ErrUnexpectedEOF for a
// body cut short. The request carries c.Header and c.Auth's headers.
func (c *Client) Do(ctx context.Context, method, path, contentType string, body []byte) (*Response, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.BaseURL+path, rd)
	if err != nil {
		return nil, fmt.Errorf("%s: build request: %w", c.Provider, err)
	}
	if body != nil {
		req.Header.Set("Content-Type", contentType)
	}
	for k, vs := range c.Header {
		req.Header[k] = vs
	}
	if c.Auth != nil {
		c.Auth(req.Header)
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", c.Provider, scrubURL(err))
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		return nil, c.apiError(resp, b)
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("%s: read response: %w", c.Provider, err)
	}
	return &Response{Header: resp.Header, Body: b}, nil
}

// PostJSON sends in as JSON to path, with extra's fields merged over it,
// and decodes the 2xx answer into out.
func (c *Client) PostJSON(ctx context.Context, path string, in any, extra json.RawMessage, out any) (*Response, error) {
	body, err := Marshal(in, extra)
	if err != nil {
		return nil, fmt.Errorf("%s: encode request: %w", c.Provider, err)
	}
	resp, err := c.Do(ctx, http.MethodPost, path, "application/json", body)
	if err != nil {
		return nil, err
	}
	if err := c.Decode(resp.Body, out); err != nil {
		return nil, err
	}
	return resp, nil
}

// Decode decodes a 2xx JSON body into out, with an error naming the
// provider when the body is malformed.
func (c *Client) Decode(body []byte, out any) error {
	if err := json.Unmarshal(body, out); err != nil {
		return fmt.Errorf("%s: malformed response body: %w", c.Provider, err)
	}
	return nil
}

func (c *Client) apiError(resp *http.Response, body []byte) *runtime.APIError {
	e := &runtime.APIError{Provider: c.Provider, StatusCode: resp.StatusCode}
	keys := c.secrets()
	if c.ParseError != nil {
		e.Code, e.Message = c.ParseError(body)
		e.Code, e.Message = redactAll(e.Code, keys), redactAll(e.Message, keys)
	}
	if e.Message == "" {
		// Redact the whole body first (a key the cut would split no longer
		// matches whole), then cut at 200 bytes, dropping a rune the cut
		// split.
		msg := redactAll(string(body), keys)
		e.Message = strings.ToValidUTF8(strings.TrimSpace(msg[:min(len(msg), maxErrorMessage)]), "")
	}
	for _, h := range []string{"x-request-id", "request-id"} {
		if v := resp.Header.Get(h); v != "" {
			e.RequestID = redactAll(v, keys)
			break
		}
	}
	e.RetryAfter, e.ShouldRetry = runtime.RetryHint(resp.Header)
	return e
}

// Marshal encodes v as JSON and, when extra is a non-empty JSON object,
// sets each of its fields in the result (overriding fields of v).
func Marshal(v any, extra json.RawMessage) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil || len(bytes.TrimSpace(extra)) == 0 {
		return b, err
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(b, &fields); err != nil {
		return nil, err
	}
	var ext map[string]json.RawMessage
	if err := json.Unmarshal(extra, &ext); err != nil {
		return nil, fmt.Errorf("params.extra is not a JSON object: %w", err)
	}
	for k, v := range ext {
		fields[k] = v
	}
	return json.Marshal(fields) // encoding/json sorts map keys: deterministic
}

// scrubURL removes the query string from a *url.Error's URL, so a key
// passed as ?key= never reaches an error message.
func scrubURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		if i := strings.IndexByte(ue.URL, '?'); i >= 0 {
			ue.URL = ue.URL[:i]
		}
	}
	return err
}
