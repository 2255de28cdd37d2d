package runtime

import (
	"log/slog"
	"net/http"
	"os"
	"time"
)

// An Option configures a generated Flow in New.
type Option func(*options)

type options struct {
	simulate   bool
	latency    time.Duration
	latencySet bool
	logger     *slog.Logger
	httpClient *http.Client
	lookupEnv  func(string) (string, bool)
	agents     map[string]Agent
	models     map[string]string // WithModel, by agent label
	baseURLs   map[string]string // WithBaseURL, by agent label
	observer   Observer
}

// WithSimulation makes every agent the deterministic simulator (docs/simulator.md):
// no network, no API key. INTELLIGEN_SIMULATE=1 in the environment does the
// same.
func WithSimulation() Option { return func(o *options) { o.simulate = true } }

// WithSimulatedLatency makes each simulated call sleep d first (honouring
// its context). It overrides INTELLIGEN_SIM_LATENCY. It does not turn
// simulation on by itself.
func WithSimulatedLatency(d time.Duration) Option {
	return func(o *options) { o.latency, o.latencySet = d, true }
}

// WithLogger sets the logger of tasks with log on. The default writes text
// to stderr.
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.logger = l } }

// WithHTTPClient sets the HTTP client of every provider client.
func WithHTTPClient(c *http.Client) Option { return func(o *options) { o.httpClient = c } }

// WithLookupEnv sets how New reads environment variables (API keys, base
// URLs, INTELLIGEN_SIMULATE). The default is os.LookupEnv.
func WithLookupEnv(fn func(string) (string, bool)) Option {
	return func(o *options) { o.lookupEnv = fn }
}

// WithAgent replaces the agent named name (its label in the flow) by a. The
// replacement still gets the agent's timeout, retries, limits and logging,
// and needs no API key.
func WithAgent(name string, a Agent) Option {
	return func(o *options) {
		if o.agents == nil {
			o.agents = make(map[string]Agent)
		}
		o.agents[name] = a
	}
}

// WithModel sets the model of the agent named name (its label in the
// flow), over the flow's model and the variable of its env("…"): staging
// against production without touching the flow file.
func WithModel(name, model string) Option {
	return func(o *options) { o.models = setName(o.models, name, model) }
}

// WithBaseURL sets the base URL of the agent named name (its label in the
// flow), over the flow's base_url and the variable of its env("…"): a
// test against a local fake server, say.
func WithBaseURL(name, url string) Option {
	return func(o *options) { o.baseURLs = setName(o.baseURLs, name, url) }
}

func setName(m map[string]string, name, v string) map[string]string {
	if m == nil {
		m = make(map[string]string)
	}
	m[name] = v
	return m
}

// WithObserver installs o to watch every Run, task and agent call of the
// flow. Without it, observing costs nothing.
func WithObserver(o Observer) Option { return func(o2 *options) { o2.observer = o } }

func newOptions(opts []Option) *options {
	o := &options{lookupEnv: os.LookupEnv}
	for _, opt := range opts {
		if opt != nil {
			opt(o)
		}
	}
	if o.lookupEnv == nil {
		o.lookupEnv = os.LookupEnv
	}
	if o.logger == nil {
		o.logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	if o.httpClient == nil {
		o.httpClient = http.DefaultClient
	}
	return o
}

func (o *options) env(name string) string {
	if v, ok := o.lookupEnv(name); ok {
		return v
	}
	return ""
}
