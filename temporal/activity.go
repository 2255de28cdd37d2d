package temporal

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/intelligen/intelligen/runtime"
)

// PayloadLimit is the largest image or audio a task may return: Temporal
// stores activity results in the workflow's history, and its servers
// refuse payloads over 2 MB by default.
const PayloadLimit = 2 << 20

// A Request is what a task's activity takes: the prompt the workflow
// composed, the images of a vision task or the audio of a recognition
// task, and for one element of a for_each task its index, which names the
// element "t[i]" to the agent as Run does.
type Request struct {
	Prompt string
	Images []runtime.Image `json:",omitempty"`
	Audio  *runtime.Audio  `json:",omitempty"`
	Item   *int            `json:",omitempty"`
}

// Text runs one try of a text, vision or recognition task t on agent h.
func Text(ctx context.Context, t *runtime.Task, h *runtime.Handle, in Request) (string, error) {
	resp, err := call(ctx, t, h, in)
	if err != nil {
		return "", err
	}
	return resp.Text, nil
}

// Typed runs one try of a text or vision task t whose output is typed
// (docs/language.md#typed-outputs): the answer is checked against t's
// schema, as Run checks it, and decoded into T. An invalid answer is a
// retryable error while the agent's attempts allow, as in Run; the retry
// asks the same prompt again.
func Typed[T any](ctx context.Context, t *runtime.Task, h *runtime.Handle, in Request) (T, error) {
	var v T
	resp, err := call(ctx, t, h, in)
	if err != nil {
		return v, err
	}
	if err := json.Unmarshal([]byte(resp.Text), &v); err != nil {
		return v, callError(t, in.Item, h.Provider(), &runtime.OutputError{Reason: err.Error()})
	}
	return v, nil
}

// Image runs one try of an image task t on agent h.
func Image(ctx context.Context, t *runtime.Task, h *runtime.Handle, in Request) (runtime.Image, error) {
	resp, err := call(ctx, t, h, in)
	if err != nil {
		return runtime.Image{}, err
	}
	if err := checkPayload("image", len(resp.Image.Data)); err != nil {
		return runtime.Image{}, callError(t, in.Item, h.Provider(), err)
	}
	return resp.Image, nil
}

// Speech runs one try of a speech task t on agent h.
func Speech(ctx context.Context, t *runtime.Task, h *runtime.Handle, in Request) (runtime.Audio, error) {
	resp, err := call(ctx, t, h, in)
	if err != nil {
		return runtime.Audio{}, err
	}
	if err := checkPayload("audio", len(resp.Audio.Data)); err != nil {
		return runtime.Audio{}, callError(t, in.Item, h.Provider(), err)
	}
	return resp.Audio, nil
}

// Embed runs one try of an embed task t on agent h.
func Embed(ctx context.Context, t *runtime.Task, h *runtime.Handle, in Request) (runtime.Embedding, error) {
	resp, err := call(ctx, t, h, in)
	if err != nil {
		return nil, err
	}
	return resp.Embedding, nil
}

// call makes one try of t's agent call: Temporal retries the activity
// (see ActivityOptions), so the runtime must not.
func call(ctx context.Context, t *runtime.Task, h *runtime.Handle, in Request) (*runtime.Response, error) {
	try := int(activity.GetInfo(ctx).Attempt)
	named := t
	if in.Item != nil {
		et := *t
		et.Name = t.Name + "[" + strconv.Itoa(*in.Item) + "]"
		named = &et
	}
	resp, err := h.Attempt(ctx, named, runtime.Request{Prompt: in.Prompt, Images: in.Images, Audio: in.Audio}, try)
	if err != nil && ctx.Err() != nil {
		// The activity was cancelled or its worker is stopping: not the
		// task's failure, and another worker may try again.
		return nil, ctx.Err()
	}
	if err != nil {
		return nil, callError(t, in.Item, h.Provider(), err)
	}
	return resp, nil
}

// A payloadError is an image or audio too large for Temporal's history.
type payloadError struct {
	what string
	size int
}

func (e *payloadError) Error() string {
	return fmt.Sprintf("the %s is %d bytes, over Temporal's payload limit of %d bytes (2 MB): it cannot travel as an activity result", e.what, e.size, PayloadLimit)
}

func checkPayload(what string, size int) error {
	if size > PayloadLimit {
		return &payloadError{what, size}
	}
	return nil
}

// callErrorType is the type of the application error an activity fails
// with; its one detail is the taskInfo of the failed task.
const callErrorType = "intelligen.CallError"

// A taskInfo names a failed task as a runtime.TaskError does; it travels
// in the details of Temporal's application errors.
type taskInfo struct {
	Task, Agent, Provider string
	Item                  int    // the failing element of a for_each task, else -1
	Message               string `json:",omitempty"`
}

// callError returns the activity error of t's failed try (of its
// element item, when not nil): retryable when
// the runtime would try again (a temporary error or an invalid answer,
// while attempts remain), else non-retryable, so that Temporal stops.
// A server's Retry-After becomes the wait before the next try.
func callError(t *runtime.Task, item *int, provider string, err error) error {
	info := taskInfo{Task: t.Name, Agent: t.Agent.Name, Provider: provider, Item: -1}
	if item != nil {
		info.Item = *item
	}
	var (
		outErr *runtime.OutputError
		apiErr *runtime.APIError
	)
	opts := temporal.ApplicationErrorOptions{
		NonRetryable: !runtime.Temporary(err) && !errors.As(err, &outErr),
		Details:      []any{info},
	}
	if errors.As(err, &apiErr) && apiErr.RetryAfter > 0 && !opts.NonRetryable {
		if apiErr.RetryAfter > runtime.MaxServerWait {
			opts.NonRetryable = true
			err = fmt.Errorf("server asked to retry after %v, more than %v: %w", apiErr.RetryAfter, runtime.MaxServerWait, err)
		} else {
			opts.NextRetryDelay = apiErr.RetryAfter
		}
	}
	return temporal.NewApplicationErrorWithOptions(err.Error(), callErrorType, opts)
}

// ActivityOptions returns the options of task t's activity: the task's
// timeout as StartToCloseTimeout, and a retry policy made from its
// agent's retry (docs/temporal.md).
func ActivityOptions(t *runtime.Task) workflow.ActivityOptions {
	r := t.Agent.Retry.WithDefaults()
	return workflow.ActivityOptions{
		StartToCloseTimeout: t.CallTimeout(),
		RetryPolicy: &temporal.RetryPolicy{
			InitialInterval:    r.Backoff,
			BackoffCoefficient: 2,
			MaximumInterval:    r.MaxBackoff,
			MaximumAttempts:    int32(r.Attempts),
		},
	}
}
