package report

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/intelligen/intelligen/runtime"
)

// Status is what became of a task in a Run.
type Status string

// The statuses of a task.
const (
	Done      Status = "done"      // its agent answered
	Failed    Status = "failed"    // its agent call failed, after every try
	Skipped   Status = "skipped"   // it never ran: an input it needed failed or was skipped
	Cancelled Status = "cancelled" // the Run was cancelled before or while it ran
	Running   Status = "running"   // still running (a report written before the Run ended)
)

// A Run is one recorded Run of a flow.
type Run struct {
	Flow       string
	Start, End time.Time
	Err        string  // the Run's error; "" when it succeeded
	Tasks      []*Task // declaration order when the flow lists its tasks, else start order
}

// Task returns the task named name, or nil.
func (r *Run) Task(name string) *Task {
	for _, t := range r.Tasks {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// A Task is one task of a recorded Run.
type Task struct {
	Name     string
	Agent    string
	Provider string
	Model    string // the model that answered, else the one asked for; "" = the provider's default
	Kind     runtime.Kind
	After    []string // the tasks whose output it takes
	Exclude  bool

	Status     Status
	Start, End time.Time // zero when it never ran
	Attempts   int
	Usage      runtime.Usage // summed over attempts
	Prompt     string
	Errors     []string // one per failed attempt, in order
	Err        string   // the task's error; "" unless Failed or Cancelled

	// The output, as the agent's kind says: Text for text, vision and
	// recognition; Image; Audio for speech; Embedding.
	Text      string
	Image     *runtime.Image
	Audio     *runtime.Audio
	Embedding runtime.Embedding

	ran bool // StartTask was called
}

// Duration is how long the task's agent call took, with every try.
func (t *Task) Duration() time.Duration {
	if t.Start.IsZero() || t.End.IsZero() {
		return 0
	}
	return t.End.Sub(t.Start)
}

// A Recorder is a runtime.Observer that records the latest Run of a flow:
// each StartRun starts a new record. It is safe for concurrent use, but a
// flow's Runs should not overlap while it records them.
type Recorder struct {
	// Tasks is the flow's static description, used when its FlowConfig
	// lists no tasks: without either, the report shows only the tasks that
	// called their agent, and no edges.
	Tasks []runtime.FlowTask
	// Progress, when not nil, receives one line per task as it ends
	// (name, status, duration, prompt shortened), and one per task that
	// never ran when the Run ends.
	Progress io.Writer

	mu     sync.Mutex
	run    *Run
	byName map[string]*Task
	width  int // of the longest task name, for Progress
}

var _ runtime.Observer = (*Recorder)(nil)

// Run returns the latest Run recorded, or nil. It must not be modified,
// and is only complete once the Run has ended.
func (r *Recorder) Run() *Run {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.run
}

// StartRun starts a new record.
func (r *Recorder) StartRun(ctx context.Context, flow *runtime.FlowConfig) (context.Context, func(error)) {
	tasks := flow.Tasks
	if tasks == nil {
		tasks = r.Tasks
	}
	run := &Run{Flow: flow.Name, Start: time.Now()}
	byName := make(map[string]*Task, len(tasks))
	width := 0
	for _, ft := range tasks {
		t := &Task{Name: ft.Name, Agent: ft.Agent, Kind: ft.Kind, After: ft.After, Exclude: ft.Exclude}
		run.Tasks = append(run.Tasks, t)
		byName[t.Name] = t
		width = max(width, utf8.RuneCountInString(t.Name))
	}
	r.mu.Lock()
	r.run, r.byName, r.width = run, byName, width
	r.mu.Unlock()
	return ctx, func(err error) { r.endRun(run, err) }
}

// task returns the record of the task named name in the current Run,
// adding it when the flow did not list it. r.mu must be held.
func (r *Recorder) task(name string) *Task {
	t := r.byName[name]
	if t == nil {
		t = &Task{Name: name}
		r.run.Tasks = append(r.run.Tasks, t)
		r.byName[name] = t
	}
	return t
}

// StartTask records that a task called its agent.
func (r *Recorder) StartTask(ctx context.Context, rt *runtime.Task, provider string) (context.Context, func(error)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.run == nil {
		return ctx, func(error) {}
	}
	now := time.Now()
	t := r.startTask(r.task(rt.Label()), rt, provider, now)
	var parent *Task // a for_each task, whose row spans its elements' rows
	if rt.Label() != rt.Name {
		parent = r.task(rt.Name)
		if parent.ran {
			if parent.Status != Failed {
				parent.Status = Running
			}
		} else {
			r.startTask(parent, rt, provider, now)
		}
	}
	return ctx, func(err error) {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.endTask(t, err)
		if parent != nil && parent.Status != Failed {
			r.endTask(parent, err)
		}
	}
}

// startTask marks t, the row of task rt (or of one of its elements), as
// started at now.
func (r *Recorder) startTask(t *Task, rt *runtime.Task, provider string, now time.Time) *Task {
	t.ran = true
	t.Status = Running
	t.Start = now
	t.Provider = provider
	if rt.Agent != nil {
		t.Agent, t.Kind, t.Model = rt.Agent.Name, rt.Agent.Kind, rt.Agent.Model
	}
	return t
}

// endTask marks t ended with err. The recorder's lock is held.
func (r *Recorder) endTask(t *Task, err error) {
	t.End = time.Now()
	switch {
	case err == nil:
		t.Status = Done
	case errors.Is(err, context.Canceled):
		t.Status, t.Err = Cancelled, err.Error()
	default:
		t.Status, t.Err = Failed, err.Error()
	}
	r.progress(t)
}

// StartCall records one try of a task's request.
func (r *Recorder) StartCall(ctx context.Context, req *runtime.Request, attempt int) (context.Context, func(*runtime.Response, error)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.run == nil {
		return ctx, func(*runtime.Response, error) {}
	}
	t := r.task(req.Task)
	t.Attempts = max(t.Attempts, attempt)
	t.Prompt = req.Prompt
	if req.Model != "" {
		t.Model = req.Model
	}
	return ctx, func(resp *runtime.Response, err error) {
		r.mu.Lock()
		defer r.mu.Unlock()
		if err != nil {
			t.Errors = append(t.Errors, fmt.Sprintf("attempt %d: %v", attempt, err))
		}
		if resp == nil {
			return
		}
		t.Usage.InputTokens += resp.Usage.InputTokens
		t.Usage.OutputTokens += resp.Usage.OutputTokens
		if resp.Model != "" {
			t.Model = resp.Model
		}
		if err != nil {
			return
		}
		switch t.Kind {
		case runtime.KindImage:
			img := resp.Image
			t.Image = &img
		case runtime.KindSpeech:
			a := resp.Audio
			t.Audio = &a
		case runtime.KindEmbed:
			t.Embedding = resp.Embedding
		default:
			t.Text = resp.Text
		}
	}
}

// endRun settles the tasks that never called their agent: skipped when an
// input they need did not arrive, or when the Run succeeded; cancelled
// when every input arrived but the Run had already failed or been
// cancelled.
func (r *Recorder) endRun(run *Run, err error) {
	r.mu.Lock()
	run.End = time.Now()
	if err != nil {
		run.Err = err.Error()
	}
	for _, t := range run.Tasks {
		r.settle(t, err)
	}
	r.mu.Unlock()
}

// settle sets the status of t if it never ran, settling its inputs first,
// and writes its Progress line. r.mu must be held.
func (r *Recorder) settle(t *Task, err error) {
	if t.ran || t.Status != "" {
		return
	}
	t.Status = Skipped // also breaks any cycle in a malformed description
	inputsArrived := true
	for _, name := range t.After {
		in := r.byName[name]
		if in == nil {
			continue
		}
		r.settle(in, err)
		if in.Status != Done {
			inputsArrived = false
		}
	}
	if inputsArrived && err != nil {
		t.Status = Cancelled
	}
	r.progress(t)
}

// progress writes t's line to Progress, if set. r.mu must be held, which
// also keeps lines whole.
func (r *Recorder) progress(t *Task) {
	if r.Progress == nil {
		return
	}
	d := "-"
	if t.ran {
		d = formatDuration(t.Duration())
	}
	s := fmt.Sprintf("%-*s  %-9s  %8s", r.width, t.Name, t.Status, d)
	if t.Prompt != "" {
		s += "  " + strconv.Quote(shorten(t.Prompt, 60))
	}
	if t.Status == Failed {
		s += "  " + shorten(t.Err, 120)
	}
	io.WriteString(r.Progress, s+"\n")
}

// shorten collapses runs of white space in s to one space and cuts it to
// at most n runes, marking a cut with "…".
func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	rs := []rune(s)
	return string(rs[:n-1]) + "…"
}

// formatDuration rounds d for people: 850µs, 12ms, 1.25s, 2m3s.
func formatDuration(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return d.Round(time.Microsecond).String()
	case d < time.Second:
		return d.Round(time.Millisecond).String()
	case d < time.Minute:
		return d.Round(10 * time.Millisecond).String()
	}
	return d.Round(time.Second).String()
}
