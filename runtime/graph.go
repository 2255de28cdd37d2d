package runtime

// A FlowTask is one task of a flow as declared: what an observer needs to
// draw the flow (package runtime/report does) before any task has run, and
// to show the tasks that never ran. Generated code may list them in
// [FlowConfig].Tasks.
type FlowTask struct {
	Name    string   // label as written
	Agent   string   // the agent's label
	Kind    Kind     // the agent's type
	After   []string // the tasks whose output it takes (its incoming edges), each once, in order
	Exclude bool     // left out of Output
}
