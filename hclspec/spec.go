package hclspec

import (
	"math/big"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// A Spec is the source-level content of one flow: every block of every file,
// in declaration order (files in the order given, then source order).
// Nothing is resolved yet: names may be undeclared or duplicated.
type Spec struct {
	Files     []string // the flow's files, as given
	Flows     []*Flow
	Variables []*Variable
	Agents    []*Agent
	Tasks     []*Task
	Schemas   []*Schema

	// Incomplete is true when decoding reported errors: some attribute or
	// block is missing from the Spec, so what looks unused may be used by
	// what could not be decoded.
	Incomplete bool
}

// A Block is what every labelled block has.
type Block struct {
	Name      string    // the label, as written
	NameRange hcl.Range // the label, quotes included
	DefRange  hcl.Range // the block header: type and label
}

// A String is a constant string attribute. Range is the value expression's.
type String struct {
	Value     string
	Range     hcl.Range
	NameRange hcl.Range // the attribute name
}

// A Bool is a constant bool attribute.
type Bool struct {
	Value     bool
	Range     hcl.Range
	NameRange hcl.Range
}

// A Number is a constant number attribute.
type Number struct {
	Value     *big.Float
	Range     hcl.Range
	NameRange hcl.Range
}

// Int returns n as an int64 and whether it is an integer in int64's range.
func (n *Number) Int() (int64, bool) {
	if !n.Value.IsInt() {
		return 0, false
	}
	i, acc := n.Value.Int64()
	return i, acc == big.Exact
}

// A Value is a constant attribute of any type (a variable's default).
type Value struct {
	Value     cty.Value
	Range     hcl.Range
	NameRange hcl.Range
}

// A Flow is a flow block.
type Flow struct {
	Block
	Package     *String
	Description *String
	Log         *Bool
	MaxParallel *Number
	OnError     *String
}

// A Variable is a variable block.
type Variable struct {
	Block
	// Type is the type keyword as written (string, number, bool, or a
	// misspelling); nil when absent.
	Type        *String
	Default     *Value
	Description *String
}

// An Agent is an agent block.
type Agent struct {
	Block
	Type     *String
	Provider *String
	Mission  *String
	Model    *StringOrEnv
	APIKey   *StringOrEnv
	BaseURL  *StringOrEnv
	Params   *Params
	Timeout  *String // a duration, unparsed
	Retry    *Retry
	Limit    *Limit
}

// A StringOrEnv is an attribute that is either a string literal or
// env("NAME").
type StringOrEnv struct {
	Value     string // the literal, or the variable name when Env
	Env       bool
	Range     hcl.Range // the value expression
	NameRange hcl.Range // the attribute name
}

// A Retry is an agent's retry block.
type Retry struct {
	Attempts   *Number
	Backoff    *String
	MaxBackoff *String
	Range      hcl.Range // the block header
}

// A Limit is an agent's limit block.
type Limit struct {
	Concurrency       *Number
	RequestsPerMinute *Number
	Range             hcl.Range // the block header
}

// Params is a params object, as written: { key = value, ... }.
type Params struct {
	Items     []*Param // source order
	Range     hcl.Range
	NameRange hcl.Range
}

// A Param is one key of a params object.
type Param struct {
	Key      string
	KeyRange hcl.Range
	Value    cty.Value // a known, non-null constant
	Range    hcl.Range // the value expression
}

// A Task is a task block.
type Task struct {
	Block
	// Agent is the agent reference (Kind RefAgent); nil when absent or
	// invalid (already reported).
	Agent *Ref
	// Input is the input template; nil when absent or invalid.
	Input *Template
	// InputRange is the input attribute; nil when absent (even if invalid,
	// it is set: the task has an input).
	InputRange *hcl.Range
	// After lists the after entries (Kind RefTask), in the order written.
	After      []*Ref
	AfterRange *hcl.Range // the after attribute; nil when absent
	AfterEmpty bool       // after is written as the empty list []
	Exclude    *Bool
	Log        *Bool
	Timeout    *String
	Params     *Params

	// Output is the output type expression; nil when absent or invalid.
	Output      *TypeExpr
	OutputRange *hcl.Range // the output attribute; nil when absent
	// Attach lists the attach entries (Kind RefVar or RefTask), in the
	// order written.
	Attach      []*Ref
	AttachRange *hcl.Range // the attach attribute; nil when absent

	// ForEach is the list the task runs once per element of (Kind RefVar,
	// or RefTask with Output); nil when absent or invalid.
	ForEach      *Ref
	ForEachRange *hcl.Range // the for_each attribute; nil when absent
	Concurrency  *Number

	// When is the task's condition; nil when absent or invalid.
	When      *Cond
	WhenRange *hcl.Range // the when attribute; nil when absent
}

// A Template is a task's input: literal text and references, in order.
type Template struct {
	Parts     []*Part
	Range     hcl.Range // the value expression
	NameRange hcl.Range // the attribute name
}

// A Part is one piece of a Template: a Literal (Ref == nil), or a reference
// ${var.NAME} or ${task.NAME.output} (with an attribute path), possibly
// rendered by a template function: Func is "" (interpolation),
// [FuncJSONEncode] or [FuncJoin] (Sep is then join's separator). The content
// of file("path") is a Literal.
type Part struct {
	Literal string
	Ref     *Ref
	Func    string
	Sep     string
	Range   hcl.Range

	// Alts are coalesce's references, in order (Func is [FuncCoalesce]),
	// and Default its last argument when that is a string literal.
	Alts    []*Part
	Default *string
}
