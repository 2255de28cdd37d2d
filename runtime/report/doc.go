// Package report records one Run of a generated flow and writes it as a
// self-contained HTML page: the flow's graph with every task coloured by
// status, a timeline with one bar per task on a shared time axis, and per
// task its prompt, output, model, tokens, attempts and errors.
//
// A [Recorder] is a runtime.Observer; install it with an option to a
// generated New, run the flow, then write the page:
//
//	rec := &report.Recorder{}
//	f, err := blog.New(runtime.WithObserver(rec))
//	...
//	out, err := f.Run(ctx, blog.Input{})
//	err = rec.WriteHTMLFile("report.html")
//
// The page needs no network and no JavaScript: styles, the graph (inline
// SVG, laid out in layers by dependency depth), images and audio (data:
// URIs) are all inside the one file, and a Content-Security-Policy forbids
// it to load anything else. See docs/report.md.
//
// It is not a tracing system (see runtime/oteltrace) nor a store of many
// Runs: a Recorder keeps the latest Run it saw. Package runtime does not
// depend on it, so programs that do not import it do not link it.
package report
