package openai

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/intelligen/intelligen/runtime"
)

func TestAudioExt(t *testing.T) {
	for typ, want := range map[string]string{
		"": "wav", "audio/wav": "wav", "audio/x-wav": "wav", "audio/mpeg": "mp3", "audio/mp4": "m4a", "video/mp4": "mp4",
		"audio/x-flac": "flac", "audio/ogg; codecs=opus": "ogg", "audio/webm": "webm", "audio/x-aiff": "aiff", "audio/": "wav",
	} {
		if got := audioExt(typ); got != want {
			t.Errorf("audioExt(%q) = %q, want %q", typ, got, want)
		}
	}
}

func TestImageMIME(t *testing.T) {
	tests := []struct {
		data    string
		formats []string
		want    string
	}{
		{"\x89PNG\r\n\x1a\n", []string{"jpeg"}, "image/png"},
		{"????", []string{"", "webp"}, "image/webp"},
		{"????", []string{"gif"}, "image/png"},
	}
	for _, tt := range tests {
		if got := imageMIME([]byte(tt.data), tt.formats...); got != tt.want {
			t.Errorf("imageMIME(%q, %q) = %q, want %q", tt.data, tt.formats, got, tt.want)
		}
	}
}

// call calls a client of kind against a server answering with ctype (nil:
// no Content-Type) and body.
func call(t *testing.T, kind runtime.Kind, params *runtime.Params, ctype []string, body string) (*runtime.Response, error) {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Content-Type"] = ctype // nil stops the server's sniffing
		io.WriteString(w, body)
	}))
	defer srv.Close()
	a, err := New(runtime.ClientConfig{BaseURL: srv.URL, Agent: &runtime.AgentConfig{Kind: kind}})
	if err != nil {
		t.Fatal(err)
	}
	return a.Call(context.Background(), &runtime.Request{Prompt: "p", Params: params})
}

func TestSpeechMIME(t *testing.T) {
	tests := []struct {
		format string
		ctype  []string
		body   string
		want   string
		err    string
	}{
		{"mp3", nil, "ID3", "audio/mpeg", ""},
		{"opus", []string{"application/octet-stream"}, "Ogg", "audio/opus", ""},
		{"x-new", nil, "??", "application/octet-stream", ""},
		{"wav", []string{"audio/wav"}, "", "", "openai: speech response is empty"},
		{"wav", []string{"text/html; charset=utf-8"}, "<html>", "", "openai: speech response is text/html, not audio"},
	}
	for _, tt := range tests {
		got, err := call(t, runtime.KindSpeech, &runtime.Params{Format: tt.format}, tt.ctype, tt.body)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("%s %v: error = %v, want %s", tt.format, tt.ctype, err, tt.err)
			}
			continue
		}
		if err != nil || got.Audio.MIME != tt.want || string(got.Audio.Data) != tt.body {
			t.Errorf("%s %v: got %+v, %v; want %s", tt.format, tt.ctype, got, err, tt.want)
		}
	}
}

func TestAnswerErrors(t *testing.T) {
	tests := []struct {
		kind runtime.Kind
		body string
		err  string
	}{
		{runtime.KindImage, `{"data":[]}`, "openai: image response has no data"},
		{runtime.KindImage, `{"data":[{}]}`, "openai: image response has no b64_json"},
		{runtime.KindImage, `{"data":[{"b64_json":"@@"}]}`, "openai: malformed response body: b64_json: illegal base64 data at input byte 0"},
		{runtime.KindRecognition, `{"task":"transcribe"}`, "openai: transcription response has no text"},
	}
	for _, tt := range tests {
		p := &runtime.Params{}
		var err error
		if tt.kind == runtime.KindRecognition {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, tt.body) }))
			a, _ := New(runtime.ClientConfig{BaseURL: srv.URL})
			_, err = a.Call(context.Background(), &runtime.Request{Kind: tt.kind, Audio: &runtime.Audio{}})
			srv.Close()
		} else {
			_, err = call(t, tt.kind, p, []string{"application/json"}, tt.body)
		}
		if err == nil || err.Error() != tt.err {
			t.Errorf("%s %s: error = %v, want %s", tt.kind, tt.body, err, tt.err)
		}
	}
}

func TestDefaultModel(t *testing.T) {
	if got := DefaultModel(runtime.KindImage); got != "gpt-image-2.6-flare" {
		t.Errorf("DefaultModel(image) = %q", got)
	}
	if got := DefaultModel("video"); got != "" {
		t.Errorf("DefaultModel(video) = %q", got)
	}
}
