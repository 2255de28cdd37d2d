package vars

import (
	"context"
	"errors"
	"testing"

	"github.com/intelligen/intelligen/runtime"
)

// echo answers with the prompt it got, so the test sees how Input was
// rendered.
var echo = runtime.AgentFunc(func(ctx context.Context, req *runtime.Request) (*runtime.Response, error) {
	return &runtime.Response{Text: req.Prompt}, nil
})

func TestInput(t *testing.T) {
	f, err := New(runtime.WithAgent("llm", echo))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		in   Input
		want string
	}{
		// nil optional fields take their defaults; a required number
		// accepts its zero value.
		{Input{Topic: "go"}, "go|friendly|2.5|true|0"},
		// Explicit zero values are kept as given.
		{Input{Topic: "go", Tone: new(""), N: new(0.0), Flag: new(false), Count: -1.5e-7}, "go||0|false|-0.00000015"},
		{Input{Topic: "x", Tone: new("dry"), N: new(1e21), Count: 3}, "x|dry|1000000000000000000000|true|3"},
	}
	for _, tt := range tests {
		out, err := f.Run(context.Background(), tt.in)
		if err != nil {
			t.Fatal(err)
		}
		if out.Write != tt.want {
			t.Errorf("Run(%+v) prompt = %q, want %q", tt.in, out.Write, tt.want)
		}
	}
}

func TestMissingInput(t *testing.T) {
	f, err := New(runtime.WithAgent("llm", echo))
	if err != nil {
		t.Fatal(err)
	}
	out, err := f.Run(context.Background(), Input{Tone: new("x")})
	var ie *runtime.InputError
	if !errors.As(err, &ie) || ie.Variable != "topic" || err.Error() != `input "topic" is required and empty` {
		t.Errorf("err = %v, want the InputError of topic", err)
	}
	if out != (Output{}) {
		t.Errorf("out = %+v, want zero", out)
	}
}
