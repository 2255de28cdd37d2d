package runtime

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"image"
	"image/color"
	"image/png"
	"sync"
	"time"
)

// Simulator is the deterministic agent of docs/simulator.md. Its outputs depend only
// on the request's Task, Kind, Prompt and media; it uses no network.
type Simulator struct {
	// Latency is slept before each answer, honouring the context.
	Latency time.Duration
}

// Call returns the simulated answer to req.
func (s Simulator) Call(ctx context.Context, req *Request) (*Response, error) {
	if s.Latency > 0 {
		if sleep(ctx, s.Latency) != nil {
			return nil, ctx.Err()
		}
	} else if err := ctx.Err(); err != nil {
		return nil, err
	}
	resp := Simulate(req)
	return &resp, nil
}

// Simulate computes the simulated response to req (docs/simulator.md) without
// sleeping.
func Simulate(req *Request) Response {
	h := simHash(req)
	switch req.Kind {
	case KindImage:
		return Response{Image: simImage(h)}
	case KindSpeech:
		return Response{Audio: simAudio(h)}
	case KindEmbed:
		v := make(Embedding, 8)
		for i := range v {
			v[i] = float32(h[i]) / 255
		}
		return Response{Embedding: v}
	}
	if req.Schema != nil {
		return Response{Text: simTyped(req.Task, h, req.Schema.root)}
	}
	return Response{Text: simText(req.Task, h)}
}

// simText is the text rule: task + ":" + the hash's first 12 hex digits.
func simText(task string, h [sha256.Size]byte) string {
	var b [12]byte // the first 6 bytes of the hash in hex
	hex.Encode(b[:], h[:6])
	return task + ":" + string(b[:])
}

// simHash is SHA-256(task + "\x00" + prompt [+ ("\x00" + media)...]).
func simHash(req *Request) (h [sha256.Size]byte) {
	d := sha256.New()
	d.Write([]byte(req.Task))
	d.Write([]byte{0})
	d.Write([]byte(req.Prompt))
	for _, img := range req.Images {
		d.Write([]byte{0})
		d.Write(img.Data)
	}
	if req.Audio != nil {
		d.Write([]byte{0})
		d.Write(req.Audio.Data)
	}
	d.Sum(h[:0])
	return h
}

// pngEncoder is the default png.Encoder (so the bytes are those of
// png.Encode) with its ~800 KB of compressor state reused across calls.
var pngEncoder = png.Encoder{BufferPool: new(pngPool)}

type pngPool sync.Pool

func (p *pngPool) Get() *png.EncoderBuffer {
	b, _ := (*sync.Pool)(p).Get().(*png.EncoderBuffer)
	return b
}

func (p *pngPool) Put(b *png.EncoderBuffer) { (*sync.Pool)(p).Put(b) }

func simImage(h [sha256.Size]byte) Image {
	img := image.NewNRGBA(image.Rect(0, 0, 8, 8))
	c := color.NRGBA{h[0], h[1], h[2], 255}
	for y := range 8 {
		for x := range 8 {
			img.SetNRGBA(x, y, c)
		}
	}
	var buf bytes.Buffer
	buf.Grow(128) // the PNG of a uniform 8×8 image is 82 bytes
	if err := pngEncoder.Encode(&buf, img); err != nil {
		panic("runtime: encode simulated image: " + err.Error()) // cannot happen with a bytes.Buffer
	}
	return Image{MIME: "image/png", Data: buf.Bytes()}
}

// simAudio is a 44-byte PCM WAV header (mono, 16-bit, 8000 Hz) and 1600
// data bytes: h repeated 50 times.
func simAudio(h [sha256.Size]byte) Audio {
	const dataLen = 50 * sha256.Size
	b := make([]byte, 44, 44+dataLen)
	copy(b[0:], "RIFF")
	binary.LittleEndian.PutUint32(b[4:], 36+dataLen)
	copy(b[8:], "WAVE")
	copy(b[12:], "fmt ")
	binary.LittleEndian.PutUint32(b[16:], 16)     // fmt chunk size
	binary.LittleEndian.PutUint16(b[20:], 1)      // PCM
	binary.LittleEndian.PutUint16(b[22:], 1)      // mono
	binary.LittleEndian.PutUint32(b[24:], 8000)   // sample rate
	binary.LittleEndian.PutUint32(b[28:], 8000*2) // byte rate
	binary.LittleEndian.PutUint16(b[32:], 2)      // block align
	binary.LittleEndian.PutUint16(b[34:], 16)     // bits per sample
	copy(b[36:], "data")
	binary.LittleEndian.PutUint32(b[40:], dataLen)
	for range 50 {
		b = append(b, h[:]...)
	}
	return Audio{MIME: "audio/wav", Data: b}
}
