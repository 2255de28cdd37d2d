package simtest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"

	"github.com/intelligen/intelligen/ir"
)

// Typed is the simulated answer of a task whose output has type t
// (docs/simulator.md#typed-outputs): the canonical JSON of gen(t, ""),
// where h is the task's hash and every path p hashes to
// hp = SHA-256(h ‖ p).
func Typed(t *ir.Type, task, prompt string, media ...[]byte) string {
	g := &typedGen{task: task, prompt: prompt, media: media, h: hash(task, prompt, media)}
	g.gen(t, "")
	return g.b.String()
}

type typedGen struct {
	task, prompt string
	media        [][]byte
	h            [32]byte
	b            bytes.Buffer
}

func (g *typedGen) hp(p string) [32]byte {
	return sha256.Sum256(append(g.h[:len(g.h):len(g.h)], p...))
}

func (g *typedGen) str(s string) {
	enc := json.NewEncoder(&g.b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		panic(err) // a string always encodes
	}
	g.b.Truncate(g.b.Len() - 1) // Encode's newline
}

func (g *typedGen) gen(t *ir.Type, p string) {
	hp := g.hp(p)
	switch t.Kind {
	case ir.KindString:
		if p == "" {
			g.str(Text(g.task, g.prompt, g.media...))
			return
		}
		g.str(g.task + "." + p + ":" + hex.EncodeToString(hp[:])[:8])
	case ir.KindNumber:
		b, err := json.Marshal(float64(int(hp[0])-128) / 4)
		if err != nil {
			panic(err)
		}
		g.b.Write(b)
	case ir.KindBool:
		g.b.WriteString(strconv.FormatBool(hp[0]%2 == 1))
	case ir.KindEnum:
		g.str(t.Enum[int(hp[0])%len(t.Enum)])
	case ir.KindList:
		g.b.WriteByte('[')
		for i := range int(hp[0] % 4) {
			if i > 0 {
				g.b.WriteByte(',')
			}
			g.gen(t.Elem, p+"["+strconv.Itoa(i)+"]")
		}
		g.b.WriteByte(']')
	case ir.KindMap:
		g.b.WriteByte('{')
		for j := range int(hp[0] % 3) {
			if j > 0 {
				g.b.WriteByte(',')
			}
			k := "k" + strconv.Itoa(j)
			g.str(k)
			g.b.WriteByte(':')
			g.gen(t.Elem, under(p, k))
		}
		g.b.WriteByte('}')
	case ir.KindObject:
		g.b.WriteByte('{')
		for i, a := range t.Attrs {
			if i > 0 {
				g.b.WriteByte(',')
			}
			g.str(a.Name)
			g.b.WriteByte(':')
			q := under(p, a.Name)
			if hq := g.hp(q); a.Optional && hq[31]%4 == 0 {
				g.b.WriteString("null")
				continue
			}
			g.gen(a.Type, q)
		}
		g.b.WriteByte('}')
	}
}

// under is the path of attribute or key a under p.
func under(p, a string) string {
	if p == "" {
		return a
	}
	return p + "." + a
}
