package main

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/intelligen/intelligen/internal/simtest"
)

func TestOffline(t *testing.T) {
	for _, k := range []string{"OPENAI_API_KEY", "ANTHROPIC_API_KEY", "INTELLIGEN_SIMULATE"} {
		t.Setenv(k, "")
	}
	path := filepath.Join(t.TempDir(), "p.png")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"-subject", "a red kite", "-o", path}, &stdout, &stderr); code != 0 {
		t.Fatalf("run = %d, stderr:\n%s", code, &stderr)
	}
	pic := simtest.Image("picture", "A watercolour of a red kite")
	caption := simtest.Text("caption", "Describe this picture in one sentence.", pic)
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

// TestOwnImage describes a PNG the test writes, through the photo flow's
// image variable; the simulated caption covers the file's bytes.
func TestOwnImage(t *testing.T) {
	for _, k := range []string{"ANTHROPIC_API_KEY", "INTELLIGEN_SIMULATE"} {
		t.Setenv(k, "")
	}
	img := image.NewNRGBA(image.Rect(0, 0, 4, 4))
	img.SetNRGBA(1, 2, color.NRGBA{200, 30, 60, 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "mine.png")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"-image", path}, &stdout, &stderr); code != 0 {
		t.Fatalf("run = %d, stderr:\n%s", code, &stderr)
	}
	want := "caption: " + simtest.Text("caption", "Describe this picture in one sentence.", buf.Bytes()) + "\n"
	if got := stdout.String(); got != want {
		t.Errorf("stdout = %q, want %q", got, want)
	}

	// An empty file is an empty image: Run names the variable.
	empty := filepath.Join(t.TempDir(), "empty.png")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	stdout.Reset()
	stderr.Reset()
	if code := run(context.Background(), []string{"-image", empty}, &stdout, &stderr); code != 1 {
		t.Fatalf("run of an empty image = %d, want 1", code)
	}
	if !strings.Contains(stderr.String(), `input "photo" is required and empty`) {
		t.Errorf("stderr = %q, want the empty photo named", stderr.String())
	}
}
