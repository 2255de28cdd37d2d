package simtest_test

import (
	"bytes"
	"context"
	"slices"
	"testing"

	"github.com/intelligen/intelligen/internal/simtest"
	"github.com/intelligen/intelligen/runtime"
)

// TestMatchesRuntime checks the two definitions against each other: this
// package's and the runtime simulator's.
func TestMatchesRuntime(t *testing.T) {
	img := simtest.Image("pic", "a kite")
	for _, tc := range []struct {
		kind   runtime.Kind
		image  []byte
		image2 []byte
		audio  []byte
	}{
		{kind: runtime.KindText},
		{kind: runtime.KindImage},
		{kind: runtime.KindSpeech},
		{kind: runtime.KindEmbed},
		{kind: runtime.KindVision, image: img},
		{kind: runtime.KindVision, image: img, image2: []byte("second")},
	} {
		req := &runtime.Request{Task: "t", Kind: tc.kind, Prompt: "hello\n\nworld"}
		var media [][]byte
		if tc.image != nil {
			req.Images = []runtime.Image{{MIME: "image/png", Data: tc.image}}
			media = [][]byte{tc.image}
		}
		if tc.image2 != nil {
			req.Images = append(req.Images, runtime.Image{MIME: "image/jpeg", Data: tc.image2})
			media = append(media, tc.image2)
		}
		resp, err := runtime.Simulator{}.Call(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		switch tc.kind {
		case runtime.KindImage:
			if want := simtest.Image("t", req.Prompt); !bytes.Equal(resp.Image.Data, want) {
				t.Errorf("image differs")
			}
		case runtime.KindSpeech:
			if want := simtest.Audio("t", req.Prompt); !bytes.Equal(resp.Audio.Data, want) {
				t.Errorf("audio differs")
			}
		case runtime.KindEmbed:
			if want := simtest.Embedding("t", req.Prompt); !slices.Equal(resp.Embedding, want) {
				t.Errorf("embedding = %v, want %v", resp.Embedding, want)
			}
		default:
			if want := simtest.Text("t", req.Prompt, media...); resp.Text != want {
				t.Errorf("%s: text = %q, want %q", tc.kind, resp.Text, want)
			}
		}
	}
}
