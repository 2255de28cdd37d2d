package catalog

import (
	"slices"
	"time"
)

// The agent types, as HCL spells them (docs/language.md#agent).
const (
	Text        = "text"
	Image       = "image"
	Vision      = "vision"
	Speech      = "speech"
	Recognition = "recognition"
	Embed       = "embed"
)

// Types lists every agent type, in the order the docs list them.
var Types = []string{Text, Image, Vision, Speech, Recognition, Embed}

// Defaults of an agent that leaves timeout or retry unset, applied by the
// runtime wherever a config leaves the field zero. Generated configs
// write only what differs from them.
const (
	Timeout    = 120 * time.Second // per call
	Attempts   = 3                 // tries in all, the first included
	Backoff    = time.Second       // wait before the second try
	MaxBackoff = 30 * time.Second  // cap of the doubling wait
)

// A Provider is one provider of docs/providers.md#matrix.
type Provider struct {
	Name        string
	Types       []string // agent types it offers, in the order of Types
	Client      string   // the package under providers/ that calls it
	APIKeyEnv   string   // default API key variable; "" = none
	KeyRequired bool     // the client fails without a key
}

// Providers lists every provider, in the order of the docs' table.
var Providers = []Provider{
	{Name: "openai", Types: []string{Text, Image, Vision, Speech, Recognition, Embed}, Client: "openai", APIKeyEnv: "OPENAI_API_KEY", KeyRequired: true},
	{Name: "anthropic", Types: []string{Text, Vision}, Client: "anthropic", APIKeyEnv: "ANTHROPIC_API_KEY", KeyRequired: true},
	{Name: "gemini", Types: []string{Text, Vision, Embed}, Client: "gemini", APIKeyEnv: "GEMINI_API_KEY", KeyRequired: true},
	{Name: "mistral", Types: []string{Text, Embed}, Client: "mistral", APIKeyEnv: "MISTRAL_API_KEY", KeyRequired: true},
	{Name: "stability", Types: []string{Image}, Client: "stability", APIKeyEnv: "STABILITY_API_KEY", KeyRequired: true},
	{Name: "ollama", Types: []string{Text, Vision, Embed}, Client: "ollama"},
	// vLLM and llama.cpp speak the OpenAI-compatible protocol and share
	// one client.
	{Name: "vllm", Types: []string{Text, Embed}, Client: "openaicompat"},
	{Name: "llamacpp", Types: []string{Text, Embed}, Client: "openaicompat"},
}

// Lookup returns the named provider, or false.
func Lookup(name string) (Provider, bool) {
	i := slices.IndexFunc(Providers, func(p Provider) bool { return p.Name == name })
	if i < 0 {
		return Provider{}, false
	}
	return Providers[i], true
}

// Offers reports whether p offers agent type t.
func (p Provider) Offers(t string) bool { return slices.Contains(p.Types, t) }

// ClientTypes returns the agent types that the client package client
// serves: those of the providers it calls, in the order of Types.
func ClientTypes(client string) []string {
	var ts []string
	for _, t := range Types {
		for _, p := range Providers {
			if p.Client == client && p.Offers(t) {
				ts = append(ts, t)
				break
			}
		}
	}
	return ts
}
