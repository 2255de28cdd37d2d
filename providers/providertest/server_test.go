package providertest_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/intelligen/intelligen/providers/providertest"
)

// srvNew starts a Server whose handler answers 200 "ok" and whose error
// writer writes "status code message".
func srvNew(t *testing.T) *providertest.Server {
	t.Helper()
	s := providertest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body) // the recorded body is still readable
		io.WriteString(w, "ok "+string(b))
	}), func(w http.ResponseWriter, status int, code, message string) {
		w.WriteHeader(status)
		io.WriteString(w, code+" "+message)
	})
	t.Cleanup(s.Close)
	return s
}

func srvPost(ctx context.Context, url, body string) (*http.Response, string, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader(body))
	req.Header.Set("X-Test", "1")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, string(b), err
}

// rawPost sends method url with body and headers hdr ("Name: value") and
// returns the status, the answer's headers and its body. The fakes' tests
// share it.
func rawPost(t *testing.T, method, url, body string, hdr ...string) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hdr {
		k, v, _ := strings.Cut(h, ": ")
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, string(b)
}

func TestServerRecords(t *testing.T) {
	s := srvNew(t)
	if got := s.Last(); got.Method != "" || len(s.Requests()) != 0 {
		t.Errorf("Last before any request = %+v", got)
	}
	if _, body, err := srvPost(context.Background(), s.URL+"/a/b?x=1", "one"); err != nil || body != "ok one" {
		t.Fatalf("answer = %q, %v", body, err)
	}
	srvPost(context.Background(), s.URL+"/c", "two")
	reqs := s.Requests()
	if len(reqs) != 2 || reqs[0].Method != "POST" || reqs[0].Path != "/a/b" || reqs[0].Query != "x=1" ||
		string(reqs[0].Body) != "one" || reqs[0].Header.Get("X-Test") != "1" || string(s.Last().Body) != "two" {
		t.Errorf("requests = %+v", reqs)
	}
}

func TestServerFaults(t *testing.T) {
	s := srvNew(t)
	s.Inject(
		providertest.Fault{Kind: providertest.Status, Status: 429, Code: "slow_down", RetryAfter: "0", Header: http.Header{"Retry-After-Ms": {"5"}}},
		providertest.ServerError,
	)
	s.Inject(providertest.BadJSON)
	resp, body, err := srvPost(context.Background(), s.URL, "")
	if err != nil || resp.StatusCode != 429 || body != "slow_down Too Many Requests" || resp.Header.Get("Retry-After") != "0" || resp.Header.Get("Retry-After-Ms") != "5" {
		t.Errorf("429 fault = %v %q %v", resp, body, err)
	}
	resp, body, _ = srvPost(context.Background(), s.URL, "")
	if resp.StatusCode != 500 || body != " Internal Server Error" || resp.Header.Get("Retry-After") != "" {
		t.Errorf("500 fault = %d %q", resp.StatusCode, body)
	}
	resp, body, _ = srvPost(context.Background(), s.URL, "")
	if resp.StatusCode != 200 || body != `{"id": "x", "choices": [{"message": ` || resp.Header.Get("Content-Type") != "application/json" {
		t.Errorf("malformed fault = %d %q", resp.StatusCode, body)
	}
	// The queue is empty again: a normal answer.
	if _, body, _ := srvPost(context.Background(), s.URL, "x"); body != "ok x" {
		t.Errorf("after the faults: %q", body)
	}
	if n := len(s.Requests()); n != 4 {
		t.Errorf("%d requests recorded, want 4 (faults included)", n)
	}
}

func TestServerTruncatedAndReset(t *testing.T) {
	s := srvNew(t)
	s.Inject(providertest.CutShort, providertest.Hangup)
	_, body, err := srvPost(context.Background(), s.URL, "")
	if !errors.Is(err, io.ErrUnexpectedEOF) || body != `{"id": "x",` {
		t.Errorf("truncated: %q, %v; want unexpected EOF", body, err)
	}
	if _, _, err := srvPost(context.Background(), s.URL, ""); err == nil || !strings.Contains(err.Error(), "EOF") {
		t.Errorf("reset: %v, want EOF", err)
	}
}

func TestServerSlow(t *testing.T) {
	s := srvNew(t)
	// A short delay is waited, then the handler answers.
	s.Inject(providertest.Fault{Kind: providertest.Slow, Delay: 5 * time.Millisecond})
	start := time.Now()
	if _, body, err := srvPost(context.Background(), s.URL, "x"); err != nil || body != "ok x" || time.Since(start) < 5*time.Millisecond {
		t.Errorf("slow = %q, %v after %v", body, err, time.Since(start))
	}
	// A client giving up ends the wait without an answer.
	s.Inject(providertest.Fault{Kind: providertest.Slow, Delay: time.Minute})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	if _, _, err := srvPost(ctx, s.URL, ""); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("slow with timeout: %v", err)
	}
}

func TestServerError(t *testing.T) {
	var s *providertest.Server
	s = providertest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.Error(w, http.StatusBadRequest, "bad", "no")
	}), func(w http.ResponseWriter, status int, code, message string) {
		w.WriteHeader(status)
		io.WriteString(w, code+":"+message)
	})
	defer s.Close()
	if resp, body, _ := srvPost(context.Background(), s.URL, ""); resp.StatusCode != 400 || body != "bad:no" {
		t.Errorf("Error = %d %q", resp.StatusCode, body)
	}
}
