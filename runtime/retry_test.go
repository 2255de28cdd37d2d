package runtime_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/intelligen/intelligen/runtime"
)

func TestRetryHint(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// In a synctest bubble the clock starts at 2000-01-01 00:00:00 UTC.
		for _, tc := range []struct {
			name    string
			headers map[string]string
			after   time.Duration
			should  string // "nil", "true", "false"
		}{
			{"none", nil, 0, "nil"},
			{"seconds", map[string]string{"Retry-After": "7"}, 7 * time.Second, "nil"},
			{"fractional seconds", map[string]string{"Retry-After": "1.5"}, 1500 * time.Millisecond, "nil"},
			{"http date", map[string]string{"Retry-After": "Sat, 01 Jan 2000 00:00:30 GMT"}, 30 * time.Second, "nil"},
			{"http date past", map[string]string{"Retry-After": "Fri, 31 Dec 1999 23:59:00 GMT"}, 0, "nil"},
			{"negative", map[string]string{"Retry-After": "-3"}, 0, "nil"},
			{"garbage", map[string]string{"Retry-After": "soon"}, 0, "nil"},
			{"ms", map[string]string{"retry-after-ms": "250"}, 250 * time.Millisecond, "nil"},
			{"ms wins", map[string]string{"Retry-After-Ms": "1200.5", "Retry-After": "9"}, 1200*time.Millisecond + 500*time.Microsecond, "nil"},
			{"bad ms falls back", map[string]string{"Retry-After-Ms": "x", "Retry-After": "2"}, 2 * time.Second, "nil"},
			{"should retry true", map[string]string{"x-should-retry": "true"}, 0, "true"},
			{"should retry false", map[string]string{"X-Should-Retry": "false", "Retry-After": "1"}, time.Second, "false"},
			{"should retry junk", map[string]string{"X-Should-Retry": "maybe"}, 0, "nil"},
			{"huge", map[string]string{"Retry-After": "1e300"}, time.Duration(1<<63 - 1), "nil"},
		} {
			h := http.Header{}
			for k, v := range tc.headers {
				h.Set(k, v)
			}
			after, should := runtime.RetryHint(h)
			s := "nil"
			if should != nil {
				s = fmt.Sprint(*should)
			}
			if after != tc.after || s != tc.should {
				t.Errorf("%s: RetryHint = %v, %s; want %v, %s", tc.name, after, s, tc.after, tc.should)
			}
		}
	})
}

func TestTemporary(t *testing.T) {
	yes, no := true, false
	var syntaxErr error = &json.SyntaxError{Offset: 3}
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{&runtime.APIError{StatusCode: 408}, true},
		{&runtime.APIError{StatusCode: 409}, true},
		{&runtime.APIError{StatusCode: 429}, true},
		{&runtime.APIError{StatusCode: 500}, true},
		{&runtime.APIError{StatusCode: 503}, true},
		{&runtime.APIError{StatusCode: 529}, true},
		{&runtime.APIError{StatusCode: 400}, false},
		{&runtime.APIError{StatusCode: 401}, false},
		{&runtime.APIError{StatusCode: 404}, false},
		{&runtime.APIError{StatusCode: 422}, false},
		{&runtime.APIError{StatusCode: 400, ShouldRetry: &yes}, true},
		{&runtime.APIError{StatusCode: 503, ShouldRetry: &no}, false},
		{fmt.Errorf("read body: %w", io.ErrUnexpectedEOF), true},
		{&net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}, true},
		{fmt.Errorf("decode: %w", syntaxErr), false},
		{context.Canceled, false},
		{fmt.Errorf("post: %w", context.Canceled), false},
		{errors.New("boom"), false},
		{nil, false},
	} {
		if got := runtime.Temporary(tc.err); got != tc.want {
			t.Errorf("Temporary(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}

// one is the generated code of a flow with a single text task "ask" on
// agent cfg, replaced by a: it returns the Run's output and error.
func one(t *testing.T, cfg *runtime.AgentConfig, task *runtime.Task, a runtime.Agent, opts ...runtime.Option) (string, error) {
	t.Helper()
	rt := runtime.NewFlow(&runtime.FlowConfig{Name: "one"}, append([]runtime.Option{runtime.WithAgent(cfg.Name, a), runtime.WithLookupEnv(noEnv)}, opts...)...)
	h := rt.Agent(cfg, noNetwork)
	if err := rt.Err(); err != nil {
		t.Fatalf("New: %v", err)
	}
	run := rt.Start(context.Background())
	var out string
	run.Go(func() {
		v, ok := run.Text(task, h, "question")
		if !ok {
			return
		}
		out = v
	})
	err := run.Wait()
	return out, err
}

// failing returns an agent that fails the first n calls with errs[i] (the
// last one repeated) and then answers, recording the time of every call.
type failing struct {
	mu    sync.Mutex
	times []time.Time
	errs  []error
	n     int
}

func (f *failing) Call(ctx context.Context, req *runtime.Request) (*runtime.Response, error) {
	f.mu.Lock()
	i := len(f.times)
	f.times = append(f.times, time.Now())
	f.mu.Unlock()
	if i < f.n {
		return nil, f.errs[min(i, len(f.errs)-1)]
	}
	return &runtime.Response{Text: "fine"}, nil
}

func (f *failing) gaps() []time.Duration {
	var d []time.Duration
	for i := 1; i < len(f.times); i++ {
		d = append(d, f.times[i].Sub(f.times[i-1]))
	}
	return d
}

func agentWith(r runtime.Retry) *runtime.AgentConfig {
	return &runtime.AgentConfig{Name: "asker", Provider: "openai", Kind: runtime.KindText, Retry: r}
}

func TestBackoffGrowsAndCaps(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cfg := agentWith(runtime.Retry{Attempts: 6, Backoff: time.Second, MaxBackoff: 5 * time.Second})
		apiErr := &runtime.APIError{Provider: "openai", StatusCode: 503, Code: "server_error", Message: "try later"}
		a := &failing{errs: []error{apiErr}, n: 100}
		_, err := one(t, cfg, &runtime.Task{Name: "ask", Agent: cfg, Timeout: time.Minute}, a)
		const want = `task "ask" (agent "asker", custom): giving up after 6 attempts: openai: HTTP 503 server_error: try later`
		if err == nil || err.Error() != want {
			t.Fatalf("Run error = %v, want %s", err, want)
		}
		var got *runtime.APIError
		if !errors.As(err, &got) || got != apiErr {
			t.Errorf("errors.As(*APIError) = %v, want the agent's error", got)
		}
		gaps := a.gaps()
		if len(gaps) != 5 {
			t.Fatalf("%d calls, want 6", len(a.times))
		}
		// backoff·2^(n-1) capped at 5s, jittered down by at most 25%.
		for i, hi := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 5 * time.Second, 5 * time.Second} {
			if lo := hi * 3 / 4; gaps[i] < lo || gaps[i] > hi {
				t.Errorf("wait %d = %v, want in [%v, %v]", i+1, gaps[i], lo, hi)
			}
		}
	})
}

func TestRetryAfterWins(t *testing.T) {
	for _, tc := range []struct {
		name   string
		header http.Header
		want   time.Duration
	}{
		{"Retry-After over max_backoff", http.Header{"Retry-After": {"7"}}, 7 * time.Second},
		{"retry-after-ms", http.Header{"Retry-After-Ms": {"1500"}}, 1500 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				cfg := agentWith(runtime.Retry{Attempts: 3, Backoff: time.Second, MaxBackoff: 2 * time.Second})
				// The way a provider client builds its error.
				after, should := runtime.RetryHint(tc.header)
				apiErr := &runtime.APIError{Provider: "openai", StatusCode: 429, RetryAfter: after, ShouldRetry: should}
				a := &failing{errs: []error{apiErr}, n: 2}
				out, err := one(t, cfg, &runtime.Task{Name: "ask", Agent: cfg}, a)
				if err != nil || out != "fine" {
					t.Fatalf("Run = %q, %v; want fine, nil", out, err)
				}
				if g := a.gaps(); len(g) != 2 || g[0] != tc.want || g[1] != tc.want {
					t.Errorf("waits = %v, want [%v %v]", g, tc.want, tc.want)
				}
			})
		})
	}
}

func TestRetryAfterTooLong(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cfg := agentWith(runtime.Retry{Attempts: 3})
		after, _ := runtime.RetryHint(http.Header{"Retry-After": {"86400"}})
		a := &failing{errs: []error{&runtime.APIError{Provider: "openai", StatusCode: 429, Code: "insufficient_quota", RetryAfter: after}}, n: 100}
		start := time.Now()
		_, err := one(t, cfg, &runtime.Task{Name: "ask", Agent: cfg}, a)
		const want = `task "ask" (agent "asker", custom): server asked to retry after 24h0m0s, more than 10m0s: openai: HTTP 429 insufficient_quota`
		if err == nil || err.Error() != want || len(a.times) != 1 || time.Since(start) != 0 {
			t.Errorf("Run = %v after %d calls and %v; want %s after 1 call at once", err, len(a.times), time.Since(start), want)
		}
	})
}

func TestRetryDecisions(t *testing.T) {
	yes, no := true, false
	for _, tc := range []struct {
		name  string
		err   error
		calls int // with attempts = 3 and every call failing
	}{
		{"408", &runtime.APIError{StatusCode: 408}, 3},
		{"409", &runtime.APIError{StatusCode: 409}, 3},
		{"429", &runtime.APIError{StatusCode: 429}, 3},
		{"500", &runtime.APIError{StatusCode: 500}, 3},
		{"529", &runtime.APIError{StatusCode: 529}, 3},
		{"network", &net.OpError{Op: "read", Net: "tcp", Err: errors.New("connection reset by peer")}, 3},
		{"truncated body", fmt.Errorf("decode response: %w", io.ErrUnexpectedEOF), 3},
		{"400", &runtime.APIError{StatusCode: 400}, 1},
		{"401", &runtime.APIError{StatusCode: 401}, 1},
		{"malformed body", fmt.Errorf("decode response: %w", &json.SyntaxError{Offset: 1}), 1},
		{"x-should-retry false", &runtime.APIError{StatusCode: 503, ShouldRetry: &no}, 1},
		{"x-should-retry true", &runtime.APIError{StatusCode: 400, ShouldRetry: &yes}, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				cfg := agentWith(runtime.Retry{Attempts: 3, Backoff: time.Second, MaxBackoff: 30 * time.Second})
				a := &failing{errs: []error{tc.err}, n: 100}
				_, err := one(t, cfg, &runtime.Task{Name: "ask", Agent: cfg}, a)
				if len(a.times) != tc.calls {
					t.Errorf("%d calls, want %d", len(a.times), tc.calls)
				}
				if !errors.Is(err, tc.err) {
					t.Errorf("Run error %v does not wrap %v", err, tc.err)
				}
			})
		})
	}
}

func TestDefaultsWhenZero(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cfg := agentWith(runtime.Retry{}) // defaults: 3 attempts, 1s backoff
		a := &failing{errs: []error{&runtime.APIError{StatusCode: 500}}, n: 100}
		_, _ = one(t, cfg, &runtime.Task{Name: "ask", Agent: cfg}, a)
		g := a.gaps()
		if len(g) != 2 || g[0] < 750*time.Millisecond || g[0] > time.Second || g[1] < 1500*time.Millisecond || g[1] > 2*time.Second {
			t.Errorf("waits = %v, want 2 waits of about 1s and 2s", g)
		}
	})
}

func TestTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cfg := agentWith(runtime.Retry{Attempts: 2, Backoff: time.Second, MaxBackoff: time.Second})
		a := &recorder{block: true}
		start := time.Now()
		_, err := one(t, cfg, &runtime.Task{Name: "ask", Agent: cfg, Timeout: 2 * time.Second}, a)
		elapsed := time.Since(start)
		const want = `task "ask" (agent "asker", custom): giving up after 2 attempts: call timed out after 2s`
		if err == nil || err.Error() != want {
			t.Fatalf("Run error = %v, want %s", err, want)
		}
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("errors.Is(err, context.DeadlineExceeded) = false")
		}
		// Two 2s tries and one jittered 1s wait between them.
		if elapsed < 4750*time.Millisecond || elapsed > 5*time.Second {
			t.Errorf("Run took %v, want in [4.75s, 5s]", elapsed)
		}
		if n := len(a.Calls()); n != 2 {
			t.Errorf("%d calls, want 2", n)
		}
	})
}

func TestDefaultTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cfg := agentWith(runtime.Retry{Attempts: 1})
		start := time.Now()
		_, err := one(t, cfg, &runtime.Task{Name: "ask", Agent: cfg}, &recorder{block: true})
		if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) != runtime.DefaultTimeout {
			t.Errorf("Run = %v after %v, want a timeout after %v", err, time.Since(start), runtime.DefaultTimeout)
		}
	})
}
