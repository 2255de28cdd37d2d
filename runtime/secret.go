package runtime

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"strings"
)

// A Secret is an API key. Every way of printing it prints [REDACTED]:
// fmt verbs (including %#v and %q), slog and JSON. Only [Secret.Reveal]
// returns the key, for the one header that carries it.
type Secret string

const redacted = "[REDACTED]"

// Reveal returns the key.
func (s Secret) Reveal() string { return string(s) }

// String returns "[REDACTED]" for a non-empty key and "" for an empty one.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return redacted
}

// GoString is String.
func (s Secret) GoString() string { return s.String() }

// Format prints String for every verb.
func (s Secret) Format(f fmt.State, verb rune) {
	if verb == 'q' {
		fmt.Fprintf(f, "%q", s.String())
		return
	}
	fmt.Fprint(f, s.String())
}

// LogValue is String.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalText is String.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// minSecretLen is the length from which a key is treated as a secret in
// text: a shorter value (a test's "b", a placeholder) would match ordinary
// words, and is no secret anyway.
const minSecretLen = 8

// Redact returns s with every token that holds the first 8 bytes of key
// replaced by [REDACTED]: the key itself, a key cut short (as when a
// message is cut to its first bytes) and a key partly masked by the
// server alike. A token is a run of bytes without white space, quotes,
// brackets, commas or semicolons, so that no fragment of a key survives
// around the redaction. Keys shorter than 8 bytes are not redacted: they
// would mangle ordinary words and are no secrets.
//
// Provider clients call it on an error body before cutting it; errors
// from every agent call pass through it as a net.
func Redact(s string, key Secret) string { return redact(s, string(key)) }

func redact(s, key string) string {
	// Every redacted token holds the key's first minSecretLen bytes.
	if len(key) < minSecretLen || !strings.Contains(s, key[:minSecretLen]) {
		return s
	}
	var b strings.Builder
	changed := false
	for i := 0; i < len(s); {
		if isTokenSep(s[i]) {
			b.WriteByte(s[i])
			i++
			continue
		}
		j := i
		for j < len(s) && !isTokenSep(s[j]) {
			j++
		}
		tok := s[i:j]
		if strings.Contains(tok, key[:minSecretLen]) {
			b.WriteString(redacted)
			changed = true
		} else {
			b.WriteString(tok)
		}
		i = j
	}
	if !changed {
		return s
	}
	return b.String()
}

func isTokenSep(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '\v', '\f', '"', '\'', '`', ',', ';', '(', ')', '[', ']', '{', '}', '<', '>':
		return true
	}
	return false
}

// scrub returns err with its message redacted ([Redact]), or err itself
// when nothing in its message needs redacting.
// Provider clients should never put a key in an error; this is the net
// under them. The scrubbed error keeps nothing unredacted (not the
// original error, which a reflective dump would print): it still matches
// the usual sentinel errors (context.Canceled, io.ErrUnexpectedEOF and
// the like) with [errors.Is], and [errors.As] finds a redacted copy of its
// [*APIError].
func scrub(err error, key string) error {
	if err == nil {
		return err
	}
	msg := err.Error()
	red := redact(msg, key)
	if red == msg {
		return err
	}
	s := &scrubbedError{msg: red}
	for _, target := range sentinels {
		if errors.Is(err, target) {
			s.is = append(s.is, target)
		}
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		c := *apiErr
		c.Code = redact(c.Code, key)
		c.Message = redact(c.Message, key)
		c.RequestID = redact(c.RequestID, key)
		c.Provider = redact(c.Provider, key)
		if c.ShouldRetry != nil {
			v := *c.ShouldRetry
			c.ShouldRetry = &v
		}
		s.api = &c
	}
	return s
}

// sentinels are the errors a scrubbed error still matches with errors.Is
// when the original did: values that hold no text of their own.
var sentinels = []error{
	context.Canceled, context.DeadlineExceeded, io.EOF, io.ErrUnexpectedEOF,
	os.ErrDeadlineExceeded, net.ErrClosed,
}

type scrubbedError struct {
	msg string
	is  []error   // the sentinels the original matched
	api *APIError // redacted copy, or nil
}

func (e *scrubbedError) Error() string { return e.msg }

// Unwrap returns the redacted APIError, if any.
func (e *scrubbedError) Unwrap() error {
	if e.api == nil {
		return nil
	}
	return e.api
}

// Is reports whether the original error matched target, a sentinel.
func (e *scrubbedError) Is(target error) bool {
	for _, s := range e.is {
		if s == target {
			return true
		}
	}
	return false
}
