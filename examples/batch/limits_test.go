package main

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/intelligen/intelligen/providers/providertest"
	"github.com/intelligen/intelligen/runtime"
)

// counting is a fake OpenAI server that records when each request
// arrived and how many were in flight at most. Each answer takes hold.
// With retryAfter set, it answers the first request 429 with that
// Retry-After.
type counting struct {
	*providertest.Server
	fake *providertest.Server

	hold       time.Duration
	retryAfter string
	mu         sync.Mutex
	start      time.Time
	arrived    []time.Duration
	inFlight   int
	peak       int
}

const testKey = "sk-batch-test"

func newCounting(t *testing.T, hold time.Duration, retryAfter string) *counting {
	c := &counting{fake: providertest.NewOpenAI(testKey), hold: hold, retryAfter: retryAfter, start: time.Now()}
	next := c.fake.Config.Handler
	c.Server = providertest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.mu.Lock()
		c.arrived = append(c.arrived, time.Since(c.start))
		first := len(c.arrived) == 1
		c.inFlight++
		c.peak = max(c.peak, c.inFlight)
		c.mu.Unlock()
		time.Sleep(c.hold)
		if first && c.retryAfter != "" {
			w.Header().Set("Retry-After", c.retryAfter)
			c.fake.Error(w, http.StatusTooManyRequests, "rate_limit_exceeded", "Rate limit reached")
		} else {
			next.ServeHTTP(w, r)
		}
		c.mu.Lock()
		c.inFlight--
		c.mu.Unlock()
	}), c.fake.Error)
	t.Cleanup(c.Close)
	t.Cleanup(c.fake.Close)
	return c
}

// flow returns the batch flow with its agent pointed at the server.
func (c *counting) flow(t *testing.T) *Flow {
	env := map[string]string{"OPENAI_API_KEY": testKey, "OPENAI_BASE_URL": c.URL + "/v1"}
	f, err := New(runtime.WithLookupEnv(func(name string) (string, bool) { v, ok := env[name]; return v, ok }))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func docs(n int) func(func(Input) bool) {
	return func(yield func(Input) bool) {
		for i := range n {
			if !yield(Input{Text: doc(i)}) {
				return
			}
		}
	}
}

// TestLimitsHoldAcrossBatch runs 60 inputs, 64 in flight, against a
// counting fake: the agent's concurrency (8) and requests_per_minute
// (30,000: one request every 2ms) hold across every Run of the batch.
func TestLimitsHoldAcrossBatch(t *testing.T) {
	c := newCounting(t, 5*time.Millisecond, "")
	f := c.flow(t)
	const n = 60
	got := 0
	start := time.Now()
	for res, err := range f.RunAll(context.Background(), docs(n), runtime.WithMaxInFlight(64)) {
		if err != nil {
			t.Fatalf("input %d: %v", res.Index, err)
		}
		if want := "gpt-4o-mini: Summarise in two sentences: " + doc(res.Index); res.Output.Summary != want {
			t.Errorf("input %d: summary %q, want %q", res.Index, res.Output.Summary, want)
		}
		got++
	}
	elapsed := time.Since(start)
	if got != n {
		t.Fatalf("%d results, want %d", got, n)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.arrived) != 2*n {
		t.Errorf("%d requests, want %d", len(c.arrived), 2*n)
	}
	if c.peak > 8 {
		t.Errorf("%d requests in flight at once, limit 8", c.peak)
	}
	// The limiter lets one request through every 2ms, with no burst:
	// 2n requests take at least (2n-1)·2ms. (Spans between arrivals at
	// the server are no measure: a request that the machine's load
	// delays arrives late and bunches up with the next.)
	const every = time.Minute / 30000
	if least := time.Duration(2*n-1) * every; elapsed < least {
		t.Errorf("%d requests in %v, faster than one every %v", 2*n, elapsed, every)
	}
}

// TestRetryAfterSlowsBatch: the server answers one request 429 with
// Retry-After: 1. No input fails; the whole batch waits, and while it
// does no request reaches the server.
func TestRetryAfterSlowsBatch(t *testing.T) {
	c := newCounting(t, time.Millisecond, "1")
	f := c.flow(t)
	// 600 requests at one every 2ms: without the hold, the batch would
	// send hundreds during the Retry-After.
	const n = 300
	start := time.Now()
	got := 0
	for res, err := range f.RunAll(context.Background(), docs(n)) {
		if err != nil {
			t.Errorf("input %d failed: %v", res.Index, err)
		}
		got++
	}
	if got != n {
		t.Fatalf("%d results, want %d", got, n)
	}
	if d := time.Since(start); d < time.Second {
		t.Errorf("the batch took %v, less than the server's Retry-After", d)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.arrived) != 2*n+1 {
		t.Errorf("%d requests, want %d (one retried)", len(c.arrived), 2*n+1)
	}
	// The 429 is the first request. The requests already under way (up
	// to 7, as concurrency is 8) may arrive just after it; none may
	// arrive well inside the second the server asked for.
	first := c.arrived[0]
	var inside []string
	for _, at := range c.arrived[1:] {
		if d := at - first; d > 300*time.Millisecond && d < 900*time.Millisecond {
			inside = append(inside, fmt.Sprint(d.Round(time.Millisecond)))
		}
	}
	if len(inside) > 0 {
		t.Errorf("requests arrived %v after the 429, during its Retry-After of 1s", inside)
	}
	if !slices.IsSorted(c.arrived) {
		t.Error("arrival times out of order") // the recorder itself is wrong
	}
}
