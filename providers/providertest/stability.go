package providertest

import (
	"bytes"
	"cmp"
	"encoding/base64"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/intelligen/intelligen/providers/models"
)

// StabilityFiltered is the word that makes the Stability fake withhold its
// image: a prompt containing it gets finish_reason CONTENT_FILTERED.
const StabilityFiltered = "forbidden"

// Images the Stability fake answers with, one per output_format: a 2×2
// PNG and JPEG, and a 1×1 lossless WebP.
var (
	StabilityPNG  = stabilityEncode("png")
	StabilityJPEG = stabilityEncode("jpeg")
	StabilityWebP = []byte("RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00")
)

// Seed of the Stability fake's answer when the request gives none.
const StabilitySeed = 1234

// NewStability starts a fake of Stability AI's Stable Image API v2beta
// (docs/providers.md#stability) that accepts the API key key as "Authorization:
// Bearer". It serves POST /v2beta/stable-image/generate/{core,ultra,sd3}.
//
// Like the real API it requires a multipart/form-data body (parsed with
// r.ParseMultipartForm) with a prompt, checks aspect_ratio, seed,
// output_format and (on sd3) model, and answers errors as
// {"id","name","errors":[...]}. With "Accept: application/json" it answers
// {"image":<base64>,"finish_reason","seed"}; with image/* (or no Accept)
// the raw image, with finish-reason and seed headers. The image is
// [StabilityPNG], [StabilityJPEG] or [StabilityWebP] by output_format; the
// seed is the one asked for, or [StabilitySeed]. A prompt containing
// [StabilityFiltered] gets finish_reason CONTENT_FILTERED.
func NewStability(key string) *Server {
	var s *Server
	s = NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		stabilityServe(s, w, r, key)
	}), StabilityError)
	return s
}

func stabilityServe(s *Server, w http.ResponseWriter, r *http.Request, key string) {
	const prefix = "/v2beta/stable-image/generate/"
	ep, ok := strings.CutPrefix(r.URL.Path, prefix)
	if !ok || (ep != "core" && ep != "ultra" && ep != "sd3") {
		s.Error(w, http.StatusNotFound, "not_found", "route: "+r.URL.Path+" not found")
		return
	}
	if r.Method != http.MethodPost {
		s.Error(w, http.StatusMethodNotAllowed, "method_not_allowed", "method: must be POST")
		return
	}
	if r.Header.Get("Authorization") != "Bearer "+key {
		s.Error(w, http.StatusUnauthorized, "unauthorized", "authorization: invalid or missing")
		return
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "multipart/form-data" {
		s.Error(w, http.StatusBadRequest, "bad_request", "content-type: must be multipart/form-data")
		return
	}
	accept := r.Header.Get("Accept")
	if accept != "" && accept != "application/json" && accept != "image/*" {
		s.Error(w, http.StatusBadRequest, "bad_request", "accept: must be image/* or application/json")
		return
	}
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		s.Error(w, http.StatusBadRequest, "bad_request", "body: "+err.Error())
		return
	}
	form := r.MultipartForm.Value
	get := func(name string) string {
		if v := form[name]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	var errs []string
	prompt := get("prompt")
	if prompt == "" {
		errs = append(errs, "prompt: required")
	}
	if ar := get("aspect_ratio"); ar != "" && !slices.Contains(models.StabilityAspects, ar) {
		errs = append(errs, "aspect_ratio: must be one of "+strings.Join(models.StabilityAspects, ", "))
	}
	seed := int64(StabilitySeed)
	if v := get("seed"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 || n > 4294967294 {
			errs = append(errs, "seed: must be an integer between 0 and 4294967294")
		} else if n != 0 {
			seed = n
		}
	}
	format := get("output_format")
	if format == "" {
		format = "png"
	}
	img, ok := map[string][]byte{"png": StabilityPNG, "jpeg": StabilityJPEG, "webp": StabilityWebP}[format]
	if !ok {
		errs = append(errs, "output_format: must be one of png, jpeg, webp")
	}
	if ep == "sd3" {
		if m := get("model"); m != "" && !slices.Contains([]string{"sd3.5-large", "sd3.5-large-turbo", "sd3.5-medium", "sd3.5-flash"}, m) {
			errs = append(errs, "model: must be one of sd3.5-large, sd3.5-large-turbo, sd3.5-medium, sd3.5-flash")
		}
	}
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, map[string]any{"id": "fake-400", "name": "bad_request", "errors": errs})
		return
	}
	finish := "SUCCESS"
	if strings.Contains(prompt, StabilityFiltered) {
		finish = "CONTENT_FILTERED"
	}
	if accept == "application/json" {
		writeJSON(w, http.StatusOK, map[string]any{
			"image":         base64.StdEncoding.EncodeToString(img),
			"finish_reason": finish,
			"seed":          seed,
		})
		return
	}
	w.Header().Set("Content-Type", "image/"+format)
	w.Header().Set("Finish-Reason", finish)
	w.Header().Set("Seed", strconv.FormatInt(seed, 10))
	w.Write(img)
}

// stabilityNames are the error names Stability answers a status with;
// any other status is "internal_error".
var stabilityNames = map[int]string{
	http.StatusBadRequest:            "bad_request",
	http.StatusUnauthorized:          "unauthorized",
	http.StatusForbidden:             "content_moderation",
	http.StatusNotFound:              "not_found",
	http.StatusRequestEntityTooLarge: "payload_too_large",
	http.StatusUnprocessableEntity:   "invalid_request",
	http.StatusTooManyRequests:       "rate_limit_exceeded",
}

// StabilityError writes Stability's error body {"id","name","errors"}:
// name is code (a default per status when empty), errors is [message].
func StabilityError(w http.ResponseWriter, status int, code, message string) {
	if code == "" {
		code = cmp.Or(stabilityNames[status], "internal_error")
	}
	writeJSON(w, status, map[string]any{
		"id":     "fake-" + strconv.Itoa(status),
		"name":   code,
		"errors": []string{message},
	})
}

func stabilityEncode(format string) []byte {
	m := image.NewNRGBA(image.Rect(0, 0, 2, 2))
	for i := range 4 {
		m.Set(i%2, i/2, color.NRGBA{uint8(60 * i), 128, 200, 255})
	}
	var b bytes.Buffer
	var err error
	if format == "png" {
		err = png.Encode(&b, m)
	} else {
		err = jpeg.Encode(&b, m, nil)
	}
	if err != nil {
		panic(err) // encoding a 2×2 image to memory cannot fail
	}
	return b.Bytes()
}
