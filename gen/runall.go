package gen

// runAllFunc writes Result and RunAll, which runs the flow over many
// inputs with runtime.RunAll (docs/api.md#runall).
func (g *generator) runAllFunc(w *writer) {
	w.P("// ", resultType, " is the outcome of one input of RunAll: its position in the sequence")
	w.P("// (from 0), the input, and its Run's output.")
	w.P("type ", resultType, " = ", rt("Result"), "[", inputType, ", ", outputType, "]")
	w.P()
	w.P("// RunAll runs the flow once per input, at most runtime.WithMaxInFlight at once")
	w.P("// (default 64), and yields each input's Result with its Run's error as the Run")
	w.P("// ends (in input order with runtime.InOrder). It pulls the next input only when")
	w.P("// a Run ends, so the sequence may be endless. Every Run shares the Flow's agents")
	w.P("// and their limits. Breaking out of the loop cancels the Runs in flight; RunAll")
	w.P("// returns once every Run it started has ended.")
	w.P("func (f *", flowType, ") RunAll(ctx ", contextPkg.ident("Context"), ", inputs ", iterPkg.ident("Seq"), "[", inputType, "], opts ...", rt("BatchOption"), ") ",
		iterPkg.ident("Seq2"), "[", resultType, ", error] {")
	w.P("return ", rt("RunAll"), "(ctx, inputs, f.Run, opts...)")
	w.P("}")
	w.P()
}
