package openai

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"slices"
	"strconv"
	"strings"

	"github.com/intelligen/intelligen/providers/internal/wire"
	"github.com/intelligen/intelligen/providers/models"
	"github.com/intelligen/intelligen/runtime"
)

// DefaultVoice is the voice of speech agents that set no params.voice.
const DefaultVoice = "alloy"

// DefaultSpeechFormat is the audio format of speech agents that set no
// params.format.
const DefaultSpeechFormat = "wav"

// speechRequest is the body of POST /audio/speech.
type speechRequest struct {
	Model          string `json:"model"`
	Input          string `json:"input"`
	Voice          string `json:"voice"`
	ResponseFormat string `json:"response_format"`
	Instructions   string `json:"instructions,omitempty"`
}

// speechMIME is the MIME type of each response_format, for answers whose
// Content-Type does not say.
var speechMIME = map[string]string{
	"mp3":  "audio/mpeg",
	"opus": "audio/opus",
	"aac":  "audio/aac",
	"flac": "audio/flac",
	"wav":  "audio/wav",
	"pcm":  "audio/pcm",
}

func (c *Client) speech(ctx context.Context, model string, req *runtime.Request, p *runtime.Params) (*runtime.Response, error) {
	in := &speechRequest{
		Model:          model,
		Input:          req.Prompt,
		Voice:          cmp.Or(p.Voice, DefaultVoice),
		ResponseFormat: cmp.Or(p.Format, DefaultSpeechFormat),
	}
	if models.SpeechInstructions(model) {
		// tts-1 and tts-1-hd take no instructions: the mission is left out.
		in.Instructions = req.Mission
	}
	body, err := wire.Marshal(in, p.Extra)
	if err != nil {
		return nil, fmt.Errorf("openai: encode request: %w", err)
	}
	resp, err := c.w.Do(ctx, http.MethodPost, "/audio/speech", "application/json", body)
	if err != nil {
		return nil, err
	}
	typ, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	switch {
	case strings.HasPrefix(typ, "audio/"):
	case typ == "" || typ == "application/octet-stream":
		typ = speechMIME[in.ResponseFormat]
		if typ == "" {
			typ = "application/octet-stream"
		}
	default:
		return nil, fmt.Errorf("openai: speech response is %s, not audio", typ)
	}
	if len(resp.Body) == 0 {
		return nil, fmt.Errorf("openai: speech response is empty")
	}
	return &runtime.Response{Audio: runtime.Audio{MIME: typ, Data: resp.Body}, Model: model}, nil
}

// transcriptionResponse is the answer of POST /audio/transcriptions with
// the default response_format json.
type transcriptionResponse struct {
	Text  *string `json:"text"`
	Usage *struct {
		InputTokens  int `json:"input_tokens"`
		OutputTokens int `json:"output_tokens"`
	} `json:"usage"`
}

// A field is one form field of a multipart request.
type field struct{ name, value string }

func (c *Client) transcribe(ctx context.Context, model string, req *runtime.Request, p *runtime.Params) (*runtime.Response, error) {
	if req.Audio == nil {
		return nil, fmt.Errorf("openai: recognition request has no audio")
	}
	fields := []field{{"model", model}}
	if p.Language != "" {
		fields = append(fields, field{"language", p.Language})
	}
	if req.Prompt != "" {
		fields = append(fields, field{"prompt", req.Prompt})
	}
	if p.Temperature != nil {
		fields = append(fields, field{"temperature", strconv.FormatFloat(*p.Temperature, 'f', -1, 64)})
	}
	fields, err := mergeFields(fields, p.Extra)
	if err != nil {
		return nil, fmt.Errorf("openai: encode request: %w", err)
	}
	body, ctype, err := transcriptionBody(req.Audio, fields)
	if err != nil {
		return nil, fmt.Errorf("openai: encode request: %w", err)
	}
	resp, err := c.w.Do(ctx, http.MethodPost, "/audio/transcriptions", ctype, body)
	if err != nil {
		return nil, err
	}
	var out transcriptionResponse
	if err := c.w.Decode(resp.Body, &out); err != nil {
		return nil, err
	}
	if out.Text == nil {
		return nil, fmt.Errorf("openai: transcription response has no text")
	}
	r := &runtime.Response{Text: *out.Text, Model: model}
	if u := out.Usage; u != nil {
		r.Usage = runtime.Usage{InputTokens: u.InputTokens, OutputTokens: u.OutputTokens}
	}
	return r, nil
}

// mergeFields sets the fields of the JSON object extra over fields, in
// key order: a string is sent as is, an array as one field per element
// (as in "timestamp_granularities[]"), anything else as its JSON text.
func mergeFields(fields []field, extra json.RawMessage) ([]field, error) {
	if len(bytes.TrimSpace(extra)) == 0 {
		return fields, nil
	}
	var ext map[string]json.RawMessage
	if err := json.Unmarshal(extra, &ext); err != nil {
		return nil, fmt.Errorf("params.extra is not a JSON object: %w", err)
	}
	for _, k := range slices.Sorted(maps.Keys(ext)) {
		fields = slices.DeleteFunc(fields, func(f field) bool { return f.name == k })
		var elems []json.RawMessage
		if json.Unmarshal(ext[k], &elems) != nil {
			elems = []json.RawMessage{ext[k]}
		}
		for _, e := range elems {
			v := string(bytes.TrimSpace(e))
			var s string
			if json.Unmarshal(e, &s) == nil {
				v = s
			}
			fields = append(fields, field{k, v})
		}
	}
	return fields, nil
}

// transcriptionBody returns the multipart body of a transcription: the
// audio as the file part "audio.<ext>", then fields.
func transcriptionBody(a *runtime.Audio, fields []field) ([]byte, string, error) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	typ := a.MIME
	if typ == "" {
		typ = "audio/wav"
	}
	h := make(textproto.MIMEHeader)
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename="audio.%s"`, audioExt(typ)))
	h.Set("Content-Type", typ)
	pw, err := mw.CreatePart(h)
	if err != nil {
		return nil, "", err
	}
	if _, err := pw.Write(a.Data); err != nil {
		return nil, "", err
	}
	for _, f := range fields {
		if err := mw.WriteField(f.name, f.value); err != nil {
			return nil, "", err
		}
	}
	if err := mw.Close(); err != nil {
		return nil, "", err
	}
	return b.Bytes(), mw.FormDataContentType(), nil
}

// audioExt returns the file extension the transcription API expects for
// an audio MIME type (it checks the file name's extension).
func audioExt(typ string) string {
	switch t, _, _ := mime.ParseMediaType(typ); t {
	case "audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave":
		return "wav"
	case "audio/mpeg", "audio/mp3":
		return "mp3"
	case "audio/mp4", "audio/m4a", "audio/x-m4a":
		return "m4a"
	case "video/mp4":
		return "mp4"
	case "audio/flac", "audio/x-flac":
		return "flac"
	case "audio/ogg", "audio/opus":
		return "ogg"
	case "audio/webm", "video/webm":
		return "webm"
	default:
		_, sub, _ := strings.Cut(t, "/")
		if sub = strings.TrimPrefix(sub, "x-"); sub != "" {
			return sub
		}
		return "wav"
	}
}
