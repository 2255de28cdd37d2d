package wire

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/intelligen/intelligen/runtime"
)

func TestNew(t *testing.T) {
	c := New("p", "", "https://api.example/v1//", nil)
	if c.BaseURL != "https://api.example/v1" || c.HTTP != http.DefaultClient || c.Provider != "p" {
		t.Errorf("New = %+v", c)
	}
	hc := &http.Client{}
	if c := New("p", "http://h/v1/", "https://d", hc); c.BaseURL != "http://h/v1" || c.HTTP != hc {
		t.Errorf("New = %+v", c)
	}
}

func TestBearer(t *testing.T) {
	if Bearer("") != nil {
		t.Error("Bearer(\"\") sets a header, want none")
	}
	h := http.Header{}
	Bearer("sk-1")(h)
	if got := h.Get("Authorization"); got != "Bearer sk-1" {
		t.Errorf("Authorization = %q, want Bearer sk-1", got)
	}
}

func TestKeyHeader(t *testing.T) {
	if KeyHeader("x-api-key", "") != nil {
		t.Error("KeyHeader(\"\") sets a header, want none")
	}
	h := http.Header{}
	KeyHeader("x-api-key", "k-1")(h)
	if got := h.Get("X-Api-Key"); got != "k-1" || len(h) != 1 {
		t.Errorf("header = %v, want only X-Api-Key: k-1", h)
	}
}

func TestCheckKind(t *testing.T) {
	if err := CheckKind("openaicompat", "p", runtime.KindEmbed); err != nil {
		t.Errorf("CheckKind(embed) = %v, want nil", err)
	}
	err := CheckKind("openaicompat", "p", runtime.KindImage)
	if want := `p: agent type "image" is not supported (supported: text, embed)`; err == nil || err.Error() != want {
		t.Errorf("CheckKind(image) = %v, want %s", err, want)
	}
}

func TestParams(t *testing.T) {
	if p := Params(nil); p == nil || p.MaxTokens != 0 {
		t.Errorf("Params(nil) = %+v, want empty params", p)
	}
	p := &runtime.Params{MaxTokens: 3}
	if Params(p) != p {
		t.Error("Params(p) is not p")
	}
}

// recorder is a server that records the last request and answers with
// status, header and body.
type recorder struct {
	srv    *httptest.Server
	req    *http.Request
	body   string
	status int
	header http.Header
	answer string
}

func newRecorder(t *testing.T, status int, answer string, header http.Header) *recorder {
	rec := &recorder{status: status, answer: answer, header: header}
	rec.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		rec.req, rec.body = r, string(b)
		for k, vs := range rec.header {
			w.Header()[k] = vs
		}
		w.WriteHeader(rec.status)
		io.WriteString(w, rec.answer)
	}))
	t.Cleanup(rec.srv.Close)
	return rec
}

func TestDo(t *testing.T) {
	rec := newRecorder(t, 200, "ok", http.Header{"X-Answer": {"1"}})
	c := New("p", rec.srv.URL+"/v1", "", nil)
	c.Header = http.Header{"X-Extra": {"e"}}
	c.Auth = func(h http.Header) { h.Set("Authorization", "Bearer k") }
	resp, err := c.Do(context.Background(), http.MethodPost, "/x", "text/plain", []byte("body"))
	if err != nil {
		t.Fatal(err)
	}
	if string(resp.Body) != "ok" || resp.Header.Get("X-Answer") != "1" {
		t.Errorf("response = %q %v", resp.Body, resp.Header)
	}
	r := rec.req
	if r.Method != "POST" || r.URL.Path != "/v1/x" || rec.body != "body" || r.Header.Get("Content-Type") != "text/plain" ||
		r.Header.Get("X-Extra") != "e" || r.Header.Get("Authorization") != "Bearer k" {
		t.Errorf("request = %s %s %q %v", r.Method, r.URL.Path, rec.body, r.Header)
	}
	// No body: no Content-Type; no Auth: no Authorization.
	c.Auth = nil
	if _, err := c.Do(context.Background(), http.MethodGet, "/models", "text/plain", nil); err != nil {
		t.Fatal(err)
	}
	if _, ok := rec.req.Header["Content-Type"]; ok || rec.req.Header.Get("Authorization") != "" || rec.req.Method != "GET" {
		t.Errorf("GET without body sent %v", rec.req.Header)
	}
}

func TestDoAPIError(t *testing.T) {
	long := strings.Repeat("x", 300)
	tests := []struct {
		name   string
		status int
		header http.Header
		body   string
		parse  func([]byte) (string, string)
		want   runtime.APIError
		temp   bool
	}{{
		name: "parsed", status: 429, header: http.Header{"Retry-After": {"3"}, "X-Request-Id": {"req_9"}}, body: `{"code":"slow","msg":"down"}`,
		parse: func(b []byte) (string, string) {
			var e struct{ Code, Msg string }
			json.Unmarshal(b, &e)
			return e.Code, e.Msg
		},
		want: runtime.APIError{Provider: "p", StatusCode: 429, Code: "slow", Message: "down", RequestID: "req_9", RetryAfter: 3 * time.Second},
		temp: true,
	}, {
		name: "fallback_message", status: 502, header: http.Header{"Request-Id": {"r1"}}, body: "  <html>bad gateway</html>\n",
		parse: func([]byte) (string, string) { return "", "" },
		want:  runtime.APIError{Provider: "p", StatusCode: 502, Message: "<html>bad gateway</html>", RequestID: "r1"},
		temp:  true,
	}, {
		name: "no_parser_long_body", status: 400, body: long,
		want: runtime.APIError{Provider: "p", StatusCode: 400, Message: long[:200]},
	}, {
		name: "cut_rune", status: 400, body: strings.Repeat("x", 199) + "é",
		want: runtime.APIError{Provider: "p", StatusCode: 400, Message: strings.Repeat("x", 199)},
	}, {
		name: "should_retry_false", status: 500, header: http.Header{"X-Should-Retry": {"false"}, "Retry-After-Ms": {"20"}}, body: "",
		want: runtime.APIError{Provider: "p", StatusCode: 500, RetryAfter: 20 * time.Millisecond, ShouldRetry: new(false)},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := newRecorder(t, tt.status, tt.body, tt.header)
			c := New("p", rec.srv.URL, "", nil)
			c.ParseError = tt.parse
			_, err := c.Do(context.Background(), http.MethodPost, "/", "application/json", []byte("{}"))
			var e *runtime.APIError
			if !errors.As(err, &e) {
				t.Fatalf("error = %v, want *APIError", err)
			}
			if e.Provider != tt.want.Provider || e.StatusCode != tt.want.StatusCode || e.Code != tt.want.Code || e.Message != tt.want.Message ||
				e.RequestID != tt.want.RequestID || e.RetryAfter != tt.want.RetryAfter || (e.ShouldRetry == nil) != (tt.want.ShouldRetry == nil) {
				t.Errorf("APIError = %+v\nwant %+v", *e, tt.want)
			}
			if runtime.Temporary(err) != tt.temp {
				t.Errorf("Temporary = %v, want %v", runtime.Temporary(err), tt.temp)
			}
		})
	}
}

func TestDoTransportErrors(t *testing.T) {
	// The query string (where some providers put the key) never reaches
	// the error.
	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close()
	c := New("p", srv.URL, "", nil)
	_, err := c.Do(context.Background(), http.MethodGet, "/m?key=SECRET", "", nil)
	if err == nil || strings.Contains(err.Error(), "SECRET") || !strings.HasPrefix(err.Error(), `p: Get "`+srv.URL+`/m": `) || !runtime.Temporary(err) {
		t.Errorf("error = %v (Temporary %v), want a scrubbed temporary network error", err, runtime.Temporary(err))
	}

	c = New("p", "http://bad host", "", nil)
	if _, err := c.Do(context.Background(), http.MethodGet, "/", "", nil); err == nil || !strings.HasPrefix(err.Error(), "p: build request: ") {
		t.Errorf("error = %v, want build request", err)
	}

	// A body cut short is io.ErrUnexpectedEOF.
	cut := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "100")
		io.WriteString(w, "{")
	}))
	defer cut.Close()
	c = New("p", cut.URL, "", nil)
	if _, err := c.Do(context.Background(), http.MethodGet, "/", "", nil); !errors.Is(err, io.ErrUnexpectedEOF) || !strings.HasPrefix(err.Error(), "p: read response: ") {
		t.Errorf("error = %v, want read response: unexpected EOF", err)
	}
}

func TestPostJSON(t *testing.T) {
	rec := newRecorder(t, 200, `{"a":1}`, nil)
	c := New("p", rec.srv.URL, "", nil)
	var out struct{ A int }
	if _, err := c.PostJSON(context.Background(), "/j", map[string]int{"x": 1}, json.RawMessage(`{"y":2}`), &out); err != nil || out.A != 1 {
		t.Fatalf("PostJSON = %+v, %v", out, err)
	}
	if rec.body != `{"x":1,"y":2}` || rec.req.Header.Get("Content-Type") != "application/json" {
		t.Errorf("sent %q (%s)", rec.body, rec.req.Header.Get("Content-Type"))
	}
	if _, err := c.PostJSON(context.Background(), "/j", make(chan int), nil, &out); err == nil || err.Error() != "p: encode request: json: unsupported type: chan int" {
		t.Errorf("error = %v", err)
	}
	rec.answer = "{"
	if _, err := c.PostJSON(context.Background(), "/j", 1, nil, &out); err == nil || err.Error() != "p: malformed response body: unexpected end of JSON input" || runtime.Temporary(err) {
		t.Errorf("error = %v", err)
	}
	rec.status = 500
	if _, err := c.PostJSON(context.Background(), "/j", 1, nil, &out); err == nil || err.Error() != "p: HTTP 500: {" {
		t.Errorf("error = %v", err)
	}
}

func TestMarshal(t *testing.T) {
	type body struct {
		Model string   `json:"model"`
		T     *float64 `json:"temperature,omitempty"`
	}
	tests := []struct {
		v     any
		extra string
		want  string
		err   string
	}{
		{body{Model: "m"}, "", `{"model":"m"}`, ""},
		{body{Model: "m"}, " \n", `{"model":"m"}`, ""},
		{body{Model: "m"}, `{"temperature":0.5,"model":"n","z":[1]}`, `{"model":"n","temperature":0.5,"z":[1]}`, ""},
		{body{Model: "m"}, `{}`, `{"model":"m"}`, ""},
		{body{Model: "m"}, `[1]`, "", "params.extra is not a JSON object: json: cannot unmarshal array into Go value of type map[string]json.RawMessage"},
		{[]int{1}, `{"a":1}`, "", "json: cannot unmarshal array into Go value of type map[string]json.RawMessage"},
		{make(chan int), `{"a":1}`, "", "json: unsupported type: chan int"},
	}
	for _, tt := range tests {
		got, err := Marshal(tt.v, json.RawMessage(tt.extra))
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("Marshal(%v, %s) error = %v, want %s", tt.v, tt.extra, err, tt.err)
			}
			continue
		}
		if err != nil || string(got) != tt.want {
			t.Errorf("Marshal(%v, %s) = %s, %v; want %s", tt.v, tt.extra, got, err, tt.want)
		}
	}
}

// A key the server echoes is redacted before the body is cut, so that no
// prefix of it survives the cut, wherever in the body it stands; parsed
// messages and request ids are redacted too.
func TestDoAPIErrorRedactsKey(t *testing.T) {
	key := "sk-" + strings.Repeat("0123456789", 4)
	for _, at := range []int{0, 150, 185, 190, 195, 199, 250} {
		body := strings.Repeat("x", at) + " " + key + " tail"
		for _, auth := range []func(http.Header){Bearer(runtime.Secret(key)), KeyHeader("x-api-key", runtime.Secret(key))} {
			rec := newRecorder(t, 401, body, http.Header{"X-Request-Id": {key}})
			c := New("p", rec.srv.URL, "", nil)
			c.Auth = auth
			_, err := c.Do(context.Background(), http.MethodPost, "/", "application/json", []byte("{}"))
			var e *runtime.APIError
			if !errors.As(err, &e) {
				t.Fatalf("error = %v, want *APIError", err)
			}
			for _, s := range []string{e.Message, e.RequestID, err.Error()} {
				if strings.Contains(s, key[:8]) {
					t.Errorf("key at %d: %q shows a prefix of the key", at, s)
				}
			}
			if at < 190 && !strings.Contains(e.Message, "[REDACTED]") {
				t.Errorf("key at %d: message %q has no [REDACTED]", at, e.Message)
			}
		}
	}
	rec := newRecorder(t, 401, `{"msg":"bad key `+key+`"}`, nil)
	c := New("p", rec.srv.URL, "", nil)
	c.Auth = Bearer(runtime.Secret(key))
	c.ParseError = func(b []byte) (string, string) {
		var e struct{ Msg string }
		json.Unmarshal(b, &e)
		return key, e.Msg
	}
	_, err := c.Do(context.Background(), http.MethodPost, "/", "application/json", []byte("{}"))
	if err == nil || strings.Contains(err.Error(), key[:8]) || !strings.Contains(err.Error(), "bad key [REDACTED]") {
		t.Errorf("parsed error = %v", err)
	}
}

func TestImageMIME(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	if got := ImageMIME(&runtime.Image{Data: png}); got != "image/png" {
		t.Errorf("sniffed = %q, want image/png", got)
	}
	if got := ImageMIME(&runtime.Image{MIME: "image/webp", Data: png}); got != "image/webp" {
		t.Errorf("given = %q, want image/webp", got)
	}
}
