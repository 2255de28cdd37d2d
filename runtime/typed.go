package runtime

import (
	"encoding/json"
	"errors"
	"fmt"
)

// Typed calls the agent h of a typed text or vision task t (one whose
// Output is set) with its prompt and images, and returns the answer
// decoded into T, the output's generated Go type. An invalid answer is
// asked for again while the agent's retry attempts allow
// (docs/language.md#decoding); ok is false when the task failed or the
// Run was cancelled, and the task must then end without sending.
func Typed[T any](r *Run, t *Task, h *Handle, prompt string, images ...Image) (v T, ok bool) {
	if t.Output == nil {
		r.failTask(t, h, errors.New("typed call of a task without an output schema"))
		return v, false
	}
	resp, ok := r.call(t, h, &call{req: Request{Prompt: prompt, Images: images, Schema: t.Output}})
	if !ok {
		return v, false
	}
	if err := json.Unmarshal([]byte(resp.Text), &v); err != nil {
		// The answer matched the schema, so the Go type does not: the
		// generated code and its schema disagree.
		r.failTask(t, h, &OutputError{Reason: fmt.Sprintf("does not decode into %T: %v", v, err)})
		return v, false
	}
	return v, true
}
