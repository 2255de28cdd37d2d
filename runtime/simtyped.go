package runtime

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
)

// simTyped is the simulated answer of a typed task
// (docs/simulator.md#typed-outputs): the canonical JSON of gen(T, "").
func simTyped(task string, h [sha256.Size]byte, root *node) string {
	g := simGen{task: task, h: h}
	g.gen(root, "")
	return g.b.String()
}

// simGen writes gen(T, p) for one typed answer.
type simGen struct {
	task string
	h    [sha256.Size]byte
	b    bytes.Buffer
}

// hash returns SHA-256(h ‖ p).
func (g *simGen) hash(p string) [sha256.Size]byte {
	d := sha256.New()
	d.Write(g.h[:])
	d.Write([]byte(p))
	var hp [sha256.Size]byte
	d.Sum(hp[:0])
	return hp
}

func (g *simGen) gen(n *node, p string) {
	if n.kind == kindString && p == "" {
		writeString(&g.b, simText(g.task, g.h))
		return
	}
	hp := g.hash(p)
	switch n.kind {
	case kindString:
		var x [8]byte
		hex.Encode(x[:], hp[:4])
		writeString(&g.b, g.task+"."+p+":"+string(x[:]))
	case kindNumber:
		// A quarter in [-32, 32): finite, and formatted as encoding/json
		// formats it.
		g.b.WriteString(strconv.FormatFloat(float64(int(hp[0])-128)/4, 'f', -1, 64))
	case kindBool:
		g.b.WriteString(strconv.FormatBool(hp[0]%2 == 1))
	case kindEnum:
		writeString(&g.b, n.enum[int(hp[0])%len(n.enum)])
	case kindArray:
		g.b.WriteByte('[')
		for i := range int(hp[0] % 4) {
			if i > 0 {
				g.b.WriteByte(',')
			}
			g.gen(n.elem, p+"["+strconv.Itoa(i)+"]")
		}
		g.b.WriteByte(']')
	case kindMap:
		g.b.WriteByte('{')
		for j := range int(hp[0] % 3) {
			if j > 0 {
				g.b.WriteByte(',')
			}
			k := "k" + strconv.Itoa(j)
			writeString(&g.b, k)
			g.b.WriteByte(':')
			g.gen(n.elem, join(p, k))
		}
		g.b.WriteByte('}')
	case kindObject:
		g.b.WriteByte('{')
		for i, a := range n.props {
			if i > 0 {
				g.b.WriteByte(',')
			}
			writeString(&g.b, a.name)
			g.b.WriteByte(':')
			q := join(p, a.name)
			if a.optional {
				if hq := g.hash(q); hq[31]%4 == 0 {
					g.b.WriteString("null")
					continue
				}
			}
			g.gen(a.node, q)
		}
		g.b.WriteByte('}')
	}
}

// join is the path of attribute or key a under p.
func join(p, a string) string {
	if p == "" {
		return a
	}
	return p + "." + a
}
