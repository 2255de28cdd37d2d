package clienttest

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/intelligen/intelligen/providers/providertest"
	"github.com/intelligen/intelligen/runtime"
)

// TicketSchema is the canonical schema of a typed output with every kind
// of value the strict providers accept: an enum, a bool, a string, a list,
// an optional object and an optional number.
const TicketSchema = `{"type":"object","description":"A triaged support ticket","properties":{` +
	`"category":{"type":"string","enum":["billing","tech","other"],"description":"The team that should answer"},` +
	`"urgent":{"type":"boolean"},"summary":{"type":"string"},"tags":{"type":"array","items":{"type":"string"}},` +
	`"owner":{"type":"object","properties":{"name":{"type":"string"},"email":{"type":"string"}},"required":["name","email"],"additionalProperties":false},` +
	`"score":{"type":"number"}},"required":["category","urgent","summary","tags"],"additionalProperties":false}`

// Ticket is the Go type generated for [TicketSchema].
type Ticket struct {
	Category string       `json:"category"`
	Urgent   bool         `json:"urgent"`
	Summary  string       `json:"summary"`
	Tags     []string     `json:"tags"`
	Owner    *TicketOwner `json:"owner"`
	Score    *float64     `json:"score"`
}

// TicketOwner is Ticket's owner.
type TicketOwner struct {
	Name  string `json:"name"`
	Email string `json:"email"`
}

// A Typed is a provider's client and fake, for [TypedOutputs].
type Typed struct {
	Server func() *providertest.Server // starts the provider's fake
	New    runtime.NewClientFunc
	// Agent is a text agent of the provider; TypedOutputs sets its
	// BaseURL (the fake's URL + BaseURLPath) and its retry policy.
	Agent       runtime.AgentConfig
	BaseURLPath string
	Env         map[string]string // the flow's environment, for APIKeyEnv
	// Refuse is a prompt the fake refuses (a refusal, a block); "" when
	// the fake has none.
	Refuse string
}

// TypedOutputs runs typed tasks through the runtime against p's fake:
// the request carries the schema in the provider's structured-output
// mode (golden files typed.json and typed_list.json, a list root that
// the strict providers wrap), the fake's answer decodes, every kind of
// invalid answer fails the task with an *runtime.OutputError at the
// right path, an invalid answer is asked for again within the agent's
// retry attempts, and a refusal is not retried.
func TypedOutputs(t *testing.T, p Typed) {
	ticket := runtime.NewSchema("ticket", TicketSchema)
	run := func(t *testing.T, attempts int, prompt string) (Ticket, []providertest.Request, error) {
		return runTyped[Ticket](t, p, ticket, attempts, prompt)
	}

	t.Run("answer", func(t *testing.T) {
		v, reqs, err := run(t, 1, "Triage: printer on fire")
		if err != nil {
			t.Fatal(err)
		}
		want := `{"category":"billing","urgent":true,"summary":"text","tags":["text"],"owner":{"name":"text","email":"text"},"score":1}`
		if got := runtime.JSON(v); got != want {
			t.Errorf("output = %s, want %s", got, want)
		}
		GoldenJSON(t, "typed.json", reqs[0].Body)
	})

	t.Run("list root", func(t *testing.T) {
		s := runtime.NewSchema("titles", `{"type":"array","items":{"type":"string"}}`)
		v, reqs, err := runTyped[[]string](t, p, s, 1, "Three titles")
		if err != nil {
			t.Fatal(err)
		}
		if len(v) != 1 || v[0] != "text" {
			t.Errorf("output = %q, want [text]", v)
		}
		GoldenJSON(t, "typed_list.json", reqs[0].Body)
	})

	const valid = `{"category":"tech","urgent":true,"summary":"s","tags":[]}`
	for _, tc := range []struct {
		name, answer string
		path, reason string // reason: its start
	}{
		{"prose", "The ticket is about the printer.", "", "not valid JSON"},
		{"truncated", valid[:30], "", "not valid JSON: the answer ends early"},
		{"wrong enum", strings.Replace(valid, `"tech"`, `"sales"`, 1), "category", `"sales" is not one of`},
		{"extra field", strings.Replace(valid, `"urgent"`, `"priority":2,"urgent"`, 1), "priority", "unknown attribute"},
		{"missing field", strings.Replace(valid, `"summary":"s",`, "", 1), "summary", "required attribute is missing"},
		{"NaN", strings.Replace(valid, `"tags"`, `"score":NaN,"tags"`, 1), "", "not valid JSON"},
		{"wrong type", strings.Replace(valid, `"tags":[]`, `"tags":["a",{"b":1}]`, 1), "tags[1]", "want a string, got an object"},
		{"huge string", strings.Replace(valid, `"tech"`, `"`+strings.Repeat("x", 10<<20)+`"`, 1), "category", `"xxxx`},
		{"deep nesting", strings.Replace(valid, `"tags":[]`, `"tags":`+strings.Repeat("[", 50000)+strings.Repeat("]", 50000), 1), "", "not valid JSON"},
		{"nested lists", strings.Replace(valid, `"tags":[]`, `"tags":[[["a"]]]`, 1), "tags[0]", "want a string, got a list"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, reqs, err := runTyped[Ticket](t, p, ticket, 1, "Triage", tc.answer)
			var oe *runtime.OutputError
			if !errors.As(err, &oe) {
				t.Fatalf("err = %.200v, want an *runtime.OutputError", err)
			}
			if oe.Path != tc.path || !strings.HasPrefix(oe.Reason, tc.reason) || len(oe.Reason) > 300 {
				t.Errorf("OutputError = {%q, %.300q}, want {%q, %q...}", oe.Path, oe.Reason, tc.path, tc.reason)
			}
			if len(reqs) != 1 {
				t.Errorf("%d requests, want 1", len(reqs))
			}
		})
	}

	t.Run("reask", func(t *testing.T) {
		v, reqs, err := runTyped[Ticket](t, p, ticket, 3, "Triage: printer on fire",
			"Sure, here it is.", strings.Replace(valid, `"tech"`, `"sales"`, 1))
		if err != nil {
			t.Fatal(err)
		}
		if v.Category != "billing" {
			t.Errorf("output = %+v, want the fake's own answer", v)
		}
		if len(reqs) != 3 {
			t.Fatalf("%d requests, want 3", len(reqs))
		}
		for i, want := range []string{"", "not valid JSON", `category: \"sales\" is not one of`} {
			has := bytes.Contains(reqs[i].Body, []byte("Your previous answer was invalid: "+want))
			if has != (i > 0) {
				t.Errorf("request %d re-asks: %v, want %v:\n%.500s", i+1, has, i > 0, reqs[i].Body)
			}
		}
	})

	t.Run("attempts spent", func(t *testing.T) {
		_, reqs, err := runTyped[Ticket](t, p, ticket, 2, "Triage", "no", "still no", valid)
		var oe *runtime.OutputError
		var te *runtime.TaskError
		if !errors.As(err, &te) || !errors.As(err, &oe) || len(reqs) != 2 {
			t.Errorf("err = %v after %d requests; want a TaskError wrapping an OutputError after 2", err, len(reqs))
		}
	})

	if p.Refuse != "" {
		t.Run("refusal", func(t *testing.T) {
			_, reqs, err := run(t, 3, p.Refuse)
			var oe *runtime.OutputError
			if err == nil || errors.As(err, &oe) || len(reqs) != 1 {
				t.Errorf("err = %v after %d requests; want a refusal, not retried", err, len(reqs))
			}
		})
	}
}

// runTyped runs one typed task of output s against a new fake of p with
// answers queued, and returns its output, the Run's error and the
// requests the fake received.
func runTyped[T any](t *testing.T, p Typed, s *runtime.Schema, attempts int, prompt string, answers ...string) (T, []providertest.Request, error) {
	t.Helper()
	srv := p.Server()
	defer srv.Close()
	srv.Answer(answers...)
	agent := p.Agent
	agent.BaseURL = srv.URL + p.BaseURLPath
	agent.Retry = runtime.Retry{Attempts: attempts, Backoff: 1}
	rt := runtime.NewFlow(&runtime.FlowConfig{Name: "t"}, runtime.WithLookupEnv(func(name string) (string, bool) {
		v, ok := p.Env[name]
		return v, ok
	}))
	h := rt.Agent(&agent, p.New)
	if err := rt.Err(); err != nil {
		t.Fatal(err)
	}
	task := &runtime.Task{Name: "triage", Agent: &agent, Output: s}
	r := rt.Start(t.Context())
	var v T
	r.Go(func() { v, _ = runtime.Typed[T](r, task, h, prompt) })
	err := r.Wait()
	return v, srv.Requests(), err
}
