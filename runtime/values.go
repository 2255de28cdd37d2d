package runtime

import (
	"context"
	"encoding/json"
	"net/http"
	"time"
)

// Kind is the type of an agent (docs/language.md#ports).
type Kind string

// The agent kinds.
const (
	KindText        Kind = "text"
	KindImage       Kind = "image"
	KindVision      Kind = "vision"
	KindSpeech      Kind = "speech"
	KindRecognition Kind = "recognition"
	KindEmbed       Kind = "embed"
)

// Image is an image output or input.
type Image struct {
	MIME string
	Data []byte
}

// Audio is an audio output or input.
type Audio struct {
	MIME string
	Data []byte
}

// Embedding is an embedding vector.
type Embedding []float32

// A Request is one call of an agent. Agents must not modify it: Params
// points into the flow's [Task], shared by concurrent Runs.
type Request struct {
	Task     string // task label, as written in the flow
	Agent    string // agent label
	Kind     Kind
	Model    string // "" = the provider's default for Kind
	Mission  string // system instruction; may be empty
	Prompt   string
	Images   []Image // the images of a vision call, in order (docs/language.md#media)
	Audio    *Audio  // the audio of a recognition call
	Params   *Params // never nil when called through a Handle
	Provider string  // provider name, for logs and errors

	// Schema is the output type of a typed text or vision task, nil for
	// plain text. A client sends it in its provider's structured-output
	// mode (docs/providers.md#structured-output) and returns the answer's
	// text; the runtime decodes and validates it.
	Schema *Schema
}

// A Response is an agent's answer. Only the field of the request's Kind is
// set: Text for text, vision and recognition; Image; Audio for speech;
// Embedding for embed.
type Response struct {
	Text      string
	Image     Image
	Audio     Audio
	Embedding Embedding
	Model     string // the model that answered, when the provider says
	Usage     Usage
}

// Usage is token usage, when the provider reports it.
type Usage struct {
	InputTokens  int
	OutputTokens int
}

// An Agent answers requests. Provider clients implement it, as does the
// simulator; users replace one agent of a flow with [WithAgent].
type Agent interface {
	Call(ctx context.Context, req *Request) (*Response, error)
}

// AgentFunc adapts a function to the [Agent] interface.
type AgentFunc func(ctx context.Context, req *Request) (*Response, error)

// Call calls fn(ctx, req).
func (fn AgentFunc) Call(ctx context.Context, req *Request) (*Response, error) {
	return fn(ctx, req)
}

// Params are model parameters (docs/language.md#parameters). Zero values and nil pointers are
// "not set": providers send only what is set.
type Params struct {
	Temperature    *float64
	TopP           *float64
	MaxTokens      int
	Seed           *int64
	Stop           []string
	Size           string
	Quality        string
	AspectRatio    string
	NegativePrompt string
	Voice          string
	Format         string
	Language       string
	Dimensions     int

	// Extra is a JSON object whose fields are added to the request body
	// as given, overriding fields of the same name.
	Extra json.RawMessage
}

// AgentConfig is an agent as declared in the flow. Generated code declares
// one per agent; it holds no secret (API keys are read when New runs).
type AgentConfig struct {
	Name     string // label as written
	Provider string
	Kind     Kind
	Model    string
	ModelEnv string // variable holding the model, read by New; "" = none
	Mission  string

	APIKeyEnv   string // variable holding the API key; "" = none
	KeyRequired bool   // New fails when the variable is empty
	BaseURL     string // literal base URL; "" = provider default
	BaseURLEnv  string // variable holding the base URL; read by New

	Retry Retry
	Limit Limit
}

// Retry is an agent's retry policy. Attempts counts every try. A zero
// field means its default ([DefaultAttempts], [DefaultBackoff],
// [DefaultMaxBackoff]).
type Retry struct {
	Attempts   int
	Backoff    time.Duration
	MaxBackoff time.Duration
}

// Limit bounds an agent's calls across every task and Run of one Flow.
// Zero fields mean no limit.
type Limit struct {
	Concurrency       int
	RequestsPerMinute int
}

// Task is one task as declared in the flow, with everything about it that is
// known at generate time.
type Task struct {
	Name    string // label as written
	Agent   *AgentConfig
	Params  Params        // the agent's params with the task's merged over them
	Timeout time.Duration // per-call timeout; 0 = [DefaultTimeout]
	Log     bool
	Output  *Schema // the output type of a typed task ([Typed]); nil = plain text

	elem *element // set on the copy [Run.Each] makes for one element: itself
}

// ClientConfig is what a provider client is built from.
type ClientConfig struct {
	Agent      *AgentConfig
	APIKey     Secret       // empty when the provider needs none
	BaseURL    string       // "" = the provider's default
	HTTPClient *http.Client `json:"-"`
}

// NewClientFunc builds a provider client. Every provider package has one,
// named New.
type NewClientFunc func(ClientConfig) (Agent, error)
