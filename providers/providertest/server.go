package providertest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"time"
)

// FaultKind is a kind of injected fault.
type FaultKind int

// The fault kinds.
const (
	// Status answers with Fault.Status and the provider's error body, plus
	// a Retry-After header when Fault.RetryAfter is set.
	Status FaultKind = iota + 1
	// Malformed answers 200 with a body that is not valid JSON.
	Malformed
	// Truncated answers 200 with a Content-Length larger than the body it
	// sends, so the client sees the body cut short.
	Truncated
	// Slow waits Fault.Delay (or until the client gives up) before answering
	// normally.
	Slow
	// Reset closes the connection without answering.
	Reset
)

// A Fault is an injected misbehaviour for one request.
type Fault struct {
	Kind       FaultKind
	Status     int           // for Status
	Code       string        // provider error code/type for Status; a default per status otherwise
	RetryAfter string        // Retry-After header value for Status, e.g. "0" or "2"
	Header     http.Header   // extra response headers for Status (e.g. retry-after-ms, x-should-retry)
	Delay      time.Duration // for Slow
}

// The common faults, ready to inject.
var (
	RateLimited = Fault{Kind: Status, Status: http.StatusTooManyRequests, RetryAfter: "0"}
	ServerError = Fault{Kind: Status, Status: http.StatusInternalServerError}
	Unavailable = Fault{Kind: Status, Status: http.StatusServiceUnavailable}
	Overloaded  = Fault{Kind: Status, Status: 529} // Anthropic
	BadJSON     = Fault{Kind: Malformed}
	CutShort    = Fault{Kind: Truncated}
	Hangup      = Fault{Kind: Reset}
)

// A Request is a request the fake received, as sent.
type Request struct {
	Method string
	Path   string // URL path
	Query  string // raw query
	Header http.Header
	Body   []byte
}

// ErrorWriter writes a provider's error answer: status and the provider's
// error body for code and message.
type ErrorWriter func(w http.ResponseWriter, status int, code, message string)

// A Server is a running fake provider.
type Server struct {
	*httptest.Server

	writeError ErrorWriter

	mu       sync.Mutex
	faults   []Fault
	requests []Request
	answers  []string // queued by Answer
}

// NewServer starts a fake serving h, whose error answers (for faults and
// for h's own rejections through [Server.Error]) are written by writeError.
// Close it when done.
func NewServer(h http.Handler, writeError ErrorWriter) *Server {
	s := &Server{writeError: writeError}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		s.mu.Lock()
		s.requests = append(s.requests, Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Header: r.Header.Clone(), Body: body})
		var f *Fault
		if len(s.faults) > 0 {
			f = &s.faults[0]
			s.faults = s.faults[1:]
		}
		s.mu.Unlock()
		if f != nil && s.fault(w, r, *f) {
			return
		}
		h.ServeHTTP(w, r)
	}))
	return s
}

// Inject queues faults: the next len(faults) requests get them, in order.
func (s *Server) Inject(faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, faults...)
}

// Requests returns the requests received so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Last returns the last request received; it is the zero Request if none.
func (s *Server) Last() Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.requests) == 0 {
		return Request{}
	}
	return s.requests[len(s.requests)-1]
}

// Error writes the provider's error answer.
func (s *Server) Error(w http.ResponseWriter, status int, code, message string) {
	s.writeError(w, status, code, message)
}

// fault applies f and reports whether the request has been answered.
func (s *Server) fault(w http.ResponseWriter, r *http.Request, f Fault) bool {
	switch f.Kind {
	case Status:
		for k, vs := range f.Header {
			w.Header()[k] = vs
		}
		if f.RetryAfter != "" {
			w.Header().Set("Retry-After", f.RetryAfter)
		}
		s.writeError(w, f.Status, f.Code, http.StatusText(f.Status))
		return true
	case Malformed:
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id": "x", "choices": [{"message": `)
		return true
	case Truncated:
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(4096))
		w.WriteHeader(http.StatusOK)
		io.WriteString(w, `{"id": "x",`)
		return true
	case Slow:
		t := time.NewTimer(f.Delay)
		defer t.Stop()
		select {
		case <-r.Context().Done():
			return true
		case <-t.C:
		}
		return false
	case Reset:
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
				return true
			}
		}
		panic(http.ErrAbortHandler)
	}
	return false
}

// writeJSON answers status with v as an application/json body (ending in
// a newline, as json.Encoder writes it).
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
