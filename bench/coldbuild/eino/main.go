// Command eino is the Eino equivalent of coldbuild/intelligen: the seed
// flow as a compose graph in DAG mode, its lambdas computing the
// simulator's outputs (docs/simulator.md). It depends on Eino only, not on intelligen.
package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"strings"

	"github.com/cloudwego/eino/compose"
)

type task struct {
	name, input string
	after       []string
	image       bool
}

var tasks = []task{
	{name: "task1", input: "Identify requirements for building a blogging website about the environment"},
	{name: "task2", input: "Generate the website description and theme details from the requirements", after: []string{"task1"}},
	{name: "task3", input: "Generate short image description for image model", after: []string{"task2"}},
	{name: "task4", input: "Design a logo with colorful style from the description", after: []string{"task3"}, image: true},
	{name: "task5", input: "Generate code based on combined tasks", after: []string{"task1", "task2"}},
}

// simulate is the simulator (docs/simulator.md) for text and image tasks.
func simulate(t task, prompt string) (any, error) {
	h := sha256.Sum256([]byte(t.name + "\x00" + prompt))
	if !t.image {
		return t.name + ":" + hex.EncodeToString(h[:])[:12], nil
	}
	img := image.NewNRGBA(image.Rect(0, 0, 8, 8))
	for y := range 8 {
		for x := range 8 {
			img.SetNRGBA(x, y, color.NRGBA{h[0], h[1], h[2], 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func main() {
	ctx := context.Background()
	g := compose.NewGraph[map[string]any, map[string]any]()
	for _, t := range tasks {
		fn := func(ctx context.Context, in map[string]any) (any, error) {
			parts := []string{t.input}
			for _, p := range t.after {
				parts = append(parts, in[p].(string))
			}
			return simulate(t, strings.Join(parts, "\n\n"))
		}
		must(g.AddLambdaNode(t.name, compose.InvokableLambda(fn), compose.WithOutputKey(t.name)))
	}
	for _, t := range tasks {
		if len(t.after) == 0 {
			must(g.AddEdge(compose.START, t.name))
		}
		for _, p := range t.after {
			must(g.AddEdge(p, t.name))
		}
		must(g.AddEdge(t.name, compose.END))
	}
	r, err := g.Compile(ctx, compose.WithNodeTriggerMode(compose.AllPredecessor))
	must(err)
	out, err := r.Invoke(ctx, map[string]any{})
	must(err)
	fmt.Println(out["task1"], out["task2"], out["task3"], out["task5"])
}

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
