package runtime

import (
	"fmt"
	"slices"
)

// A KeyError reports an agent whose required API key variable is empty
// when New runs. New's error unwraps to it with [errors.As], so a program
// can fall back to simulation (or ask for the key) without parsing text.
type KeyError struct {
	Agent    string // agent label
	Provider string
	Variable string // the environment variable, e.g. OPENAI_API_KEY
}

func (e *KeyError) Error() string {
	return fmt.Sprintf("agent %q (%s): environment variable %s is not set: set it to your API key, or run in simulation (INTELLIGEN_SIMULATE=1)", e.Agent, e.Provider, e.Variable)
}

// MissingKeys returns the variables of every *KeyError in err (New's
// error), each once, in the order New met them. It returns nil when err
// holds none: New failed for another reason, or did not fail.
func MissingKeys(err error) []string {
	var vars []string
	var walk func(error)
	walk = func(err error) {
		switch e := err.(type) {
		case nil:
		case *KeyError:
			if !slices.Contains(vars, e.Variable) {
				vars = append(vars, e.Variable)
			}
		case interface{ Unwrap() []error }:
			for _, err := range e.Unwrap() {
				walk(err)
			}
		case interface{ Unwrap() error }:
			walk(e.Unwrap())
		}
	}
	walk(err)
	return vars
}
