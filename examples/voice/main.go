// Command voice speaks a sentence with a text-to-speech model and
// transcribes the audio back: an audio edge feeding a recognition task.
//
// With OPENAI_API_KEY set it calls OpenAI; without it it runs offline in
// the simulator (whose transcript is a hash, not the sentence).
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/intelligen/intelligen/runtime"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("voice", flag.ContinueOnError)
	fs.SetOutput(stderr)
	sentence := fs.String("say", "", "the sentence (default: the flow's)")
	audioPath := fs.String("o", "speech.wav", "where to write the audio")
	if err := fs.Parse(args); err != nil {
		return 2
	}

	f, err := New()
	if missing := runtime.MissingKeys(err); len(missing) > 0 {
		fmt.Fprintf(stderr, "voice: %s not set: running offline in simulation\n", strings.Join(missing, ", "))
		f, err = New(runtime.WithSimulation())
	}
	if err != nil {
		fmt.Fprintln(stderr, "voice:", err)
		return 1
	}
	var in Input
	if *sentence != "" {
		in.Sentence = sentence
	}
	out, err := f.Run(ctx, in)
	if err != nil {
		fmt.Fprintln(stderr, "voice:", err)
		return 1
	}
	if err := os.WriteFile(*audioPath, out.Say.Data, 0o644); err != nil {
		fmt.Fprintln(stderr, "voice:", err)
		return 1
	}
	fmt.Fprintf(stdout, "speech: %s (%s, %d bytes)\nheard: %s\n", *audioPath, out.Say.MIME, len(out.Say.Data), out.Hear)
	return 0
}
