package ir

import "slices"

// A ProviderInfo is what the checker knows about a provider at generate time.
type ProviderInfo struct {
	Name        string
	Types       []AgentType // agent types it offers, in SPEC §6 order
	APIKeyEnv   string      // default API key variable; "" = none
	KeyRequired bool        // New fails without a key
}

// Providers lists every provider of SPEC §6, in the order of its table.
// This is the one place that knows which provider offers which agent type.
var Providers = []ProviderInfo{
	{Name: "openai", Types: []AgentType{Text, Image, Vision, Speech, Recognition, Embed}, APIKeyEnv: "OPENAI_API_KEY", KeyRequired: true},
	{Name: "anthropic", Types: []AgentType{Text, Vision}, APIKeyEnv: "ANTHROPIC_API_KEY", KeyRequired: true},
	{Name: "gemini", Types: []AgentType{Text, Vision, Embed}, APIKeyEnv: "GEMINI_API_KEY", KeyRequired: true},
	{Name: "mistral", Types: []AgentType{Text, Embed}, APIKeyEnv: "MISTRAL_API_KEY", KeyRequired: true},
	{Name: "stability", Types: []AgentType{Image}, APIKeyEnv: "STABILITY_API_KEY", KeyRequired: true},
	{Name: "ollama", Types: []AgentType{Text, Vision, Embed}},
	{Name: "vllm", Types: []AgentType{Text, Embed}},
	{Name: "llamacpp", Types: []AgentType{Text, Embed}},
}

// AgentTypes lists every agent type, in SPEC §3.4 order.
var AgentTypes = []AgentType{Text, Image, Vision, Speech, Recognition, Embed}

// Provider returns the named provider, or false.
func Provider(name string) (ProviderInfo, bool) {
	for _, p := range Providers {
		if p.Name == name {
			return p, true
		}
	}
	return ProviderInfo{}, false
}

// Offers reports whether p offers agent type t.
func (p ProviderInfo) Offers(t AgentType) bool { return slices.Contains(p.Types, t) }
