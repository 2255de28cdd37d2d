package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
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
