package runtime

import (
	"fmt"
	"log/slog"
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
