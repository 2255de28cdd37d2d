package ir

import (
	"fmt"
	"math"
	"net/url"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"github.com/hashicorp/hcl/v2"
	"github.com/intelligen/intelligen/hclspec"
	"github.com/intelligen/intelligen/internal/catalog"
	"github.com/zclconf/go-cty/cty"
)

// Defaults of an agent's timeout and retry, applied at check time; their
// one home is package catalog, which the runtime reads too.
const (
	DefaultTimeout    = catalog.Timeout
	DefaultAttempts   = catalog.Attempts
	DefaultBackoff    = catalog.Backoff
	DefaultMaxBackoff = catalog.MaxBackoff
)

// maxAttempts bounds retry.attempts: beyond this a flow is almost surely
// wrong, and generated code should not loop for hours on one call.
const maxAttempts = 100

// Check resolves references, infers edge types and rejects cycles. If the
// returned diagnostics contain errors, the returned *Workflow is nil;
// warnings come with a non-nil Workflow.
//
// Check sees only its own problems: a Spec that hclspec decoded with errors
// (leaving out what was invalid) may still check clean, so a caller must
// also reject the flow on hclspec's errors, as intelligen.Load does.
func Check(spec *hclspec.Spec) (*Workflow, hcl.Diagnostics) {
	if spec == nil {
		return nil, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "No flow to check",
			Detail:   "The flow files could not be parsed. Fix the errors reported for them.",
		}}
	}
	c := &checker{
		spec:     spec,
		w:        &Workflow{Files: append([]string(nil), spec.Files...)},
		vars:     make(map[string]*Variable),
		agents:   make(map[string]*Agent),
		tasks:    make(map[string]*Task),
		used:     make(map[*Agent]bool),
		srcTask:  make(map[*Task]*hclspec.Task),
		srcAgent: make(map[*Agent]*hclspec.Agent),
	}
	c.checkFiles()
	c.checkFlow()
	c.checkVariables()
	c.checkAgents()
	c.checkSchemas()
	c.checkTasks()
	c.taskOutputs()
	c.forEachTypes()
	c.templates()
	c.conditions()
	c.ports()
	c.unused()
	c.hints()
	order := c.cycles()
	if c.diags.HasErrors() {
		return nil, c.diags
	}
	link(c.w, order)
	skips(c.w)
	return c.w, c.diags
}

type checker struct {
	spec  *hclspec.Spec
	w     *Workflow
	diags hcl.Diagnostics

	vars     map[string]*Variable
	agents   map[string]*Agent
	tasks    map[string]*Task
	used     map[*Agent]bool
	srcTask  map[*Task]*hclspec.Task
	srcAgent map[*Agent]*hclspec.Agent

	// all lists every task block, duplicates included, in declaration
	// order; the graph is built over it.
	all []*Task

	ty typeState // schemas and typed outputs

	// deferred are the references of conditions that did not decode
	// whole: each is still checked.
	deferred []*Cond

	// varNames and taskNames are the declared names, for suggestions.
	varNames, taskNames []string
}

// errorf and warnf report an error or a warning whose detail is formatted
// from format and args.
func (c *checker) errorf(subject, context *hcl.Range, summary, format string, args ...any) {
	c.report(hcl.DiagError, subject, context, summary, fmt.Sprintf(format, args...))
}

// refVar resolves the variable r names, reporting it undeclared (with
// context ctx) when there is none.
func (c *checker) refVar(r *hclspec.Ref, ctx *hcl.Range) *Variable {
	v := c.vars[r.Name]
	if v == nil {
		c.errorf(r.NameRange.Ptr(), ctx, "Reference to undeclared variable",
			"There is no variable named %q in this flow.%s Declare it with a variable %q block.", r.Name, hclspec.DidYouMean(r.Name, c.varNames), r.Name)
	}
	return v
}

// refTask resolves the task r names, reporting it undeclared (with
// context ctx) when there is none.
func (c *checker) refTask(r *hclspec.Ref, ctx *hcl.Range) *Task {
	t := c.tasks[r.Name]
	if t == nil {
		c.errorf(r.NameRange.Ptr(), ctx, "Reference to undeclared task",
			"There is no task named %q in this flow.%s", r.Name, hclspec.DidYouMean(r.Name, c.taskNames))
	}
	return t
}

func (c *checker) warnf(subject, context *hcl.Range, summary, format string, args ...any) {
	c.report(hcl.DiagWarning, subject, context, summary, fmt.Sprintf(format, args...))
}

func (c *checker) report(sev hcl.DiagnosticSeverity, subject, context *hcl.Range, summary, detail string) {
	c.diags = append(c.diags, &hcl.Diagnostic{Severity: sev, Summary: summary, Detail: detail, Subject: subject, Context: context})
}

// span returns the range of an attribute from its name to its value, the
// Context of a diagnostic about the value.
func span(name, value hcl.Range) *hcl.Range {
	if name.Filename != value.Filename || name.Start.Byte > value.Start.Byte {
		return value.Ptr()
	}
	return hcl.RangeBetween(name, value).Ptr()
}

// at formats the start of r as file:line,col for details.
func at(r hcl.Range) string {
	return fmt.Sprintf("%s:%d,%d", r.Filename, r.Start.Line, r.Start.Column)
}

func (c *checker) checkFlow() {
	flows := c.spec.Flows
	if len(flows) == 0 {
		var subject *hcl.Range
		if len(c.spec.Files) > 0 {
			subject = &hcl.Range{Filename: c.spec.Files[0], Start: hcl.InitialPos, End: hcl.InitialPos}
		}
		c.errorf(subject, nil, "Missing flow block",
			"A flow needs exactly one flow block, as in flow \"content\" {}. Add one to one of its files.")
		return
	}
	for _, f := range flows[1:] {
		c.errorf(f.DefRange.Ptr(), nil, "Duplicate flow block",
			"A flow block was already declared at %s. Files given together, or the files of one directory, form one flow with one flow block: one flow per Go package. Remove one of them, or move one flow to a directory of its own.", at(flows[0].DefRange))
	}
	f := flows[0]
	w := c.w
	w.Name = f.Name
	w.Range = f.DefRange
	w.OnError = Cancel
	if f.Package != nil {
		w.Package = f.Package.Value
		if !IsPackageName(w.Package) {
			c.errorf(f.Package.Range.Ptr(), span(f.Package.NameRange, f.Package.Range), "Invalid package name",
				"%q is not a valid Go package name: use a Go identifier that is not a keyword, such as %q.", w.Package, suggestPackage(w.Package))
		}
	} else {
		w.Package = DefaultPackage(f.Name)
		if !IsPackageName(w.Package) {
			c.errorf(f.NameRange.Ptr(), f.DefRange.Ptr(), "Invalid package name",
				"The package name %q derived from the flow name %q is not a valid Go package name (an identifier that is not a keyword). Set one with package = \"name\" in the flow block.", w.Package, f.Name)
		}
	}
	if f.Description != nil && c.commentText(f.Description) {
		w.Description = f.Description.Value
	}
	if f.Log != nil {
		w.Log = f.Log.Value
	}
	if n := f.MaxParallel; n != nil {
		if v, ok := n.Int(); !ok || v < 0 || v > math.MaxInt32 {
			c.errorf(n.Range.Ptr(), span(n.NameRange, n.Range), "Invalid number",
				"max_parallel must be a whole number from 0 (unlimited) to %d.", math.MaxInt32)
		} else {
			w.MaxParallel = int(v)
		}
	}
	if o := f.OnError; o != nil {
		switch OnError(o.Value) {
		case Cancel, Continue:
			w.OnError = OnError(o.Value)
		default:
			c.errorf(o.Range.Ptr(), span(o.NameRange, o.Range), "Invalid on_error value",
				"on_error must be \"cancel\" or \"continue\", not %q.%s", o.Value, hclspec.DidYouMean(o.Value, []string{string(Cancel), string(Continue)}))
		}
	}
}

// checkFiles reports a flow file whose base name cannot appear in the
// comments of generated Go code, which name the file they come from.
func (c *checker) checkFiles() {
	for _, name := range c.spec.Files {
		base := filepath.Base(name)
		for _, r := range base {
			if unicode.IsControl(r) || r == '\ufeff' {
				c.errorf(&hcl.Range{Filename: name, Start: hcl.InitialPos, End: hcl.InitialPos}, nil, "Invalid file name",
					"The file name %q holds the character %U, which cannot appear in the comments of generated Go code. Rename the file.", base, r)
				break
			}
		}
	}
}

// commentText reports whether s, a description, can become a comment of
// the generated Go code, reporting the first character that cannot: a
// control character other than tab and line breaks (Go forbids NUL in
// source), or a byte order mark (allowed only at the start of a file).
func (c *checker) commentText(s *hclspec.String) bool {
	for _, r := range s.Value {
		if r < ' ' && r != '\t' && r != '\n' && r != '\r' || r == '\ufeff' {
			c.errorf(s.Range.Ptr(), span(s.NameRange, s.Range), "Invalid character in description",
				"The description holds the character %U, which cannot appear in the comments of generated Go code. Remove it.", r)
			return false
		}
	}
	return true
}

func suggestPackage(s string) string {
	if p := DefaultPackage(s); IsPackageName(p) {
		return p
	}
	return "flow"
}

// label checks a block label and its Go name (kind is "variable", "agent"
// or "task"), reporting duplicates at the second declaration with the
// first's position. It returns the Go name, and false for a duplicate label,
// which must not be registered.
func (c *checker) label(kind string, blk hclspec.Block, byName map[string]hclspec.Block, byGo map[string]hclspec.Block) (string, bool) {
	if prev, dup := byName[blk.Name]; dup {
		c.errorf(blk.NameRange.Ptr(), blk.DefRange.Ptr(), fmt.Sprintf("Duplicate %s block", kind),
			"%s %s named %q was already declared at %s. %s names must be unique within a flow; rename or remove one of them.", capital(article(kind)), kind, blk.Name, at(prev.NameRange), capital(kind))
		return "", false
	}
	byName[blk.Name] = blk
	if !IsLabel(blk.Name) {
		c.errorf(blk.NameRange.Ptr(), blk.DefRange.Ptr(), "Invalid name",
			"%q is not a valid %s name. A name starts with a letter or underscore and contains only letters, digits, underscores and dashes.", blk.Name, kind)
		return "", true
	}
	g := GoName(blk.Name)
	if !IsGoName(g) {
		c.errorf(blk.NameRange.Ptr(), blk.DefRange.Ptr(), "Invalid name",
			"The %s name %q gives the Go name %q, which is not an exported Go identifier. Start the name with a letter.", kind, blk.Name, g)
		return "", true
	}
	if prev, dup := byGo[g]; dup {
		c.errorf(blk.NameRange.Ptr(), blk.DefRange.Ptr(), "Conflicting Go names",
			"The %s %q and the %s %q (declared at %s) both become the Go name %s. Rename one of them.", kind, blk.Name, kind, prev.Name, at(prev.NameRange), g)
		return g, true
	}
	byGo[g] = blk
	return g, true
}

func capital(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// and joins words as "a", "a and b", "a, b and c".
func and(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

func (c *checker) checkVariables() {
	byName, byGo := map[string]hclspec.Block{}, map[string]hclspec.Block{}
	for _, sv := range c.spec.Variables {
		g, ok := c.label("variable", sv.Block, byName, byGo)
		if !ok {
			continue
		}
		v := &Variable{Name: sv.Name, GoName: g, Type: String, Range: sv.NameRange}
		c.vars[v.Name] = v
		c.w.Variables = append(c.w.Variables, v)
		if sv.Description != nil && c.commentText(sv.Description) {
			v.Description = sv.Description.Value
		}
		typeOK := true
		if t := sv.Type; t != nil {
			switch VarType(t.Value) {
			case String, Number, Bool, ImageVar, AudioVar, ListString, ListNumber, ListBool:
				v.Type = VarType(t.Value)
			default:
				typeOK = false
				c.errorf(t.Range.Ptr(), span(t.NameRange, t.Range), "Invalid variable type",
					"The type of a variable is string, number, bool, image, audio, list(string), list(number) or list(bool), not %s.%s", t.Value, hclspec.DidYouMean(t.Value, []string{string(String), string(Number), string(Bool), string(ImageVar), string(AudioVar)}))
			}
		}
		if d := sv.Default; d != nil && typeOK {
			if v.Type == ImageVar || v.Type == AudioVar {
				c.mediaDefault(v, d)
				continue
			}
			if listVarTypes[v.Type] != nil {
				v.Default = c.listDefault(v, d)
				continue
			}
			v.Default = c.defaultValue(v, d)
		}
	}
}

func (c *checker) defaultValue(v *Variable, d *hclspec.Value) any {
	val := d.Value
	var got any
	switch {
	case val.Type() == cty.String && v.Type == String:
		got = val.AsString()
	case val.Type() == cty.Number && v.Type == Number:
		f, _ := val.AsBigFloat().Float64()
		if math.IsInf(f, 0) {
			c.errorf(d.Range.Ptr(), span(d.NameRange, d.Range), "Invalid number",
				"The default of variable %q is out of the range of a float64.", v.Name)
			return nil
		}
		got = f
	case val.Type() == cty.Bool && v.Type == Bool:
		got = val.True()
	default:
		c.errorf(d.Range.Ptr(), span(d.NameRange, d.Range), "Invalid default value",
			"The default of variable %q must be a %s, like its type, not %s. Change the default or the type.", v.Name, v.Type, hclspec.TypeNoun(val.Type()))
	}
	return got
}

func typeNames(ts []AgentType) []string {
	var s []string
	for _, t := range ts {
		s = append(s, string(t))
	}
	return s
}

func providerNames() []string {
	var s []string
	for _, p := range Providers {
		s = append(s, p.Name)
	}
	return s
}

// providersOffering names the providers that offer agent type t.
func providersOffering(t AgentType) []string {
	var s []string
	for _, p := range Providers {
		if p.Offers(t) {
			s = append(s, p.Name)
		}
	}
	return s
}

func (c *checker) checkAgents() {
	byName, byGo := map[string]hclspec.Block{}, map[string]hclspec.Block{}
	for _, sa := range c.spec.Agents {
		g, ok := c.label("agent", sa.Block, byName, byGo)
		if !ok {
			continue
		}
		a := &Agent{Name: sa.Name, GoName: g, Range: sa.NameRange, Timeout: DefaultTimeout,
			Retry: Retry{Attempts: DefaultAttempts, Backoff: DefaultBackoff, MaxBackoff: DefaultMaxBackoff}}
		c.agents[a.Name] = a
		c.srcAgent[a] = sa
		c.w.Agents = append(c.w.Agents, a)
		typeOK := false
		if t := sa.Type; t != nil {
			a.Type = AgentType(t.Value)
			if typeOK = a.Type.valid(); !typeOK {
				c.errorf(t.Range.Ptr(), span(t.NameRange, t.Range), "Unknown agent type",
					"There is no agent type %q. The agent types are %s.%s", t.Value, strings.Join(typeNames(AgentTypes), ", "), hclspec.DidYouMean(t.Value, typeNames(AgentTypes)))
			}
		}
		var prov ProviderInfo
		provOK := false
		if p := sa.Provider; p != nil {
			a.Provider = p.Value
			prov, provOK = Provider(p.Value)
			if !provOK {
				c.errorf(p.Range.Ptr(), span(p.NameRange, p.Range), "Unknown provider",
					"There is no provider %q. The providers are %s.%s", p.Value, strings.Join(providerNames(), ", "), hclspec.DidYouMean(p.Value, providerNames()))
			}
		}
		if typeOK && provOK && !prov.Offers(a.Type) {
			c.errorf(sa.Provider.Range.Ptr(), span(sa.Type.NameRange, sa.Provider.Range), "Agent type not offered by provider",
				"The provider %q does not offer %s agents; it offers %s. Providers with %s agents: %s.",
				prov.Name, a.Type, and(typeNames(prov.Types)), a.Type, strings.Join(providersOffering(a.Type), ", "))
		}
		if provOK {
			a.APIKeyEnv = prov.APIKeyEnv
			a.KeyRequired = prov.KeyRequired
		}
		if m := sa.Mission; m != nil {
			a.Mission = m.Value
		}
		if m := sa.Model; m != nil {
			if m.Env {
				a.ModelEnv = m.Value
			} else {
				a.Model = m.Value
			}
		}
		if k := sa.APIKey; k != nil {
			if k.Env {
				a.APIKeyEnv = k.Value
			} else {
				env := a.APIKeyEnv
				if env == "" {
					env = "MY_API_KEY"
				}
				c.errorf(k.Range.Ptr(), span(k.NameRange, k.Range), "Literal API key",
					"API keys must not be written in flow files: they would end up in version control and in generated code. Write api_key = env(%q) and set that variable where the program runs.", env)
			}
		}
		if u := sa.BaseURL; u != nil {
			if u.Env {
				a.BaseURLEnv = u.Value
			} else if u.Value != "" {
				pu, err := url.Parse(u.Value)
				if err != nil || (pu.Scheme != "http" && pu.Scheme != "https") || pu.Host == "" {
					c.errorf(u.Range.Ptr(), span(u.NameRange, u.Range), "Invalid base URL",
						"%q is not an http or https URL. Write a URL such as \"http://localhost:8000/v1\", or env(\"NAME\") to read it at run time.", u.Value)
				} else {
					a.BaseURL = u.Value
				}
			}
		}
		if typeOK {
			a.Params = c.params(a, sa.Params, Params{})
			c.mission(a, sa.Mission)
		}
		if t := sa.Timeout; t != nil {
			if d, ok := c.duration(t, false); ok {
				a.Timeout = d
			}
		}
		if r := sa.Retry; r != nil {
			if n := r.Attempts; n != nil {
				if v, ok := n.Int(); !ok || v < 1 || v > maxAttempts {
					c.errorf(n.Range.Ptr(), span(n.NameRange, n.Range), "Invalid number",
						"attempts is the total number of tries: a whole number from 1 (no retry) to %d.", maxAttempts)
				} else {
					a.Retry.Attempts = int(v)
				}
			}
			if t := r.Backoff; t != nil {
				if d, ok := c.duration(t, true); ok {
					a.Retry.Backoff = d
				}
			}
			if t := r.MaxBackoff; t != nil {
				if d, ok := c.duration(t, true); ok {
					a.Retry.MaxBackoff = d
				}
			}
			if a.Retry.MaxBackoff < a.Retry.Backoff {
				rng := r.Range
				if r.MaxBackoff != nil {
					rng = r.MaxBackoff.Range
				} else if r.Backoff != nil {
					rng = r.Backoff.Range
				}
				c.errorf(rng.Ptr(), nil, "Invalid duration",
					"max_backoff (%v) is less than backoff (%v). max_backoff caps the wait between tries, so it must be at least backoff.", a.Retry.MaxBackoff, a.Retry.Backoff)
			}
		}
		if l := sa.Limit; l != nil {
			a.Limit.Concurrency = c.count(l.Concurrency, "concurrency")
			a.Limit.RequestsPerMinute = c.count(l.RequestsPerMinute, "requests_per_minute")
		}
	}
}

func (c *checker) count(n *hclspec.Number, name string) int {
	if n == nil {
		return 0
	}
	v, ok := n.Int()
	if !ok || v < 0 || v > math.MaxInt32 {
		c.errorf(n.Range.Ptr(), span(n.NameRange, n.Range), "Invalid number",
			"%s must be a whole number from 0 (no limit) to %d.", name, math.MaxInt32)
		return 0
	}
	return int(v)
}

// duration parses a duration attribute: positive, or ≥ 0 if zeroOK.
func (c *checker) duration(s *hclspec.String, zeroOK bool) (time.Duration, bool) {
	d, err := time.ParseDuration(s.Value)
	if err != nil {
		c.errorf(s.Range.Ptr(), span(s.NameRange, s.Range), "Invalid duration",
			"%q is not a duration. Write a number with a unit, as in \"90s\", \"1m30s\" or \"500ms\".", s.Value)
		return 0, false
	}
	if d < 0 || d == 0 && !zeroOK {
		c.errorf(s.Range.Ptr(), span(s.NameRange, s.Range), "Invalid duration",
			"The duration %q must be positive.", s.Value)
		return 0, false
	}
	return d, true
}
