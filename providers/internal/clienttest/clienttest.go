package clienttest

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/intelligen/intelligen/providers/providertest"
	"github.com/intelligen/intelligen/runtime"
)

var update = flag.Bool("update", os.Getenv("INTELLIGEN_UPDATE") != "", "rewrite the golden files in testdata with the requests sent")

// Golden compares got with the file testdata/name, or writes it there
// under -update.
func Golden(t testing.TB, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o666); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to record it)", err)
	}
	if !bytes.Equal(want, got) {
		t.Errorf("%s mismatch (go test -update rewrites it):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// GoldenJSON compares a JSON request body, indented by two spaces and
// ending in a newline, with testdata/name, as [Golden] does.
func GoldenJSON(t testing.TB, name string, body []byte) {
	t.Helper()
	var b bytes.Buffer
	if err := json.Indent(&b, body, "", "  "); err != nil {
		t.Fatalf("request body is not JSON: %v\n%s", err, body)
	}
	b.WriteByte('\n')
	Golden(t, name, b.Bytes())
}

// New returns the agent newClient builds from cfg, failing the test when
// it cannot.
func New(t testing.TB, newClient runtime.NewClientFunc, cfg runtime.ClientConfig) runtime.Agent {
	t.Helper()
	a, err := newClient(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return a
}

// NoRequests asserts that srv received no request: the client refused the
// call itself.
func NoRequests(t testing.TB, srv *providertest.Server) {
	t.Helper()
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests sent, want 0", n)
	}
}

// APIError is the [*runtime.APIError] a test wants: [AssertAPIError]
// compares every field, so a zero field must be zero in the error too.
type APIError struct {
	Provider   string
	Status     int
	Code       string
	Message    string
	RequestID  string
	RetryAfter time.Duration
	Temporary  bool // what runtime.Temporary must say of the error
}

// AssertAPIError asserts that err is, or wraps, a *runtime.APIError with
// the fields of want, that runtime.Temporary(err) is want.Temporary, and
// that err shows none of keys (see [NoKey]). It returns the APIError for
// further checks.
func AssertAPIError(t testing.TB, err error, want APIError, keys ...string) *runtime.APIError {
	t.Helper()
	NoKey(t, err, keys...)
	var e *runtime.APIError
	if !errors.As(err, &e) {
		t.Fatalf("err = %v (%T), want *runtime.APIError", err, err)
	}
	got := APIError{e.Provider, e.StatusCode, e.Code, e.Message, e.RequestID, e.RetryAfter, runtime.Temporary(err)}
	if got != want {
		t.Errorf("APIError = %+v,\n want %+v", got, want)
	}
	return e
}

// NoKey asserts that none of keys (empty ones are skipped) appears in err
// however it is printed: its message, %+v and %#v, and those of a
// *runtime.APIError it wraps. The failure never prints the error, which
// would print the key.
func NoKey(t testing.TB, err error, keys ...string) {
	t.Helper()
	forms := []string{fmt.Sprint(err), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)}
	var e *runtime.APIError
	if errors.As(err, &e) {
		forms = append(forms, fmt.Sprintf("%+v", *e), fmt.Sprintf("%#v", *e))
	}
	for _, k := range keys {
		for _, f := range forms {
			if k != "" && strings.Contains(f, k) {
				t.Errorf("the error shows an API key (%d characters)", len(k))
				return
			}
		}
	}
}

// Canned starts a fake answering every request 200 with the JSON body
// last given to set (faults and errors are written by writeError), closed
// when the test ends. It serves answers a provider's real fake does not
// give.
func Canned(t testing.TB, writeError providertest.ErrorWriter) (srv *providertest.Server, set func(body string)) {
	var answer atomic.Value
	answer.Store("")
	srv = providertest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(answer.Load().(string)))
	}), writeError)
	t.Cleanup(srv.Close)
	return srv, func(body string) { answer.Store(body) }
}

// RoundTripFunc is an [http.RoundTripper] that calls itself: a transport
// that records requests, or answers them, without the network.
type RoundTripFunc func(*http.Request) (*http.Response, error)

// RoundTrip returns f(r).
func (f RoundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// A Part is one part of a multipart/form-data request body.
type Part struct {
	Name        string // the form field's name
	FileName    string // "" for a plain field
	ContentType string // the part's own Content-Type, if any
	Value       []byte
}

// FormParts returns the parts of req's multipart/form-data body in the
// order sent, failing the test when the body is not one.
func FormParts(t testing.TB, req providertest.Request) []Part {
	t.Helper()
	mt, params, err := mime.ParseMediaType(req.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		t.Fatalf("Content-Type = %q, want multipart/form-data", req.Header.Get("Content-Type"))
	}
	mr := multipart.NewReader(bytes.NewReader(req.Body), params["boundary"])
	var parts []Part
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return parts
		}
		if err != nil {
			t.Fatal(err)
		}
		v, err := io.ReadAll(p)
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, Part{Name: p.FormName(), FileName: p.FileName(), ContentType: p.Header.Get("Content-Type"), Value: v})
	}
}
