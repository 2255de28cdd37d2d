package runtime_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/intelligen/intelligen/runtime"
)

func TestMissingKeys(t *testing.T) {
	openai := &runtime.KeyError{Agent: "a", Provider: "openai", Variable: "OPENAI_API_KEY"}
	openai2 := &runtime.KeyError{Agent: "b", Provider: "openai", Variable: "OPENAI_API_KEY"}
	gemini := &runtime.KeyError{Agent: "c", Provider: "gemini", Variable: "GEMINI_API_KEY"}
	other := errors.New("agent \"d\": bad base URL")
	for _, tc := range []struct {
		name string
		err  error
		want []string
	}{
		{"nil", nil, nil},
		{"other", other, nil},
		{"one", openai, []string{"OPENAI_API_KEY"}},
		{"joined, deduplicated, in order", errors.Join(gemini, other, openai, openai2), []string{"GEMINI_API_KEY", "OPENAI_API_KEY"}},
		{"wrapped", fmt.Errorf("new: %w", errors.Join(openai, gemini)), []string{"OPENAI_API_KEY", "GEMINI_API_KEY"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := runtime.MissingKeys(tc.err); !slices.Equal(got, tc.want) {
				t.Errorf("MissingKeys = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestMissingKeysFromNew(t *testing.T) {
	rt := runtime.NewFlow(&runtime.FlowConfig{Name: "f"}, runtime.WithLookupEnv(func(string) (string, bool) { return "", false }))
	for _, a := range []*runtime.AgentConfig{
		{Name: "writer", Provider: "gemini", Kind: runtime.KindText, APIKeyEnv: "GEMINI_API_KEY", KeyRequired: true},
		{Name: "local", Provider: "ollama", Kind: runtime.KindText},
		{Name: "painter", Provider: "stability", Kind: runtime.KindImage, APIKeyEnv: "STABILITY_API_KEY", KeyRequired: true},
	} {
		rt.Agent(a, func(runtime.ClientConfig) (runtime.Agent, error) { return runtime.Simulator{}, nil })
	}
	want := []string{"GEMINI_API_KEY", "STABILITY_API_KEY"}
	if got := runtime.MissingKeys(rt.Err()); !slices.Equal(got, want) {
		t.Errorf("MissingKeys(rt.Err()) = %q, want %q", got, want)
	}
}
