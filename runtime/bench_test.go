package runtime_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/intelligen/intelligen/runtime"
)

// BenchmarkRunFiveTextTasks measures the runtime's per-Run and per-task
// overhead: 5 independent text tasks on the zero-latency simulator.
func BenchmarkRunFiveTextTasks(b *testing.B) {
	ac := &runtime.AgentConfig{Name: "w", Provider: "openai", Kind: runtime.KindText}
	rt := runtime.NewFlow(&runtime.FlowConfig{Name: "fan"}, runtime.WithSimulation(), runtime.WithLookupEnv(noEnv))
	f := &fanFlow{rt: rt, h: rt.Agent(ac, noNetwork)}
	for _, name := range []string{"t0", "t1", "t2", "t3", "t4"} {
		f.tasks = append(f.tasks, &runtime.Task{Name: name, Agent: ac, Timeout: runtime.DefaultTimeout})
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := f.Run(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRunContentFlow runs the 5-task content flow (text, image,
// vision) on the simulator; PNG encoding dominates.
func BenchmarkRunContentFlow(b *testing.B) {
	f, err := newContent(runtime.FlowConfig{Name: "content"}, runtime.WithSimulation(), runtime.WithLookupEnv(noEnv))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := f.Run(ctx, contentInput{Topic: "blue whales"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSimulateText is the simulator alone, for subtracting.
func BenchmarkSimulateText(b *testing.B) {
	req := &runtime.Request{Task: "writer", Kind: runtime.KindText, Prompt: "Write about the sea"}
	b.ReportAllocs()
	for b.Loop() {
		runtime.Simulate(req)
	}
}

// twentySchema is an output type of 20 attributes: strings, numbers,
// bools, enums, lists, an optional object.
const twentySchema = `{"type":"object","properties":{` +
	`"f01":{"type":"string"},"f02":{"type":"string"},"f03":{"type":"string"},"f04":{"type":"string"},` +
	`"f05":{"type":"number"},"f06":{"type":"number"},"f07":{"type":"number"},"f08":{"type":"number"},` +
	`"f09":{"type":"boolean"},"f10":{"type":"boolean"},"f11":{"type":"boolean"},` +
	`"f12":{"type":"string","enum":["low","medium","high"]},"f13":{"type":"string","enum":["a","b","c","d"]},` +
	`"f14":{"type":"array","items":{"type":"string"}},"f15":{"type":"array","items":{"type":"number"}},` +
	`"f16":{"type":"array","items":{"type":"object","properties":{"title":{"type":"string"},"words":{"type":"number"}},"required":["title","words"],"additionalProperties":false}},` +
	`"f17":{"type":"object","properties":{"name":{"type":"string"},"email":{"type":"string"}},"required":["name","email"],"additionalProperties":false},` +
	`"f18":{"type":"string"},"f19":{"type":"number"},"f20":{"type":"string"}},` +
	`"required":["f01","f02","f03","f04","f05","f06","f07","f08","f09","f10","f11","f12","f13","f14","f15","f16","f18","f19","f20"],"additionalProperties":false}`

const twentyAnswer = "```json\n" + `{"f01":"A short title","f02":"Some longer text that a model would write as a summary of the ticket.","f03":"x","f04":"y",` +
	`"f05":12.5,"f06":-3,"f07":1e3,"f08":0.25,"f09":true,"f10":false,"f11":true,"f12":"medium","f13":"c",` +
	`"f14":["alpha","beta","gamma"],"f15":[1,2,3.5],"f16":[{"title":"Intro","words":120},{"title":"Body","words":800}],` +
	`"f17":{"name":"Ada","email":"ada@example.com"},"f18":"z","f19":42,"f20":"end"}` + "\n```"

type twenty struct {
	F01, F02, F03, F04 string
	F05, F06, F07, F08 float64
	F09, F10, F11      bool
	F12, F13           string
	F14                []string
	F15                []float64
	F16                []struct {
		Title string  `json:"title"`
		Words float64 `json:"words"`
	}
	F17 *struct {
		Name  string `json:"name"`
		Email string `json:"email"`
	}
	F18 string
	F19 float64
	F20 string
}

// BenchmarkTypedOutput decodes and validates a typed output of 20
// attributes, as a typed call does with each answer, and decodes it into
// its Go type.
func BenchmarkTypedOutput(b *testing.B) {
	s := runtime.NewSchema("twenty", twentySchema)
	b.ReportAllocs()
	for b.Loop() {
		body, err := s.Decode(twentyAnswer)
		if err != nil {
			b.Fatal(err)
		}
		var v twenty
		if err := json.Unmarshal([]byte(body), &v); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTypedOutputValidate is the validation alone.
func BenchmarkTypedOutputValidate(b *testing.B) {
	s := runtime.NewSchema("twenty", twentySchema)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Decode(twentyAnswer); err != nil {
			b.Fatal(err)
		}
	}
}
