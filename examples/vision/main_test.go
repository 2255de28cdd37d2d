package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// simPNG is SPEC §5's simulated image for task and prompt, built
// independently of the runtime.
func simPNG(t *testing.T, task, prompt string) []byte {
	h := sha256.Sum256([]byte(task + "\x00" + prompt))
	img := image.NewNRGBA(image.Rect(0, 0, 8, 8))
	for y := range 8 {
		for x := range 8 {
			img.SetNRGBA(x, y, color.NRGBA{h[0], h[1], h[2], 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestOffline(t *testing.T) {
	for _, k := range []string{"OPENAI_API_KEY", "ANTHROPIC_API_KEY", "INTELLIGEN_SIMULATE"} {
		t.Setenv(k, "")
	}
	path := filepath.Join(t.TempDir(), "p.png")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"-subject", "a red kite", "-o", path}, &stdout, &stderr); code != 0 {
		t.Fatalf("run = %d, stderr:\n%s", code, &stderr)
	}
	pic := simPNG(t, "picture", "A watercolour of a red kite")
	h := sha256.Sum256(append([]byte("caption\x00Describe this picture in one sentence.\x00"), pic...))
	caption := "caption:" + hex.EncodeToString(h[:])[:12]
	want := "picture: " + path + " (image/png, 82 bytes)\ncaption: " + caption + "\n"
	if got := stdout.String(); got != want {
		t.Errorf("stdout = %q, want %q", got, want)
	}
	if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, pic) {
		t.Errorf("picture file = %x (err %v), want %x", got, err, pic)
	}
	if want := "vision: OPENAI_API_KEY, ANTHROPIC_API_KEY not set: running offline in simulation\n"; stderr.String() != want {
		t.Errorf("stderr = %q, want %q", stderr.String(), want)
	}
}
