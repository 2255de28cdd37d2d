package ir

import (
	"strings"

	"github.com/intelligen/intelligen/hclspec"
	"github.com/intelligen/intelligen/providers/models"
)

// hints reports what is valid but almost surely not what the author meant
// (warnings), and the model names check can know are wrong (errors). It
// runs after the tasks' edges are known.
//
// The warnings about what is unused wait until the flow has no errors: a
// misspelt reference would otherwise also make its target look unused.
func (c *checker) hints() {
	for _, a := range c.w.Agents {
		c.stabilityModel(a, c.srcAgent[a])
	}
	if c.diags.HasErrors() || c.spec.Incomplete {
		return
	}
	c.unusedVariables()
	c.discardedOutputs()
	for _, a := range c.w.Agents {
		c.ignoredMission(a, c.srcAgent[a])
	}
}

// unusedVariables warns about variables no task's input or attach refers
// to: the field is in Input, but its value goes nowhere.
func (c *checker) unusedVariables() {
	used := make(map[*Variable]bool)
	for _, t := range c.all {
		if st := c.srcTask[t]; st.Input == nil && st.InputRange != nil {
			return // an input that could not be read may use any variable
		}
		for _, p := range t.Input {
			if p.Var != nil {
				used[p.Var] = true
			}
		}
		if st := c.srcTask[t]; st.WhenRange != nil && t.When == nil {
			return // a when that could not be read may use any variable
		}
		if t.ForEach != nil && t.ForEach.Var != nil {
			used[t.ForEach.Var] = true
		}
		t.When.Walk(func(n *Cond) {
			if n.Var != nil {
				used[n.Var] = true
			}
		})
		for _, m := range t.Images {
			if m.Var != nil {
				used[m.Var] = true
			}
		}
		if t.Audio != nil && t.Audio.Var != nil {
			used[t.Audio.Var] = true
		}
	}
	for _, sv := range c.spec.Variables {
		v := c.vars[sv.Name]
		if v == nil || v.Range != sv.NameRange || used[v] {
			continue // invalid, a duplicate (reported), or used
		}
		c.warnf(sv.NameRange.Ptr(), sv.DefRange.Ptr(), "Unused variable",
			"No task uses the variable %q, so the value given in Input.%s goes nowhere. Use it in a task's input as ${var.%s}, or remove it.", v.Name, v.GoName, v.Name)
	}
}

// discardedOutputs warns about excluded tasks that feed no task: the agent
// is called and its answer thrown away.
func (c *checker) discardedOutputs() {
	feeds := make(map[*Task]bool)
	for _, t := range c.all {
		for _, e := range t.In {
			feeds[e.From] = true
		}
	}
	for _, t := range c.w.Tasks {
		st := c.srcTask[t]
		if !t.Exclude || feeds[t] || st.Exclude == nil {
			continue
		}
		c.warnf(st.Exclude.Range.Ptr(), span(st.Exclude.NameRange, st.Exclude.Range), "Output thrown away",
			"The task %q is excluded from Output and no task uses its output, so its agent is called and the answer is thrown away. Remove exclude = true to get the output in Output.%s, pass it on with after = [task.%s] in another task, or remove the task.", t.Name, t.GoName, t.Name)
	}
}

// missionIgnored says which agent types have no system instruction with
// any provider: image generation, embeddings and transcription take only
// their input, so a mission is not sent (see each provider's page in
// docs/providers.md).
func missionIgnored(t AgentType) bool {
	return t == Image || t == Embed || t == Recognition
}

// ignoredMission warns about a mission that will never be sent.
func (c *checker) ignoredMission(a *Agent, sa *hclspec.Agent) {
	if sa.Mission == nil || a.Mission == "" || !missionIgnored(a.Type) {
		return
	}
	c.warnf(sa.Mission.Range.Ptr(), span(sa.Mission.NameRange, sa.Mission.Range), "Mission ignored",
		"%s agents have no system instruction, so the mission of agent %q is never sent to %s. Put its words into the input of the tasks that use agent.%s, and remove the mission.",
		capital(string(a.Type)), a.Name, a.Provider, a.Name)
}

// stabilityModel rejects a stability model name that names no endpoint,
// which New would otherwise be the first to report.
func (c *checker) stabilityModel(a *Agent, sa *hclspec.Agent) {
	if a.Provider != "stability" || sa.Model == nil || a.Model == "" {
		return
	}
	if _, _, ok := models.StabilityEndpoint(a.Model); ok {
		return
	}
	c.errorf(sa.Model.Range.Ptr(), span(sa.Model.NameRange, sa.Model.Range), "Unknown model",
		"Stability has no model %q. Its models are %s (or another sd3 model).%s", a.Model, strings.Join(models.StabilityModels, ", "), hclspec.DidYouMean(a.Model, models.StabilityModels))
}
