package ir

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/intelligen/intelligen/hclspec"
)

func (c *checker) checkTasks() {
	byName, byGo := map[string]hclspec.Block{}, map[string]hclspec.Block{}
	c.taskNames = make([]string, 0, len(c.spec.Tasks))
	for _, st := range c.spec.Tasks {
		g, ok := c.label("task", st.Block, byName, byGo)
		t := &Task{Name: st.Name, GoName: g, Range: st.NameRange, Index: len(c.all)}
		c.all = append(c.all, t)
		c.srcTask[t] = st
		if ok {
			c.tasks[t.Name] = t
			c.taskNames = append(c.taskNames, t.Name)
			c.w.Tasks = append(c.w.Tasks, t)
		}
	}
	c.varNames = make([]string, 0, len(c.w.Variables))
	for _, v := range c.w.Variables {
		c.varNames = append(c.varNames, v.Name)
	}
	agentNames := make([]string, 0, len(c.w.Agents))
	for _, a := range c.w.Agents {
		agentNames = append(agentNames, a.Name)
	}
	for _, t := range c.all {
		st := c.srcTask[t]
		if r := st.Agent; r != nil {
			if a := c.agents[r.Name]; a != nil {
				t.Agent = a
				c.used[a] = true
			} else {
				c.errorf(r.NameRange.Ptr(), r.Range.Ptr(), "Reference to undeclared agent",
					"There is no agent named %q in this flow.%s", r.Name, hclspec.DidYouMean(r.Name, agentNames))
			}
		}
		if t.Agent != nil && t.Agent.Type.valid() {
			t.Output = t.Agent.Type.Output()
			t.Params = c.params(t.Agent, st.Params, t.Agent.Params)
			t.Timeout = t.Agent.Timeout
		}
		t.Log = c.w.Log
		if st.Log != nil {
			t.Log = st.Log.Value
		}
		if st.Exclude != nil {
			t.Exclude = st.Exclude.Value
		}
		if st.Timeout != nil {
			if d, ok := c.duration(st.Timeout, false); ok {
				t.Timeout = d
			}
		}
		c.input(t, st)
		c.whenEdges(t, st)
		c.forEach(t, st)
		if st.InputRange == nil && len(st.After) == 0 && (st.AfterRange == nil || st.AfterEmpty) && st.AttachRange == nil {
			c.errorf(st.NameRange.Ptr(), st.DefRange.Ptr(), "Missing task input",
				"The task %q has no input and no predecessor in after, so its agent would receive nothing. Add input = \"...\" or a task to after, as in after = [task.NAME].", t.Name)
		}
	}
}

func (t AgentType) valid() bool { return slices.Contains(AgentTypes, t) }

// input builds t's Parts and incoming edges.
func (c *checker) input(t *Task, st *hclspec.Task) {
	first := make(map[*Task]*Edge) // template edge per predecessor
	if st.Input != nil {
		for _, p := range st.Input.Parts {
			if p.Func == hclspec.FuncCoalesce {
				c.coalescePart(t, st, p, first)
				continue
			}
			if p.Ref == nil {
				if p.Literal == "" {
					continue
				}
				if n := len(t.Input); n > 0 && t.Input[n-1].literal() {
					t.Input[n-1].Literal += p.Literal
					t.Input[n-1].Range = hcl.RangeOver(t.Input[n-1].Range, p.Range)
					continue
				}
				t.Input = append(t.Input, Part{Literal: p.Literal, Range: p.Range})
				continue
			}
			switch p.Ref.Kind {
			case hclspec.RefEach:
				t.Input = append(t.Input, Part{Each: p.Ref.Name, Func: PartFunc(p.Func), Sep: p.Sep, Range: p.Range, ref: p.Ref})
			case hclspec.RefVar:
				v := c.refVar(p.Ref, st.Input.Range.Ptr())
				if v == nil {
					continue
				}
				t.Input = append(t.Input, Part{Var: v, Func: PartFunc(p.Func), Sep: p.Sep, Range: p.Range, ref: p.Ref})
			case hclspec.RefTask:
				from := c.refTask(p.Ref, st.Input.Range.Ptr())
				if from == nil {
					continue
				}
				e := templateEdge(t, from, first, p.Ref.Range)
				t.Input = append(t.Input, Part{Edge: e, Func: PartFunc(p.Func), Sep: p.Sep, Range: p.Range, ref: p.Ref})
			}
		}
	}
	seen := make(map[*Task]hcl.Range) // after entries so far
	for _, r := range st.After {
		from := c.refTask(r, st.AfterRange)
		if from == nil {
			continue
		}
		if e := first[from]; e != nil {
			c.warnf(r.Range.Ptr(), st.AfterRange, "Duplicate predecessor",
				"task.%s is already referenced in the input of task %q (at %s), so its output is passed twice. Remove one of the references unless that is intended.", from.Name, t.Name, at(e.Range))
		} else if prev, dup := seen[from]; dup {
			c.warnf(r.Range.Ptr(), st.AfterRange, "Duplicate predecessor",
				"task.%s is already listed in after (at %s), so its output is passed twice. Remove one of the entries unless that is intended.", from.Name, at(prev))
		} else {
			seen[from] = r.Range
		}
		t.In = append(t.In, &Edge{From: from, To: t, Via: ViaAfter, Range: r.Range})
	}
	c.attach(t, st)
}

// templateEdge returns t's template edge from task from, made at its
// first reference (at rng): several references share it.
func templateEdge(t, from *Task, first map[*Task]*Edge, rng hcl.Range) *Edge {
	e := first[from]
	if e == nil {
		e = &Edge{From: from, To: t, Via: ViaTemplate, Range: rng}
		first[from] = e
		t.In = append(t.In, e)
	}
	return e
}

// ports types the edges and applies the port rules of docs/language.md#ports.
func (c *checker) ports() {
	for _, t := range c.all {
		for _, e := range t.In {
			if e.From.Agent == nil || !e.From.Agent.Type.valid() {
				continue
			}
			e.Type = e.From.Output
		}
		if t.Agent == nil || !t.Agent.Type.valid() {
			continue
		}
		at := t.Agent.Type
		var images, audios []*Edge
		for _, e := range t.In {
			if e.Type != "" && e.Type != TextValue && e.From.ForEach != nil {
				c.errorf(e.Range.Ptr(), nil, "List output into a media port",
					"task.%s has for_each, so its output is a list, one value per element; a list cannot feed an image or audio port. Give this task for_each over the same list instead, so that it takes one element at a time.", e.From.Name)
				continue
			}
			if e.Type == "" || e.Type == TextValue || e.Via == ViaAttach || e.Via == ViaWhen || e.Via == ViaForEach {
				continue
			}
			if e.Via == ViaTemplate {
				c.errorf(e.Range.Ptr(), nil, "Non-text output in input",
					"task.%s produces %s, which cannot be interpolated into text. %s", e.From.Name, valueNoun(e.Type), feedHint(e))
				continue
			}
			switch {
			case e.Type == EmbeddingValue:
				c.errorf(e.Range.Ptr(), nil, "Embedding cannot feed a task",
					"task.%s produces an embedding. Embedding outputs cannot feed a task; they are flow outputs only. Remove task.%s from after.", e.From.Name, e.From.Name)
			case e.Type == ImageValue && at == Vision:
				images = append(images, e)
			case e.Type == AudioValue && at == Recognition:
				audios = append(audios, e)
			default:
				hint := feedHint(e)
				if e.Type == ImageValue && at == Text {
					hint = fmt.Sprintf("To describe or read an image, use a vision agent, as in agent \"%s_vision\" { type = \"vision\" ... }.", t.Agent.Name)
				}
				c.errorf(e.Range.Ptr(), nil, "Incompatible input type",
					"task.%s produces %s, but task %q uses agent %q, %s %s agent, which accepts %s. %s",
					e.From.Name, valueNoun(e.Type), t.Name, t.Agent.Name, article(string(at)), at, accepts(at), hint)
			}
		}
		c.mediaPorts(t, images, audios)
	}
}

func valueNoun(v ValueType) string {
	switch v {
	case ImageValue:
		return "an image"
	case AudioValue:
		return "audio"
	case EmbeddingValue:
		return "an embedding"
	}
	return "text"
}

func article(s string) string {
	if strings.ContainsRune("aeiou", rune(s[0])) {
		return "an"
	}
	return "a"
}

func accepts(t AgentType) string {
	switch t {
	case Vision:
		return "text and one or more images"
	case Recognition:
		return "one audio input and optional text"
	}
	return "text only"
}

// feedHint says which agent type accepts e's value.
func feedHint(e *Edge) string {
	switch e.Type {
	case ImageValue:
		return fmt.Sprintf("Pass it with after = [task.%s] to a task of a vision agent.", e.From.Name)
	case AudioValue:
		return fmt.Sprintf("Pass it with after = [task.%s] to a task of a recognition agent.", e.From.Name)
	}
	return "Embedding outputs cannot feed a task; they are flow outputs only."
}

// unused warns about agents no task uses.
func (c *checker) unused() {
	for _, a := range c.w.Agents {
		if !c.used[a] {
			sa := c.srcAgent[a]
			c.warnf(sa.NameRange.Ptr(), sa.DefRange.Ptr(), "Unused agent",
				"No task uses the agent %q. Remove it, or use it in a task with agent = agent.%s.", a.Name, a.Name)
		}
	}
}
