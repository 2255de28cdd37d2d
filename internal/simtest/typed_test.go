package simtest_test

import (
	"context"

	"testing"

	"github.com/intelligen/intelligen/internal/simtest"
	"github.com/intelligen/intelligen/ir"
	"github.com/intelligen/intelligen/runtime"
)

// TestTypedExample checks Typed against the worked example of
// docs/simulator.md#typed-outputs.
func TestTypedExample(t *testing.T) {
	typ := &ir.Type{Kind: ir.KindObject, Attrs: []*ir.Attr{
		{Name: "category", Type: &ir.Type{Kind: ir.KindEnum, Enum: []string{"billing", "tech", "other"}}},
		{Name: "summary", Type: &ir.Type{Kind: ir.KindString}},
	}}
	got := simtest.Typed(typ, "triage", "Triage: printer on fire")
	if want := `{"category":"tech","summary":"triage.summary:d0dd7b8b"}`; got != want {
		t.Errorf("Typed = %s, want %s", got, want)
	}
	// The root string is the text rule.
	if got, want := simtest.Typed(&ir.Type{Kind: ir.KindString}, "t", "p"), `"`+simtest.Text("t", "p")+`"`; got != want {
		t.Errorf("Typed(string) = %s, want %s", got, want)
	}
}

// TestTypedMatchesRuntime checks Typed against the runtime's simulator
// on a type of every kind, for several prompts.
func TestTypedMatchesRuntime(t *testing.T) {
	str := &ir.Type{Kind: ir.KindString}
	num := &ir.Type{Kind: ir.KindNumber}
	typ := &ir.Type{Kind: ir.KindObject, Attrs: []*ir.Attr{
		{Name: "title", Type: str},
		{Name: "score", Type: num},
		{Name: "ok", Type: &ir.Type{Kind: ir.KindBool}},
		{Name: "level", Type: &ir.Type{Kind: ir.KindEnum, Enum: []string{"a", "b", "c"}}},
		{Name: "tags", Type: &ir.Type{Kind: ir.KindList, Elem: str}},
		{Name: "counts", Type: &ir.Type{Kind: ir.KindMap, Elem: num}},
		{Name: "owner", Optional: true, Type: &ir.Type{Kind: ir.KindObject, Attrs: []*ir.Attr{
			{Name: "name", Type: str},
			{Name: "nick", Optional: true, Type: str},
		}}},
		{Name: "items", Type: &ir.Type{Kind: ir.KindList, Elem: &ir.Type{Kind: ir.KindObject, Attrs: []*ir.Attr{
			{Name: "x", Type: str},
		}}}},
	}}
	schema := runtime.NewSchema("t", string(typ.JSONSchema()))
	for _, prompt := range []string{"", "a", "b", "hello <world> & more", "é世🎉"} {
		req := &runtime.Request{Task: "t", Kind: runtime.KindText, Prompt: prompt, Schema: schema}
		resp, err := runtime.Simulator{}.Call(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		if want := simtest.Typed(typ, "t", prompt); resp.Text != want {
			t.Errorf("prompt %q: runtime %s, simtest %s", prompt, resp.Text, want)
		}
	}
}
