package runtime_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/intelligen/intelligen/runtime"
)

// ticketSchema is the canonical schema the generator writes for
//
//	object({
//	  category = enum("billing", "tech", "other")
//	  urgent   = bool
//	  summary  = string
//	  tags     = list(string)
//	  owner    = optional(object({ name = string, email = string }))
//	  score    = optional(number)
//	  labels   = map(string)
//	})
const ticketSchema = `{"type":"object","description":"A triaged support ticket","properties":{` +
	`"category":{"type":"string","enum":["billing","tech","other"],"description":"The team that should answer"},` +
	`"urgent":{"type":"boolean"},"summary":{"type":"string"},"tags":{"type":"array","items":{"type":"string"}},` +
	`"owner":{"type":"object","properties":{"name":{"type":"string"},"email":{"type":"string","description":"Where the answer goes"}},"required":["name","email"],"additionalProperties":false},` +
	`"score":{"type":"number"},"labels":{"type":"object","additionalProperties":{"type":"string"}}},` +
	`"required":["category","urgent","summary","tags","labels"],"additionalProperties":false}`

type ticket struct {
	Category string            `json:"category"`
	Urgent   bool              `json:"urgent"`
	Summary  string            `json:"summary"`
	Tags     []string          `json:"tags"`
	Owner    *ticketOwner      `json:"owner"`
	Score    *float64          `json:"score"`
	Labels   map[string]string `json:"labels"`
}

type ticketOwner struct {
	Name  string `json:"name"`
	Email string `json:"email"`
}

func TestSchemaForms(t *testing.T) {
	s := runtime.NewSchema("ticket", ticketSchema)
	if s.Name() != "ticket" || s.Wrapped() {
		t.Errorf("Name, Wrapped = %q, %v; want ticket, false", s.Name(), s.Wrapped())
	}
	if got := string(s.JSON()); got != ticketSchema {
		t.Errorf("JSON =\n%s\nwant\n%s", got, ticketSchema)
	}
	const strict = `{"type":"object","description":"A triaged support ticket","properties":{` +
		`"category":{"type":"string","enum":["billing","tech","other"],"description":"The team that should answer"},` +
		`"urgent":{"type":"boolean"},"summary":{"type":"string"},"tags":{"type":"array","items":{"type":"string"}},` +
		`"owner":{"anyOf":[{"type":"object","properties":{"name":{"type":"string"},"email":{"type":"string","description":"Where the answer goes"}},"required":["name","email"],"additionalProperties":false},{"type":"null"}]},` +
		`"score":{"anyOf":[{"type":"number"},{"type":"null"}]},"labels":{"type":"object","additionalProperties":{"type":"string"}}},` +
		`"required":["category","urgent","summary","tags","owner","score","labels"],"additionalProperties":false}`
	if got := string(s.Strict()); got != strict {
		t.Errorf("Strict =\n%s\nwant\n%s", got, strict)
	}

	list := runtime.NewSchema("outline", `{"type":"array","items":{"type":"object","properties":{"title":{"type":"string"},"note":{"type":"string"}},"required":["title"],"additionalProperties":false}}`)
	const wrapped = `{"type":"object","properties":{"value":{"type":"array","items":{"type":"object","properties":{"title":{"type":"string"},"note":{"anyOf":[{"type":"string"},{"type":"null"}]}},"required":["title","note"],"additionalProperties":false}}},"required":["value"],"additionalProperties":false}`
	if got := string(list.Strict()); got != wrapped || !list.Wrapped() {
		t.Errorf("Strict, Wrapped =\n%s, %v\nwant\n%s, true", got, list.Wrapped(), wrapped)
	}
	if got, err := list.Unwrap("```json\n{\"value\": [{\"title\":\"a\"}]}\n```"); err != nil || got != `[{"title":"a"}]` {
		t.Errorf("Unwrap = %q, %v", got, err)
	}
	for _, bad := range []string{`[{"title":"a"}]`, `{"values":[]}`, `{"value":[],"x":1}`, `{"value":`} {
		var oe *runtime.OutputError
		if _, err := list.Unwrap(bad); !errors.As(err, &oe) {
			t.Errorf("Unwrap(%s) = %v, want an *OutputError", bad, err)
		}
	}
	if got, err := s.Unwrap(`{"x":1}`); err != nil || got != `{"x":1}` {
		t.Errorf("Unwrap of an unwrapped schema = %q, %v; want the text", got, err)
	}
}

func TestNewSchemaPanicsOnMalformed(t *testing.T) {
	for _, bad := range []string{``, `[]`, `{"type":"tuple"}`, `{"type":"array"}`, `{"type":"string","enum":[]}`, `{"type":"string"} x`} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("NewSchema(%q) did not panic", bad)
				}
			}()
			runtime.NewSchema("x", bad)
		}()
	}
}

func TestDecode(t *testing.T) {
	s := runtime.NewSchema("ticket", ticketSchema)
	const valid = `{"category":"tech","urgent":true,"summary":"s","tags":[],"labels":{"a":"b"}}`
	for _, tc := range []struct {
		name, in   string
		path, want string // want: the reason's start; "" = valid
	}{
		{"valid", valid, "", ""},
		{"white space", "\n  " + valid + "\n", "", ""},
		{"fence", "```json\n" + valid + "\n```", "", ""},
		{"bare fence", "```\n" + valid + "\n```", "", ""},
		{"optional null", `{"category":"tech","urgent":true,"summary":"s","tags":["x"],"owner":null,"score":null,"labels":{}}`, "", ""},
		{"optional given", `{"category":"tech","urgent":true,"summary":"s","tags":["x"],"owner":{"name":"n","email":"e"},"score":-1.5e3,"labels":{}}`, "", ""},
		{"prose", "Here is the ticket: " + valid, "", "not valid JSON"},
		{"prose after", valid + " Hope this helps!", "", "text after the JSON value"},
		{"two fences", "```json\n" + valid + "\n```\n```json\n" + valid + "\n```", "", "text after the JSON value"},
		{"other fence", "```yaml\n" + valid + "\n```", "", "not one JSON value"},
		{"empty", "  ", "", "the answer is empty"},
		{"truncated", valid[:40], "", "not valid JSON"},
		{"wrong enum", strings.Replace(valid, `"tech"`, `"sales"`, 1), "category", `"sales" is not one of "billing", "tech", "other"`},
		{"extra field", strings.Replace(valid, `{"category"`, `{"priority":1,"category"`, 1), "priority", "unknown attribute"},
		{"missing field", strings.Replace(valid, `"summary":"s",`, ``, 1), "summary", "required attribute is missing"},
		{"missing nested", strings.Replace(valid, `"tags"`, `"owner":{"name":"n"},"tags"`, 1), "owner.email", "required attribute is missing"},
		{"wrong type in list", strings.Replace(valid, `"tags":[]`, `"tags":["a","b",3]`, 1), "tags[2]", "want a string, got a number"},
		{"null required", strings.Replace(valid, `"summary":"s"`, `"summary":null`, 1), "summary", "want a string, got null"},
		{"map value", strings.Replace(valid, `{"a":"b"}`, `{"a":true}`, 1), "labels.a", "want a string, got true"},
		{"NaN", strings.Replace(valid, `"tags"`, `"score":NaN,"tags"`, 1), "", "not valid JSON"},
		{"huge number", strings.Replace(valid, `"tags"`, `"score":1e999,"tags"`, 1), "score", "number out of range"},
		{"twice", strings.Replace(valid, `"tags"`, `"urgent":false,"tags"`, 1), "urgent", "attribute given twice"},
		{"not an object", `["tech"]`, "", "want an object, got a list"},
		{"nested lists", strings.Replace(valid, `"tags":[]`, `"tags":`+strings.Repeat("[", 100)+strings.Repeat("]", 100), 1), "tags[0]", "want a string, got a list"},
		{"deep nesting", strings.Replace(valid, `"tags":[]`, `"tags":`+strings.Repeat("[", 100000)+strings.Repeat("]", 100000), 1), "", "not valid JSON: invalid character '[' exceeded max depth"},
		{"deep nesting truncated", strings.Repeat("[", 1000000), "", "not valid JSON"},
		{"escaped strings", `{"category":"te\u0063h","urgent":false,"summary":"a \"quoted\" \\ word","tags":["\n"],"labels":{"\u00e9":"x"}}`, "", ""},
		{"escaped enum", `{"category":"sal\u0065s"}`, "category", `"sales" is not one of`},
		{"number forms", `{"category":"tech","urgent":true,"summary":"s","tags":[],"score":-0.5E-3,"labels":{}}`, "", ""},
		{"empty object", `{}`, "category", "required attribute is missing"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.Decode(tc.in)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("Decode: %v", err)
				}
				if !strings.HasPrefix(got, "{") || !strings.HasSuffix(got, "}") {
					t.Errorf("Decode = %q, want the JSON value alone", got)
				}
				return
			}
			var oe *runtime.OutputError
			if !errors.As(err, &oe) {
				t.Fatalf("Decode = %q, %v; want an *OutputError", got, err)
			}
			if oe.Path != tc.path || !strings.HasPrefix(oe.Reason, tc.want) {
				t.Errorf("OutputError = {%q, %q}, want {%q, %q...}", oe.Path, oe.Reason, tc.path, tc.want)
			}
		})
	}
}

func TestDecodeHugeString(t *testing.T) {
	s := runtime.NewSchema("ticket", ticketSchema)
	big := strings.Repeat("x", 10<<20)
	in := `{"category":"tech","urgent":true,"summary":"` + big + `","tags":[],"labels":{}}`
	if _, err := s.Decode(in); err != nil {
		t.Errorf("Decode of a 10 MB summary: %v", err)
	}
	_, err := s.Decode(strings.Replace(in, `"tech"`, `"`+big+`"`, 1))
	var oe *runtime.OutputError
	if !errors.As(err, &oe) || oe.Path != "category" || len(oe.Reason) > 200 {
		t.Errorf("Decode of a 10 MB enum value = %.300v, want a short *OutputError at category", err)
	}
}

func TestJSON(t *testing.T) {
	score := 2.5
	v := ticket{Category: "a<b>&c", Tags: []string{}, Score: &score, Labels: map[string]string{"z": "1", "a": "2"}}
	const want = `{"category":"a<b>&c","urgent":false,"summary":"","tags":[],"owner":null,"score":2.5,"labels":{"a":"2","z":"1"}}`
	if got := runtime.JSON(v); got != want {
		t.Errorf("JSON =\n%s\nwant\n%s", got, want)
	}
	if got := runtime.JSON("tech"); got != `"tech"` {
		t.Errorf("JSON(enum) = %s", got)
	}
}
