package ir_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/intelligen/intelligen/ir"
	"golang.org/x/tools/txtar"
)

const typedFlow = `
-- flow.hcl --
flow "support" {}

variable "photo" {
  type = image
}

variable "ticket" {}

agent "writer" {
  type     = "text"
  provider = "gemini"
  model    = env("WRITER_MODEL")
  base_url = env("WRITER_URL")
}

agent "eye" {
  type     = "vision"
  provider = "openai"
}

agent "artist" {
  type     = "image"
  provider = "openai"
}

schema "ticket" {
  description = "A triaged support ticket"
  type = object({
    category = enum("billing", "tech-support", "other")
    urgent   = bool
    summary  = string
    tags     = list(string)
    owner    = optional(object({ name = string, email = string }))
    scores   = map(number)
  })
  fields = {
    category      = "The team that should answer"
    "owner.email" = "Where <the> answer goes"
  }
}

schema "tickets" {
  type = list(object({ id = number, t = schema.ticket }))
}

task "triage" {
  agent  = agent.writer
  input  = "Triage: ${var.ticket}"
  output = schema.ticket
}

task "outline" {
  agent  = agent.writer
  input  = "Outline"
  output = object({ sections = list(object({ title = string, level = enum("h1", "h2") })) })
}

task "batch" {
  agent  = agent.writer
  input  = "Batch"
  output = schema.tickets
}

task "plain" {
  agent  = agent.writer
  input  = "Plain"
  output = string
}

task "reply" {
  agent = agent.writer
  input = "${task.triage.output.category} ${task.triage.output.owner.name} ${join(", ", task.triage.output.tags)} ${jsonencode(task.triage.output)}"
}

task "answer" {
  agent = agent.writer
  input = "${task.triage.output.summary}/${task.triage.output.urgent}: ${jsonencode(task.outline.output.sections)} ${jsonencode(var.ticket)}"
  after = [task.batch, task.plain]
}

task "bare" {
  agent = agent.writer
  input = task.triage.output.summary
}

task "logo" {
  agent = agent.artist
  input = "a logo"
}

task "look" {
  agent  = agent.eye
  after  = [task.logo]
  attach = [var.photo, task.logo]
}
`

func TestTypedOutputs(t *testing.T) {
	w, diags, _ := check(t, txtar.Parse([]byte(typedFlow)))
	if len(diags) > 0 {
		t.Fatalf("unexpected diagnostics:\n%s", compact(diags))
	}
	tasks := map[string]*ir.Task{}
	for _, tk := range w.Tasks {
		tasks[tk.Name] = tk
	}

	// Named types: each once, inner types first.
	var named []string
	for _, ty := range w.Types {
		named = append(named, ty.GoName+"="+ty.HCL())
	}
	want := []string{
		`TicketCategory=enum("billing", "tech-support", "other")`,
		`TicketOwner=object({ name = string, email = string })`,
		`Ticket=ticket`,
		`TicketsItem=object({ id = number, t = schema.ticket })`,
		`Tickets=tickets`,
		`OutlineOutputSectionsLevel=enum("h1", "h2")`,
		`OutlineOutputSections=object({ title = string, level = enum("h1", "h2") })`,
		`OutlineOutput=object({ sections = list(object({ title = string, level = enum("h1", "h2") })) })`,
	}
	if diff := cmp.Diff(want, named); diff != "" {
		t.Errorf("Types (-want +got):\n%s", diff)
	}
	ticket := tasks["triage"].Type
	if ticket == nil || ticket.Schema != "ticket" || ticket != tasks["batch"].Type.Elem.Attrs[1].Type {
		t.Fatalf("triage's type is not the shared ticket schema: %+v", ticket)
	}
	if tasks["plain"].Type != nil {
		t.Errorf("output = string has a Type: %+v", tasks["plain"].Type)
	}
	if diff := cmp.Diff([]string{"TicketCategoryBilling", "TicketCategoryTechSupport", "TicketCategoryOther"}, ticket.Attrs[0].Type.EnumGoNames); diff != "" {
		t.Errorf("enum constants (-want +got):\n%s", diff)
	}
	owner := ticket.Attr("owner")
	if !owner.Optional || owner.GoName != "Owner" || owner.Type.GoName != "TicketOwner" {
		t.Errorf("owner = %+v", owner)
	}

	// Canonical JSON Schema.
	wantSchema := `{"type":"object","description":"A triaged support ticket","properties":{` +
		`"category":{"type":"string","description":"The team that should answer","enum":["billing","tech-support","other"]},` +
		`"urgent":{"type":"boolean"},"summary":{"type":"string"},"tags":{"type":"array","items":{"type":"string"}},` +
		`"owner":{"type":"object","properties":{"name":{"type":"string"},"email":{"type":"string","description":"Where <the> answer goes"}},"required":["name","email"],"additionalProperties":false},` +
		`"scores":{"type":"object","additionalProperties":{"type":"number"}}},` +
		`"required":["category","urgent","summary","tags","scores"],"additionalProperties":false}`
	if got := string(ticket.JSONSchema()); got != wantSchema {
		t.Errorf("JSONSchema:\n got %s\nwant %s", got, wantSchema)
	}
	wantList := `{"type":"array","items":{"type":"object","properties":{"id":{"type":"number"},"t":` + wantSchema + `},"required":["id","t"],"additionalProperties":false}}`
	if got := string(tasks["batch"].Type.JSONSchema()); got != wantList {
		t.Errorf("JSONSchema of a list schema:\n got %s\nwant %s", got, wantList)
	}

	// Template parts.
	type part struct {
		Literal, Var, From string
		Path               string
		Func               ir.PartFunc
		Sep                string
		Type               string
		Optional           bool
	}
	parts := func(tk *ir.Task) []part {
		var ps []part
		for _, p := range tk.Input {
			q := part{Literal: p.Literal, Func: p.Func, Sep: p.Sep, Optional: p.Optional}
			if p.Var != nil {
				q.Var = p.Var.Name
			}
			if p.Edge != nil {
				q.From = p.Edge.From.Name
			}
			var path []string
			for _, s := range p.Path {
				path = append(path, s.GoName)
			}
			q.Path = strings.Join(path, ".")
			if p.Type != nil {
				q.Type = p.Type.HCL()
			}
			ps = append(ps, q)
		}
		return ps
	}
	wantParts := []part{
		{From: "triage", Path: "Category", Type: `enum("billing", "tech-support", "other")`},
		{Literal: " "},
		{From: "triage", Path: "Owner.Name", Type: "string", Optional: true},
		{Literal: " "},
		{From: "triage", Path: "Tags", Func: ir.Join, Sep: ", ", Type: "list(string)"},
		{Literal: " "},
		{From: "triage", Func: ir.JSONEncode, Type: "ticket"},
	}
	if diff := cmp.Diff(wantParts, parts(tasks["reply"])); diff != "" {
		t.Errorf("reply's parts (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]part{{From: "triage", Path: "Summary", Type: "string"}}, parts(tasks["bare"])); diff != "" {
		t.Errorf("bare's parts (-want +got):\n%s", diff)
	}
	// One edge per predecessor per template, whatever it selects.
	var in []string
	for _, e := range tasks["answer"].In {
		in = append(in, string(e.Via)+":"+e.From.Name)
	}
	if diff := cmp.Diff([]string{"template:triage", "template:outline", "after:batch", "after:plain"}, in); diff != "" {
		t.Errorf("answer's edges (-want +got):\n%s", diff)
	}
	if es := tasks["answer"].PromptEdges(); len(es) != 2 || !es[0].PromptJSON() || es[1].PromptJSON() {
		t.Errorf("answer's prompt edges: batch should enter as JSON, plain as text")
	}
	if p := parts(tasks["answer"])[len(tasks["answer"].Input)-1]; p.Var != "ticket" || p.Func != ir.JSONEncode || p.Type != "string" {
		t.Errorf("jsonencode(var.ticket) = %+v", p)
	}

	// Media: the after images, then the attach entries, in order.
	look := tasks["look"]
	var imgs []string
	for _, m := range look.Images {
		switch {
		case m.Var != nil:
			imgs = append(imgs, "var."+m.Var.Name)
		case m.Edge != nil:
			imgs = append(imgs, string(m.Edge.Via)+":task."+m.Edge.From.Name)
		}
	}
	if diff := cmp.Diff([]string{"after:task.logo", "var.photo", "attach:task.logo"}, imgs); diff != "" {
		t.Errorf("look's images (-want +got):\n%s", diff)
	}
	if w.Variables[0].Type != ir.ImageVar {
		t.Errorf("photo's type = %q", w.Variables[0].Type)
	}

	// model and base_url from the environment.
	a := w.Agents[0]
	if a.Model != "" || a.ModelEnv != "WRITER_MODEL" || a.BaseURLEnv != "WRITER_URL" {
		t.Errorf("writer: Model %q ModelEnv %q BaseURLEnv %q", a.Model, a.ModelEnv, a.BaseURLEnv)
	}
}

func TestTypeHCL(t *testing.T) {
	w, diags, _ := check(t, txtar.Parse([]byte(`
-- flow.hcl --
flow "f" {}
agent "w" {
  type     = "text"
  provider = "ollama"
}
task "a" {
  agent  = agent.w
  input  = "x"
  output = list(map(object({ x = optional(list(number)), "y-z" = enum("a \"b\"") })))
}
`)))
	if len(diags) > 0 {
		t.Fatalf("unexpected diagnostics:\n%s", compact(diags))
	}
	ty := w.Tasks[0].Type
	if got, want := ty.HCL(), `list(map(object({ x = optional(list(number)), y-z = enum("a \"b\"") })))`; got != want {
		t.Errorf("HCL() = %s, want %s", got, want)
	}
	obj := ty.Elem.Elem
	if obj.GoName != "AOutput" || obj.Attrs[1].GoName != "YZ" || obj.Attrs[1].Type.GoName != "AOutputYZ" || obj.Attrs[1].Type.EnumGoNames[0] != "AOutputYZAB" {
		t.Errorf("names: %s %s %s %v", obj.GoName, obj.Attrs[1].GoName, obj.Attrs[1].Type.GoName, obj.Attrs[1].Type.EnumGoNames)
	}
	want := `{"type":"array","items":{"type":"object","additionalProperties":{"type":"object","properties":{"x":{"type":"array","items":{"type":"number"}},"y-z":{"type":"string","enum":["a \"b\""]}},"required":["y-z"],"additionalProperties":false}}}`
	if got := string(ty.JSONSchema()); got != want {
		t.Errorf("JSONSchema:\n got %s\nwant %s", got, want)
	}
}

// A schema whose whole type is another schema is a distinct named type
// with the same structure.
func TestSchemaAlias(t *testing.T) {
	w, diags, _ := check(t, txtar.Parse([]byte(`
-- flow.hcl --
flow "f" {}
agent "w" {
  type     = "text"
  provider = "openai"
}
schema "person" {
  type = object({ name = string })
}
schema "owner" {
  description = "Who owns it"
  type        = schema.person
}
task "a" {
  agent  = agent.w
  input  = "x"
  output = object({ p = schema.person, o = schema.owner })
}
`)))
	if len(diags) > 0 {
		t.Fatalf("unexpected diagnostics:\n%s", compact(diags))
	}
	ty := w.Tasks[0].Type
	p, o := ty.Attrs[0].Type, ty.Attrs[1].Type
	if p.GoName != "Person" || o.GoName != "Owner" || o.Schema != "owner" || p.Description != "" || o.Description != "Who owns it" {
		t.Errorf("person %s %q, owner %s %s %q", p.GoName, p.Description, o.GoName, o.Schema, o.Description)
	}
	if got, want := ty.HCL(), "object({ p = schema.person, o = schema.owner })"; got != want {
		t.Errorf("HCL() = %s, want %s", got, want)
	}
	want := `{"type":"object","properties":{"p":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"],"additionalProperties":false},` +
		`"o":{"type":"object","description":"Who owns it","properties":{"name":{"type":"string"}},"required":["name"],"additionalProperties":false}},"required":["p","o"],"additionalProperties":false}`
	if got := string(ty.JSONSchema()); got != want {
		t.Errorf("JSONSchema:\n got %s\nwant %s", got, want)
	}
}
