package ir

import (
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/intelligen/intelligen/hclspec"
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

	// Types lists every named type of the typed outputs (Type.GoName set),
	// each once, a type after the types it contains: the schemas' types
	// in declaration order, then the tasks' inline types in declaration
	// order (docs/language.md#typed-outputs).
	Types []*Type

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
	// ImageVar and AudioVar are a user's own picture or recording: a
	// runtime.Image or runtime.Audio field of Input, always required,
	// usable only in a task's attach (docs/language.md#media).
	ImageVar VarType = "image"
	AudioVar VarType = "audio"
	// ListString, ListNumber and ListBool are lists: []string, []float64
	// and []bool fields of Input, usable in for_each, join, jsonencode
	// and length (docs/language.md#fan-out).
	ListString VarType = "list(string)"
	ListNumber VarType = "list(number)"
	ListBool   VarType = "list(bool)"
)

// A Variable is a flow input: one field of the generated Input struct.
type Variable struct {
	Name        string // label as written
	GoName      string // exported Go name (docs/language.md#names)
	Type        VarType
	Description string

	// Default is nil for a required variable; otherwise a string, float64,
	// bool, []string, []float64 or []bool matching Type. A variable with a
	// default is optional.
	Default any

	Range hcl.Range // the variable block's label
}

// AgentType is the kind of model call an agent makes (docs/language.md#ports).
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
	GoName   string // exported Go name (docs/language.md#names)
	Type     AgentType
	Provider string // "openai", "anthropic", ... (see Providers)
	Mission  string
	Model    string // "" = the provider's default for Type
	// ModelEnv is the environment variable named by model = env(...), read
	// when New runs (an empty value means the provider's default); "" when
	// Model is a literal or absent.
	ModelEnv string

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
// means "not set". Keys are in docs/language.md#parameters; Extra is the raw pass-through.
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
	GoName  string // exported Go name (docs/language.md#names): the Output field
	Agent   *Agent
	Exclude bool
	Log     bool          // resolved: the task's log, else the flow's
	Timeout time.Duration // resolved: the task's, else the agent's
	Params  Params        // the agent's params with the task's merged over them
	Output  ValueType     // = Agent.Type.Output()
	// Type is the declared output type of a text or vision task; nil for
	// plain text (no output attribute, or output = string). The Go type of
	// the task's Output field and of every channel carrying its output.
	Type *Type

	// Input is the rendered `input` template, in order. Empty when the task
	// has no input attribute (or it is the empty string).
	Input []Part

	// In lists the incoming edges: first the template edges, in order of
	// first reference, then one edge per `after` entry, in the order written.
	In []*Edge
	// Out lists the outgoing edges, ordered as in Workflow.Edges.
	Out []*Edge

	// Images are a vision task's images, in order: the image-typed after
	// entries as written, then the attach entries as written.
	Images []MediaInput
	// Audio is a recognition task's audio; nil for other tasks.
	Audio *MediaInput

	// ForEach is what the task runs once per element of
	// (docs/language.md#fan-out); nil for a task without for_each. Its
	// output is then the list of the elements' outputs: Output and the
	// channels carry []T, T being the type of one call's output.
	ForEach *ForEach
	// Concurrency caps a for_each task's calls in flight per Run; 0 means
	// no cap of its own.
	Concurrency int

	// When is the task's condition (docs/language.md#conditions); nil
	// when it has none.
	When *Cond
	// MaySkip reports whether a Run may skip the task: it has a when, it
	// needs the output of a task that may be skipped, or it has a coalesce
	// with no literal over tasks that may be skipped only. Its Output field
	// is then a pointer, nil when it was skipped or failed.
	MaySkip bool

	Index int       // position in Workflow.Tasks (declaration order)
	Range hcl.Range // the task block's label
}

// A Part is one piece of a task's input template. Exactly one of Literal
// (possibly empty only if the template is empty), Var or Edge is meaningful:
// Var != nil is ${var.X}, Edge != nil is ${task.X.output}, else Literal.
//
// A reference (Var or Edge) selects the value at Path and renders it as
// Func says: interpolated (a primitive: strings as is, numbers as
// strconv.FormatFloat(v, 'f', -1, 64), bools as true/false, enums as their
// value, an absent optional as ""), its canonical JSON, or joined.
type Part struct {
	Literal string
	Var     *Variable
	Edge    *Edge // a template edge (Via == ViaTemplate); several Parts may share one

	Path []Step   // attributes selected from a typed output, in order
	Func PartFunc // how the selected value renders
	Sep  string   // Join's separator
	// Type is the type of the selected value (for Var and Edge parts): a
	// text output or variable has a primitive Type with no GoName.
	Type *Type
	// Optional reports whether a step of Path is an optional attribute, so
	// the selected value may be absent.
	Optional bool

	Range hcl.Range

	// Each is "value" for each.value (with Path into the element) or
	// "index" for each.index, in the input of a for_each task; "" otherwise.
	Each string

	// Alts are coalesce's references, in order (Func is Coalesce): the
	// first whose task was not skipped renders, else Default when it is
	// not nil; with neither, the task is skipped.
	Alts    []Part
	Default *string

	ref *hclspec.Ref // the source reference, for checking Path
}

// literal reports whether p is literal text.
func (p *Part) literal() bool {
	return p.Var == nil && p.Edge == nil && p.Each == "" && p.Func != Coalesce
}

// PartFunc says how a template reference renders.
type PartFunc string

const (
	Interpolate PartFunc = ""           // ${REF}: a primitive as text
	JSONEncode  PartFunc = "jsonencode" // ${jsonencode(REF)}: canonical JSON
	Join        PartFunc = "join"       // ${join(SEP, REF)}: list elements as text, separated by Sep
	Coalesce    PartFunc = "coalesce"   // ${coalesce(REF, ..., [LITERAL])}: the first value not skipped
)

// A Step is one attribute selected by a Part's Path.
type Step struct {
	Name     string // as written; the JSON name
	GoName   string // the struct field
	Optional bool   // the attribute is optional: a pointer field
	Type     *Type  // the attribute's type
}

// A MediaInput is one image or audio a task receives: an image or audio
// variable, or the output of an image or speech task along Edge.
type MediaInput struct {
	Var   *Variable
	Edge  *Edge
	Range hcl.Range // the after or attach entry
}

// EdgeKind says how an edge was written.
type EdgeKind string

const (
	ViaTemplate EdgeKind = "template" // ${task.X.output} in input
	ViaAfter    EdgeKind = "after"    // task.X in after
	ViaAttach   EdgeKind = "attach"   // task.X in attach
	ViaWhen     EdgeKind = "when"     // task.X.output in when: decides, is not part of the prompt
	ViaForEach  EdgeKind = "for_each" // task.X.output in for_each: the list to fan out over
)

// An Edge carries one task's output to another task: one typed channel in
// the generated code.
type Edge struct {
	From, To *Task
	Type     ValueType // = From.Output
	Via      EdgeKind
	Index    int       // position in Workflow.Edges
	Range    hcl.Range // the reference that created it
	// Needed reports whether To needs the value (docs/language.md#conditions):
	// the edge is used in To's input outside coalesce, in its when, or
	// feeds an image or audio port. A task is skipped when a task it needs
	// was skipped; a skipped task along any other edge only contributes no
	// part.
	Needed bool
}

// PromptEdges returns the after edges whose outputs follow the rendered
// Input in t's prompt (docs/language.md#the-prompt), in order. The prompt is the
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
