package intelligen_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/intelligen/intelligen"
	"github.com/intelligen/intelligen/internal/flowtest"
	"github.com/intelligen/intelligen/internal/simtest"
	"github.com/intelligen/intelligen/ir"
)

var update = flag.Bool("update", os.Getenv("INTELLIGEN_UPDATE") != "",
	"rewrite testdata/golden/*/want/ with current output, once it compiles and runs")

// A goldenCase is one directory of testdata/golden: its flow files in, the
// generated files and the simulated run's output out.
type goldenCase struct {
	name  string
	dir   string
	w     *ir.Workflow
	files []intelligen.GeneratedFile
	run   []byte // stdout of the compiled program; nil under -short
}

// TestGolden generates every case of testdata/golden through the same
// Load and Generate the CLI uses, compiles all of them in one temporary
// module (go vet, then go build), runs each in simulation, and compares
// the Go file, the DOT file and the run's output with want/. Under
// -update it rewrites want/ only after everything compiled and ran.
func TestGolden(t *testing.T) {
	dirs, err := filepath.Glob("testdata/golden/*")
	if err != nil {
		t.Fatal(err)
	}
	var cases []*goldenCase
	for _, dir := range dirs {
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			continue
		}
		c := &goldenCase{name: filepath.Base(dir), dir: dir}
		c.w, c.files = generate(t, dir)
		cases = append(cases, c)
	}
	if len(cases) < 12 {
		t.Fatalf("found %d golden cases, want at least 12", len(cases))
	}
	switch {
	case !testing.Short():
		compileAndRun(t, cases)
	case *update:
		t.Fatal("-update rewrites goldens only after they compile and run: run it without -short")
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := map[string][]byte{}
			for _, f := range c.files {
				got[f.Name] = f.Content
			}
			names := []string{c.files[0].Name, c.files[1].Name}
			if c.run != nil {
				got["run.txt"] = c.run
				names = append(names, "run.txt")
			}
			renderDOT(t, got[c.files[1].Name])
			for _, name := range names {
				path := filepath.Join(c.dir, "want", name)
				if *update {
					if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(path, got[name], 0o666); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(string(want), string(got[name])); diff != "" {
					t.Errorf("%s mismatch (-want +got):\n%s\nrun: go test -run TestGolden -update", path, diff)
				}
			}
		})
	}
}

// renderDOT runs Graphviz's dot -Tsvg on src, when dot is installed, and
// fails on any warning.
func renderDOT(t *testing.T, src []byte) {
	t.Helper()
	path, err := exec.LookPath("dot")
	if err != nil {
		return
	}
	cmd := exec.Command(path, "-Tsvg", "-o", os.DevNull)
	cmd.Stdin = bytes.NewReader(src)
	if out, err := cmd.CombinedOutput(); err != nil || len(out) > 0 {
		t.Errorf("dot -Tsvg: %v\n%s", err, out)
	}
}

// flowFiles returns the case's flow files: flow.hcl first, then the
// others by name (declaration order follows the order of files).
func flowFiles(t *testing.T, dir string) []string {
	t.Helper()
	matches, err := filepath.Glob(filepath.Join(dir, "*.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"flow.hcl"}
	for _, m := range matches {
		if b := filepath.Base(m); b != "flow.hcl" {
			names = append(names, b)
		}
	}
	slices.Sort(names[1:])
	return names
}

func generate(t *testing.T, dir string) (*ir.Workflow, []intelligen.GeneratedFile) {
	t.Helper()
	w, _, diags := intelligen.Load(os.DirFS(dir), flowFiles(t, dir)...)
	if diags.HasErrors() || w == nil {
		t.Fatalf("%s: %v", dir, diags)
	}
	res, err := intelligen.Generate(w, intelligen.GenerateOptions{})
	if err != nil {
		t.Fatalf("%s: %v", dir, err)
	}
	again, err := intelligen.Generate(w, intelligen.GenerateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range res.Files {
		if !bytes.Equal(res.Files[i].Content, again.Files[i].Content) {
			t.Errorf("%s: generating %s twice gave different bytes", dir, res.Files[i].Name)
		}
	}
	if len(res.Files) != 2 || res.Files[0].Name != "flow_gen.go" || res.Files[1].Name != "flow.dot" {
		t.Fatalf("%s: Generate returned files %v, want flow_gen.go and flow.dot", dir, res.Files)
	}
	f, err := parser.ParseFile(token.NewFileSet(), "flow_gen.go", res.Files[0].Content, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		t.Fatalf("%s: %v", dir, err)
	}
	if !ast.IsGenerated(f) {
		t.Errorf("%s: ast.IsGenerated is false for flow_gen.go", dir)
	}
	return w, res.Files
}

// compileAndRun compiles every case in one temporary module and runs
// each in simulation (flowtest.CompileAndRun), with requiredValue for
// each variable that has no default, and keeps what each printed.
func compileAndRun(t *testing.T, cases []*goldenCase) {
	t.Helper()
	root, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	runs := make([]flowtest.Case, len(cases))
	for i, c := range cases {
		in := map[string]any{}
		for _, v := range c.w.Variables {
			if v.Default == nil {
				in[v.Name] = requiredValue(v.Name, v.Type)
			}
		}
		runs[i] = flowtest.Case{W: c.w, Src: c.files[0].Content, Input: in}
	}
	for i, out := range flowtest.CompileAndRun(t, root, runs) {
		cases[i].run = []byte(out)
	}
}

// TestRandomFlows is an end-to-end property test: random valid flows are
// written as HCL text, loaded, generated, compiled and run in simulation,
// and every output is compared with a computation of docs/language.md#the-prompt and docs/simulator.md#outputs
// made from the random model alone (not from the ir the front end built),
// skips included (docs/language.md#conditions): random whens over
// variables and outputs, and coalesce with and without a literal; and
// fan-out (docs/language.md#fan-out): for_each over list variables and
// other fan-outs, each.value and each.index, join over lists, and lists
// in after.
func TestRandomFlows(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles generated code")
	}
	const n = 24
	var cases []*goldenCase
	var want []string
	for i := range n {
		m := randomModel(rand.New(rand.NewPCG(uint64(i), 99)), i)
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "flow.hcl"), []byte(m.hcl()), 0o666); err != nil {
			t.Fatal(err)
		}
		c := &goldenCase{name: fmt.Sprint("random", i), dir: dir}
		c.w, c.files = generate(t, dir)
		cases = append(cases, c)
		want = append(want, m.expect())
	}
	if all := strings.Join(want, ""); !strings.Contains(all, ": skipped\n") {
		t.Error("no random flow skips a task: the property is not exercised")
	} else if !regexp.MustCompile(`\[\d+\]:`).MatchString(all) {
		t.Error("no random flow fans out over a non-empty list: the property is not exercised")
	}
	compileAndRun(t, cases)
	for i, c := range cases {
		if string(c.run) != want[i] {
			hcl, _ := os.ReadFile(filepath.Join(c.dir, "flow.hcl"))
			t.Errorf("%s: outputs differ\ngot:\n%s\nwant:\n%s\nflow:\n%s", c.name, c.run, want[i], hcl)
		}
	}
}

type (
	model struct {
		name  string
		vars  []*mVar
		lists []*mVar // list(string) variables: def is a []string
		tasks []*mTask
	}
	mVar struct {
		name, typ string
		def       any // nil: required
	}
	mTask struct {
		name    string
		typ     string // agent type; the agent is "a_<typ>" (openai)
		input   []any  // string literal, *mVar, *mTask (template reference), *mCoalesce
		after   []*mTask
		exclude bool
		out     *typedOutput // nil: plain text
		when    []*mAtom     // joined by whenOp; none: no when
		whenOp  string       // "&&" or "||"
		forEach any          // nil, or the list it fans out over: *mVar (a list) or *mTask (a for_each task)
	}
	// mEach is ${each.value} or ${each.index}.
	mEach struct{ index bool }
	// mJoin is ${join("|", REF)} of a list variable or a for_each task.
	mJoin struct{ src any }
	// mAtom is one comparison of a when: a bool variable (negated or
	// not), a number variable > 0, a string variable == "x", or a text
	// task's output != "zz" (true) or == "zz" (false).
	mAtom struct {
		v   *mVar
		t   *mTask
		neg bool
	}
	// mCoalesce is ${coalesce(task.a.output, ..., ["lit"])}.
	mCoalesce struct {
		alts []*mTask
		lit  *string
	}
)

// listRef is the reference to a list variable or a for_each task's output.
func listRef(src any) string {
	if l, ok := src.(*mVar); ok {
		return "var." + l.name
	}
	return "task." + src.(*mTask).name + ".output"
}

func (a *mAtom) hcl() string {
	if a.t != nil {
		op := "!="
		if a.neg {
			op = "=="
		}
		return fmt.Sprintf("task.%s.output %s \"zz\"", a.t.name, op)
	}
	switch a.v.typ {
	case "bool":
		if a.neg {
			return "!var." + a.v.name
		}
		return "var." + a.v.name
	case "number":
		return "var." + a.v.name + " > 0"
	}
	return "var." + a.v.name + " == \"x\""
}

// requiredValue is the value the golden and random runs pass for the
// required variable name of type t.
func requiredValue(name string, t ir.VarType) any {
	switch t {
	case ir.Number:
		return 42.5
	case ir.Bool:
		return true
	case ir.ListString:
		return []string{"first " + name, "second " + name}
	case ir.ListNumber:
		return []float64{-1, 2.5}
	case ir.ListBool:
		return []bool{true, false}
	}
	return "value of " + name
}

var randomLiterals = []string{"", "x", "Write about", " and ", "\"q\" `b` */ 100% ${x} %{y} é世🎉 \\", "\n", "two\nlines"}

func randomModel(r *rand.Rand, seed int) *model {
	m := &model{name: fmt.Sprint("random", seed)}
	for i := range r.IntN(4) {
		v := &mVar{name: fmt.Sprint("v", i), typ: []string{"string", "number", "bool"}[r.IntN(3)]}
		if r.IntN(2) == 0 {
			switch v.typ {
			case "string":
				v.def = randomLiterals[r.IntN(len(randomLiterals))]
			case "number":
				v.def = float64(r.IntN(2000)-1000) / 8
			case "bool":
				v.def = r.IntN(2) == 0
			}
		}
		m.vars = append(m.vars, v)
	}
	for i := range r.IntN(3) {
		l := &mVar{name: fmt.Sprint("l", i), typ: "list(string)"}
		if r.IntN(2) == 0 {
			var def []string
			for j := range r.IntN(4) {
				def = append(def, fmt.Sprint("e", j, randomLiterals[r.IntN(len(randomLiterals))]))
			}
			l.def = append([]string{}, def...)
		}
		m.lists = append(m.lists, l)
	}
	nt := 1 + r.IntN(7)
	// Tasks are declared in a random order, and may only use tasks
	// created before them: declaration order is not dependency order.
	var created []*mTask
	// pick picks a task of output out that is not a fan-out; plain, a
	// text task without an output type (which when and coalesce compare
	// and render as text).
	pickOf := func(out string, plain bool) *mTask {
		var c []*mTask
		for _, t := range created {
			if outputOf(t.typ) == out && t.forEach == nil && (!plain || t.out == nil) {
				c = append(c, t)
			}
		}
		if len(c) == 0 {
			return nil
		}
		return c[r.IntN(len(c))]
	}
	pick := func(out string) *mTask { return pickOf(out, false) }
	types := []string{"text", "text", "image", "vision", "speech", "recognition", "embed"}
	for i := range nt {
		t := &mTask{name: fmt.Sprintf("t%d", i), typ: types[r.IntN(len(types))], exclude: r.IntN(5) == 0}
		var media *mTask
		switch t.typ {
		case "vision":
			media = pick("image")
		case "recognition":
			media = pick("audio")
		}
		if (t.typ == "vision" || t.typ == "recognition") && media == nil {
			t.typ = "text"
		}
		if t.typ == "text" && r.IntN(2) == 0 {
			t.out = typedOutputs[r.IntN(len(typedOutputs))]
		}
		for range r.IntN(4) {
			switch k := r.IntN(3); {
			case k == 0 && len(m.vars) > 0:
				t.input = append(t.input, m.vars[r.IntN(len(m.vars))])
			case k == 1 && pick("text") != nil:
				t.input = append(t.input, reference(r, pick("text")))
			default:
				t.input = append(t.input, randomLiterals[r.IntN(len(randomLiterals))])
			}
		}
		for range r.IntN(3) {
			if p := pick("text"); p != nil {
				t.after = append(t.after, p)
			}
		}
		// Lists: the list variables and the for_each tasks made so far.
		var lists []any
		for _, l := range m.lists {
			lists = append(lists, l)
		}
		for _, c := range created {
			if c.forEach != nil {
				lists = append(lists, c)
			}
		}
		if len(lists) > 0 && r.IntN(4) == 0 {
			t.input = slices.Insert(t.input, r.IntN(len(t.input)+1), any(&mJoin{src: lists[r.IntN(len(lists))]}))
		}
		if len(lists) > 0 && r.IntN(4) == 0 {
			if l, ok := lists[r.IntN(len(lists))].(*mTask); ok {
				t.after = append(t.after, l) // enters the prompt as JSON
			}
		}
		if t.typ == "text" && len(lists) > 0 && r.IntN(3) == 0 {
			t.out = nil // a typed fan-out: testdata/golden
			t.forEach = lists[r.IntN(len(lists))]
			for range 1 + r.IntN(2) {
				t.input = slices.Insert(t.input, r.IntN(len(t.input)+1), any(&mEach{index: r.IntN(2) == 0}))
			}
		}
		if r.IntN(3) == 0 && pickOf("text", true) != nil {
			c := &mCoalesce{}
			for range 1 + r.IntN(2) {
				c.alts = append(c.alts, pickOf("text", true))
			}
			if r.IntN(2) == 0 {
				lit := randomLiterals[r.IntN(len(randomLiterals))]
				c.lit = &lit
			}
			at := r.IntN(len(t.input) + 1) // literal text may follow it
			t.input = slices.Insert(t.input, at, any(c))
		}
		if r.IntN(2) == 0 {
			t.whenOp = []string{"&&", "||"}[r.IntN(2)]
			for range 1 + r.IntN(2) {
				a := &mAtom{neg: r.IntN(2) == 0}
				if p := pickOf("text", true); p != nil && (len(m.vars) == 0 || r.IntN(2) == 0) {
					a.t = p
				} else if len(m.vars) > 0 {
					a.v = m.vars[r.IntN(len(m.vars))]
				} else {
					continue
				}
				t.when = append(t.when, a)
			}
		}
		if media != nil {
			t.after = append(t.after, media)
			r.Shuffle(len(t.after), func(x, y int) { t.after[x], t.after[y] = t.after[y], t.after[x] })
		}
		if len(t.input) == 0 && len(t.after) == 0 {
			t.input = []any{"seed"}
		}
		created = append(created, t)
	}
	r.Shuffle(len(created), func(x, y int) { created[x], created[y] = created[y], created[x] })
	m.tasks = created
	return m
}

func outputOf(typ string) string {
	switch typ {
	case "image":
		return "image"
	case "speech":
		return "audio"
	case "embed":
		return "embedding"
	}
	return "text"
}

func (m *model) hcl() string {
	var b strings.Builder
	fmt.Fprintf(&b, "flow %q {}\n\n", m.name)
	for _, l := range m.lists {
		fmt.Fprintf(&b, "variable %q {\n  type = list(string)\n", l.name)
		if l.def != nil {
			var q []string
			for _, e := range l.def.([]string) {
				q = append(q, "\""+flowtest.Quote(e)+"\"")
			}
			fmt.Fprintf(&b, "  default = [%s]\n", strings.Join(q, ", "))
		}
		b.WriteString("}\n\n")
	}
	for _, v := range m.vars {
		fmt.Fprintf(&b, "variable %q {\n  type = %s\n", v.name, v.typ)
		switch d := v.def.(type) {
		case string:
			fmt.Fprintf(&b, "  default = \"%s\"\n", flowtest.Quote(d))
		case float64:
			fmt.Fprintf(&b, "  default = %s\n", strconv.FormatFloat(d, 'f', -1, 64))
		case bool:
			fmt.Fprintf(&b, "  default = %t\n", d)
		}
		b.WriteString("}\n\n")
	}
	for _, typ := range []string{"text", "image", "vision", "speech", "recognition", "embed"} {
		fmt.Fprintf(&b, "agent \"a_%s\" {\n  type     = %q\n  provider = \"openai\"\n}\n\n", typ, typ)
	}
	for _, t := range m.tasks {
		fmt.Fprintf(&b, "task %q {\n  agent = agent.a_%s\n", t.name, t.typ)
		if len(t.input) > 0 {
			b.WriteString("  input = \"")
			for _, p := range t.input {
				switch p := p.(type) {
				case string:
					b.WriteString(flowtest.Quote(p))
				case *mVar:
					fmt.Fprintf(&b, "${var.%s}", p.name)
				case *mTask:
					fmt.Fprintf(&b, "${task.%s.output}", p.name)
				case *mEach:
					if p.index {
						b.WriteString("${each.index}")
					} else {
						b.WriteString("${each.value}")
					}
				case *mJoin:
					fmt.Fprintf(&b, "${join(\"|\", %s)}", listRef(p.src))
				case *mCoalesce:
					b.WriteString("${coalesce(")
					for i, a := range p.alts {
						if i > 0 {
							b.WriteString(", ")
						}
						fmt.Fprintf(&b, "task.%s.output", a.name)
					}
					if p.lit != nil {
						fmt.Fprintf(&b, ", \"%s\"", flowtest.Quote(*p.lit))
					}
					b.WriteString(")}")
				case *mRef:
					fmt.Fprintf(&b, p.form.hcl, "task."+p.t.name+".output")
				}
			}
			b.WriteString("\"\n")
		}
		if t.forEach != nil {
			fmt.Fprintf(&b, "  for_each = %s\n", listRef(t.forEach))
		}
		if len(t.when) > 0 {
			var atoms []string
			for _, a := range t.when {
				atoms = append(atoms, a.hcl())
			}
			fmt.Fprintf(&b, "  when = %s\n", strings.Join(atoms, " "+t.whenOp+" "))
		}
		if len(t.after) > 0 {
			var refs []string
			for _, a := range t.after {
				refs = append(refs, "task."+a.name)
			}
			fmt.Fprintf(&b, "  after = [%s]\n", strings.Join(refs, ", "))
		}
		if t.exclude {
			b.WriteString("  exclude = true\n")
		}
		if t.out != nil {
			fmt.Fprintf(&b, "  output = %s\n", t.out.hcl)
		}
		b.WriteString("}\n\n")
	}
	return b.String()
}

// expect returns what the compiled flow must print, per docs/language.md#the-prompt and docs/simulator.md#outputs.
func (m *model) expect() string {
	vals := map[*mVar]string{}
	raw := map[*mVar]any{}
	for _, v := range m.vars {
		x := v.def
		if x == nil {
			x = requiredValue(v.name, ir.VarType(v.typ))
		}
		raw[v] = x
		switch x := x.(type) {
		case string:
			vals[v] = x
		case float64:
			vals[v] = strconv.FormatFloat(x, 'f', -1, 64)
		case bool:
			vals[v] = strconv.FormatBool(x)
		}
	}
	type result struct {
		text, mime string
		media      []byte
		emb        []float32
		list       []string // a for_each task's elements' outputs
		skipped    bool     // docs/language.md#conditions
	}
	res := map[*mTask]*result{}
	var eval func(t *mTask) *result
	eval = func(t *mTask) *result {
		if r := res[t]; r != nil {
			return r
		}
		// A task is skipped when a task whose output it needs (in its
		// input outside coalesce, in its when, at its media port) was
		// skipped, when its when is false, or when every alternative of a
		// coalesce without a literal was skipped.
		skip := func() *result {
			res[t] = &result{skipped: true}
			return res[t]
		}
		for _, p := range t.input {
			if p, ok := p.(*mTask); ok && eval(p).skipped {
				return skip()
			}
			if p, ok := p.(*mRef); ok && eval(p.t).skipped {
				return skip()
			}
			if j, ok := p.(*mJoin); ok {
				if src, ok := j.src.(*mTask); ok && eval(src).skipped {
					return skip()
				}
			}
		}
		if src, ok := t.forEach.(*mTask); ok && eval(src).skipped {
			return skip()
		}
		listOf := func(src any) []string {
			if l, ok := src.(*mVar); ok {
				if l.def == nil {
					return requiredValue(l.name, ir.ListString).([]string)
				}
				return l.def.([]string)
			}
			return eval(src.(*mTask)).list
		}
		for _, a := range t.when {
			if a.t != nil && eval(a.t).skipped {
				return skip()
			}
		}
		for _, a := range t.after {
			if outputOf(a.typ) != "text" && eval(a).skipped {
				return skip()
			}
		}
		if len(t.when) > 0 {
			holds := t.whenOp == "&&"
			for _, a := range t.when {
				var v bool
				switch {
				case a.t != nil:
					v = !a.neg // outputs are never "zz"
				case a.v.typ == "bool":
					v = raw[a.v].(bool) != a.neg
				case a.v.typ == "number":
					v = raw[a.v].(float64) > 0
				default:
					v = raw[a.v].(string) == "x"
				}
				if t.whenOp == "&&" {
					holds = holds && v
				} else {
					holds = holds || v
				}
			}
			if !holds {
				return skip()
			}
		}
		// render is the prompt for element i of value elem (any for a
		// task without for_each); ok is false when a coalesce without a
		// literal found every alternative skipped.
		render := func(elem string, i int) (prompt string, media [][]byte, ok bool) {
			var in strings.Builder
			for _, p := range t.input {
				switch p := p.(type) {
				case string:
					in.WriteString(p)
				case *mVar:
					in.WriteString(vals[p])
				case *mTask:
					in.WriteString(eval(p).text)
				case *mRef:
					in.WriteString(p.form.render(eval(p.t).text))
				case *mEach:
					if p.index {
						in.WriteString(strconv.Itoa(i))
					} else {
						in.WriteString(elem)
					}
				case *mJoin:
					in.WriteString(strings.Join(listOf(p.src), "|"))
				case *mCoalesce:
					found := false
					for _, a := range p.alts {
						if !eval(a).skipped {
							in.WriteString(eval(a).text)
							found = true
							break
						}
					}
					switch {
					case found:
					case p.lit != nil:
						in.WriteString(*p.lit)
					default:
						return "", nil, false
					}
				}
			}
			var parts []string
			if in.Len() > 0 {
				parts = append(parts, in.String())
			}
			// media is the one image or audio input, if any.
			for _, a := range t.after {
				switch {
				case eval(a).skipped:
					// A skipped after entry contributes no part.
				case a.forEach != nil:
					js, _ := json.Marshal(eval(a).list)
					parts = append(parts, string(js))
				case outputOf(a.typ) == "text":
					parts = append(parts, eval(a).text)
				default:
					media = [][]byte{eval(a).media}
				}
			}
			return strings.Join(parts, "\n\n"), media, true
		}
		if t.forEach != nil {
			r := &result{list: []string{}}
			for i, e := range listOf(t.forEach) {
				prompt, media, ok := render(e, i)
				if !ok {
					return skip()
				}
				r.list = append(r.list, simtest.Text(fmt.Sprintf("%s[%d]", t.name, i), prompt, media...))
			}
			if _, _, ok := render("", 0); !ok {
				return skip() // coalesce decides once, for every element
			}
			res[t] = r
			return r
		}
		prompt, media, ok := render("", 0)
		if !ok {
			return skip()
		}
		r := &result{}
		switch t.typ {
		case "text":
			if t.out != nil {
				// The canonical JSON of the decoded answer is the
				// simulated answer itself: attributes in declaration
				// order, no white space.
				r.text = simtest.Typed(t.out.typ, t.name, prompt, media...)
			} else {
				r.text = simtest.Text(t.name, prompt, media...)
			}
		case "image":
			r.mime, r.media = "image/png", simtest.Image(t.name, prompt, media...)
		case "speech":
			r.mime, r.media = "audio/wav", simtest.Audio(t.name, prompt, media...)
		case "embed":
			r.emb = simtest.Embedding(t.name, prompt, media...)
		default:
			r.text = simtest.Text(t.name, prompt, media...)
		}
		res[t] = r
		return r
	}
	var out strings.Builder
	for _, t := range m.tasks {
		r := eval(t)
		if t.exclude {
			continue
		}
		switch {
		case r.skipped:
			fmt.Fprintf(&out, "%s: skipped\n", t.name)
			continue
		case t.forEach != nil:
			fmt.Fprintf(&out, "%s: %q\n", t.name, r.list)
			continue
		}
		switch outputOf(t.typ) {
		case "text":
			if t.out != nil {
				fmt.Fprintf(&out, "%s: %s\n", t.name, r.text)
			} else {
				fmt.Fprintf(&out, "%s: %q\n", t.name, r.text)
			}
		case "image", "audio":
			s := sha256.Sum256(r.media)
			fmt.Fprintf(&out, "%s: %s, %d bytes, sha256 %x\n", t.name, r.mime, len(r.media), s[:8])
		case "embedding":
			fmt.Fprintln(&out, t.name+":", r.emb)
		}
	}
	return out.String()
}
