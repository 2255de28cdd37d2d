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
	for _, k := range []string{"OPENAI_API_KEY", "INTELLIGEN_SIMULATE"} {
		t.Setenv(k, "")
	}
	path := filepath.Join(t.TempDir(), "s.wav")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"-say", "hello", "-o", path}, &stdout, &stderr); code != 0 {
		t.Fatalf("run = %d, stderr:\n%s", code, &stderr)
	}
	wav, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if want := simtest.Audio("say", "hello"); !bytes.Equal(wav, want) {
		t.Errorf("speech.wav is not the simulated WAV: % x...", wav[:min(len(wav), 80)])
	}
	heard := simtest.Text("hear", "", wav) // empty prompt, then the audio
	want := "speech: " + path + " (audio/wav, 1644 bytes)\nheard: " + heard + "\n"
	if got := stdout.String(); got != want {
		t.Errorf("stdout = %q, want %q", got, want)
	}
}
