package ir

import (
	"slices"

	"github.com/intelligen/intelligen/internal/catalog"
)

// A ProviderInfo is what the checker knows about a provider at generate time.
type ProviderInfo struct {
	Name        string
	Types       []AgentType // agent types it offers, in the order of docs/providers.md#matrix
	APIKeyEnv   string      // default API key variable; "" = none
	KeyRequired bool        // New fails without a key
}

// Providers lists every provider, in the order of docs/providers.md#matrix,
// as package catalog states them.
var Providers = func() []ProviderInfo {
	ps := make([]ProviderInfo, len(catalog.Providers))
	for i, p := range catalog.Providers {
		ps[i] = ProviderInfo{Name: p.Name, APIKeyEnv: p.APIKeyEnv, KeyRequired: p.KeyRequired}
		for _, t := range p.Types {
			ps[i].Types = append(ps[i].Types, AgentType(t))
		}
	}
	return ps
}()

// AgentTypes lists every agent type, in the order of catalog.Types.
var AgentTypes = func() []AgentType {
	ts := make([]AgentType, len(catalog.Types))
	for i, t := range catalog.Types {
		ts[i] = AgentType(t)
	}
	return ts
}()

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
