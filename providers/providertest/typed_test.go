package providertest

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestCheckResponseFormat(t *testing.T) {
	const strict = `{"type":"object","properties":{"a":{"type":"string"},"b":{"anyOf":[{"type":"number"},{"type":"null"}]}},"required":["a","b"],"additionalProperties":false}`
	format := func(name, schema string) string {
		return `{"type":"json_schema","json_schema":{"name":"` + name + `","strict":true,"schema":` + schema + `}}`
	}
	for _, tc := range []struct {
		name, in, want string // want: the message's start, "" = accepted
	}{
		{"none", ``, ""},
		{"text", `{"type":"text"}`, ""},
		{"strict", format("ticket", strict), ""},
		{"bad type", `{"type":"xml"}`, "response_format.type: invalid value"},
		{"no json_schema", `{"type":"json_schema"}`, "response_format.json_schema: missing"},
		{"bad name", format("a b", strict), "response_format.json_schema.name"},
		{"no schema", `{"type":"json_schema","json_schema":{"name":"x","strict":true}}`, "response_format.json_schema.schema must be"},
		{"root not object", format("x", `{"type":"array","items":{"type":"string"}}`), "response_format.json_schema: invalid schema for strict mode: schema: the root must be"},
		{"not all required", format("x", strings.Replace(strict, `"required":["a","b"]`, `"required":["a"]`, 1)), `response_format.json_schema: invalid schema for strict mode: schema: required must list every property; "b" is missing`},
		{"open object", format("x", strings.Replace(strict, `"additionalProperties":false`, `"additionalProperties":{"type":"string"}`, 1)), "response_format.json_schema: invalid schema for strict mode: schema: additionalProperties must be false"},
		{"not strict", strings.Replace(format("x", `{"type":"object","additionalProperties":{"type":"string"}}`), `"strict":true`, `"strict":false`, 1), ""},
	} {
		schema, msg := checkResponseFormat(json.RawMessage(tc.in))
		if tc.want == "" && (msg != "" || (strings.Contains(tc.in, "json_schema") && schema == nil)) {
			t.Errorf("%s: rejected (%q), want accepted with its schema", tc.name, msg)
		}
		if tc.want != "" && !strings.HasPrefix(msg, tc.want) {
			t.Errorf("%s: message %q, want %q...", tc.name, msg, tc.want)
		}
	}
}

func TestSchemaExample(t *testing.T) {
	var schema map[string]any
	json.Unmarshal([]byte(`{"type":"object","properties":{"e":{"type":"string","enum":["x","y"]},"o":{"anyOf":[{"type":"null"},{"type":"integer"}]},"m":{"type":"object","additionalProperties":{"type":"boolean"}},"l":{"type":"array","items":{"type":"number"}}}}`), &schema)
	got, _ := json.Marshal(schemaExample(schema, 0))
	if want := `{"e":"x","l":[1],"m":{"k0":true},"o":1}`; string(got) != want {
		t.Errorf("schemaExample = %s, want %s", got, want)
	}
}
