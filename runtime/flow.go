package runtime

import (
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"
)

// OnError is what a Run does when a task fails (SPEC §4).
type OnError string

const (
	// Cancel cancels the Run at the first failure; Run returns that error.
	Cancel OnError = "cancel"
	// Continue skips the failed task's descendants, lets independent
	// tasks finish, and returns every failure joined.
	Continue OnError = "continue"
)

// FlowConfig is a flow as declared. Generated code declares one.
type FlowConfig struct {
	Name        string
	MaxParallel int // agent calls in flight per Run; 0 = unlimited
	OnError     OnError
}

// A Flow is the runtime state shared by every Run of one generated Flow:
// options, logger and agent handles (with their limits).
type Flow struct {
	cfg  *FlowConfig
	opts *options
	errs []error
}

// NewFlow applies opts for the flow cfg. Generated New calls it first, then
// [Flow.Agent] once per agent, then [Flow.Err].
func NewFlow(cfg *FlowConfig, opts ...Option) *Flow {
	o := newOptions(opts)
	f := &Flow{cfg: cfg, opts: o}
	if v := o.env("INTELLIGEN_SIMULATE"); v != "" {
		// "1", "true", "yes": anything but an explicit false turns it on.
		if on, err := strconv.ParseBool(v); err != nil || on {
			o.simulate = true
		}
	}
	if v := o.env("INTELLIGEN_SIM_LATENCY"); v != "" && !o.latencySet {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			f.errs = append(f.errs, fmt.Errorf("INTELLIGEN_SIM_LATENCY=%q is not a duration such as 50ms", v))
		}
		o.latency = d
	}
	return f
}

// Logger returns the flow's logger.
func (f *Flow) Logger() *slog.Logger { return f.opts.logger }

// Simulated reports whether simulation is on.
func (f *Flow) Simulated() bool { return f.opts.simulate }

// Agent builds the handle of the agent cfg: the agent given with WithAgent
// if any, else the simulator when simulation is on, else the provider
// client newClient builds from the API key and base URL read from the
// environment. Errors are kept for [Flow.Err]; the handle is then nil.
func (f *Flow) Agent(cfg *AgentConfig, newClient NewClientFunc) *Handle {
	h := newHandle(f, cfg)
	switch a, ok := f.opts.agents[cfg.Name]; {
	case ok:
		h.agent, h.provider = a, "custom"
	case f.opts.simulate:
		h.agent = Simulator{Latency: f.opts.latency}
	default:
		cc := ClientConfig{Agent: cfg, BaseURL: cfg.BaseURL, HTTPClient: f.opts.httpClient}
		if cfg.APIKeyEnv != "" {
			cc.APIKey = Secret(f.opts.env(cfg.APIKeyEnv))
			if cc.APIKey == "" && cfg.KeyRequired {
				f.errs = append(f.errs, fmt.Errorf("agent %q (%s): environment variable %s is not set: set it to your API key, or run in simulation (INTELLIGEN_SIMULATE=1)", cfg.Name, cfg.Provider, cfg.APIKeyEnv))
				return nil
			}
		}
		if cfg.BaseURLEnv != "" {
			cc.BaseURL = f.opts.env(cfg.BaseURLEnv)
		}
		a, err := newClient(cc)
		if err != nil {
			f.errs = append(f.errs, fmt.Errorf("agent %q (%s): %w", cfg.Name, cfg.Provider, err))
			return nil
		}
		h.agent = a
	}
	return h
}

// Err returns every error of the Agent calls so far, joined, or nil.
func (f *Flow) Err() error { return errors.Join(f.errs...) }
