package runtime

import "log/slog"

// Skip records that task t was skipped (docs/language.md#conditions): its
// when was false, or a task whose output it needs was skipped. It makes
// no call and logs one "task skipped" line at Info when t logs. A skip is
// not a failure: it does not change the Run's error.
func (r *Run) Skip(t *Task) {
	if !t.Log {
		return
	}
	r.flow.opts.logger.LogAttrs(r.ctx, slog.LevelInfo, "task skipped",
		slog.String("task", t.Name), slog.String("agent", t.Agent.Name))
}

// Deref returns *p, or T's zero value when p is nil: generated code reads
// an absent optional attribute of a typed output this way in a when.
func Deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}
