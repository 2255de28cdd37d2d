package ollama

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/intelligen/intelligen/providers/providertest"
	"github.com/intelligen/intelligen/runtime"
)

var update = flag.Bool("update", os.Getenv("INTELLIGEN_UPDATE") != "", "rewrite testdata/*.json with the requests sent")

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o666); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(want, got) {
		t.Errorf("%s mismatch:\n--- want\n%s\n--- got\n%s\nrun: go test -update", path, want, got)
	}
}

// goldenJSON compares a JSON request body, indented, with testdata/name.
func goldenJSON(t *testing.T, name string, body []byte) {
	t.Helper()
	var b bytes.Buffer
	if err := json.Indent(&b, body, "", "  "); err != nil {
		t.Fatalf("request body is not JSON: %v: %s", err, body)
	}
	b.WriteByte('\n')
	golden(t, name, b.Bytes())
}

// faultCase is one injected fault and what the client must make of it.
type faultCase struct {
	name    string
	fault   providertest.Fault
	timeout time.Duration // context timeout; 0 = none
	cancel  time.Duration // cancel the context after this; 0 = never
	check   func(t *testing.T, err error)
}

// apiErrorIs checks err is an *runtime.APIError with these fields.
func apiErrorIs(status int, code, msg string, retryAfter time.Duration, temporary bool) func(*testing.T, error) {
	return func(t *testing.T, err error) {
		t.Helper()
		var e *runtime.APIError
		if !errors.As(err, &e) {
			t.Fatalf("err = %v (%T), want *runtime.APIError", err, err)
		}
		if e.Provider != provider || e.StatusCode != status || e.Code != code || e.Message != msg || e.RetryAfter != retryAfter {
			t.Errorf("APIError = {Provider %q Status %d Code %q Message %q RetryAfter %v}, want {%q %d %q %q %v}",
				e.Provider, e.StatusCode, e.Code, e.Message, e.RetryAfter, provider, status, code, msg, retryAfter)
		}
		if got := runtime.Temporary(err); got != temporary {
			t.Errorf("runtime.Temporary = %v, want %v", got, temporary)
		}
	}
}

// commonFaults are the faults every kind is tested against.
func commonFaults() []faultCase {
	return []faultCase{
		{
			name:  "rate limited",
			fault: providertest.Fault{Kind: providertest.Status, Status: 429, RetryAfter: "2"},
			check: apiErrorIs(429, "", "Too Many Requests", 2*time.Second, true),
		},
		{
			name:  "server error",
			fault: providertest.ServerError,
			check: apiErrorIs(500, "", "Internal Server Error", 0, true),
		},
		{
			name:  "unavailable",
			fault: providertest.Unavailable,
			check: apiErrorIs(503, "", "Service Unavailable", 0, true),
		},
		{
			name:  "malformed JSON",
			fault: providertest.BadJSON,
			check: func(t *testing.T, err error) {
				if !strings.HasPrefix(err.Error(), "ollama: malformed response body: ") {
					t.Errorf("err = %q, want it to start with %q", err, "ollama: malformed response body: ")
				}
				if runtime.Temporary(err) {
					t.Error("a malformed body is Temporary, want not")
				}
			},
		},
		{
			name:  "truncated body",
			fault: providertest.CutShort,
			check: func(t *testing.T, err error) {
				if !errors.Is(err, io.ErrUnexpectedEOF) || !strings.HasPrefix(err.Error(), "ollama: ") {
					t.Errorf("err = %q, want a ollama error wrapping io.ErrUnexpectedEOF", err)
				}
				if !runtime.Temporary(err) {
					t.Error("a truncated body is not Temporary, want it retried")
				}
			},
		},
		{
			name:    "slow answer times out",
			fault:   providertest.Fault{Kind: providertest.Slow, Delay: 10 * time.Second},
			timeout: 30 * time.Millisecond,
			check: func(t *testing.T, err error) {
				if !errors.Is(err, context.DeadlineExceeded) {
					t.Errorf("err = %v, want context.DeadlineExceeded", err)
				}
			},
		},
		{
			name:   "cancelled",
			fault:  providertest.Fault{Kind: providertest.Slow, Delay: 10 * time.Second},
			cancel: 20 * time.Millisecond,
			check: func(t *testing.T, err error) {
				if !errors.Is(err, context.Canceled) {
					t.Errorf("err = %v, want context.Canceled", err)
				}
				if runtime.Temporary(err) {
					t.Error("a cancelled call is Temporary, want not")
				}
			},
		},
		{
			name:  "connection reset",
			fault: providertest.Hangup,
			check: func(t *testing.T, err error) {
				if !strings.HasPrefix(err.Error(), "ollama: ") {
					t.Errorf("err = %q, want it to name the provider", err)
				}
				if !runtime.Temporary(err) {
					t.Errorf("a reset connection is not Temporary: %v", err)
				}
			},
		},
	}
}

// runFaults calls call once per fault case, with the fault injected.
func runFaults(t *testing.T, srv *providertest.Server, cases []faultCase, call func(ctx context.Context) (*runtime.Response, error)) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := t.Context()
			if tc.timeout > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tc.timeout)
				defer cancel()
			}
			if tc.cancel > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithCancel(ctx)
				timer := time.AfterFunc(tc.cancel, cancel)
				defer timer.Stop()
			}
			srv.Inject(tc.fault)
			resp, err := call(ctx)
			if err == nil {
				t.Fatalf("got %+v, want an error", resp)
			}
			if strings.Contains(err.Error(), testKey) {
				t.Errorf("error contains the API key: %v", err)
			}
			tc.check(t, err)
		})
	}
}
