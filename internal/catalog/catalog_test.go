package catalog_test

import (
	"slices"
	"testing"

	"github.com/intelligen/intelligen/internal/catalog"
)

func TestProviders(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range catalog.Providers {
		if seen[p.Name] {
			t.Errorf("provider %s listed twice", p.Name)
		}
		seen[p.Name] = true
		if len(p.Types) == 0 || p.Client == "" {
			t.Errorf("provider %s: no types or no client", p.Name)
		}
		for _, ty := range p.Types {
			if !slices.Contains(catalog.Types, ty) {
				t.Errorf("provider %s offers unknown type %q", p.Name, ty)
			}
		}
		if !slices.IsSortedFunc(p.Types, func(a, b string) int {
			return slices.Index(catalog.Types, a) - slices.Index(catalog.Types, b)
		}) {
			t.Errorf("provider %s: types %v not in the order of catalog.Types", p.Name, p.Types)
		}
		if p.KeyRequired && p.APIKeyEnv == "" {
			t.Errorf("provider %s requires a key but names no variable", p.Name)
		}
	}
	if _, ok := catalog.Lookup("nope"); ok {
		t.Error("Lookup found an unknown provider")
	}
	if p, ok := catalog.Lookup("vllm"); !ok || p.Client != "openaicompat" {
		t.Errorf("Lookup(vllm) = %+v, %v", p, ok)
	}
}

func TestClientTypes(t *testing.T) {
	for client, want := range map[string][]string{
		"openai":       {"text", "image", "vision", "speech", "recognition", "embed"},
		"openaicompat": {"text", "embed"},
		"stability":    {"image"},
		"nope":         nil,
	} {
		if got := catalog.ClientTypes(client); !slices.Equal(got, want) {
			t.Errorf("ClientTypes(%s) = %v, want %v", client, got, want)
		}
	}
}
