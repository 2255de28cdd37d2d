package providertest

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
)

// Typed outputs (docs/providers.md#structured-output). A fake that gets a
// chat request with a structured-output field checks that the field is
// well formed (in each provider's shape, the strict rules where the
// provider enforces them) and answers with JSON of the schema, so a typed
// flow runs against the fakes. [Server.Answer] makes the next answers
// whatever a test needs: prose, truncated JSON, a wrong enum value.

// Answer queues texts: the next len(texts) chat answers (text and vision
// calls) carry them, in order, as the message text instead of the fake's
// own answer, typed or not.
func (s *Server) Answer(texts ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.answers = append(s.answers, texts...)
}

// reply returns the text of a chat answer: the next queued [Server.Answer],
// else JSON of schema when the request asked for one (schema not nil),
// else text, the fake's own answer.
func (s *Server) reply(text string, schema map[string]any) string {
	s.mu.Lock()
	if len(s.answers) > 0 {
		a := s.answers[0]
		s.answers = s.answers[1:]
		s.mu.Unlock()
		return a
	}
	s.mu.Unlock()
	if schema == nil {
		return text
	}
	b, err := json.Marshal(schemaExample(schema, 0))
	if err != nil {
		panic(err) // the example holds only JSON values
	}
	return string(b)
}

// schemaExample returns a value of schema: every property of an object,
// one element of a list, one entry "k0" of a map, the first enum value,
// the first branch of an anyOf that is not null, "text", 1 and true.
func schemaExample(schema map[string]any, depth int) any {
	if depth > 64 {
		return nil
	}
	if branches, ok := schema["anyOf"].([]any); ok {
		for _, b := range branches {
			if m, ok := b.(map[string]any); ok && m["type"] != "null" {
				return schemaExample(m, depth+1)
			}
		}
		return nil
	}
	switch schema["type"] {
	case "object":
		out := map[string]any{}
		if props, ok := schema["properties"].(map[string]any); ok {
			for k, p := range props {
				m, _ := p.(map[string]any)
				out[k] = schemaExample(m, depth+1)
			}
		} else if add, ok := schema["additionalProperties"].(map[string]any); ok {
			out["k0"] = schemaExample(add, depth+1)
		}
		return out
	case "array":
		items, _ := schema["items"].(map[string]any)
		return []any{schemaExample(items, depth+1)}
	case "string":
		if enum, ok := schema["enum"].([]any); ok && len(enum) > 0 {
			return enum[0]
		}
		return "text"
	case "number", "integer":
		return 1
	case "boolean":
		return true
	}
	return nil
}

// parseSchema decodes a schema that must be a JSON object.
func parseSchema(raw json.RawMessage, where string) (map[string]any, string) {
	var schema map[string]any
	if err := json.Unmarshal(raw, &schema); err != nil || schema == nil {
		return nil, where + " must be a JSON Schema object"
	}
	return schema, ""
}

// checkStrict checks the rules of a strict schema, as OpenAI's and
// Anthropic's strict modes enforce them: the root is an object, every
// object lists each of its properties in required and sets
// additionalProperties to false, and no object has open properties (a
// map). It returns "" or what is wrong, with the schema path.
func checkStrict(schema map[string]any) string {
	if schema["type"] != "object" {
		return "schema: the root must be of type object"
	}
	return checkStrictAt(schema, "schema", 0)
}

func checkStrictAt(schema map[string]any, path string, depth int) string {
	if depth > 64 {
		return path + ": nested too deeply"
	}
	if branches, ok := schema["anyOf"].([]any); ok {
		for i, b := range branches {
			m, ok := b.(map[string]any)
			if !ok {
				return fmt.Sprintf("%s.anyOf[%d]: not a schema", path, i)
			}
			if msg := checkStrictAt(m, fmt.Sprintf("%s.anyOf[%d]", path, i), depth+1); msg != "" {
				return msg
			}
		}
		return ""
	}
	switch schema["type"] {
	case "object":
		if schema["additionalProperties"] != false {
			return path + ": additionalProperties must be false in strict mode"
		}
		props, _ := schema["properties"].(map[string]any)
		required, _ := schema["required"].([]any)
		for _, k := range slices.Sorted(maps.Keys(props)) {
			if !slices.Contains(required, any(k)) {
				return fmt.Sprintf("%s: required must list every property; %q is missing", path, k)
			}
			m, ok := props[k].(map[string]any)
			if !ok {
				return fmt.Sprintf("%s.properties.%s: not a schema", path, k)
			}
			if msg := checkStrictAt(m, path+".properties."+k, depth+1); msg != "" {
				return msg
			}
		}
	case "array":
		items, ok := schema["items"].(map[string]any)
		if !ok {
			return path + ": an array needs an items schema"
		}
		return checkStrictAt(items, path+".items", depth+1)
	case "string", "number", "integer", "boolean", "null":
	default:
		return fmt.Sprintf("%s: unsupported type %v", path, schema["type"])
	}
	return ""
}

var schemaName = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// checkResponseFormat checks the response_format of an OpenAI-style chat
// request (OpenAI, vLLM, llama.cpp, Mistral) and returns the schema to
// answer (nil for plain text), or what is wrong.
func checkResponseFormat(raw json.RawMessage) (map[string]any, string) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, ""
	}
	var rf struct {
		Type       string `json:"type"`
		JSONSchema *struct {
			Name   string          `json:"name"`
			Strict *bool           `json:"strict"`
			Schema json.RawMessage `json:"schema"`
		} `json:"json_schema"`
	}
	if err := json.Unmarshal(raw, &rf); err != nil {
		return nil, "response_format: " + err.Error()
	}
	switch rf.Type {
	case "text", "json_object":
		return nil, ""
	case "json_schema":
	default:
		return nil, fmt.Sprintf("response_format.type: invalid value %q; supported: text, json_object, json_schema", rf.Type)
	}
	js := rf.JSONSchema
	if js == nil {
		return nil, "response_format.json_schema: missing required parameter"
	}
	if !schemaName.MatchString(js.Name) {
		return nil, fmt.Sprintf("response_format.json_schema.name: %q must match ^[a-zA-Z0-9_-]{1,64}$", js.Name)
	}
	schema, msg := parseSchema(js.Schema, "response_format.json_schema.schema")
	if msg != "" {
		return nil, msg
	}
	if js.Strict != nil && *js.Strict {
		if msg := checkStrict(schema); msg != "" {
			return nil, "response_format.json_schema: invalid schema for strict mode: " + msg
		}
	}
	return schema, ""
}
