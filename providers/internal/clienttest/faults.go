package clienttest

import (
	"cmp"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/intelligen/intelligen/providers/providertest"
	"github.com/intelligen/intelligen/runtime"
)

// A Fault is one injected fault and what the client must make of it.
type Fault struct {
	Name    string
	Fault   providertest.Fault
	Timeout time.Duration // context timeout; 0 = none
	Cancel  time.Duration // cancel the context after this; 0 = never
	Check   func(t testing.TB, err error)
}

// A Provider is what [CommonFaults] needs to know of the client under test
// and its fake.
type Provider struct {
	Name string // the provider name, which starts every error ("name: ")
	// The APIError codes the fake answers a 429, a 500 and a 503 with.
	RateLimited, ServerError, Unavailable string
	// RequestID is the request id the fake sends with a fault ("" = none).
	RequestID string
	// Malformed is the whole error of a malformed body; when empty, it is
	// "name: malformed response body: unexpected end of JSON input".
	Malformed string
}

// WantAPIError returns a Fault check asserting want with [AssertAPIError].
func WantAPIError(want APIError) func(testing.TB, error) {
	return func(t testing.TB, err error) {
		t.Helper()
		AssertAPIError(t, err, want)
	}
}

// CommonFaults are the faults every kind of a client is tested against: a
// 429 with Retry-After 2, a 500 and a 503 (temporary APIErrors), a
// malformed body (not temporary), a truncated one (temporary), a slow
// answer timed out and cancelled (not temporary), and a reset connection
// (temporary). Every error names the provider.
func CommonFaults(p Provider) []Fault {
	prefix := p.Name + ": "
	malformed := cmp.Or(p.Malformed, prefix+"malformed response body: unexpected end of JSON input")
	status := func(status int, code string, retryAfter time.Duration) func(testing.TB, error) {
		return WantAPIError(APIError{
			Provider: p.Name, Status: status, Code: code, Message: http.StatusText(status),
			RequestID: p.RequestID, RetryAfter: retryAfter, Temporary: true,
		})
	}
	return []Fault{
		{
			Name:  "rate limited",
			Fault: providertest.Fault{Kind: providertest.Status, Status: 429, RetryAfter: "2"},
			Check: status(429, p.RateLimited, 2*time.Second),
		},
		{Name: "server error", Fault: providertest.ServerError, Check: status(500, p.ServerError, 0)},
		{Name: "unavailable", Fault: providertest.Unavailable, Check: status(503, p.Unavailable, 0)},
		{
			Name:  "malformed JSON",
			Fault: providertest.BadJSON,
			Check: func(t testing.TB, err error) {
				if err.Error() != malformed {
					t.Errorf("err = %q, want %q", err, malformed)
				}
				if runtime.Temporary(err) {
					t.Error("a malformed body is Temporary, want not")
				}
			},
		},
		{
			Name:  "truncated body",
			Fault: providertest.CutShort,
			Check: func(t testing.TB, err error) {
				if !errors.Is(err, io.ErrUnexpectedEOF) || !strings.HasPrefix(err.Error(), prefix+"read response: ") {
					t.Errorf("err = %q, want %sread response: ... wrapping io.ErrUnexpectedEOF", err, prefix)
				}
				if !runtime.Temporary(err) {
					t.Error("a truncated body is not Temporary, want it retried")
				}
			},
		},
		{
			Name:    "slow answer times out",
			Fault:   providertest.Fault{Kind: providertest.Slow, Delay: 10 * time.Second},
			Timeout: 30 * time.Millisecond,
			Check: func(t testing.TB, err error) {
				if !errors.Is(err, context.DeadlineExceeded) || !strings.HasPrefix(err.Error(), prefix) {
					t.Errorf("err = %v, want %s... context.DeadlineExceeded", err, prefix)
				}
			},
		},
		{
			Name:   "cancelled",
			Fault:  providertest.Fault{Kind: providertest.Slow, Delay: 10 * time.Second},
			Cancel: 20 * time.Millisecond,
			Check: func(t testing.TB, err error) {
				if !errors.Is(err, context.Canceled) {
					t.Errorf("err = %v, want context.Canceled", err)
				}
				if runtime.Temporary(err) {
					t.Error("a cancelled call is Temporary, want not")
				}
			},
		},
		{
			Name:  "connection reset",
			Fault: providertest.Hangup,
			Check: func(t testing.TB, err error) {
				if !strings.HasPrefix(err.Error(), prefix+"Post ") || !errors.Is(err, io.EOF) {
					t.Errorf("err = %v, want %sPost ...: EOF", err, prefix)
				}
				if !runtime.Temporary(err) {
					t.Errorf("a reset connection is not Temporary: %v", err)
				}
			},
		},
	}
}

// RunFaults runs one subtest per fault. Each calls call, which injects
// the fault into its fake and makes one request with ctx (which carries
// the fault's timeout or cancellation), and checks that the call fails
// within 5s (a slow fault lasts 10s), that its error shows none of keys,
// and that the fault's Check holds.
func RunFaults(t *testing.T, faults []Fault, keys []string, call func(t *testing.T, ctx context.Context, f providertest.Fault) (*runtime.Response, error)) {
	t.Helper()
	for _, f := range faults {
		t.Run(f.Name, func(t *testing.T) {
			ctx := t.Context()
			if f.Timeout > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, f.Timeout)
				defer cancel()
			}
			if f.Cancel > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithCancel(ctx)
				timer := time.AfterFunc(f.Cancel, cancel)
				defer timer.Stop()
			}
			start := time.Now()
			resp, err := call(t, ctx, f.Fault)
			if err == nil {
				t.Fatalf("got %+v, want an error", resp)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("the call took %v", d)
			}
			NoKey(t, err, keys...)
			f.Check(t, err)
		})
	}
}

// A RetryRun is one task run through the runtime against a fake whose
// first answer is a fault the runtime must retry.
type RetryRun struct {
	Server *providertest.Server
	Fault  providertest.Fault // injected before the run
	Env    map[string]string  // the flow's environment, for APIKeyEnv
	New    runtime.NewClientFunc
	Task   runtime.Task // Task.Agent is the agent built with New
	Prompt string
}

// RetryThroughRuntime runs rr's task with call (a method of *runtime.Run
// such as (*runtime.Run).Text), asserting that the flow and the run report
// no error and that the fake saw exactly two requests: the fault, then
// the retry. It returns call's results and the requests.
func RetryThroughRuntime[T any](t *testing.T, rr RetryRun, call func(*runtime.Run, *runtime.Task, *runtime.Handle, string) (T, bool)) (T, bool, []providertest.Request) {
	t.Helper()
	rr.Server.Inject(rr.Fault)
	rt := runtime.NewFlow(&runtime.FlowConfig{Name: "t"}, runtime.WithLookupEnv(func(name string) (string, bool) {
		v, ok := rr.Env[name]
		return v, ok
	}))
	h := rt.Agent(rr.Task.Agent, rr.New)
	if err := rt.Err(); err != nil {
		t.Fatal(err)
	}
	r := rt.Start(t.Context())
	var (
		v  T
		ok bool
	)
	r.Go(func() { v, ok = call(r, &rr.Task, h, rr.Prompt) })
	if err := r.Wait(); err != nil {
		t.Fatalf("Wait: %v", err)
	}
	reqs := rr.Server.Requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2 (the fault, then success)", len(reqs))
	}
	return v, ok, reqs
}
