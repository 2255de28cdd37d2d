package hclspec

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
)

// RefKind is the kind of object a reference names.
type RefKind string

// The reference kinds: the roots a traversal may start with.
const (
	RefVar   RefKind = "var"
	RefAgent RefKind = "agent"
	RefTask  RefKind = "task"
	// RefEach is each.value (with an attribute path) or each.index, in
	// the input of a task with for_each: Name is "value" or "index".
	RefEach RefKind = "each"
)

// The attributes of each.
const (
	EachValue = "value"
	EachIndex = "index"
)

// outputAttr is the only attribute of a task that may be referenced.
const outputAttr = "output"

// A Ref is a parsed reference: var.NAME, agent.NAME, task.NAME or
// task.NAME.output, the latter possibly followed by an attribute path
// (task.NAME.output.owner.email).
type Ref struct {
	Kind      RefKind
	Name      string
	Output    bool       // task.NAME.output
	Path      []PathStep // attributes selected after .output, in order
	Range     hcl.Range  // the whole traversal
	NameRange hcl.Range  // KIND.NAME, without .output
}

// A PathStep is one attribute name of a reference's path.
type PathStep struct {
	Name  string
	Range hcl.Range // the step, dot included
}

// String returns the reference as written, as in task.search.output.title.
func (r *Ref) String() string {
	s := string(r.Kind) + "." + r.Name
	if r.Output {
		s += "." + outputAttr
	}
	for _, p := range r.Path {
		s += "." + p.Name
	}
	return s
}

// ParseRef extracts a reference from an absolute traversal (see Terraform's
// addrs.ParseRef). Only var.NAME, agent.NAME, task.NAME and task.NAME.output
// are references; anything else is an error diagnostic with the traversal's
// range as Subject.
func ParseRef(t hcl.Traversal) (*Ref, hcl.Diagnostics) {
	if len(t) == 0 {
		return nil, nil
	}
	rng := t.SourceRange()
	root, ok := t[0].(hcl.TraverseRoot)
	if !ok {
		return nil, invalidRef(rng, "A reference must start with var, agent or task.")
	}
	kind := RefKind(root.Name)
	switch kind {
	case RefEach:
		return parseEach(t)
	case RefVar, RefAgent, RefTask:
	default:
		detail := fmt.Sprintf("There is nothing named %q in a flow. Only var.NAME, agent.NAME, task.NAME and task.NAME.output may be referenced.%s",
			root.Name, DidYouMean(root.Name, []string{string(RefVar), string(RefAgent), string(RefTask)}))
		return nil, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Invalid reference",
			Detail:   detail,
			Subject:  root.SrcRange.Ptr(),
		}}
	}
	if len(t) < 2 {
		return nil, invalidRef(rng, fmt.Sprintf("A reference to a %s must be followed by its name, as in %s.", kindNoun(kind), example(kind)))
	}
	name, ok := t[1].(hcl.TraverseAttr)
	if !ok {
		return nil, invalidRef(rng, fmt.Sprintf("%s is referenced by name, as in %s.", aNoun(kind), example(kind)))
	}
	ref := &Ref{Kind: kind, Name: name.Name, Range: rng, NameRange: hcl.RangeBetween(root.SrcRange, name.SrcRange)}
	rest := t[2:]
	if kind == RefTask && len(rest) > 0 {
		attr, ok := rest[0].(hcl.TraverseAttr)
		if !ok {
			return nil, invalidRef(rng, fmt.Sprintf("A task has one attribute, output, as in task.%s.output.", ref.Name))
		}
		if attr.Name != outputAttr {
			return nil, hcl.Diagnostics{{
				Severity: hcl.DiagError,
				Summary:  "Unsupported task attribute",
				Detail:   fmt.Sprintf("A task has no attribute named %q. The only attribute of a task is output, as in task.%s.output.", attr.Name, ref.Name),
				Subject:  attr.SrcRange.Ptr(),
				Context:  rng.Ptr(),
			}}
		}
		ref.Output = true
		rest = rest[1:]
		for len(rest) > 0 {
			attr, ok := rest[0].(hcl.TraverseAttr)
			if !ok {
				break
			}
			ref.Path = append(ref.Path, PathStep{Name: attr.Name, Range: attr.SrcRange})
			rest = rest[1:]
		}
		if len(rest) > 0 {
			extra := hcl.RangeBetween(rest[0].SourceRange(), rest[len(rest)-1].SourceRange())
			return nil, hcl.Diagnostics{{
				Severity: hcl.DiagError,
				Summary:  "Indexing not supported",
				Detail:   fmt.Sprintf("%s cannot be indexed: a path selects object attributes by name, as in task.%s.output.title. Pass a whole list with join or jsonencode, or handle each element with for_each.", ref, ref.Name),
				Subject:  extra.Ptr(),
				Context:  rng.Ptr(),
			}}
		}
	}
	if len(rest) > 0 {
		extra := hcl.RangeBetween(rest[0].SourceRange(), rest[len(rest)-1].SourceRange())
		return nil, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Invalid reference",
			Detail:   fmt.Sprintf("%s has no attributes or elements to select. Only var.NAME, agent.NAME, task.NAME and task.NAME.output may be referenced.", ref),
			Subject:  extra.Ptr(),
			Context:  rng.Ptr(),
		}}
	}
	return ref, nil
}

// parseEach parses each.value with an attribute path, or each.index.
func parseEach(t hcl.Traversal) (*Ref, hcl.Diagnostics) {
	rng := t.SourceRange()
	const usage = "each has two attributes: each.value, the element (with attribute paths for objects, as in each.value.title), and each.index, its position from 0."
	if len(t) < 2 {
		return nil, invalidRef(rng, usage)
	}
	attr, ok := t[1].(hcl.TraverseAttr)
	if !ok || attr.Name != EachValue && attr.Name != EachIndex {
		detail := usage
		if ok {
			detail += DidYouMean(attr.Name, []string{EachValue, EachIndex})
		}
		return nil, invalidRef(rng, detail)
	}
	ref := &Ref{Kind: RefEach, Name: attr.Name, Range: rng, NameRange: hcl.RangeBetween(t[0].SourceRange(), attr.SrcRange)}
	for _, step := range t[2:] {
		a, ok := step.(hcl.TraverseAttr)
		if !ok || attr.Name == EachIndex {
			return nil, invalidRef(hcl.RangeBetween(step.SourceRange(), t[len(t)-1].SourceRange()),
				"each.index is a number, and each.value selects object attributes by name, as in each.value.title; neither can be indexed.")
		}
		ref.Path = append(ref.Path, PathStep{Name: a.Name, Range: a.SrcRange})
	}
	return ref, nil
}

func invalidRef(rng hcl.Range, detail string) hcl.Diagnostics {
	return hcl.Diagnostics{{
		Severity: hcl.DiagError,
		Summary:  "Invalid reference",
		Detail:   detail,
		Subject:  rng.Ptr(),
	}}
}

func kindNoun(k RefKind) string {
	if k == RefVar {
		return "variable"
	}
	return string(k)
}

// aNoun returns "A variable", "An agent" or "A task".
func aNoun(k RefKind) string {
	if k == RefAgent {
		return "An agent"
	}
	return "A " + kindNoun(k)
}

func example(k RefKind) string {
	switch k {
	case RefVar:
		return "var.topic"
	case RefAgent:
		return "agent.writer"
	}
	return "task.search.output"
}
