package runtime

import (
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"time"
)

// OnError is what a Run does when a task fails (docs/api.md#run).
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

	// Tasks are the flow's tasks in declaration order, with their edges,
	// for observers that draw the flow (see docs/report.md); nil when the
	// generated code does not list them.
	Tasks []FlowTask
}

// A Flow is the runtime state shared by every Run of one generated Flow:
// options, logger and agent handles (with their limits).
type Flow struct {
	cfg  *FlowConfig
	opts *options
	errs []error
	used map[string]bool // agent names seen by Agent, to check WithAgent's
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
	if v := o.env("INTELLIGEN_SIM_LATENCY"); v != "" && !o.latencySet && o.simulate {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			f.errs = append(f.errs, fmt.Errorf("INTELLIGEN_SIM_LATENCY=%q is not a non-negative duration such as 50ms", v))
			d = 0
		}
		o.latency = d
	}
	if o.latency < 0 {
		f.errs = append(f.errs, fmt.Errorf("simulated latency %v is negative", o.latency))
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
	if cfg.ModelEnv != "" {
		h.model = f.opts.env(cfg.ModelEnv)
	}
	if m, ok := f.opts.models[cfg.Name]; ok {
		h.model = m
	}
	if f.used == nil {
		f.used = make(map[string]bool)
	}
	f.used[cfg.Name] = true
	switch a, ok := f.opts.agents[cfg.Name]; {
	case ok:
		if a == nil {
			f.errs = append(f.errs, fmt.Errorf("agent %q: WithAgent was given a nil Agent", cfg.Name))
			return nil
		}
		h.agent, h.provider = a, "custom"
	case f.opts.simulate:
		h.agent = Simulator{Latency: f.opts.latency}
	default:
		ac := cfg
		if h.model != cfg.Model {
			c := *cfg
			c.Model = h.model
			ac = &c
		}
		cc := ClientConfig{Agent: ac, BaseURL: cfg.BaseURL, HTTPClient: f.opts.httpClient}
		if cfg.APIKeyEnv != "" {
			cc.APIKey = Secret(f.opts.env(cfg.APIKeyEnv))
			if cc.APIKey == "" && cfg.KeyRequired {
				f.errs = append(f.errs, &KeyError{Agent: cfg.Name, Provider: cfg.Provider, Variable: cfg.APIKeyEnv})
				return nil
			}
		}
		if cfg.BaseURLEnv != "" {
			cc.BaseURL = f.opts.env(cfg.BaseURLEnv)
		}
		if u, ok := f.opts.baseURLs[cfg.Name]; ok {
			cc.BaseURL = u
		}
		if newClient == nil {
			f.errs = append(f.errs, fmt.Errorf("agent %q (%s): no client constructor", cfg.Name, cfg.Provider))
			return nil
		}
		a, err := newClient(cc)
		if err == nil && a == nil {
			err = errors.New("client constructor returned no agent")
		}
		if err != nil {
			f.errs = append(f.errs, fmt.Errorf("agent %q (%s): %w", cfg.Name, cfg.Provider, scrub(err, cc.APIKey.Reveal())))
			return nil
		}
		h.agent, h.key = a, cc.APIKey
	}
	return h
}

// Err returns every error of NewFlow and the Agent calls so far, joined, or
// nil. It also reports a [WithAgent] name that no Agent call used.
func (f *Flow) Err() error {
	errs := slices.Clip(f.errs)
	errs = append(errs, unknownNames(f, "WithAgent", f.opts.agents)...)
	errs = append(errs, unknownNames(f, "WithModel", f.opts.models)...)
	errs = append(errs, unknownNames(f, "WithBaseURL", f.opts.baseURLs)...)
	return errors.Join(errs...)
}

// unknownNames returns an error for each name of byName, in order, that no
// Agent call used: option was given an agent the flow does not have.
func unknownNames[V any](f *Flow, option string, byName map[string]V) []error {
	var names []string
	for name := range byName {
		if !f.used[name] {
			names = append(names, name)
		}
	}
	slices.Sort(names) // deterministic message
	errs := make([]error, len(names))
	for i, name := range names {
		errs[i] = fmt.Errorf("%s(%q): the flow has no agent of that name", option, name)
	}
	return errs
}
