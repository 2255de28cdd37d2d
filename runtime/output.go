package runtime

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"slices"
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
	if !json.Valid([]byte(body)) {
		return "", syntaxError(body)
	}
	v := validator{s: body}
	if err := v.value(s.root); err != nil {
		return "", err
	}
	return body, nil
}

// syntaxError says why body, which is not valid JSON, is not.
func syntaxError(body string) error {
	dec := json.NewDecoder(strings.NewReader(body))
	var first json.RawMessage
	err := dec.Decode(&first)
	var se *json.SyntaxError
	switch {
	case err == nil:
		return &OutputError{Reason: "text after the JSON value"}
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return &OutputError{Reason: "not valid JSON: the answer ends early"}
	case errors.As(err, &se):
		return &OutputError{Reason: "not valid JSON: " + se.Error()}
	}
	return &OutputError{Reason: "not valid JSON"}
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

// A validator checks one JSON value, known to be syntactically valid,
// against a schema tree as it scans it. Its recursion follows the schema
// (a value nested deeper than the schema is a type error at the schema's
// depth), so no answer can make it recurse deeper than the schema.
type validator struct {
	s    string // the answer: valid JSON
	i    int    // the next byte to read
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

// next skips white space and returns the next byte, which exists: the
// answer is valid JSON and the validator reads no further than its end.
func (v *validator) next() byte {
	for {
		switch c := v.s[v.i]; c {
		case ' ', '\t', '\n', '\r':
			v.i++
		default:
			return c
		}
	}
}

func (v *validator) value(n *node) error {
	c := v.next()
	switch n.kind {
	case kindString, kindEnum:
		if c != '"' {
			return v.fail("want a string, got " + v.describe(c))
		}
		if n.kind == kindString {
			v.skipStr() // any string will do: no need to unescape it
			break
		}
		if s := v.str(); !slices.Contains(n.enum, s) {
			return v.fail(quoteShort(s) + " is not one of " + quoteAll(n.enum))
		}
	case kindNumber:
		if c != '-' && (c < '0' || c > '9') {
			return v.fail("want a number, got " + v.describe(c))
		}
		start := v.i
		for v.i < len(v.s) && strings.IndexByte("+-.eE0123456789", v.s[v.i]) >= 0 {
			v.i++
		}
		if f, err := strconv.ParseFloat(v.s[start:v.i], 64); err != nil || math.IsInf(f, 0) {
			return v.fail("number out of range")
		}
	case kindBool:
		if c != 't' && c != 'f' {
			return v.fail("want true or false, got " + v.describe(c))
		}
		v.i += len("true")
		if c == 'f' {
			v.i++
		}
	case kindArray:
		if c != '[' {
			return v.fail("want a list, got " + v.describe(c))
		}
		v.i++
		if v.next() == ']' {
			v.i++
			return nil
		}
		v.path = append(v.path, pathStep{})
		for i := 0; ; i++ {
			v.path[len(v.path)-1].index = i
			if err := v.value(n.elem); err != nil {
				return err
			}
			c := v.next()
			v.i++ // ',' or ']'
			if c == ']' {
				break
			}
		}
		v.path = v.path[:len(v.path)-1]
	case kindObject, kindMap:
		if c != '{' {
			return v.fail("want an object, got " + v.describe(c))
		}
		v.i++
		return v.members(n)
	}
	return nil
}

// describe names the kind of the value that starts with c.
func (v *validator) describe(c byte) string {
	switch c {
	case '"':
		return "a string"
	case '[':
		return "a list"
	case '{':
		return "an object"
	case 't':
		return "true"
	case 'f':
		return "false"
	case 'n':
		return "null"
	}
	return "a number"
}

// str reads a string at v.i (its opening quote) and returns its value.
func (v *validator) str() string {
	start := v.i
	if !v.skipStr() {
		return v.s[start+1 : v.i-1]
	}
	var s string
	json.Unmarshal([]byte(v.s[start:v.i]), &s) // valid JSON: cannot fail
	return s
}

// skipStr moves past the string at v.i (its opening quote) and reports
// whether it holds an escape.
func (v *validator) skipStr() (escaped bool) {
	v.i++
	for {
		switch v.s[v.i] {
		case '\\':
			escaped = true
			v.i += 2
		case '"':
			v.i++
			return escaped
		default:
			v.i++
		}
	}
}

// members reads the members of an object or map after its '{'.
func (v *validator) members(n *node) error {
	var seen uint64 // attributes seen, by index; an object has few
	var seenMore []bool
	if len(n.props) > 64 {
		seenMore = make([]bool, len(n.props))
	}
	if v.next() == '}' {
		v.i++
	} else {
		for {
			v.next()
			key := v.str()
			v.next()
			v.i++ // ':'
			v.path = append(v.path, pathStep{key: key})
			if n.kind == kindMap {
				if err := v.value(n.elem); err != nil {
					return err
				}
			} else {
				i := 0
				for i < len(n.props) && n.props[i].name != key {
					i++
				}
				switch {
				case i == len(n.props):
					return v.fail("unknown attribute")
				case i < 64 && seen&(1<<i) != 0, i >= 64 && seenMore[i]:
					return v.fail("attribute given twice")
				case i < 64:
					seen |= 1 << i
				default:
					seenMore[i] = true
				}
				if err := v.attribute(n.props[i]); err != nil {
					return err
				}
			}
			v.path = v.path[:len(v.path)-1]
			c := v.next()
			v.i++ // ',' or '}'
			if c == '}' {
				break
			}
		}
	}
	for i, p := range n.props {
		if p.optional || (i < 64 && seen&(1<<i) != 0) || (i >= 64 && seenMore[i]) {
			continue
		}
		v.path = append(v.path, pathStep{key: p.name})
		return v.fail("required attribute is missing")
	}
	return nil
}

// attribute reads the value of attribute p: null is its absence when p
// is optional.
func (v *validator) attribute(p prop) error {
	if p.optional && v.next() == 'n' {
		v.i += len("null")
		return nil
	}
	return v.value(p.node)
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

// JSON returns the canonical JSON of a typed value
// (docs/language.md#typed-outputs): encoding/json's encoding with HTML
// escaping off and no trailing newline. A value JSON cannot represent (a
// NaN or infinite number) renders as null.
//
// JSON is deterministic: encoding/json sorts map keys and reads no clock
// or randomness, so a Temporal workflow may call it (the directive below
// tells Temporal's workflowcheck, which cannot see that).
//
//workflowcheck:ignore
func JSON(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "null"
	}
	return string(b.Bytes()[:b.Len()-1])
}
