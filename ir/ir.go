package ir

import (
	"time"

	"github.com/hashicorp/hcl/v2"
)

// A Workflow is a checked flow: every reference resolved, every edge typed,
// no cycles. It is produced by [Check] and never modified afterwards.
type Workflow struct {
	Name        string // the flow block's label, as written
	Package     string // Go package name of the generated file
	Description string
	Log         bool // the flow's default for Task.Log (already applied to every task)
	MaxParallel int  // 0 = unlimited agent calls in flight per Run
	OnError     OnError

	// Files are the flow's source files as given, in order. Files[0] names
	// the generated output (<base>_gen.go, <base>.dot).
	Files []string

	Variables []*Variable // declaration order
	Agents    []*Agent    // declaration order
	Tasks     []*Task     // declaration order: Output fields, DOT nodes
	Order     []*Task     // topological order, ties broken by declaration order
	Edges     []*Edge     // every edge, ordered by (To in Order, position in To.In)

	Range hcl.Range // the flow block
}

// OnError is what a Run does when a task fails.
type OnError string

const (
	// Cancel cancels the Run at the first failure.
	Cancel OnError = "cancel"
	// Continue skips the failed task's descendants and lets independent
	// tasks finish.
	Continue OnError = "continue"
)

// VarType is the type of a variable.
type VarType string

const (
	String VarType = "string"
	Number VarType = "number"
	Bool   VarType = "bool"
)

// A Variable is a flow input: one field of the generated Input struct.
type Variable struct {
	Name        string // label as written
	GoName      string // exported Go name (SPEC §3.5)
	Type        VarType
	Description string

	// Default is nil for a required variable; otherwise a string, float64 or
	// bool matching Type. A variable with a default is optional.
	Default any

	Range hcl.Range // the variable block's label
}

// AgentType is the kind of model call an agent makes (SPEC §3.4 ports).
type AgentType string

const (
	Text        AgentType = "text"
	Image       AgentType = "image"
	Vision      AgentType = "vision"
	Speech      AgentType = "speech"
	Recognition AgentType = "recognition"
	Embed       AgentType = "embed"
)

// ValueType is the type of a value moving along an edge or produced by a task.
type ValueType string

const (
	TextValue      ValueType = "text"      // Go string
	ImageValue     ValueType = "image"     // runtime.Image
	AudioValue     ValueType = "audio"     // runtime.Audio
	EmbeddingValue ValueType = "embedding" // runtime.Embedding
)

// Output returns the type of value a task of agent type t produces.
func (t AgentType) Output() ValueType {
	switch t {
	case Image:
		return ImageValue
	case Speech:
		return AudioValue
	case Embed:
		return EmbeddingValue
	}
	return TextValue
}

// An Agent is a model behind a provider.
type Agent struct {
	Name     string // label as written
	GoName   string // exported Go name (SPEC §3.5)
	Type     AgentType
	Provider string // "openai", "anthropic", ... (see Providers)
	Mission  string
	Model    string // "" = the provider's default for Type

	// APIKeyEnv is the environment variable holding the API key: the one
	// given with env(...), else the provider's default, else "" (none).
	APIKeyEnv string
	// KeyRequired reports whether New must fail when APIKeyEnv is empty:
	// true for the hosted providers, false for the local ones (see
	// [Providers]).
	KeyRequired bool
	// BaseURL is a literal base URL, BaseURLEnv the variable named by
	// env(...). At most one is set; neither means the provider default.
	BaseURL    string
	BaseURLEnv string

	Params  Params
	Timeout time.Duration // per-call timeout; default 120s
	Retry   Retry
	Limit   Limit

	Range hcl.Range // the agent block's label
}

// Retry is an agent's retry policy.
type Retry struct {
	Attempts   int           // total tries, ≥1; default 3
	Backoff    time.Duration // first wait; default 1s
	MaxBackoff time.Duration // cap; default 30s
}

// Limit bounds an agent's calls across every task and Run of one Flow.
// Zero means no limit.
type Limit struct {
	Concurrency       int
	RequestsPerMinute int
}

// Params are the checked model parameters. A nil pointer or empty value
// means "not set". Keys are in SPEC §3.3; Extra is the raw pass-through.
type Params struct {
	Temperature    *float64
	TopP           *float64
	MaxTokens      *int
	Seed           *int64
	Stop           []string
	Size           *string
	Quality        *string
	AspectRatio    *string
	NegativePrompt *string
	Voice          *string
	Format         *string
	Language       *string
	Dimensions     *int

	// Extra is a JSON object whose fields are passed through to the
	// request body unchecked; nil when absent. Its bytes are
	// deterministic (object keys sorted).
	Extra []byte
}

// A Task is one call of an agent.
type Task struct {
	Name    string // label as written; also the simulator's task name
	GoName  string // exported Go name (SPEC §3.5): the Output field
	Agent   *Agent
	Exclude bool
	Log     bool          // resolved: the task's log, else the flow's
	Timeout time.Duration // resolved: the task's, else the agent's
	Params  Params        // the agent's params with the task's merged over them
	Output  ValueType     // = Agent.Type.Output()

	// Input is the rendered `input` template, in order. Empty when the task
	// has no input attribute (or it is the empty string).
	Input []Part

	// In lists the incoming edges: first the template edges, in order of
	// first reference, then one edge per `after` entry, in the order written.
	In []*Edge
	// Out lists the outgoing edges, ordered as in Workflow.Edges.
	Out []*Edge

	Index int       // position in Workflow.Tasks (declaration order)
	Range hcl.Range // the task block's label
}

// A Part is one piece of a task's input template. Exactly one of Literal
// (possibly empty only if the template is empty), Var or Edge is meaningful:
// Var != nil is ${var.X}, Edge != nil is ${task.X.output}, else Literal.
type Part struct {
	Literal string
	Var     *Variable
	Edge    *Edge // a template edge (Via == ViaTemplate); several Parts may share one

	Range hcl.Range
}

// EdgeKind says how an edge was written.
type EdgeKind string

const (
	ViaTemplate EdgeKind = "template" // ${task.X.output} in input
	ViaAfter    EdgeKind = "after"    // task.X in after
)

// An Edge carries one task's output to another task: one typed channel in
// the generated code.
type Edge struct {
	From, To *Task
	Type     ValueType // = From.Output
	Via      EdgeKind
	Index    int       // position in Workflow.Edges
	Range    hcl.Range // the reference that created it
}

// PromptEdges returns the after edges whose outputs follow the rendered
// Input in t's prompt (SPEC §3.4 rule 1), in order. The prompt is the
// rendered Input (left out at run time when it renders empty), then the
// output of each of these edges, joined with "\n\n".
func (t *Task) PromptEdges() []*Edge {
	var es []*Edge
	for _, e := range t.In {
		if e.Via == ViaAfter && e.Type == TextValue {
			es = append(es, e)
		}
	}
	return es
}

// Media returns t's image or audio input edge (vision, recognition), or nil.
func (t *Task) Media() *Edge {
	for _, e := range t.In {
		if e.Type == ImageValue || e.Type == AudioValue {
			return e
		}
	}
	return nil
}
