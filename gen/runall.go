package gen

import "github.com/dave/jennifer/jen"

// runAllFunc emits Result and RunAll, which runs the flow over many
// inputs with runtime.RunAll (docs/api.md#runall).
func (g *generator) runAllFunc(f *jen.File) {
	f.Comment("Result is the outcome of one input of RunAll: its position in the sequence")
	f.Comment("(from 0), the input, and its Run's output.")
	f.Type().Id("Result").Op("=").Qual(runtimePath, "Result").Types(jen.Id("Input"), jen.Id("Output"))
	f.Line()
	f.Comment("RunAll runs the flow once per input, at most runtime.WithMaxInFlight at once")
	f.Comment("(default 64), and yields each input's Result with its Run's error as the Run")
	f.Comment("ends (in input order with runtime.InOrder). It pulls the next input only when")
	f.Comment("a Run ends, so the sequence may be endless. Every Run shares the Flow's agents")
	f.Comment("and their limits. Breaking out of the loop cancels the Runs in flight; RunAll")
	f.Comment("returns once every Run it started has ended.")
	f.Func().Params(jen.Id("f").Op("*").Id("Flow")).Id("RunAll").
		Params(
			jen.Id("ctx").Qual("context", "Context"),
			jen.Id("inputs").Qual("iter", "Seq").Types(jen.Id("Input")),
			jen.Id("opts").Op("...").Qual(runtimePath, "BatchOption"),
		).
		Qual("iter", "Seq2").Types(jen.Id("Result"), jen.Error()).
		Block(jen.Return(jen.Qual(runtimePath, "RunAll").Call(
			jen.Id("ctx"), jen.Id("inputs"), jen.Id("f").Dot("Run"), jen.Id("opts").Op("..."))))
	f.Line()
}
