package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"
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
	// SPEC §5: a 44-byte PCM WAV header, then SHA-256("say\x00hello") 50 times.
	wav, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.Sum256([]byte("say\x00hello"))
	if len(wav) != 44+1600 || string(wav[:4]) != "RIFF" || string(wav[8:16]) != "WAVEfmt " ||
		binary.LittleEndian.Uint32(wav[24:]) != 8000 || !bytes.Equal(wav[44:76], h[:]) || !bytes.Equal(wav[1612:], h[:]) {
		t.Errorf("speech.wav is not the simulated WAV: % x...", wav[:min(len(wav), 80)])
	}
	heard := sha256.Sum256(append([]byte("hear\x00\x00"), wav...)) // empty prompt, then the audio
	want := "speech: " + path + " (audio/wav, 1644 bytes)\nheard: hear:" + hex.EncodeToString(heard[:])[:12] + "\n"
	if got := stdout.String(); got != want {
		t.Errorf("stdout = %q, want %q", got, want)
	}
}
