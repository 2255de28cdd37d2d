package runtime

import (
	"errors"
	"fmt"
	"log/slog"
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

// scrub returns err with every occurrence of key in its message replaced
// by [REDACTED], or err itself when it is nil, key is empty or its message
// does not contain key.
// Provider clients should never put a key in an error; this is the net
// under them. The scrubbed error still matches sentinel errors with
// [errors.Is], and [errors.As] finds a scrubbed copy of its [*APIError].
func scrub(err error, key string) error {
	if err == nil || key == "" || !strings.Contains(err.Error(), key) {
		return err
	}
	s := &scrubbedError{msg: scrubString(err.Error(), key), orig: err}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		c := *apiErr
		c.Code = scrubString(c.Code, key)
		c.Message = scrubString(c.Message, key)
		c.RequestID = scrubString(c.RequestID, key)
		c.Provider = scrubString(c.Provider, key)
		s.api = &c
	}
	return s
}

func scrubString(s, key string) string {
	if key == "" {
		return s
	}
	return strings.ReplaceAll(s, key, redacted)
}

type scrubbedError struct {
	msg  string
	orig error     // for errors.Is with sentinels only; never unwrapped
	api  *APIError // scrubbed copy, or nil
}

func (e *scrubbedError) Error() string { return e.msg }

// Unwrap returns the scrubbed APIError, if any; not the original error,
// whose text holds the key.
func (e *scrubbedError) Unwrap() error {
	if e.api == nil {
		return nil
	}
	return e.api
}

// Is reports whether the original error matches target, so that
// errors.Is(err, context.Canceled) and the like keep working.
func (e *scrubbedError) Is(target error) bool { return errors.Is(e.orig, target) }
