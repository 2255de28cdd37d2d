package runtime_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/intelligen/intelligen/runtime"
)

// answers is an agent that answers the i-th call with texts[i] (the last
// one repeated), or fails it with errs[i] when set, recording each prompt.
type answers struct {
	texts []string
	errs  []error

	mu      sync.Mutex
	prompts []string
	schemas []*runtime.Schema
}

func (a *answers) Call(ctx context.Context, req *runtime.Request) (*runtime.Response, error) {
	a.mu.Lock()
	i := len(a.prompts)
	a.prompts = append(a.prompts, req.Prompt)
	a.schemas = append(a.schemas, req.Schema)
	a.mu.Unlock()
	if i < len(a.errs) && a.errs[i] != nil {
		return nil, a.errs[i]
	}
	return &runtime.Response{Text: a.texts[min(i, len(a.texts)-1)]}, nil
}

// typedOne is the generated code of a flow with one typed task "triage"
// of output type T: it returns the Run's output and error.
func typedOne[T any](t *testing.T, s *runtime.Schema, attempts int, opts ...runtime.Option) (T, error) {
	t.Helper()
	ac := &runtime.AgentConfig{Name: "writer", Provider: "openai", Kind: runtime.KindText,
		Retry: runtime.Retry{Attempts: attempts, Backoff: time.Hour}}
	task := &runtime.Task{Name: "triage", Agent: ac, Output: s}
	rt := runtime.NewFlow(&runtime.FlowConfig{Name: "typed"}, append([]runtime.Option{runtime.WithLookupEnv(noEnv)}, opts...)...)
	h := rt.Agent(ac, noNetwork)
	if err := rt.Err(); err != nil {
		t.Fatalf("New: %v", err)
	}
	run := rt.Start(context.Background())
	var out T
	run.Go(func() {
		if v, ok := runtime.Typed[T](run, task, h, "Triage: printer on fire"); ok {
			out = v
		}
	})
	return out, run.Wait()
}

const validTicket = `{"category":"tech","urgent":true,"summary":"fire","tags":[],"owner":null,"labels":{}}`

func TestTypedDecodes(t *testing.T) {
	a := &answers{texts: []string{"```json\n" + validTicket + "\n```"}}
	s := runtime.NewSchema("ticket", ticketSchema)
	got, err := typedOne[ticket](t, s, 3, runtime.WithAgent("writer", a))
	if err != nil {
		t.Fatal(err)
	}
	if got.Category != "tech" || !got.Urgent || got.Summary != "fire" || got.Owner != nil || got.Tags == nil || len(got.Tags) != 0 || got.Labels == nil {
		t.Errorf("output = %+v; want the answer, with a non-nil empty Tags", got)
	}
	if len(a.prompts) != 1 || a.schemas[0] != s {
		t.Errorf("calls = %d, schema %v; want 1 call carrying the schema", len(a.prompts), a.schemas)
	}
}

func TestTypedReasksWithinAttempts(t *testing.T) {
	a := &answers{texts: []string{
		"Sure! The category is tech.",
		`{"category":"sales","urgent":true,"summary":"fire","tags":[],"labels":{}}`,
		validTicket,
	}}
	got, err := typedOne[ticket](t, runtime.NewSchema("ticket", ticketSchema), 3, runtime.WithAgent("writer", a))
	if err != nil {
		t.Fatal(err)
	}
	if got.Category != "tech" {
		t.Errorf("output = %+v", got)
	}
	const p = "Triage: printer on fire"
	want := []string{
		p,
		p + "\n\nYour previous answer was invalid: not valid JSON: invalid character 'S' looking for beginning of value. Answer again with only JSON that matches the schema.",
		p + "\n\nYour previous answer was invalid: category: \"sales\" is not one of \"billing\", \"tech\", \"other\". Answer again with only JSON that matches the schema.",
	}
	if len(a.prompts) != len(want) {
		t.Fatalf("%d calls, want %d: %q", len(a.prompts), len(want), a.prompts)
	}
	for i := range want {
		if a.prompts[i] != want[i] {
			t.Errorf("prompt %d =\n%q\nwant\n%q", i+1, a.prompts[i], want[i])
		}
	}
}

func TestTypedFailsWhenAttemptsSpent(t *testing.T) {
	a := &answers{texts: []string{`{"category":"tech"`}}
	_, err := typedOne[ticket](t, runtime.NewSchema("ticket", ticketSchema), 2, runtime.WithAgent("writer", a))
	var te *runtime.TaskError
	var oe *runtime.OutputError
	if !errors.As(err, &te) || te.Task != "triage" || !errors.As(err, &oe) {
		t.Fatalf("err = %v, want a *TaskError that unwraps to an *OutputError", err)
	}
	if oe.Path != "" || oe.Reason != "not valid JSON: the answer ends early" {
		t.Errorf("OutputError = %+v", oe)
	}
	if len(a.prompts) != 2 {
		t.Errorf("%d calls, want 2 (retry.attempts)", len(a.prompts))
	}
}

func TestTypedTransportErrorsShareAttempts(t *testing.T) {
	// A 503, then two invalid answers: three tries in all, then the
	// last answer's error.
	a := &answers{errs: []error{&runtime.APIError{StatusCode: 503}}, texts: []string{"unused", "{}", "[]", validTicket}}
	s := runtime.NewSchema("ticket", ticketSchema)
	cfg := &runtime.AgentConfig{Name: "writer", Provider: "openai", Kind: runtime.KindText, Retry: runtime.Retry{Attempts: 3, Backoff: time.Millisecond}}
	task := &runtime.Task{Name: "triage", Agent: cfg, Output: s}
	rt := runtime.NewFlow(&runtime.FlowConfig{Name: "typed"}, runtime.WithLookupEnv(noEnv), runtime.WithAgent("writer", a))
	h := rt.Agent(cfg, noNetwork)
	run := rt.Start(context.Background())
	run.Go(func() { runtime.Typed[ticket](run, task, h, "p") })
	err := run.Wait()
	var oe *runtime.OutputError
	if !errors.As(err, &oe) || oe.Reason != "want an object, got a list" || len(a.prompts) != 3 {
		t.Errorf("err = %v after %d calls; want the second answer's *OutputError after 3", err, len(a.prompts))
	}
}

func TestTypedRefusalNotRetried(t *testing.T) {
	refused := errors.New("openai: model refused: I can't help with that")
	a := &answers{errs: []error{refused}, texts: []string{validTicket}}
	_, err := typedOne[ticket](t, runtime.NewSchema("ticket", ticketSchema), 3, runtime.WithAgent("writer", a))
	if !errors.Is(err, refused) || len(a.prompts) != 1 {
		t.Errorf("err = %v after %d calls; want the refusal after 1", err, len(a.prompts))
	}
}

func TestTypedWithoutSchema(t *testing.T) {
	_, err := typedOne[ticket](t, nil, 1, runtime.WithAgent("writer", &answers{texts: []string{validTicket}}))
	if err == nil {
		t.Error("Typed of a task without Output succeeded")
	}
}

// The simulator's typed values are computed here from the rule of
// docs/simulator.md#typed-outputs with crypto/sha256, not with the code
// under test.

func simHash(parts ...string) [32]byte {
	d := sha256.New()
	for i, p := range parts {
		if i > 0 {
			d.Write([]byte{0})
		}
		d.Write([]byte(p))
	}
	var h [32]byte
	d.Sum(h[:0])
	return h
}

func hashPath(h [32]byte, p string) [32]byte {
	return sha256.Sum256(append(h[:], p...))
}

func TestSimulateTyped(t *testing.T) {
	s := runtime.NewSchema("ticket", ticketSchema)
	req := &runtime.Request{Task: "triage", Kind: runtime.KindText, Prompt: "Triage: printer on fire", Schema: s}
	h := simHash("triage", "Triage: printer on fire")
	hp := func(p string) [32]byte { return hashPath(h, p) }
	str := func(p string) string { x := hp(p); return "triage." + p + ":" + hex.EncodeToString(x[:4]) }

	var want ticket
	want.Category = []string{"billing", "tech", "other"}[hp("category")[0]%3]
	want.Urgent = hp("urgent")[0]%2 == 1
	want.Summary = str("summary")
	want.Tags = []string{}
	for i := range int(hp("tags")[0] % 4) {
		want.Tags = append(want.Tags, str("tags["+strconv.Itoa(i)+"]"))
	}
	if hp("owner")[31]%4 != 0 {
		want.Owner = &ticketOwner{Name: str("owner.name"), Email: str("owner.email")}
	}
	if hp("score")[31]%4 != 0 {
		v := float64(int(hp("score")[0])-128) / 4
		want.Score = &v
	}
	want.Labels = map[string]string{}
	for j := range int(hp("labels")[0] % 3) {
		k := "k" + strconv.Itoa(j)
		want.Labels[k] = str("labels." + k)
	}
	wantJSON, _ := json.Marshal(want)

	got := runtime.Simulate(req).Text
	if got != string(wantJSON) {
		t.Errorf("Simulate =\n%s\nwant\n%s", got, wantJSON)
	}
	// The whole path: the simulator's answer decodes into the Go type.
	v, err := typedOne[ticket](t, s, 1, runtime.WithSimulation())
	if err != nil {
		t.Fatal(err)
	}
	if runtime.JSON(v) != string(wantJSON) {
		t.Errorf("Typed on the simulator = %s, want %s", runtime.JSON(v), wantJSON)
	}
}

func TestSimulateTypedRoots(t *testing.T) {
	h := simHash("t", "p")
	hp := func(p string) [32]byte { return hashPath(h, p) }

	// A root list(string): p is "[i]", so elements are "t.[i]:...".
	var list []string
	for i := range int(hp("")[0] % 4) {
		x := hp("[" + strconv.Itoa(i) + "]")
		list = append(list, "t.["+strconv.Itoa(i)+"]:"+hex.EncodeToString(x[:4]))
	}
	wantList, _ := json.Marshal(append([]string{}, list...))
	// A root string is the text rule; a root number and enum use SHA-256(h).
	wantString, _ := json.Marshal("t:" + hex.EncodeToString(h[:6]))
	wantNumber := strconv.FormatFloat(float64(int(hp("")[0])-128)/4, 'f', -1, 64)
	wantEnum, _ := json.Marshal([]string{"x", "y"}[hp("")[0]%2])
	// A list of objects: paths such as [0].title.
	var sections []map[string]string
	for i := range int(hp("")[0] % 4) {
		x := hp("[" + strconv.Itoa(i) + "].title")
		sections = append(sections, map[string]string{"title": "t.[" + strconv.Itoa(i) + "].title:" + hex.EncodeToString(x[:4])})
	}
	wantSections, _ := json.Marshal(append([]map[string]string{}, sections...))

	for _, tc := range []struct {
		schema, want string
	}{
		{`{"type":"array","items":{"type":"string"}}`, string(wantList)},
		{`{"type":"string"}`, string(wantString)},
		{`{"type":"number"}`, wantNumber},
		{`{"type":"string","enum":["x","y"]}`, string(wantEnum)},
		{`{"type":"array","items":{"type":"object","properties":{"title":{"type":"string"}},"required":["title"],"additionalProperties":false}}`, string(wantSections)},
	} {
		req := &runtime.Request{Task: "t", Kind: runtime.KindVision, Prompt: "p", Schema: runtime.NewSchema("t", tc.schema)}
		if got := runtime.Simulate(req).Text; got != tc.want {
			t.Errorf("%s: Simulate = %s, want %s", tc.schema, got, tc.want)
		}
	}
}

func TestWithModelAndBaseURL(t *testing.T) {
	var got []runtime.ClientConfig
	newClient := func(cc runtime.ClientConfig) (runtime.Agent, error) {
		got = append(got, cc)
		return &answers{texts: []string{"ok"}}, nil
	}
	lit := &runtime.AgentConfig{Name: "lit", Provider: "openai", Kind: runtime.KindText, Model: "m-lit", BaseURL: "http://lit"}
	env := &runtime.AgentConfig{Name: "env", Provider: "openai", Kind: runtime.KindText, ModelEnv: "MODEL", BaseURLEnv: "BASE"}
	over := &runtime.AgentConfig{Name: "over", Provider: "openai", Kind: runtime.KindText, Model: "m-lit", ModelEnv: "", BaseURL: "http://lit"}
	rt := runtime.NewFlow(&runtime.FlowConfig{Name: "m"}, runtime.WithLookupEnv(envOf("MODEL", "m-env", "BASE", "http://env")),
		runtime.WithModel("over", "m-code"), runtime.WithBaseURL("over", "http://127.0.0.1:1"))
	for _, ac := range []*runtime.AgentConfig{lit, env, over} {
		rt.Agent(ac, newClient)
	}
	if err := rt.Err(); err != nil {
		t.Fatal(err)
	}
	want := [][2]string{{"m-lit", "http://lit"}, {"m-env", "http://env"}, {"m-code", "http://127.0.0.1:1"}}
	for i, cc := range got {
		if cc.Agent.Model != want[i][0] || cc.BaseURL != want[i][1] {
			t.Errorf("agent %s: model %q, base URL %q; want %q, %q", cc.Agent.Name, cc.Agent.Model, cc.BaseURL, want[i][0], want[i][1])
		}
	}
	if over.Model != "m-lit" {
		t.Errorf("WithModel changed the shared AgentConfig: %q", over.Model)
	}

	// The request carries the model too.
	a := &recordingModel{}
	rt = runtime.NewFlow(&runtime.FlowConfig{Name: "m"}, runtime.WithLookupEnv(noEnv), runtime.WithAgent("over", a), runtime.WithModel("over", "m-code"))
	h := rt.Agent(over, newClient)
	run := rt.Start(context.Background())
	run.Go(func() { run.Text(&runtime.Task{Name: "x", Agent: over}, h, "hi") })
	if err := run.Wait(); err != nil || a.model != "m-code" {
		t.Errorf("request model = %q (err %v), want m-code", a.model, err)
	}

	rt = runtime.NewFlow(&runtime.FlowConfig{Name: "m"}, runtime.WithLookupEnv(noEnv), runtime.WithModel("nope", "x"), runtime.WithBaseURL("nada", "y"))
	rt.Agent(lit, newClient)
	const wantErr = "WithModel(\"nope\"): the flow has no agent of that name\nWithBaseURL(\"nada\"): the flow has no agent of that name"
	if err := rt.Err(); err == nil || err.Error() != wantErr {
		t.Errorf("Err = %v, want\n%s", err, wantErr)
	}
}

type recordingModel struct{ model string }

func (r *recordingModel) Call(ctx context.Context, req *runtime.Request) (*runtime.Response, error) {
	r.model = req.Model
	return &runtime.Response{Text: "ok"}, nil
}

// TestSimulateTypedDocExample is the example of docs/simulator.md#typed-outputs,
// whose values were computed with Python's hashlib.
func TestSimulateTypedDocExample(t *testing.T) {
	s := runtime.NewSchema("triage", `{"type":"object","properties":{"category":{"type":"string","enum":["billing","tech","other"]},"summary":{"type":"string"}},"required":["category","summary"],"additionalProperties":false}`)
	got := runtime.Simulate(&runtime.Request{Task: "triage", Kind: runtime.KindText, Prompt: "Triage: printer on fire", Schema: s}).Text
	if want := `{"category":"tech","summary":"triage.summary:d0dd7b8b"}`; got != want {
		t.Errorf("Simulate = %s, want %s", got, want)
	}
}
