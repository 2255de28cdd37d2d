package runtime

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
)

// An OutputError is an invalid typed output: an answer that is not one
// JSON value of the task's output type (docs/language.md#decoding). A
// task whose agent keeps answering invalid output fails with an error
// that unwraps to it.
type OutputError struct {
	Path   string // where in the value, such as owner.email or tags[2]; "" for the whole value
	Reason string
}

func (e *OutputError) Error() string { return "invalid output: " + e.describe() }

// describe is the error without its prefix: what the re-asked prompt
// quotes.
func (e *OutputError) describe() string {
	if e.Path == "" {
		return e.Reason
	}
	return e.Path + ": " + e.Reason
}

// Reask returns the prompt of the attempt that follows an invalid answer
// to prompt.
func Reask(prompt string, err *OutputError) string {
	return prompt + "\n\nYour previous answer was invalid: " + err.describe() + ". Answer again with only JSON that matches the schema."
}

// Decode returns the JSON value of an answer to s: text without the white
// space or the one Markdown code fence around it, checked against the
// schema. The result decodes with encoding/json into the output's
// generated Go type. The error is an *[OutputError].
func (s *Schema) Decode(text string) (string, error) {
	body, err := unfence(text)
	if err != nil {
		return "", err
	}
	v := validator{dec: json.NewDecoder(strings.NewReader(body))}
	v.dec.UseNumber()
	if err := v.value(s.root); err != nil {
		return "", err
	}
	if _, err := v.dec.Token(); err != io.EOF {
		return "", &OutputError{Reason: "text after the JSON value"}
	}
	return body, nil
}

// unfence returns text without surrounding white space and, when it is one
// Markdown code fence (```json or ``` on the first line, ``` on the last),
// without the fence.
func unfence(text string) (string, error) {
	t := strings.TrimSpace(text)
	if rest, ok := strings.CutPrefix(t, "```"); ok {
		nl := strings.IndexByte(rest, '\n')
		body, closed := strings.CutSuffix(rest, "```")
		if lang := strings.TrimSpace(rest[:max(nl, 0)]); nl < 0 || !closed || (lang != "" && lang != "json") {
			return "", &OutputError{Reason: "not one JSON value: a code fence that is not one ```json block"}
		}
		t = strings.TrimSpace(body[nl:])
	}
	if t == "" {
		return "", &OutputError{Reason: "the answer is empty"}
	}
	return t, nil
}

// A validator checks one JSON value against a schema tree as it reads its
// tokens. Its recursion follows the schema (a value nested deeper than the
// schema is a type error at the schema's depth), so no answer can make it
// recurse more than the schema's depth.
type validator struct {
	dec  *json.Decoder
	path []pathStep
}

// A pathStep is an attribute name or, when key is "", a list index.
type pathStep struct {
	key   string
	index int
}

func (v *validator) fail(reason string) error {
	var b strings.Builder
	for _, s := range v.path {
		if s.key == "" {
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(s.index))
			b.WriteByte(']')
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(s.key)
	}
	return &OutputError{Path: b.String(), Reason: reason}
}

// token reads the next token; a syntax error is about the whole answer.
func (v *validator) token() (json.Token, error) {
	tok, err := v.dec.Token()
	if err == nil {
		return tok, nil
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, &OutputError{Reason: "not valid JSON: the answer ends early"}
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return nil, &OutputError{Reason: "not valid JSON: " + se.Error()}
	}
	return nil, &OutputError{Reason: "not valid JSON"}
}

func (v *validator) value(n *node) error {
	tok, err := v.token()
	if err != nil {
		return err
	}
	return v.check(n, tok)
}

// check checks the value that begins with tok against n.
func (v *validator) check(n *node, tok json.Token) error {
	switch n.kind {
	case kindString, kindEnum:
		s, ok := tok.(string)
		if !ok {
			return v.fail("want a string, got " + describeToken(tok))
		}
		if n.kind == kindEnum && !contains(n.enum, s) {
			return v.fail(quoteShort(s) + " is not one of " + quoteAll(n.enum))
		}
	case kindNumber:
		num, ok := tok.(json.Number)
		if !ok {
			return v.fail("want a number, got " + describeToken(tok))
		}
		if f, err := strconv.ParseFloat(string(num), 64); err != nil || math.IsInf(f, 0) {
			return v.fail("number out of range")
		}
	case kindBool:
		if _, ok := tok.(bool); !ok {
			return v.fail("want true or false, got " + describeToken(tok))
		}
	case kindArray:
		if tok != json.Delim('[') {
			return v.fail("want a list, got " + describeToken(tok))
		}
		v.path = append(v.path, pathStep{})
		for i := 0; v.dec.More(); i++ {
			v.path[len(v.path)-1].index = i
			if err := v.value(n.elem); err != nil {
				return err
			}
		}
		v.path = v.path[:len(v.path)-1]
		_, err := v.token()
		return err
	case kindObject, kindMap:
		if tok != json.Delim('{') {
			return v.fail("want an object, got " + describeToken(tok))
		}
		return v.members(n)
	}
	return nil
}

// members reads the members of an object or map after its '{'.
func (v *validator) members(n *node) error {
	var seen []bool
	if n.kind == kindObject {
		seen = make([]bool, len(n.props))
	}
	for v.dec.More() {
		tok, err := v.token()
		if err != nil {
			return err
		}
		key := tok.(string) // the decoder only returns strings as keys
		v.path = append(v.path, pathStep{key: key})
		if n.kind == kindMap {
			err = v.value(n.elem)
		} else {
			err = v.attribute(n, key, seen)
		}
		if err != nil {
			return err
		}
		v.path = v.path[:len(v.path)-1]
	}
	if _, err := v.token(); err != nil {
		return err
	}
	for i, p := range n.props {
		if !seen[i] && !p.optional {
			v.path = append(v.path, pathStep{key: p.name})
			return v.fail("required attribute is missing")
		}
	}
	return nil
}

func (v *validator) attribute(n *node, key string, seen []bool) error {
	i := 0
	for i < len(n.props) && n.props[i].name != key {
		i++
	}
	if i == len(n.props) {
		return v.fail("unknown attribute")
	}
	if seen[i] {
		return v.fail("attribute given twice")
	}
	seen[i] = true
	tok, err := v.token()
	if err != nil {
		return err
	}
	if tok == nil && n.props[i].optional {
		return nil
	}
	return v.check(n.props[i].node, tok)
}

func describeToken(tok json.Token) string {
	switch tok := tok.(type) {
	case json.Delim:
		if tok == '[' {
			return "a list"
		}
		return "an object"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return strconv.FormatBool(tok)
	}
	return "null"
}

// quoteShort quotes s, cut to 40 bytes: a reason that is quoted back to
// the model must stay short whatever the answer held.
func quoteShort(s string) string {
	if len(s) > 40 {
		s = strings.ToValidUTF8(s[:40], "") + "…"
	}
	return strconv.Quote(s)
}

func quoteAll(vs []string) string {
	q := make([]string, len(vs))
	for i, s := range vs {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}

func contains(vs []string, s string) bool {
	for _, x := range vs {
		if x == s {
			return true
		}
	}
	return false
}

// JSON returns the canonical JSON of a typed value
// (docs/language.md#typed-outputs): encoding/json's encoding with HTML
// escaping off and no trailing newline. A value JSON cannot represent (a
// NaN or infinite number) renders as null.
func JSON(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "null"
	}
	return string(b.Bytes()[:b.Len()-1])
}
