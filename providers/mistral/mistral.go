package mistral

import (
	"errors"

	"github.com/intelligen/intelligen/runtime"
)

// New builds a client for the agent in cfg.
func New(cfg runtime.ClientConfig) (runtime.Agent, error) {
	return nil, errors.New("mistral: client not implemented yet")
}
