package intelligen_test

import (
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/intelligen/intelligen/ir"
)

// Typed outputs in the random flows (docs/language.md#typed-outputs): a
// text task may declare one of typedOutputs, and a later task's template
// renders it in one of its forms. The type is written here twice, as HCL
// for the flow and as an ir.Type for internal/simtest, and each form's
// text is computed from the simulated JSON, not by generated code.

// A typedOutput is an output type with the ways a template may use it.
type typedOutput struct {
	hcl   string
	typ   *ir.Type
	forms []refForm
}

// A refForm is one way to reference a typed output in a template: hcl is
// a format with one %s for task.X.output, render the text it gives for
// the output's canonical JSON.
type refForm struct {
	hcl    string
	render func(js string) string
}

// An mRef is a template reference to a typed output, in one of its forms.
type mRef struct {
	t    *mTask
	form refForm
}

var (
	tString = &ir.Type{Kind: ir.KindString}
	tNumber = &ir.Type{Kind: ir.KindNumber}
	tBool   = &ir.Type{Kind: ir.KindBool}
)

var typedOutputs = []*typedOutput{
	{
		hcl: `object({ n = number, ok = bool, tags = list(string), who = optional(object({ s = string })) })`,
		typ: &ir.Type{Kind: ir.KindObject, Attrs: []*ir.Attr{
			{Name: "n", Type: tNumber},
			{Name: "ok", Type: tBool},
			{Name: "tags", Type: &ir.Type{Kind: ir.KindList, Elem: tString}},
			{Name: "who", Optional: true, Type: &ir.Type{Kind: ir.KindObject, Attrs: []*ir.Attr{{Name: "s", Type: tString}}}},
		}},
		forms: []refForm{
			{"${%s.n}", func(js string) string { return num(field(js, "n").(float64)) }},
			{"${%s.ok}", func(js string) string { return strconv.FormatBool(field(js, "ok").(bool)) }},
			{"${%s.who.s}", func(js string) string {
				if who, ok := field(js, "who").(map[string]any); ok {
					return who["s"].(string)
				}
				return ""
			}},
			{`${join(", ", %s.tags)}`, func(js string) string {
				var tags []string
				for _, x := range field(js, "tags").([]any) {
					tags = append(tags, x.(string))
				}
				return strings.Join(tags, ", ")
			}},
			{"${jsonencode(%s)}", func(js string) string { return js }},
		},
	},
	{
		hcl: "list(number)",
		typ: &ir.Type{Kind: ir.KindList, Elem: tNumber},
		forms: []refForm{
			{`${join(" | ", %s)}`, func(js string) string {
				var xs []float64
				decode(js, &xs)
				var parts []string
				for _, x := range xs {
					parts = append(parts, num(x))
				}
				return strings.Join(parts, " | ")
			}},
			{"${jsonencode(%s)}", func(js string) string { return js }},
		},
	},
	{
		hcl: `enum("red", "green", "blue")`,
		typ: &ir.Type{Kind: ir.KindEnum, Enum: []string{"red", "green", "blue"}},
		forms: []refForm{
			{"${%s}", func(js string) string {
				var s string
				decode(js, &s)
				return s
			}},
			{"${jsonencode(%s)}", func(js string) string { return js }},
		},
	},
}

// reference returns a template reference to t: t itself for a text
// output, else one of its typed output's forms.
func reference(r *rand.Rand, t *mTask) any {
	if t.out == nil {
		return t
	}
	return &mRef{t: t, form: t.out.forms[r.IntN(len(t.out.forms))]}
}

// field is attribute name of the JSON object js.
func field(js, name string) any {
	var m map[string]any
	decode(js, &m)
	return m[name]
}
