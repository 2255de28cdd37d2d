package clienttest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	goruntime "runtime"
	"strings"
	"testing"
	"time"

	"github.com/intelligen/intelligen/providers/providertest"
	"github.com/intelligen/intelligen/runtime"
)

// fakeT records failures instead of failing the test; Fatal ends the
// goroutine [check] runs the assertion in.
type fakeT struct {
	testing.TB
	log strings.Builder
}

func (f *fakeT) Helper() {}

func (f *fakeT) Error(args ...any) { fmt.Fprintln(&f.log, args...) }

func (f *fakeT) Errorf(format string, args ...any) { fmt.Fprintf(&f.log, format+"\n", args...) }

func (f *fakeT) Fatal(args ...any) {
	f.Error(args...)
	goruntime.Goexit()
}

func (f *fakeT) Fatalf(format string, args ...any) {
	f.Errorf(format, args...)
	goruntime.Goexit()
}

// check runs assert against a fakeT and reports whether it failed, and
// its messages.
func check(t *testing.T, assert func(tb testing.TB)) (failed bool, log string) {
	t.Helper()
	f := &fakeT{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		assert(f)
	}()
	<-done
	return f.log.Len() > 0, f.log.String()
}

// wantFail asserts that assert fails, with a message containing substr.
func wantFail(t *testing.T, substr string, assert func(tb testing.TB)) {
	t.Helper()
	failed, log := check(t, assert)
	if !failed || !strings.Contains(log, substr) {
		t.Errorf("failed = %v, log %q; want a failure containing %q", failed, log, substr)
	}
}

// wantPass asserts that assert passes.
func wantPass(t *testing.T, assert func(tb testing.TB)) {
	t.Helper()
	if failed, log := check(t, assert); failed {
		t.Errorf("failed: %s", log)
	}
}

func TestGolden(t *testing.T) {
	defer func(u bool) { *update = u }(*update)
	*update = false
	t.Chdir(t.TempDir())
	wantFail(t, "run go test -update", func(tb testing.TB) { Golden(tb, "a.txt", []byte("x")) })

	*update = true
	wantPass(t, func(tb testing.TB) { GoldenJSON(tb, "sub/a.json", []byte(`{"a":1}`)) })
	*update = false
	if b, err := os.ReadFile("testdata/sub/a.json"); err != nil || string(b) != "{\n  \"a\": 1\n}\n" {
		t.Errorf("written golden = %q, %v", b, err)
	}
	wantPass(t, func(tb testing.TB) { GoldenJSON(tb, "sub/a.json", []byte(`{ "a": 1 }`)) })
	wantFail(t, "mismatch", func(tb testing.TB) { GoldenJSON(tb, "sub/a.json", []byte(`{"a":2}`)) })
	wantFail(t, "not JSON", func(tb testing.TB) { GoldenJSON(tb, "sub/a.json", []byte(`{`)) })

	*update = true
	os.WriteFile("testdata/file", nil, 0o666)
	wantFail(t, "not a directory", func(tb testing.TB) { Golden(tb, "file/a.txt", []byte("x")) })
	os.Mkdir("testdata/dir.txt", 0o777)
	wantFail(t, "is a directory", func(tb testing.TB) { Golden(tb, "dir.txt", []byte("x")) })
}

func TestNew(t *testing.T) {
	wantFail(t, "New: no", func(tb testing.TB) {
		New(tb, func(runtime.ClientConfig) (runtime.Agent, error) { return nil, errors.New("no") }, runtime.ClientConfig{})
	})
}

func TestAssertAPIError(t *testing.T) {
	err := fmt.Errorf("wrapped: %w", &runtime.APIError{Provider: "p", StatusCode: 429, Code: "c", Message: "m", RequestID: "r", RetryAfter: time.Second})
	want := APIError{Provider: "p", Status: 429, Code: "c", Message: "m", RequestID: "r", RetryAfter: time.Second, Temporary: true}
	wantPass(t, func(tb testing.TB) {
		if e := AssertAPIError(tb, err, want, "sk-1"); e.StatusCode != 429 {
			tb.Errorf("returned %+v", e)
		}
	})
	for _, w := range []APIError{
		{Provider: "q", Status: 429, Code: "c", Message: "m", RequestID: "r", RetryAfter: time.Second, Temporary: true},
		{Provider: "p", Status: 429, Code: "c", Message: "m", RequestID: "r", RetryAfter: time.Second},
		{Provider: "p", Status: 429, Code: "c", Message: "m", RetryAfter: time.Second, Temporary: true},
	} {
		wantFail(t, "APIError = ", func(tb testing.TB) { AssertAPIError(tb, err, w) })
	}
	wantFail(t, "want *runtime.APIError", func(tb testing.TB) { AssertAPIError(tb, io.EOF, want) })
	wantFail(t, "shows an API key", func(tb testing.TB) { AssertAPIError(tb, err, want, "m") })
}

func TestNoKey(t *testing.T) {
	wantPass(t, func(tb testing.TB) { NoKey(tb, errors.New("p: failed"), "", "sk-1") })
	wantPass(t, func(tb testing.TB) { NoKey(tb, nil, "sk-1") })
	wantFail(t, "shows an API key (4 characters)", func(tb testing.TB) { NoKey(tb, errors.New("p: bad key sk-1"), "sk-1") })
	apiErr := fmt.Errorf("p: %w", &runtime.APIError{RequestID: "sk-1"})
	wantFail(t, "shows an API key", func(tb testing.TB) { NoKey(tb, apiErr, "sk-1") })
}

func TestNoRequests(t *testing.T) {
	srv, set := Canned(t, nil)
	set(`{"ok":true}`)
	wantPass(t, func(tb testing.TB) { NoRequests(tb, srv) })
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(b) != `{"ok":true}` || resp.Header.Get("Content-Type") != "application/json" {
		t.Errorf("answer = %s %q, want the canned JSON", resp.Header.Get("Content-Type"), b)
	}
	wantFail(t, "1 requests sent, want 0", func(tb testing.TB) { NoRequests(tb, srv) })
}

// TestCommonFaults checks each fault's check fails for a wrong error, of
// either temporariness, and that the status checks expect the provider's
// codes.
func TestCommonFaults(t *testing.T) {
	faults := CommonFaults(Provider{Name: "p", RateLimited: "slow_down", ServerError: "oops", Unavailable: "away", RequestID: "r1"})
	for _, f := range faults {
		for _, err := range []error{errors.New("wrong"), io.ErrUnexpectedEOF} {
			wantFail(t, "", func(tb testing.TB) { f.Check(tb, err) })
		}
	}
	wantPass(t, func(tb testing.TB) {
		faults[0].Check(tb, &runtime.APIError{Provider: "p", StatusCode: 429, Code: "slow_down", Message: "Too Many Requests", RequestID: "r1", RetryAfter: 2 * time.Second})
	})
	wantPass(t, func(tb testing.TB) {
		faults[3].Check(tb, errors.New("p: malformed response body: unexpected end of JSON input"))
	})
	custom := CommonFaults(Provider{Name: "p", Malformed: "p: not JSON"})
	wantPass(t, func(tb testing.TB) { custom[3].Check(tb, errors.New("p: not JSON")) })
}

func TestRunFaults(t *testing.T) {
	var names []string
	faults := []Fault{
		{Name: "timeout", Timeout: time.Millisecond, Check: func(testing.TB, error) { names = append(names, "timeout") }},
		{Name: "cancel", Cancel: time.Millisecond, Check: func(testing.TB, error) { names = append(names, "cancel") }},
	}
	RunFaults(t, faults, []string{"sk-1"}, func(t *testing.T, ctx context.Context, f providertest.Fault) (*runtime.Response, error) {
		<-ctx.Done()
		return nil, ctx.Err()
	})
	if strings.Join(names, ",") != "timeout,cancel" {
		t.Errorf("checks run: %q", names)
	}
}

func TestFormParts(t *testing.T) {
	req := providertest.Request{Header: http.Header{"Content-Type": {"multipart/form-data; boundary=b"}}, Body: []byte("--b\r\n" +
		"Content-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\nContent-Type: audio/wav\r\n\r\nRIFF\r\n--b\r\n" +
		"Content-Disposition: form-data; name=\"model\"\r\n\r\nw1\r\n--b--\r\n")}
	got := fmt.Sprintf("%q", FormParts(t, req))
	if want := `[{"file" "a.wav" "audio/wav" "RIFF"} {"model" "" "" "w1"}]`; got != want {
		t.Errorf("FormParts = %s, want %s", got, want)
	}
	wantFail(t, "want multipart/form-data", func(tb testing.TB) {
		FormParts(tb, providertest.Request{Header: http.Header{"Content-Type": {"application/json"}}})
	})
	req.Body = req.Body[:20]
	wantFail(t, "malformed MIME header", func(tb testing.TB) { FormParts(tb, req) })
}
