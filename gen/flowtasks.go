package gen

import "strconv"

// flowTasks returns the runtime.FlowConfig's Tasks: one runtime.FlowTask
// per task in declaration order, with its agent, kind, the tasks it takes
// outputs from (each once, in order) and whether it is excluded, so that
// observers such as runtime/report draw every task and edge
// (docs/report.md).
func (g *generator) flowTasks() []any {
	v := []any{"[]", rt("FlowTask"), "{\n"}
	for _, t := range g.w.Tasks {
		fields := []field{
			{"Name", str(t.Name)},
			{"Agent", str(t.Agent.Name)},
			{"Kind", []any{rt(kindConst(t.Agent.Type))}},
		}
		if preds := predecessors(t); len(preds) > 0 {
			after := []any{"[]string{"}
			for i, p := range preds {
				if i > 0 {
					after = append(after, ", ")
				}
				after = append(after, strconv.Quote(p.Name))
			}
			fields = append(fields, field{"After", append(after, "}")})
		}
		if t.Exclude {
			fields = append(fields, field{"Exclude", []any{"true"}})
		}
		v = append(v, inline("", fields), ",\n")
	}
	return append(v, "}")
}
