package hclspec

import (
	"fmt"
	"io/fs"
	"math/big"
	"path"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// A decoder turns parsed files into a Spec, collecting diagnostics.
type decoder struct {
	fsys       fs.FS
	spec       *Spec
	diags      hcl.Diagnostics
	directives []hcl.Range           // template directives, already reported
	read       map[string]readResult // file() contents by path, read once
}

type readResult struct {
	data []byte
	err  error
}

func (d *decoder) add(diags ...*hcl.Diagnostic) { d.diags = append(d.diags, diags...) }

// content decodes body against schema, collecting the diagnostics.
func (d *decoder) content(body hcl.Body, schema *hcl.BodySchema) *hcl.BodyContent {
	content, diags := body.Content(schema)
	d.add(diags...)
	return content
}

func (d *decoder) file(f *hcl.File) {
	for _, b := range d.content(f.Body, rootSchema).Blocks {
		blk := Block{Name: b.Labels[0], NameRange: b.LabelRanges[0], DefRange: b.DefRange}
		switch b.Type {
		case blockFlow:
			d.spec.Flows = append(d.spec.Flows, d.flow(blk, b.Body))
		case blockVariable:
			d.spec.Variables = append(d.spec.Variables, d.variable(blk, b.Body))
		case blockAgent:
			d.spec.Agents = append(d.spec.Agents, d.agent(blk, b.Body))
		case blockTask:
			d.spec.Tasks = append(d.spec.Tasks, d.task(blk, b.Body))
		case blockSchema:
			d.spec.Schemas = append(d.spec.Schemas, d.schema(blk, b.Body))
		}
	}
}

func (d *decoder) flow(blk Block, body hcl.Body) *Flow {
	a := d.content(body, flowSchema).Attributes
	return &Flow{
		Block:       blk,
		Package:     d.str(a[attrPackage]),
		Description: d.str(a[attrDescription]),
		Log:         d.boolean(a[attrLog]),
		MaxParallel: d.number(a[attrMaxParallel]),
		OnError:     d.str(a[attrOnError]),
	}
}

func (d *decoder) variable(blk Block, body hcl.Body) *Variable {
	a := d.content(body, variableSchema).Attributes
	v := &Variable{Block: blk, Description: d.str(a[attrDescription])}
	if attr := a[attrType]; attr != nil {
		if kw := hcl.ExprAsKeyword(attr.Expr); kw != "" {
			v.Type = &String{Value: kw, Range: attr.Expr.Range(), NameRange: attr.NameRange}
		} else if elem, ok := listTypeArg(attr.Expr); ok {
			v.Type = &String{Value: "list(" + elem + ")", Range: attr.Expr.Range(), NameRange: attr.NameRange}
		} else {
			// When the type is not even a constant, d.constant has said so;
			// the default is still checked below.
			if val, ok := d.constant(attr, "a type keyword"); ok {
				detail := "The type is a keyword: string, number or bool, as in type = string."
				if val.Type() == cty.String {
					detail = fmt.Sprintf("The type is a keyword, not a string: write type = %s without quotes.", val.AsString())
				}
				d.add(&hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  "Invalid variable type",
					Detail:   detail,
					Subject:  attr.Expr.Range().Ptr(),
					Context:  attr.Range.Ptr(),
				})
			}
		}
	}
	if attr := a[attrDefault]; attr != nil {
		if val, ok := d.constant(attr, "a constant"); ok {
			v.Default = &Value{Value: val, Range: attr.Expr.Range(), NameRange: attr.NameRange}
		}
	}
	return v
}

func (d *decoder) agent(blk Block, body hcl.Body) *Agent {
	content := d.content(body, agentSchema)
	a := content.Attributes
	ag := &Agent{
		Block:    blk,
		Type:     d.str(a[attrType]),
		Provider: d.str(a[attrProvider]),
		Mission:  d.str(a[attrMission]),
		Model:    d.stringOrEnv(a[attrModel]),
		APIKey:   d.stringOrEnv(a[attrAPIKey]),
		BaseURL:  d.stringOrEnv(a[attrBaseURL]),
		Params:   d.params(a[attrParams]),
		Timeout:  d.str(a[attrTimeout]),
	}
	var first = map[string]*hcl.Block{}
	for _, b := range content.Blocks {
		if prev := first[b.Type]; prev != nil {
			d.add(&hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  fmt.Sprintf("Duplicate %s block", b.Type),
				Detail:   fmt.Sprintf("An agent has at most one %s block; one was already declared at %s. Merge the two blocks.", b.Type, pos(prev.DefRange)),
				Subject:  b.DefRange.Ptr(),
			})
			continue
		}
		first[b.Type] = b
		switch b.Type {
		case blockRetry:
			c := d.content(b.Body, retrySchema).Attributes
			ag.Retry = &Retry{
				Attempts:   d.number(c[attrAttempts]),
				Backoff:    d.str(c[attrBackoff]),
				MaxBackoff: d.str(c[attrMaxBackoff]),
				Range:      b.DefRange,
			}
		case blockLimit:
			c := d.content(b.Body, limitSchema).Attributes
			ag.Limit = &Limit{
				Concurrency:       d.number(c[attrConcurrency]),
				RequestsPerMinute: d.number(c[attrRequestsPerMinute]),
				Range:             b.DefRange,
			}
		}
	}
	return ag
}

func (d *decoder) task(blk Block, body hcl.Body) *Task {
	a := d.content(body, taskSchema).Attributes
	t := &Task{
		Block:   blk,
		Exclude: d.boolean(a[attrExclude]),
		Log:     d.boolean(a[attrLog]),
		Timeout: d.str(a[attrTimeout]),
		Params:  d.params(a[attrParams]),
	}
	if attr := a[attrAgent]; attr != nil {
		t.Agent = d.agentRef(attr)
	}
	if attr := a[attrInput]; attr != nil {
		t.InputRange = attr.Range.Ptr()
		t.Input = d.template(attr)
	}
	if attr := a[attrAfter]; attr != nil {
		t.AfterRange = attr.Range.Ptr()
		t.After = d.after(attr)
		tup, ok := attr.Expr.(*hclsyntax.TupleConsExpr)
		t.AfterEmpty = ok && len(tup.Exprs) == 0
	}
	if attr := a[attrOutput]; attr != nil {
		t.OutputRange = attr.Range.Ptr()
		t.Output = d.typeExpr(attr.Expr, attr, false)
	}
	if attr := a[attrAttach]; attr != nil {
		t.AttachRange = attr.Range.Ptr()
		t.Attach = d.refList(attr, refListWords{"image and audio references", "attach = [var.photo, task.logo]", "an image or audio variable or task", "var.photo or task.logo"}, RefVar, RefTask)
	}
	if attr := a[attrForEach]; attr != nil {
		t.ForEachRange = attr.Range.Ptr()
		t.ForEach = d.forEach(attr)
	}
	t.Concurrency = d.number(a[attrConcurrency])
	if attr := a[attrWhen]; attr != nil {
		t.WhenRange = attr.Range.Ptr()
		t.When = d.when(attr)
	}
	return t
}

// agentRef decodes `agent = agent.NAME`.
func (d *decoder) agentRef(attr *hcl.Attribute) *Ref {
	if !d.calls(attr, nil) {
		return nil
	}
	trav, tdiags := hcl.AbsTraversalForExpr(attr.Expr)
	if tdiags.HasErrors() {
		detail := "The agent of a task is a reference to an agent block, as in agent = agent.writer."
		if v, ok := constantValue(attr.Expr); ok && v.Type() == cty.String {
			detail = fmt.Sprintf("The agent of a task is a reference, not a string: write agent = %s instead of agent = %q.", refSuggestion(RefAgent, v.AsString()), v.AsString())
		}
		d.add(&hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Invalid agent reference",
			Detail:   detail,
			Subject:  attr.Expr.Range().Ptr(),
			Context:  attr.Range.Ptr(),
		})
		return nil
	}
	ref, rdiags := ParseRef(trav)
	d.add(withContext(rdiags, attr.Range)...)
	if ref == nil {
		return nil
	}
	if ref.Kind != RefAgent {
		d.add(&hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Invalid agent reference",
			Detail:   fmt.Sprintf("The agent of a task is a reference to an agent block, as in agent = agent.writer, not %s.", ref),
			Subject:  ref.Range.Ptr(),
			Context:  attr.Range.Ptr(),
		})
		return nil
	}
	return ref
}

// after decodes `after = [task.a, task.b]`.
func (d *decoder) after(attr *hcl.Attribute) []*Ref {
	return d.refList(attr, refListWords{"task references", "after = [task.search, task.review]", "a task", "task.search"}, RefTask)
}

// refListWords describe a list of references for messages.
type refListWords struct {
	list, listExample   string // "task references", "after = [task.search]"
	entry, entryExample string // "a task", "task.search"
}

// refList decodes a list of references of the given kinds.
func (d *decoder) refList(attr *hcl.Attribute, w refListWords, kinds ...RefKind) []*Ref {
	d.calls(attr, nil) // reported; the other entries are still checked
	elems, ldiags := hcl.ExprList(attr.Expr)
	if ldiags.HasErrors() {
		d.add(&hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Incorrect attribute value type",
			Detail:   fmt.Sprintf("The argument %q is a list of %s, as in %s.", attr.Name, w.list, w.listExample),
			Subject:  attr.Expr.Range().Ptr(),
			Context:  attr.Range.Ptr(),
		})
		return nil
	}
	var refs []*Ref
	for _, e := range elems {
		if se, ok := e.(hclsyntax.Expression); ok && hasCall(se) {
			continue // reported above
		}
		trav, tdiags := hcl.AbsTraversalForExpr(e)
		if tdiags.HasErrors() {
			detail := fmt.Sprintf("Each entry of %s is a reference to %s, as in %s.", attr.Name, w.entry, w.entryExample)
			if v, ok := constantValue(e); ok && v.Type() == cty.String {
				detail = fmt.Sprintf("Each entry of %s is a reference to %s, not a string: write %s instead of %q.", attr.Name, w.entry, refSuggestion(stringRefKind(v.AsString(), kinds), v.AsString()), v.AsString())
			}
			d.add(&hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Invalid task reference",
				Detail:   detail,
				Subject:  e.Range().Ptr(),
				Context:  attr.Range.Ptr(),
			})
			continue
		}
		ref, rdiags := ParseRef(trav)
		d.add(withContext(rdiags, attr.Range)...)
		if ref == nil {
			continue
		}
		if !slices.Contains(kinds, ref.Kind) || len(ref.Path) > 0 {
			d.add(&hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Invalid task reference",
				Detail:   fmt.Sprintf("Each entry of %s is a reference to %s, as in %s, not %s.", attr.Name, w.entry, w.entryExample, ref),
				Subject:  ref.Range.Ptr(),
				Context:  attr.Range.Ptr(),
			})
			continue
		}
		refs = append(refs, ref)
	}
	return refs
}

// refSuggestion returns the reference a string meant, for a Detail:
// "writer", "agent.writer" and "${agent.writer}" all mean agent.writer.
func refSuggestion(kind RefKind, s string) string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "${") && strings.HasSuffix(s, "}") {
		s = strings.TrimSpace(s[2 : len(s)-1])
	}
	s = strings.TrimPrefix(s, string(kind)+".")
	if kind == RefTask {
		s = strings.TrimSuffix(s, "."+outputAttr)
	}
	if !validRefName(s) {
		s = "NAME"
	}
	return string(kind) + "." + s
}

// stringRefKind is the kind of reference a string entry s of a list of
// kinds most likely meant: the one it starts with, else the first.
func stringRefKind(s string, kinds []RefKind) RefKind {
	s = strings.TrimPrefix(strings.TrimSpace(s), "${")
	for _, k := range kinds {
		if strings.HasPrefix(s, string(k)+".") {
			return k
		}
	}
	return kinds[0]
}

// validRefName reports whether s can follow "kind." in a reference.
func validRefName(s string) bool {
	for i, r := range s {
		switch {
		case r == '_', 'A' <= r && r <= 'Z', 'a' <= r && r <= 'z':
		case ('0' <= r && r <= '9' || r == '-') && i > 0:
		default:
			return false
		}
	}
	return s != ""
}

// template decodes a task's input: a string template, a heredoc, a bare
// reference, or file("path").
func (d *decoder) template(attr *hcl.Attribute) *Template {
	rng := attr.Expr.Range()
	t := &Template{Range: rng, NameRange: attr.NameRange}
	var parts []hclsyntax.Expression
	switch e := attr.Expr.(type) {
	case *hclsyntax.TemplateExpr:
		parts = e.Parts
	case *hclsyntax.TemplateWrapExpr:
		parts = []hclsyntax.Expression{e.Wrapped}
	case hclsyntax.Expression:
		parts = []hclsyntax.Expression{e}
	default:
		return nil // not native syntax: cannot happen with ParseHCL
	}
	// A part in error is reported and left out; the others are kept, so
	// that the checker still reports what is wrong with them (an
	// undeclared name, a cycle). References inside a rejected part (a
	// directive, an operator) are kept as parts too, for the same reason:
	// the flow has errors, so the template is never rendered.
	for _, p := range parts {
		if d.inDirective(p.Range()) {
			t.Parts = append(t.Parts, d.refsIn(p)...)
			continue
		}
		part := d.templatePart(p, attr)
		if part == nil {
			if _, isRef := p.(*hclsyntax.ScopeTraversalExpr); !isRef {
				t.Parts = append(t.Parts, d.refsIn(p)...)
			}
			continue
		}
		t.Parts = append(t.Parts, part)
	}
	return t
}

// inDirective reports whether rng overlaps a template directive, which the
// parser has reported.
func (d *decoder) inDirective(rng hcl.Range) bool {
	for _, dir := range d.directives {
		if dir.Filename == rng.Filename && dir.Start.Byte < rng.End.Byte && rng.Start.Byte < dir.End.Byte {
			return true
		}
	}
	return false
}

// refsIn returns a part for each valid variable and task-output reference
// inside e, a part rejected for another reason, so that the checker still
// sees them; references that are not valid are left to that report.
func (d *decoder) refsIn(e hclsyntax.Expression) []*Part {
	var parts []*Part
	hclsyntax.VisitAll(e, func(n hclsyntax.Node) hcl.Diagnostics {
		if tr, ok := n.(*hclsyntax.ScopeTraversalExpr); ok {
			if ref, diags := ParseRef(tr.Traversal); !diags.HasErrors() && ref != nil &&
				(ref.Kind == RefVar || ref.Kind == RefTask && ref.Output) {
				parts = append(parts, &Part{Ref: ref, Range: tr.Range()})
			}
		}
		return nil
	})
	return parts
}

func (d *decoder) templatePart(e hclsyntax.Expression, attr *hcl.Attribute) *Part {
	rng := e.Range()
	switch e := e.(type) {
	case *hclsyntax.ScopeTraversalExpr:
		ref, rdiags := ParseRef(e.Traversal)
		d.add(withContext(rdiags, attr.Range)...)
		if ref == nil {
			return nil
		}
		switch {
		case ref.Kind == RefTask && !ref.Output:
			d.add(&hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Invalid reference",
				Detail:   fmt.Sprintf("A reference to a task must be followed by an output name, as in task.%s.output.", ref.Name),
				Subject:  ref.Range.Ptr(),
				Context:  attr.Range.Ptr(),
			})
			return nil
		case ref.Kind == RefAgent:
			d.add(&hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Invalid reference",
				Detail:   fmt.Sprintf("An agent has no value to interpolate. An input may refer to var.NAME and task.NAME.output, not %s.", ref),
				Subject:  ref.Range.Ptr(),
				Context:  attr.Range.Ptr(),
			})
			return nil
		}
		return &Part{Ref: ref, Range: rng}
	case *hclsyntax.FunctionCallExpr:
		switch e.Name {
		case funcFile:
			return d.fileCall(e, attr)
		case FuncJSONEncode, FuncJoin:
			return d.templateCall(e, attr)
		case FuncCoalesce:
			return d.coalesceCall(e, attr)
		}
		d.badCall(e, attr, templateFuncs)
		return nil
	case *hclsyntax.LiteralValueExpr:
		if e.Val.Type() == cty.String && !e.Val.IsNull() {
			return &Part{Literal: e.Val.AsString(), Range: rng}
		}
	}
	if !d.callsIn(e, attr, templateFuncs) {
		return nil
	}
	if bad := nonLiteral(e); bad != nil || len(e.Variables()) > 0 {
		subject := rng
		if bad != nil {
			subject = bad.Range()
		}
		d.add(&hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Unsupported expression",
			Detail:   `An input may only contain literal text, ${var.NAME}, ${task.NAME.output} and ${file("path")}: the flow language has no operators, conditionals or indexing. Move any computation into a task.`,
			Subject:  subject.Ptr(),
			Context:  attr.Range.Ptr(),
		})
		return nil
	}
	v, ok := constantValue(e)
	if !ok || v.IsNull() {
		d.add(&hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Incorrect attribute value type",
			Detail:   "The input of a task is text: a string, a heredoc, a reference or file(\"path\").",
			Subject:  rng.Ptr(),
			Context:  attr.Range.Ptr(),
		})
		return nil
	}
	switch v.Type() {
	case cty.String:
		return &Part{Literal: v.AsString(), Range: rng}
	case cty.Number:
		return &Part{Literal: v.AsBigFloat().Text('f', -1), Range: rng}
	case cty.Bool:
		return &Part{Literal: fmt.Sprint(v.True()), Range: rng}
	}
	d.add(&hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Incorrect attribute value type",
		Detail:   fmt.Sprintf("The input of a task is text, not %s.", TypeNoun(v.Type())),
		Subject:  rng.Ptr(),
		Context:  attr.Range.Ptr(),
	})
	return nil
}

// fileCall reads file("path") relative to the flow file.
func (d *decoder) fileCall(e *hclsyntax.FunctionCallExpr, attr *hcl.Attribute) *Part {
	arg, ok := d.stringArg(e, attr)
	if !ok {
		return nil
	}
	rng := e.Range()
	if path.IsAbs(arg) || strings.Contains(arg, `\`) {
		d.add(&hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Invalid file path",
			Detail:   fmt.Sprintf("The path %q must be relative to the flow file and use forward slashes.", arg),
			Subject:  e.Args[0].Range().Ptr(),
			Context:  rng.Ptr(),
		})
		return nil
	}
	name := path.Join(path.Dir(rng.Filename), arg)
	r, ok := d.read[name]
	if !ok {
		r.data, r.err = readRegular(d.fsys, name, maxTextFile)
		d.read[name] = r
	}
	if r.err != nil {
		d.add(&hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Failed to read file",
			Detail:   fmt.Sprintf("The file %q (relative to the flow file) could not be read: %v. Check the path.", arg, unwrapPathErr(r.err)),
			Subject:  e.Args[0].Range().Ptr(),
			Context:  rng.Ptr(),
		})
		return nil
	}
	if !utf8.Valid(r.data) {
		d.add(&hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Invalid file content",
			Detail:   fmt.Sprintf("The file %q is not UTF-8 text. file() reads text files only.", arg),
			Subject:  e.Args[0].Range().Ptr(),
			Context:  rng.Ptr(),
		})
		return nil
	}
	return &Part{Literal: string(r.data), Range: rng}
}

func unwrapPathErr(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

// stringArg returns the one constant string argument of a call.
func (d *decoder) stringArg(e *hclsyntax.FunctionCallExpr, attr *hcl.Attribute) (string, bool) {
	if len(e.Args) != 1 || e.ExpandFinal {
		d.add(&hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Wrong number of function arguments",
			Detail:   fmt.Sprintf("The function %s takes exactly one string argument, as in %s.", e.Name, callExample(e.Name)),
			Subject:  e.Range().Ptr(),
			Context:  attr.Range.Ptr(),
		})
		return "", false
	}
	v, ok := constantValue(e.Args[0])
	if !ok || v.IsNull() || v.Type() != cty.String {
		d.add(&hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Invalid function argument",
			Detail:   fmt.Sprintf("The argument of %s must be a constant string, as in %s.", e.Name, callExample(e.Name)),
			Subject:  e.Args[0].Range().Ptr(),
			Context:  e.Range().Ptr(),
		})
		return "", false
	}
	return v.AsString(), true
}

func callExample(name string) string {
	if name == funcEnv {
		return `env("OPENAI_API_KEY")`
	}
	return `file("brief.md")`
}

// badCall reports a call of a function that is unknown or not allowed in
// attr (allowed lists the functions that are).
func (d *decoder) badCall(e *hclsyntax.FunctionCallExpr, attr *hcl.Attribute, allowed []string) {
	known := false
	for _, f := range functions {
		known = known || f == e.Name
	}
	where := "Functions are not allowed in " + attr.Name + "."
	if len(allowed) > 0 {
		where = fmt.Sprintf("Only %s may be called in %s.", strings.Join(allowed, ", "), attr.Name)
	}
	if known {
		use := "env(\"NAME\") may only be used in api_key, model and base_url."
		switch e.Name {
		case funcFile:
			use = "file(\"path\") may only be used in a task's input."
		case FuncJSONEncode, FuncJoin, FuncCoalesce:
			use = e.Name + " may only be used in a task's input."
		case funcLength:
			use = "length(REF) may only be used in a when."
		}
		d.add(&hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Function not allowed here",
			Detail:   fmt.Sprintf("%s %s", use, where),
			Subject:  hcl.RangeBetween(e.NameRange, e.OpenParenRange).Ptr(),
			Context:  attr.Range.Ptr(),
		})
		return
	}
	d.add(&hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Call to unknown function",
		Detail:   fmt.Sprintf("There is no function named %q. The flow language has env(\"NAME\"), file(\"path\"), jsonencode(REF), join(SEP, REF), coalesce(REF, ...) and length(REF).%s", e.Name, DidYouMean(e.Name, functions)),
		Subject:  e.NameRange.Ptr(),
		Context:  attr.Range.Ptr(),
	})
}

// calls reports every function call in attr's expression that is not in
// allowed and reports whether there were none. Allowed calls are not
// examined further here.
func (d *decoder) calls(attr *hcl.Attribute, allowed []string) bool {
	e, ok := attr.Expr.(hclsyntax.Expression)
	if !ok {
		return true
	}
	return d.callsIn(e, attr, allowed)
}

// callsIn is calls for a subexpression e of attr.
func (d *decoder) callsIn(e hclsyntax.Expression, attr *hcl.Attribute, allowed []string) bool {
	clean := true
	hclsyntax.VisitAll(e, func(n hclsyntax.Node) hcl.Diagnostics {
		if c, ok := n.(*hclsyntax.FunctionCallExpr); ok {
			for _, a := range allowed {
				if c.Name == a {
					return nil
				}
			}
			d.badCall(c, attr, allowed)
			clean = false
		}
		return nil
	})
	return clean
}

// constant evaluates attr as a constant: no references, no calls. It
// reports a problem and returns false otherwise. what describes the
// expected value, for the message.
func (d *decoder) constant(attr *hcl.Attribute, what string) (cty.Value, bool) {
	if !d.calls(attr, nil) {
		return cty.NilVal, false
	}
	if vars := attr.Expr.Variables(); len(vars) > 0 {
		d.add(&hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Reference not allowed here",
			Detail:   fmt.Sprintf("The argument %q takes %s; references are allowed only in a task's agent, input and after.", attr.Name, what),
			Subject:  vars[0].SourceRange().Ptr(),
			Context:  attr.Range.Ptr(),
		})
		return cty.NilVal, false
	}
	if se, ok := attr.Expr.(hclsyntax.Expression); ok {
		if bad := nonLiteral(se); bad != nil {
			d.unsupported(bad, attr)
			return cty.NilVal, false
		}
	}
	v, diags := attr.Expr.Value(nil)
	if diags.HasErrors() {
		d.add(withContext(diags, attr.Range)...)
		return cty.NilVal, false
	}
	if v.IsNull() || !v.IsWhollyKnown() {
		d.add(&hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Invalid attribute value",
			Detail:   fmt.Sprintf("The argument %q must not be null. Remove it to use the default.", attr.Name),
			Subject:  attr.Expr.Range().Ptr(),
			Context:  attr.Range.Ptr(),
		})
		return cty.NilVal, false
	}
	return v, true
}

// constantValue evaluates e if it is a constant, without reporting.
func constantValue(e hcl.Expression) (cty.Value, bool) {
	if len(e.Variables()) > 0 {
		return cty.NilVal, false
	}
	if se, ok := e.(hclsyntax.Expression); ok && hasCall(se) {
		return cty.NilVal, false
	}
	v, diags := e.Value(nil)
	if diags.HasErrors() || !v.IsWhollyKnown() {
		return cty.NilVal, false
	}
	return v, true
}

// hasCall reports whether e calls a function.
func hasCall(e hclsyntax.Expression) bool {
	found := false
	hclsyntax.VisitAll(e, func(n hclsyntax.Node) hcl.Diagnostics {
		if _, ok := n.(*hclsyntax.FunctionCallExpr); ok {
			found = true
		}
		return nil
	})
	return found
}

// typed evaluates attr as a constant of type want (what describes it, for
// the message). It returns false, reporting nothing, when attr is absent.
func (d *decoder) typed(attr *hcl.Attribute, want cty.Type, what string) (cty.Value, bool) {
	if attr == nil {
		return cty.NilVal, false
	}
	v, ok := d.constant(attr, what)
	if !ok {
		return v, false
	}
	if !v.Type().Equals(want) {
		d.add(&hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Incorrect attribute value type",
			Detail:   fmt.Sprintf("The argument %q must be %s, not %s.", attr.Name, what, TypeNoun(v.Type())),
			Subject:  attr.Expr.Range().Ptr(),
			Context:  attr.Range.Ptr(),
		})
		return v, false
	}
	return v, true
}

// TypeNoun names t for a diagnostic in the flow language's words: "a
// string", "a number", "a bool", "a list" or "an object" (cty's own name
// for anything else).
func TypeNoun(t cty.Type) string {
	switch {
	case t == cty.String:
		return "a string"
	case t == cty.Number:
		return "a number"
	case t == cty.Bool:
		return "a bool"
	case t.IsTupleType() || t.IsListType() || t.IsSetType():
		return "a list"
	case t.IsObjectType() || t.IsMapType():
		return "an object"
	}
	return t.FriendlyName()
}

func (d *decoder) str(attr *hcl.Attribute) *String {
	v, ok := d.typed(attr, cty.String, "a string")
	if !ok {
		return nil
	}
	return &String{Value: v.AsString(), Range: attr.Expr.Range(), NameRange: attr.NameRange}
}

func (d *decoder) boolean(attr *hcl.Attribute) *Bool {
	v, ok := d.typed(attr, cty.Bool, "a bool (true or false)")
	if !ok {
		return nil
	}
	return &Bool{Value: v.True(), Range: attr.Expr.Range(), NameRange: attr.NameRange}
}

func (d *decoder) number(attr *hcl.Attribute) *Number {
	v, ok := d.typed(attr, cty.Number, "a number")
	if !ok {
		return nil
	}
	return &Number{Value: new(big.Float).Set(v.AsBigFloat()), Range: attr.Expr.Range(), NameRange: attr.NameRange}
}

// stringOrEnv decodes a string literal or env("NAME").
func (d *decoder) stringOrEnv(attr *hcl.Attribute) *StringOrEnv {
	if attr == nil {
		return nil
	}
	if e, ok := attr.Expr.(*hclsyntax.FunctionCallExpr); ok && e.Name == funcEnv {
		name, ok := d.stringArg(e, attr)
		if !ok {
			return nil
		}
		if !validEnvName(name) {
			d.add(&hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Invalid environment variable name",
				Detail:   fmt.Sprintf("%q is not an environment variable name. Names consist of letters, digits and underscores and do not start with a digit, as in OPENAI_API_KEY.", name),
				Subject:  e.Args[0].Range().Ptr(),
				Context:  attr.Range.Ptr(),
			})
			return nil
		}
		return &StringOrEnv{Value: name, Env: true, Range: attr.Expr.Range(), NameRange: attr.NameRange}
	}
	if !d.calls(attr, []string{funcEnv}) {
		return nil
	}
	var bad hcl.Range // a reference or a computation: not a string
	summary := "Reference not allowed here"
	if vars := attr.Expr.Variables(); len(vars) > 0 {
		bad = vars[0].SourceRange()
	} else if se, ok := attr.Expr.(hclsyntax.Expression); ok {
		if e := nonLiteral(se); e != nil {
			bad, summary = e.Range(), "Unsupported expression"
		}
	}
	if bad != (hcl.Range{}) {
		fix := fmt.Sprintf("Write a string, or %s = env(\"NAME\") to read the environment variable NAME when the program starts.", attr.Name)
		if attr.Name == attrAPIKey {
			fix = `Write api_key = env("NAME") with the environment variable that holds the key, as in api_key = env("OPENAI_API_KEY"), and set it where the program runs.`
		}
		d.add(&hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  summary,
			Detail:   fmt.Sprintf("The argument %q is not a string or env(\"NAME\"). %s", attr.Name, fix),
			Subject:  bad.Ptr(),
			Context:  attr.Range.Ptr(),
		})
		return nil
	}
	s := d.str(attr)
	if s == nil {
		return nil
	}
	return &StringOrEnv{Value: s.Value, Range: s.Range, NameRange: s.NameRange}
}

func validEnvName(s string) bool {
	for i, r := range s {
		switch {
		case r == '_', 'A' <= r && r <= 'Z', 'a' <= r && r <= 'z':
		case '0' <= r && r <= '9' && i > 0:
		default:
			return false
		}
	}
	return s != ""
}

// params decodes a params object, keeping each key's range.
func (d *decoder) params(attr *hcl.Attribute) *Params {
	if attr == nil {
		return nil
	}
	d.calls(attr, nil) // reported; the other entries are still checked
	pairs, mdiags := hcl.ExprMap(attr.Expr)
	if mdiags.HasErrors() {
		d.add(&hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Incorrect attribute value type",
			Detail:   "The argument \"params\" must be an object, as in params = { temperature = 0.2 }.",
			Subject:  attr.Expr.Range().Ptr(),
			Context:  attr.Range.Ptr(),
		})
		return nil
	}
	ps := &Params{Range: attr.Expr.Range(), NameRange: attr.NameRange}
	seen := make(map[string]hcl.Range)
	for _, kv := range pairs {
		if se, ok := kv.Key.(hclsyntax.Expression); ok {
			if bad := nonLiteral(se); bad != nil {
				d.unsupported(bad, attr)
				continue
			}
		}
		key := objectKey(kv.Key)
		krng := kv.Key.Range()
		if key == "" {
			d.add(&hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Invalid parameter name",
				Detail:   "A parameter name is a constant name, as in temperature = 0.2.",
				Subject:  krng.Ptr(),
				Context:  attr.Range.Ptr(),
			})
			continue
		}
		if prev, dup := seen[key]; dup {
			d.add(&hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Duplicate parameter",
				Detail:   fmt.Sprintf("The parameter %q was already set at %s. Remove one of them.", key, pos(prev)),
				Subject:  krng.Ptr(),
				Context:  attr.Range.Ptr(),
			})
			continue
		}
		seen[key] = krng
		if se, ok := kv.Value.(hclsyntax.Expression); ok {
			if hasCall(se) {
				continue // reported above
			}
			if bad := nonLiteral(se); bad != nil {
				d.unsupported(bad, attr)
				continue
			}
		}
		if len(kv.Value.Variables()) > 0 {
			d.add(&hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Reference not allowed here",
				Detail:   "Parameters are constants; references are allowed only in a task's agent, input and after.",
				Subject:  kv.Value.Variables()[0].SourceRange().Ptr(),
				Context:  attr.Range.Ptr(),
			})
			continue
		}
		v, vdiags := kv.Value.Value(nil)
		if vdiags.HasErrors() {
			d.add(withContext(vdiags, attr.Range)...)
			continue
		}
		if !v.IsWhollyKnown() {
			continue // cannot happen without variables
		}
		ps.Items = append(ps.Items, &Param{Key: key, KeyRange: krng, Value: v, Range: kv.Value.Range()})
	}
	return ps
}

// objectKey returns the name of an object key written as a name or a
// constant string; "" for anything else.
func objectKey(e hcl.Expression) string {
	if key := hcl.ExprAsKeyword(e); key != "" {
		return key
	}
	if v, ok := constantValue(e); ok && !v.IsNull() && v.Type() == cty.String {
		return v.AsString()
	}
	return ""
}

// withContext sets Context on diagnostics that have none.
func withContext(diags hcl.Diagnostics, ctx hcl.Range) hcl.Diagnostics {
	for _, d := range diags {
		if d.Context == nil && d.Subject != nil {
			d.Context = ctx.Ptr()
		}
	}
	return diags
}

// pos formats the start of r as file:line,col (HCL's style, used in details).
func pos(r hcl.Range) string {
	return fmt.Sprintf("%s:%d,%d", r.Filename, r.Start.Line, r.Start.Column)
}
