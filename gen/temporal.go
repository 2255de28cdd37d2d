package gen

import (
	"fmt"

	"github.com/intelligen/intelligen/ir"
)

// The packages only the Temporal file imports. They are not importable
// (newPackage): the Go file never imports them, and reserving their names
// there would rename its locals for nothing.
var (
	activityPkg = goPackage("go.temporal.io/sdk/activity")
	workerPkg   = goPackage("go.temporal.io/sdk/worker")
	workflowPkg = goPackage("go.temporal.io/sdk/workflow")
	temporalPkg = goPackage(modulePath + "/temporal")
)

// The names the Temporal file declares at package level, beside the Go
// file's (declared).
const (
	workflowFunc     = "Workflow"
	workflowNameDecl = "WorkflowName"
	activitiesType   = "Activities"
	newActivities    = "NewActivities"
	registerFunc     = "Register"
)

var temporalDeclared = []string{workflowFunc, workflowNameDecl, activitiesType, newActivities, registerFunc}

// Temporal returns the gofmt'ed Go source of w's Temporal workflow
// (docs/temporal.md): <base>_temporal.go, in the package of the Go file
// Go returns, whose Input, Output, Flow and config variables it uses. Like
// Go, an error means a bug in gen.
func Temporal(w *ir.Workflow, opts *Options) ([]byte, error) {
	if opts == nil {
		opts = &Options{}
	}
	g := newGenerator(w)
	for _, p := range []goPackage{activityPkg, workerPkg, workflowPkg, temporalPkg} {
		g.pkg.reserve(p.name())
	}
	g.pkg.reserve(temporalDeclared...)
	wr := newWriter(w.Package)
	g.header(wr, opts)
	wr.doc = nil // the Go file holds the package doc
	g.workflowName(wr)
	g.workflowFunc(wr)
	g.activities(wr)
	out, err := wr.source()
	if err != nil {
		return nil, fmt.Errorf("gen: format the Temporal workflow of flow %q: %w", w.Name, err)
	}
	return out, nil
}

func (g *generator) workflowName(w *writer) {
	w.P("// ", workflowNameDecl, " is the name ", workflowFunc, " is registered under: the flow's label.")
	w.P("const ", workflowNameDecl, " = ", str(g.w.Name))
	w.P()
}

// workflowFunc writes Workflow, which has Run's shape (runFunc): one
// workflow coroutine per task and one typed workflow channel per edge;
// each agent call is one activity.
func (g *generator) workflowFunc(w *writer) {
	fl := g.w
	s := newScope(g.pkg)
	s.reserve("ctx", "in", "r", "out", "err", "ok")

	w.P(fmt.Sprintf("// %s runs flow %q as a Temporal workflow, registered as %s. Each", workflowFunc, fl.Name, workflowNameDecl))
	w.P("// task is one workflow coroutine that starts its activity as soon as all")
	w.P("// of its inputs have arrived; the outputs and the error are Run's")
	w.P("// (docs/temporal.md). A failure is an application error naming the task,")
	w.P("// its agent and provider, which temporal.TaskErrorOf reads back.")
	w.P("func ", workflowFunc, "(ctx ", workflowPkg.ident("Context"), ", in ", inputType, ") (", outputType, ", error) {")
	vars, chans := g.runStart(w, s, []any{temporalPkg.ident("Start"), "(ctx, &", g.flowVar, ")"}, []string{
		"// One workflow channel per edge. Each carries at most one value; a",
		"// channel closed without a value means its task failed or was skipped.",
	}, func(e *ir.Edge) []any { return []any{temporalPkg.ident("NewEdge"), "[", valueType(e.From), "](ctx)"} })
	w.P()
	for _, t := range fl.Order {
		g.workflowTask(w, s, t, vars, chans)
	}
	w.P()
	w.P("err := r.Wait()")
	w.P("return out, err")
	w.P("}")
	w.P()
}

// workflowTask writes t's coroutine, as taskGoroutine writes Run's: it
// ends by closing its channels.
func (g *generator) workflowTask(w *writer, run *scope, t *ir.Task, vars map[*ir.Variable]string, chans []string) {
	w.P("// ", taskComment(t))
	w.P("r.Go(func(ctx ", workflowPkg.ident("Context"), ") {")
	for _, e := range t.Out {
		w.P("defer ", chans[e.Index], ".Close()")
	}
	g.taskBody(w, newScope(run), t, vars, chans, g.temporalTarget())
	w.P("})")
}

// edgeRecv and edgeSend receive from and send on a temporal.Edge ch.
func edgeRecv(ch string) string    { return ch + ".Receive(ctx)" }
func edgeSend(ch, v string) string { return ch + ".Send(ctx, " + v + ")" }

// temporalTarget is the Workflow's: temporal.Edge channels, an activity
// per call in the coroutine's workflow context, and temporal.Run.Each,
// whose activity per element runs in the element's workflow context,
// which names the element.
func (g *generator) temporalTarget() target {
	return target{
		recv:  edgeRecv,
		send:  edgeSend,
		self:  "ctx",
		call:  g.activityCall,
		param: "elemCtx",
		open: func(task, items, conc, p, i string) []any {
			return []any{"if !r.Each(ctx, ", task, ", len(", items, "), ", conc, ", func(", p, " ", workflowPkg.ident("Context"), ", ", i, " int) bool {"}
		},
	}
}

// activityCall is the expression that executes t's activity with prompt
// in the workflow context ctx.
func (g *generator) activityCall(t *ir.Task, ctx string, prompt []any, vals map[*ir.Edge]string) []any {
	req := []field{{"Prompt", prompt}}
	if len(t.Images) > 0 {
		images := []any{"[]", rt("Image"), "{"}
		for i, m := range t.Images {
			if i > 0 {
				images = append(images, ", ")
			}
			images = append(images, media(m, vals))
		}
		req = append(req, field{"Images", append(images, "}")})
	}
	if t.Audio != nil {
		req = append(req, field{"Audio", []any{"&", media(*t.Audio, vals)}})
	}
	return []any{temporalPkg.ident("Call"), "[", elemType(t), "](", ctx, ", r, &", g.taskVar[t.Index], ", ", inline(temporalPkg.ident("Request"), req), ")"}
}

// activityHelper is the function of package temporal that makes one try
// of an agent of type t.
func activityHelper(t ir.AgentType) string {
	switch t {
	case ir.Image:
		return "Image"
	case ir.Speech:
		return "Speech"
	case ir.Embed:
		return "Embed"
	}
	return "Text"
}

// activities writes Activities, NewActivities, Register and one activity
// method per task.
func (g *generator) activities(w *writer) {
	fl := g.w
	w.P(fmt.Sprintf("// %s holds the agents of flow %q. Each task is one activity, named", activitiesType, fl.Name))
	w.P("// \"<flow>.<task>\", that makes one try of the task's agent call; Temporal")
	w.P("// retries it under the agent's retry. Agent limits hold per worker process.")
	w.P("type ", activitiesType, " struct {")
	w.P("flow *", flowType)
	w.P("}")
	w.P()
	w.P("// ", newActivities, " builds the flow's agents as ", newFunc, " does: API keys and base URLs")
	w.P("// from the environment, simulation (runtime.WithSimulation) and")
	w.P("// runtime.WithAgent as for ", newFunc, ".")
	w.P("func ", newActivities, "(opts ...", rt("Option"), ") (*", activitiesType, ", error) {")
	w.P("f, err := ", newFunc, "(opts...)")
	w.P("if err != nil {")
	w.P("return nil, err")
	w.P("}")
	w.P("return &", activitiesType, "{flow: f}, nil")
	w.P("}")
	w.P()
	w.P("// ", registerFunc, " registers ", workflowFunc, " and every activity of a with r, a worker.")
	w.P("func ", registerFunc, "(r ", workerPkg.ident("Registry"), ", a *", activitiesType, ") {")
	w.P("r.RegisterWorkflowWithOptions(", workflowFunc, ", ", workflowPkg.ident("RegisterOptions"), "{Name: ", workflowNameDecl, "})")
	methods := make([]string, len(fl.Tasks))
	for _, t := range fl.Tasks {
		methods[t.Index] = "task" + t.GoName
		w.P("r.RegisterActivityWithOptions(a.", methods[t.Index], ", ", activityPkg.ident("RegisterOptions"),
			"{Name: ", temporalPkg.ident("ActivityName"), "(&", g.flowVar, ", &", g.taskVar[t.Index], ")})")
	}
	w.P("}")
	for _, t := range fl.Tasks {
		w.P()
		w.P("// ", methods[t.Index], " is the activity of ", taskComment(t), ".")
		w.P("func (a *", activitiesType, ") ", methods[t.Index], "(ctx ", contextPkg.ident("Context"), ", in ", temporalPkg.ident("Request"), ") (", elemType(t), ", error) {")
		helper := []any{temporalPkg.ident(activityHelper(t.Agent.Type))}
		if t.Type != nil {
			helper = []any{temporalPkg.ident("Typed"), "[", elemType(t), "]"}
		}
		w.P("return ", helper, "(ctx, &", g.taskVar[t.Index], ", a.flow.", g.agentField[g.agentIndex[t.Agent]], ", in)")
		w.P("}")
	}
}
