package runtime

import "fmt"

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
