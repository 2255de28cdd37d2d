package ir_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/intelligen/intelligen/ir"
	"golang.org/x/tools/txtar"
)

const validFlow = `
-- flow.hcl --
flow "Content Flow" {
  description  = "Blog content"
  log          = true
  max_parallel = 4
  on_error     = "continue"
}

variable "topic" {
  default     = "the environment"
  description = "What the blog is about"
}

variable "words" {
  type = number
}

agent "writer" {
  type     = "text"
  provider = "gemini"
  mission  = "write"
  model    = "gemini-2.5-flash"
  params   = { temperature = 0.2, max_tokens = 800, stop = ["END"], extra = { b = 1, a = { z = true, y = "s" } } }
  timeout  = "60s"
  retry {
    attempts = 5
  }
  limit {
    concurrency         = 4
    requests_per_minute = 60
  }
}

agent "artist" {
  type     = "image"
  provider = "openai"
  api_key  = env("ART_KEY")
  base_url = "http://localhost:9999/v1"
}

agent "eye" {
  type     = "vision"
  provider = "ollama"
  base_url = env("OLLAMA_URL")
}
-- tasks.hcl --
task "design" {
  agent  = agent.writer
  input  = "Design ${var.words} words from: ${task.requirements.output}\n${file("brief.md")}\n${task.requirements.output}!"
  params = { temperature = 0.9, extra = { b = 2, c = null } }
  log    = false
}

task "requirements" {
  agent   = agent.writer
  input   = "About ${var.topic}"
  timeout = "90s"
}

task "logo" {
  agent   = agent.artist
  input   = task.design.output
  exclude = true
}

task "describe" {
  agent = agent.eye
  input = ""
  after = [task.logo, task.requirements]
}

task "extra_step" {
  agent = agent.writer
  after = [task.requirements]
}
-- brief.md --
Brief text.
`

func names(ts []*ir.Task) string {
	var s []string
	for _, t := range ts {
		s = append(s, t.Name)
	}
	return strings.Join(s, " ")
}

type edge struct {
	From, To string
	Type     ir.ValueType
	Via      ir.EdgeKind
	Index    int
	Pos      string
}

func edges(es []*ir.Edge) []edge {
	var out []edge
	for _, e := range es {
		out = append(out, edge{e.From.Name, e.To.Name, e.Type, e.Via, e.Index, posOf(e.Range.Filename, e.Range.Start.Line, e.Range.Start.Column)})
	}
	return out
}

func posOf(f string, l, c int) string { return f + ":" + strconv.Itoa(l) + ":" + strconv.Itoa(c) }

func TestCheckValid(t *testing.T) {
	w, diags, _ := check(t, txtar.Parse([]byte(validFlow)))
	if len(diags) > 0 {
		t.Fatalf("unexpected diagnostics:\n%s", compact(diags))
	}
	if w.Name != "Content Flow" || w.Package != "contentflow" || w.Description != "Blog content" ||
		!w.Log || w.MaxParallel != 4 || w.OnError != ir.Continue {
		t.Errorf("flow = %q %q %q log=%v max=%d %q", w.Name, w.Package, w.Description, w.Log, w.MaxParallel, w.OnError)
	}
	if diff := cmp.Diff([]string{"flow.hcl", "tasks.hcl"}, w.Files); diff != "" {
		t.Errorf("Files (-want +got):\n%s", diff)
	}
	if got := posOf(w.Range.Filename, w.Range.Start.Line, w.Range.Start.Column); got != "flow.hcl:1:1" {
		t.Errorf("Range = %s", got)
	}

	// Variables.
	if len(w.Variables) != 2 {
		t.Fatalf("%d variables", len(w.Variables))
	}
	topic, words := w.Variables[0], w.Variables[1]
	if topic.Name != "topic" || topic.GoName != "Topic" || topic.Type != ir.String ||
		topic.Default != "the environment" || topic.Description != "What the blog is about" {
		t.Errorf("topic = %+v", topic)
	}
	if words.GoName != "Words" || words.Type != ir.Number || words.Default != nil {
		t.Errorf("words = %+v", words)
	}

	// Agents, with defaults and provider defaults applied.
	if len(w.Agents) != 3 {
		t.Fatalf("%d agents", len(w.Agents))
	}
	writer, artist, eye := w.Agents[0], w.Agents[1], w.Agents[2]
	if writer.GoName != "Writer" || writer.Type != ir.Text || writer.Provider != "gemini" ||
		writer.Mission != "write" || writer.Model != "gemini-2.5-flash" ||
		writer.APIKeyEnv != "GEMINI_API_KEY" || !writer.KeyRequired ||
		writer.Timeout != 60*time.Second ||
		writer.Retry != (ir.Retry{Attempts: 5, Backoff: time.Second, MaxBackoff: 30 * time.Second}) ||
		writer.Limit != (ir.Limit{Concurrency: 4, RequestsPerMinute: 60}) {
		t.Errorf("writer = %+v", writer)
	}
	if p := writer.Params; *p.Temperature != 0.2 || *p.MaxTokens != 800 || p.TopP != nil ||
		!cmp.Equal(p.Stop, []string{"END"}) || string(p.Extra) != `{"a":{"y":"s","z":true},"b":1}` {
		t.Errorf("writer params = %+v extra %s", p, p.Extra)
	}
	if artist.APIKeyEnv != "ART_KEY" || !artist.KeyRequired || artist.BaseURL != "http://localhost:9999/v1" ||
		artist.BaseURLEnv != "" || artist.Timeout != 120*time.Second ||
		artist.Retry != (ir.Retry{Attempts: 3, Backoff: time.Second, MaxBackoff: 30 * time.Second}) {
		t.Errorf("artist = %+v", artist)
	}
	if eye.APIKeyEnv != "" || eye.KeyRequired || eye.BaseURL != "" || eye.BaseURLEnv != "OLLAMA_URL" {
		t.Errorf("eye = %+v", eye)
	}

	// Tasks in declaration order, Order topological with ties by declaration.
	if got := names(w.Tasks); got != "design requirements logo describe extra_step" {
		t.Errorf("Tasks = %s", got)
	}
	if got := names(w.Order); got != "requirements design logo describe extra_step" {
		t.Errorf("Order = %s", got)
	}
	for i, task := range w.Tasks {
		if task.Index != i {
			t.Errorf("%s.Index = %d, want %d", task.Name, task.Index, i)
		}
	}
	design, req, logo, describe, extra := w.Tasks[0], w.Tasks[1], w.Tasks[2], w.Tasks[3], w.Tasks[4]
	if extra.GoName != "ExtraStep" {
		t.Errorf("extra_step.GoName = %q", extra.GoName)
	}

	// Edges ordered by (To in Order, position in To.In).
	wantEdges := []edge{
		{"requirements", "design", ir.TextValue, ir.ViaTemplate, 0, "tasks.hcl:3:47"},
		{"design", "logo", ir.TextValue, ir.ViaTemplate, 1, "tasks.hcl:16:13"},
		{"logo", "describe", ir.ImageValue, ir.ViaAfter, 2, "tasks.hcl:23:12"},
		{"requirements", "describe", ir.TextValue, ir.ViaAfter, 3, "tasks.hcl:23:23"},
		{"requirements", "extra_step", ir.TextValue, ir.ViaAfter, 4, "tasks.hcl:28:12"},
	}
	if diff := cmp.Diff(wantEdges, edges(w.Edges)); diff != "" {
		t.Errorf("Edges (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantEdges[2:4], edges(describe.In)); diff != "" {
		t.Errorf("describe.In (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]edge{wantEdges[0], wantEdges[3], wantEdges[4]}, edges(req.Out)); diff != "" {
		t.Errorf("requirements.Out (-want +got):\n%s", diff)
	}
	if im := describe.Images; len(im) != 1 || im[0].Edge == nil || im[0].Edge.From != logo {
		t.Errorf("describe.Images = %v", im)
	}
	if pe := describe.PromptEdges(); len(pe) != 1 || pe[0].From != req {
		t.Errorf("describe.PromptEdges() = %v", edges(pe))
	}

	// Parts: adjacent literals merged (file content included), one edge
	// shared by both references.
	type part struct {
		Lit, Var string
		Edge     int
	}
	var parts []part
	for _, p := range design.Input {
		pp := part{Lit: p.Literal, Edge: -1}
		if p.Var != nil {
			pp.Var = p.Var.Name
		}
		if p.Edge != nil {
			pp.Edge = p.Edge.Index
		}
		parts = append(parts, pp)
	}
	wantParts := []part{
		{Lit: "Design ", Edge: -1},
		{Var: "words", Edge: -1},
		{Lit: " words from: ", Edge: -1},
		{Edge: 0},
		{Lit: "\nBrief text.\n\n", Edge: -1},
		{Edge: 0},
		{Lit: "!", Edge: -1},
	}
	if diff := cmp.Diff(wantParts, parts); diff != "" {
		t.Errorf("design.Input (-want +got):\n%s", diff)
	}
	if p := design.Input[4].Range; posOf(p.Filename, p.Start.Line, p.Start.Column) != "tasks.hcl:3:72" {
		t.Errorf("merged literal starts at %s", posOf(p.Filename, p.Start.Line, p.Start.Column))
	}
	if len(describe.Input) != 0 {
		t.Errorf("describe.Input = %v, want empty", describe.Input)
	}
	if len(logo.Input) != 1 || logo.Input[0].Edge != w.Edges[1] {
		t.Errorf("logo.Input = %+v", logo.Input)
	}

	// Resolved task settings.
	if design.Log || !req.Log || design.Timeout != 60*time.Second || req.Timeout != 90*time.Second ||
		!logo.Exclude || design.Exclude || logo.Output != ir.ImageValue || design.Output != ir.TextValue {
		t.Errorf("design log=%v timeout=%v; requirements log=%v timeout=%v; logo exclude=%v output=%v",
			design.Log, design.Timeout, req.Log, req.Timeout, logo.Exclude, logo.Output)
	}
	if p := design.Params; *p.Temperature != 0.9 || *p.MaxTokens != 800 ||
		string(p.Extra) != `{"a":{"y":"s","z":true},"b":2,"c":null}` {
		t.Errorf("design params = %+v extra %s", p, p.Extra)
	}
	if p := req.Params; *p.Temperature != 0.2 || string(p.Extra) != string(writer.Params.Extra) {
		t.Errorf("requirements params = %+v", p)
	}
	if design.Agent != writer || logo.Agent != artist || describe.Agent != eye {
		t.Error("task agents not resolved to the workflow's agents")
	}
}
