package simtest

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"image"
	"image/color"
	"image/png"
)

// hash is h for task and prompt; media are the task's images or audio, in
// the order it receives them.
func hash(task, prompt string, media [][]byte) [32]byte {
	msg := []byte(task + "\x00" + prompt)
	for _, m := range media {
		msg = append(append(msg, 0), m...)
	}
	return sha256.Sum256(msg)
}

// Text is the simulated text: task ":" the first 12 hex digits of h.
func Text(task, prompt string, media ...[]byte) string {
	h := hash(task, prompt, media)
	return task + ":" + hex.EncodeToString(h[:])[:12]
}

// Image is the simulated image: an 8×8 PNG of the colour h[0], h[1], h[2].
func Image(task, prompt string, media ...[]byte) []byte {
	h := hash(task, prompt, media)
	img := image.NewNRGBA(image.Rect(0, 0, 8, 8))
	for y := range 8 {
		for x := range 8 {
			img.SetNRGBA(x, y, color.NRGBA{h[0], h[1], h[2], 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		panic(err) // encoding to memory does not fail
	}
	return buf.Bytes()
}

// Audio is the simulated speech: a 44-byte PCM WAV header (8 kHz, mono,
// 16-bit) for 1600 bytes of data, then h 50 times.
func Audio(task, prompt string, media ...[]byte) []byte {
	h := hash(task, prompt, media)
	hdr := make([]byte, 44)
	copy(hdr, "RIFF")
	binary.LittleEndian.PutUint32(hdr[4:], 36+1600)
	copy(hdr[8:], "WAVEfmt ")
	binary.LittleEndian.PutUint32(hdr[16:], 16)
	binary.LittleEndian.PutUint16(hdr[20:], 1)
	binary.LittleEndian.PutUint16(hdr[22:], 1)
	binary.LittleEndian.PutUint32(hdr[24:], 8000)
	binary.LittleEndian.PutUint32(hdr[28:], 16000)
	binary.LittleEndian.PutUint16(hdr[32:], 2)
	binary.LittleEndian.PutUint16(hdr[34:], 16)
	copy(hdr[36:], "data")
	binary.LittleEndian.PutUint32(hdr[40:], 1600)
	return append(hdr, bytes.Repeat(h[:], 50)...)
}

// Embedding is the simulated embedding: h[0..7] scaled to [0, 1].
func Embedding(task, prompt string, media ...[]byte) []float32 {
	h := hash(task, prompt, media)
	e := make([]float32, 8)
	for i := range e {
		e[i] = float32(h[i]) / 255
	}
	return e
}
