package providertest_test

import (
	"bytes"
	"encoding/base64"
	"mime/multipart"
	"strings"
	"testing"

	"github.com/intelligen/intelligen/providers/providertest"
)

// stabilityForm returns a multipart body of fields ("name=value") and its
// Content-Type header line.
func stabilityForm(t *testing.T, fields ...string) (string, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for _, f := range fields {
		k, v, _ := strings.Cut(f, "=")
		if err := mw.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String(), "Content-Type: " + mw.FormDataContentType()
}

func TestStabilityRejects(t *testing.T) {
	srv := providertest.NewStability("k")
	defer srv.Close()
	const auth, accept = "Authorization: Bearer k", "Accept: application/json"
	core := srv.URL + "/v2beta/stable-image/generate/core"
	body, ct := stabilityForm(t, "prompt=a fox")
	bad, badCT := stabilityForm(t, "output_format=gif", "model=sd3.5-large")
	tests := []struct {
		name, method, url, body string
		hdr                     []string
		status                  int
		answer                  string
	}{
		{"unknown endpoint", "POST", srv.URL + "/v2beta/stable-image/generate/xl", body, []string{auth, ct}, 404,
			`{"errors":["route: /v2beta/stable-image/generate/xl not found"],"id":"fake-404","name":"not_found"}`},
		{"wrong method", "GET", core, "", []string{auth}, 405,
			`{"errors":["method: must be POST"],"id":"fake-405","name":"method_not_allowed"}`},
		{"wrong key", "POST", core, body, []string{"Authorization: Bearer nope", ct}, 401,
			`{"errors":["authorization: invalid or missing"],"id":"fake-401","name":"unauthorized"}`},
		{"JSON body", "POST", core, `{"prompt":"a fox"}`, []string{auth, "Content-Type: application/json"}, 400,
			`{"errors":["content-type: must be multipart/form-data"],"id":"fake-400","name":"bad_request"}`},
		{"wrong accept", "POST", core, body, []string{auth, ct, "Accept: text/html"}, 400,
			`{"errors":["accept: must be image/* or application/json"],"id":"fake-400","name":"bad_request"}`},
		{"broken multipart", "POST", core, "--x\r\nnot a part", []string{auth, "Content-Type: multipart/form-data; boundary=x"}, 400,
			`{"errors":["body: malformed MIME header: missing colon: \"not a part\""],"id":"fake-400","name":"bad_request"}`},
		{"invalid fields", "POST", srv.URL + "/v2beta/stable-image/generate/ultra", bad, []string{auth, badCT, accept}, 400,
			`{"errors":["prompt: required","output_format: must be one of png, jpeg, webp"],"id":"fake-400","name":"bad_request"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, _, answer := rawPost(t, tt.method, tt.url, tt.body, tt.hdr...)
			if status != tt.status || strings.TrimSpace(answer) != tt.answer {
				t.Errorf("answer = %d %s\nwant     %d %s", status, answer, tt.status, tt.answer)
			}
		})
	}
}

func TestStabilityAnswers(t *testing.T) {
	srv := providertest.NewStability("k")
	defer srv.Close()
	const auth = "Authorization: Bearer k"
	url := srv.URL + "/v2beta/stable-image/generate/sd3"

	body, ct := stabilityForm(t, "prompt=a fox", "model=sd3.5-medium", "seed=77", "output_format=jpeg")
	status, _, answer := rawPost(t, "POST", url, body, auth, ct, "Accept: application/json")
	want := `{"finish_reason":"SUCCESS","image":"` + base64.StdEncoding.EncodeToString(providertest.StabilityJPEG) + `","seed":77}`
	if status != 200 || strings.TrimSpace(answer) != want {
		t.Errorf("JSON answer = %d %.80s, want 200 %.80s", status, answer, want)
	}

	// Accept image/* (the API's default): raw bytes, metadata in headers.
	body, ct = stabilityForm(t, "prompt=a "+providertest.StabilityFiltered+" fox", "output_format=webp")
	status, hdr, answer := rawPost(t, "POST", url, body, auth, ct)
	if status != 200 || answer != string(providertest.StabilityWebP) || hdr.Get("Content-Type") != "image/webp" ||
		hdr.Get("Finish-Reason") != "CONTENT_FILTERED" || hdr.Get("Seed") != "1234" {
		t.Errorf("image answer = %d %q %v", status, answer, hdr)
	}
}

func TestStabilityErrorNames(t *testing.T) {
	srv := providertest.NewStability("k")
	defer srv.Close()
	for status, name := range map[int]string{
		400: "bad_request", 401: "unauthorized", 403: "content_moderation", 404: "not_found",
		413: "payload_too_large", 422: "invalid_request", 429: "rate_limit_exceeded", 500: "internal_error",
	} {
		srv.Inject(providertest.Fault{Kind: providertest.Status, Status: status})
		got, _, answer := rawPost(t, "POST", srv.URL+"/v2beta/stable-image/generate/core", "")
		if want := `"name":"` + name + `"`; got != status || !strings.Contains(answer, want) {
			t.Errorf("fault %d: answer = %d %s, want %s", status, got, answer, want)
		}
	}
}
