package report_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/intelligen/intelligen/runtime"
	"github.com/intelligen/intelligen/runtime/report"
)

// runFlow runs the flow tasks describes through package runtime the way
// generated code does (a gate per task, a goroutine started when its last
// input arrives, the prompt followed by its inputs' outputs), and returns
// what rec recorded. Agents are the simulator unless agents replaces them.
func runFlow(t testing.TB, name string, onError runtime.OnError, tasks []runtime.FlowTask, rec *report.Recorder, agents map[string]runtime.Agent, latency time.Duration) (*report.Run, error) {
	t.Helper()
	cfg := &runtime.FlowConfig{Name: name, OnError: onError, Tasks: tasks}
	opts := []runtime.Option{runtime.WithSimulation(), runtime.WithSimulatedLatency(latency), runtime.WithObserver(rec)}
	for a, ag := range agents {
		opts = append(opts, runtime.WithAgent(a, ag))
	}
	f := runtime.NewFlow(cfg, opts...)
	handles := map[string]*runtime.Handle{}
	configs := map[string]*runtime.AgentConfig{}
	for _, ft := range tasks {
		if handles[ft.Agent] == nil {
			c := &runtime.AgentConfig{Name: ft.Agent, Provider: "openai", Kind: ft.Kind, Retry: runtime.Retry{Attempts: 2, Backoff: time.Millisecond}}
			configs[ft.Agent], handles[ft.Agent] = c, f.Agent(c, nil)
		}
	}
	if err := f.Err(); err != nil {
		t.Fatal(err)
	}

	r := f.Start(context.Background())
	type slot struct {
		gate *runtime.Gate
		out  string
		ok   bool
	}
	slots := map[string]*slot{}
	succ := map[string][]string{}
	for _, ft := range tasks {
		slots[ft.Name] = &slot{gate: r.Gate(len(ft.After))}
		for _, in := range ft.After {
			succ[in] = append(succ[in], ft.Name)
		}
	}
	for _, ft := range tasks {
		s := slots[ft.Name]
		s.gate.Go(func() {
			defer r.Done()
			defer func() {
				for _, n := range succ[ft.Name] {
					slots[n].gate.Arrive()
				}
			}()
			prompt := []string{"Do " + ft.Name}
			for _, in := range ft.After {
				if !slots[in].ok {
					return
				}
				prompt = append(prompt, slots[in].out)
			}
			task := &runtime.Task{Name: ft.Name, Agent: configs[ft.Agent]}
			p := strings.Join(prompt, "\n\n")
			switch ft.Kind {
			case runtime.KindImage:
				_, s.ok = r.Image(task, handles[ft.Agent], p)
			case runtime.KindSpeech:
				_, s.ok = r.Speech(task, handles[ft.Agent], p)
			default:
				s.out, s.ok = r.Text(task, handles[ft.Agent], p)
			}
		})
	}
	err := r.Wait()
	return rec.Run(), err
}

// blogTasks is the shape of examples/blog: requirements feed a design and
// the code, the design an image description, the description a logo.
var blogTasks = []runtime.FlowTask{
	{Name: "task1", Agent: "text_generator", Kind: runtime.KindText},
	{Name: "task2", Agent: "ux_designer", Kind: runtime.KindText, After: []string{"task1"}},
	{Name: "task3", Agent: "image_desc_creator", Kind: runtime.KindText, After: []string{"task2"}},
	{Name: "task4", Agent: "image_processor", Kind: runtime.KindImage, After: []string{"task3"}, Exclude: true},
	{Name: "task5", Agent: "text_generator", Kind: runtime.KindText, After: []string{"task1", "task2"}},
}

// failingTasks has a task that fails (its agent always errors), one that
// depends on it, an independent one and a speech task.
var failingTasks = []runtime.FlowTask{
	{Name: "plan", Agent: "writer", Kind: runtime.KindText},
	{Name: "draft", Agent: "broken", Kind: runtime.KindText, After: []string{"plan"}},
	{Name: "review", Agent: "writer", Kind: runtime.KindText, After: []string{"draft"}},
	{Name: "publish", Agent: "writer", Kind: runtime.KindText, After: []string{"review", "plan"}},
	{Name: "jingle", Agent: "voice", Kind: runtime.KindSpeech, After: []string{"plan"}},
	{Name: "summary", Agent: "writer", Kind: runtime.KindText, After: []string{"plan"}},
}

var brokenAgent = map[string]runtime.Agent{
	"broken": runtime.AgentFunc(func(ctx context.Context, req *runtime.Request) (*runtime.Response, error) {
		return nil, &runtime.APIError{Provider: "openai", StatusCode: 503, Message: "model overloaded <try later> & retry"}
	}),
}

// wideTasks is n tasks in layers of ten, each taking two tasks of the
// layer before: a large flow for the page's speed.
func wideTasks(n int) []runtime.FlowTask {
	tasks := make([]runtime.FlowTask, n)
	for i := range tasks {
		tasks[i] = runtime.FlowTask{Name: fmt.Sprintf("t%04d", i), Agent: "llm", Kind: runtime.KindText}
		if i >= 10 {
			tasks[i].After = []string{fmt.Sprintf("t%04d", i-10), fmt.Sprintf("t%04d", i-10+(i+1)%10-i%10)}
			if tasks[i].After[0] == tasks[i].After[1] {
				tasks[i].After = tasks[i].After[:1]
			}
		}
	}
	return tasks
}
