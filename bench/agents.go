package bench

import (
	"context"
	"time"

	"github.com/intelligen/intelligen/runtime"
)

// NoOp is the agent of the timed runs: it does no work and allocates
// nothing, returning one shared empty response. What remains to measure is
// the implementation's own cost: scheduling, channels, prompt composition.
var NoOp runtime.Agent = runtime.AgentFunc(func(context.Context, *runtime.Request) (*runtime.Response, error) {
	return &noopResp, nil
})

var noopResp runtime.Response

// Sim is the simulator (docs/simulator.md) with zero latency, as WithSimulation
// installs it.
var Sim runtime.Agent = runtime.Simulator{}

// Sleeper sleeps each task's latency (honouring ctx), then answers as the
// simulator does. Latencies are per task, unlike WithSimulatedLatency.
type Sleeper map[string]time.Duration

// Call implements runtime.Agent.
func (s Sleeper) Call(ctx context.Context, req *runtime.Request) (*runtime.Response, error) {
	t := time.NewTimer(s[req.Task])
	defer t.Stop()
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-t.C:
	}
	resp := runtime.Simulate(req)
	return &resp, nil
}

// Sleeper returns the per-task latency agent of d.
func (d *DAG) Sleeper() Sleeper {
	s := Sleeper{}
	for _, nd := range d.Nodes {
		s[nd.Name] = nd.Latency
	}
	return s
}
