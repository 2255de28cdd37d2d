package gen_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/intelligen/intelligen/gen"
	"github.com/intelligen/intelligen/internal/flowtest"
	"github.com/intelligen/intelligen/ir"
)

// TestProperty generates random valid flows, compiles and runs them in
// simulation, and compares every output with an independent computation
// of SPEC §3.4 (prompt composition) and §5 (the simulator).
func TestProperty(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles generated code")
	}
	const n = 16
	var cases []flowtest.Case
	var want []string
	for i := range n {
		r := rand.New(rand.NewPCG(uint64(i), 7))
		w, in := randomFlow(r, i)
		src, err := gen.Go(w, nil)
		if err != nil {
			t.Fatal(err)
		}
		assertGenerated(t, src)
		cases = append(cases, flowtest.Case{W: w, Src: src, Input: in})
		want = append(want, expect(w, in))
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	got := flowtest.CompileAndRun(t, root, cases)
	for i := range cases {
		if got[i] != want[i] {
			t.Errorf("flow %d: simulated outputs differ\ngot:\n%s\nwant:\n%s", i, got[i], want[i])
		}
	}
}

var literals = []string{"", "x", "Write about", " and ", "\"q\" `b` */ 100% ${x} é世🎉", "\n", "line\nbreak"}

// randomFlow builds a random valid flow: a random topological rank per
// task (so declaration order differs from dependency order), random
// agent types, template references and after entries to lower-ranked
// tasks, and variables of every type.
func randomFlow(r *rand.Rand, seed int) (*ir.Workflow, map[string]any) {
	b := flowtest.New(fmt.Sprint("prop", seed))
	b.W.MaxParallel = r.IntN(3)
	in := map[string]any{}
	var vars []*ir.Variable
	for i := range r.IntN(4) {
		name := fmt.Sprint("v", i)
		types := []ir.VarType{ir.String, ir.Number, ir.Bool}
		vt := types[r.IntN(3)]
		var def, val any
		switch vt {
		case ir.String:
			def, val = literals[r.IntN(len(literals))], literals[1+r.IntN(len(literals)-1)]
		case ir.Number:
			def, val = float64(r.IntN(2000)-1000)/8, float64(r.IntN(100))/4
		case ir.Bool:
			def, val = r.IntN(2) == 0, r.IntN(2) == 0
		}
		if r.IntN(2) == 0 {
			def = nil
		}
		v := b.Var(name, vt, def, "")
		vars = append(vars, v)
		if def == nil || r.IntN(2) == 0 {
			in[name] = val
		}
	}
	types := []ir.AgentType{ir.Text, ir.Text, ir.Image, ir.Vision, ir.Speech, ir.Recognition, ir.Embed}
	agents := map[ir.AgentType]*ir.Agent{}
	agent := func(t ir.AgentType) *ir.Agent {
		if agents[t] == nil {
			agents[t] = b.Agent("agent_"+string(t), t, "openai")
		}
		return agents[t]
	}
	nt := 1 + r.IntN(8)
	rank := r.Perm(nt)
	// Declare tasks first (without edges), then wire them by rank.
	tasks := make([]*ir.Task, nt)
	want := make([]ir.AgentType, nt)
	for i := range nt {
		want[i] = types[r.IntN(len(types))]
	}
	byRank := make([]int, nt)
	for i, rk := range rank {
		byRank[rk] = i
	}
	lower := func(i int, out ir.ValueType) []int {
		var idx []int
		for j := range nt {
			if rank[j] < rank[i] && tasks[j] != nil && tasks[j].Output == out {
				idx = append(idx, j)
			}
		}
		return idx
	}
	// Create in rank order so edges only point to created tasks, but give
	// each its declaration index afterwards.
	for _, i := range byRank {
		at := want[i]
		var media *ir.Task
		switch at {
		case ir.Vision, ir.Recognition:
			out := ir.ImageValue
			if at == ir.Recognition {
				out = ir.AudioValue
			}
			if c := lower(i, out); len(c) > 0 {
				media = tasks[c[r.IntN(len(c))]]
			} else {
				at = ir.Text
			}
		}
		var parts []any
		texts := lower(i, ir.TextValue)
		for range r.IntN(4) {
			switch k := r.IntN(3); {
			case k == 0 && len(vars) > 0:
				parts = append(parts, vars[r.IntN(len(vars))])
			case k == 1 && len(texts) > 0:
				parts = append(parts, tasks[texts[r.IntN(len(texts))]])
			default:
				parts = append(parts, literals[r.IntN(len(literals))])
			}
		}
		t := b.Task(fmt.Sprintf("t%d_%d", i, rank[i]), agent(at), parts...)
		var after []*ir.Task
		for range r.IntN(3) {
			if len(texts) > 0 {
				after = append(after, tasks[texts[r.IntN(len(texts))]])
			}
		}
		if media != nil {
			after = append(after[:len(after):len(after)], media)
			r.Shuffle(len(after), func(x, y int) { after[x], after[y] = after[y], after[x] })
		}
		b.After(t, after...)
		if len(t.Input) == 0 && len(t.In) == 0 {
			t.Input = append(t.Input, ir.Part{Literal: "seed"})
		}
		t.Exclude = r.IntN(5) == 0
		tasks[i] = t
	}
	// Reorder declarations to task index order i (not rank order).
	for i, t := range tasks {
		b.W.Tasks[i] = t
		t.Index = i
	}
	return b.Build(), in
}

// expect computes what the generated program must print for w and in,
// from SPEC alone.
func expect(w *ir.Workflow, in map[string]any) string {
	vals := map[string]string{} // variable name -> rendered text
	for _, v := range w.Variables {
		x, ok := in[v.Name]
		if !ok {
			x = v.Default
		}
		switch x := x.(type) {
		case string:
			vals[v.Name] = x
		case float64:
			vals[v.Name] = strconv.FormatFloat(x, 'f', -1, 64)
		case bool:
			vals[v.Name] = strconv.FormatBool(x)
		}
	}
	type result struct {
		text  string
		media []byte
		mime  string
		emb   []float32
	}
	res := map[*ir.Task]*result{}
	var order []*ir.Task
	done := map[*ir.Task]bool{}
	for len(order) < len(w.Tasks) {
		for _, t := range w.Tasks {
			if done[t] {
				continue
			}
			ready := true
			for _, e := range t.In {
				ready = ready && done[e.From]
			}
			if ready {
				done[t] = true
				order = append(order, t)
			}
		}
	}
	for _, t := range order {
		var input strings.Builder
		for _, p := range t.Input {
			switch {
			case p.Var != nil:
				input.WriteString(vals[p.Var.Name])
			case p.Edge != nil:
				input.WriteString(res[p.Edge.From].text)
			default:
				input.WriteString(p.Literal)
			}
		}
		var parts []string
		if input.Len() > 0 {
			parts = append(parts, input.String())
		}
		var media []byte
		hasMedia := false
		for _, e := range t.In {
			if e.Via != ir.ViaAfter {
				continue
			}
			if e.Type == ir.TextValue {
				parts = append(parts, res[e.From].text)
			} else {
				media, hasMedia = res[e.From].media, true
			}
		}
		msg := t.Name + "\x00" + strings.Join(parts, "\n\n")
		if hasMedia {
			msg += "\x00" + string(media)
		}
		h := sha256.Sum256([]byte(msg))
		r := &result{}
		switch t.Agent.Type {
		case ir.Image:
			img := image.NewNRGBA(image.Rect(0, 0, 8, 8))
			for y := range 8 {
				for x := range 8 {
					img.SetNRGBA(x, y, color.NRGBA{h[0], h[1], h[2], 255})
				}
			}
			var buf bytes.Buffer
			if err := png.Encode(&buf, img); err != nil {
				panic(err)
			}
			r.media, r.mime = buf.Bytes(), "image/png"
		case ir.Speech:
			var buf bytes.Buffer
			buf.WriteString("RIFF")
			binary.Write(&buf, binary.LittleEndian, uint32(36+1600))
			buf.WriteString("WAVEfmt ")
			for _, x := range []any{uint32(16), uint16(1), uint16(1), uint32(8000), uint32(16000), uint16(2), uint16(16)} {
				binary.Write(&buf, binary.LittleEndian, x)
			}
			buf.WriteString("data")
			binary.Write(&buf, binary.LittleEndian, uint32(1600))
			for range 50 {
				buf.Write(h[:])
			}
			r.media, r.mime = buf.Bytes(), "audio/wav"
		case ir.Embed:
			for i := range 8 {
				r.emb = append(r.emb, float32(h[i])/255)
			}
		default:
			r.text = t.Name + ":" + hex.EncodeToString(h[:])[:12]
		}
		res[t] = r
	}
	var out strings.Builder
	for _, t := range w.Tasks {
		if t.Exclude {
			continue
		}
		r := res[t]
		switch t.Output {
		case ir.ImageValue, ir.AudioValue:
			s := sha256.Sum256(r.media)
			fmt.Fprintf(&out, "%s: %s, %d bytes, sha256 %x\n", t.Name, r.mime, len(r.media), s[:8])
		case ir.EmbeddingValue:
			fmt.Fprintln(&out, t.Name+":", r.emb)
		default:
			fmt.Fprintf(&out, "%s: %q\n", t.Name, r.text)
		}
	}
	return out.String()
}
