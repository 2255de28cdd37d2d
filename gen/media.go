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
	arg := func(m ir.MediaInput) {
		if m.Var != nil {
			args = append(args, ", in.", m.Var.GoName)
		} else {
			args = append(args, ", ", vals[m.Edge])
		}
	}
	for _, m := range t.Images {
		arg(m)
	}
	if t.Audio != nil {
		arg(*t.Audio)
	}
	return args
}
