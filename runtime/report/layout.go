package report

import "fmt"

// Graph geometry, in SVG user units.
const (
	nodeW, nodeH = 170, 40
	colGap       = 60 // between layers
	rowGap       = 14 // between nodes of one layer
	margin       = 10
)

// A node is a task placed on the graph.
type node struct {
	*Task
	X, Y     int
	Label    string // the name, cut to fit the box
	Critical bool   // on the critical path
}

// An edge is drawn from the right side of one node to the left of the next.
type edge struct {
	From, To string
	Path     string // SVG path data
}

// A graph is the laid-out flow.
type graph struct {
	Width, Height int
	NodeW, NodeH  int
	Nodes         []node
	Edges         []edge
}

// layout places tasks in layers by dependency depth: a task's layer is one
// more than its deepest input's, so every edge points right, and tasks
// that can run at the same time stand in one column. Within a layer tasks
// keep their order in tasks. The tasks in critical are marked.
func layout(tasks []*Task, critical map[string]bool) graph {
	index := make(map[string]int, len(tasks))
	for i, t := range tasks {
		index[t.Name] = i
	}
	depth := make([]int, len(tasks))
	state := make([]uint8, len(tasks)) // 0 new, 1 visiting, 2 done
	var visit func(i int) int
	visit = func(i int) int {
		switch state[i] {
		case 1: // a cycle: impossible in a checked flow; draw it flat
			return 0
		case 2:
			return depth[i]
		}
		state[i] = 1
		d := 0
		for _, name := range tasks[i].After {
			if j, ok := index[name]; ok {
				d = max(d, visit(j)+1)
			}
		}
		depth[i], state[i] = d, 2
		return d
	}
	layers := 0
	for i := range tasks {
		layers = max(layers, visit(i)+1)
	}
	rows := make([]int, layers) // nodes placed so far per layer
	g := graph{NodeW: nodeW, NodeH: nodeH}
	g.Nodes = make([]node, len(tasks))
	for i, t := range tasks {
		d := depth[i]
		x := margin + d*(nodeW+colGap)
		y := margin + rows[d]*(nodeH+rowGap)
		rows[d]++
		g.Nodes[i] = node{Task: t, X: x, Y: y, Label: shorten(t.Name, 22), Critical: critical[t.Name]}
		g.Width = max(g.Width, x+nodeW+margin)
		g.Height = max(g.Height, y+nodeH+margin)
	}
	for i, t := range tasks {
		to := g.Nodes[i]
		for _, name := range t.After {
			j, ok := index[name]
			if !ok {
				continue
			}
			from := g.Nodes[j]
			x1, y1 := from.X+nodeW, from.Y+nodeH/2
			x2, y2 := to.X, to.Y+nodeH/2
			mid := (x1 + x2) / 2
			g.Edges = append(g.Edges, edge{
				From: name, To: t.Name,
				Path: fmt.Sprintf("M%d,%d C%d,%d %d,%d %d,%d", x1, y1, mid, y1, mid, y2, x2-2, y2),
			})
		}
	}
	return g
}
