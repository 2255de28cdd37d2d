package gen

import (
	"strconv"

	"github.com/intelligen/intelligen/ir"
)

// Media from the user (docs/language.md#media): an image or audio
// variable is a required runtime.Image or runtime.Audio field of Input,
// which Run checks before starting, and which the tasks that attach it
// receive with the images or audio of their after and attach entries.

// mediaInputs writes Run's check of every image and audio variable: empty
// Data fails the Run naming the variable. It reports whether it wrote one.
func (g *generator) mediaInputs(w *writer) bool {
	wrote := false
	for _, v := range g.w.Variables {
		if v.Type == ir.ImageVar || v.Type == ir.AudioVar {
			w.P("if len(in.", v.GoName, ".Data) == 0 {")
			w.P("return ", outputType, "{}, ", rt("MissingInput"), "(", strconv.Quote(v.Name), ")")
			w.P("}")
			wrote = true
		}
	}
	return wrote
}

// mediaArgs returns the arguments after the prompt of t's call: a vision
// task's images, a recognition task's audio, in the order the task
// receives them; vals holds the values received along t's edges.
func mediaArgs(t *ir.Task, vals map[*ir.Edge]string) []any {
	var args []any
	for _, m := range t.Images {
		args = append(args, ", ", media(m, vals))
	}
	if t.Audio != nil {
		args = append(args, ", ", media(*t.Audio, vals))
	}
	return args
}

// media is the expression of an image or audio that a task attaches: the
// Input field of a variable, else the value received along the edge.
func media(m ir.MediaInput, vals map[*ir.Edge]string) string {
	if m.Var != nil {
		return "in." + m.Var.GoName
	}
	return vals[m.Edge]
}
