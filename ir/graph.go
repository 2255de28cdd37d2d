package ir

import (
	"container/heap"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// cycles reports every dependency cycle and, if there is none, returns the
// tasks in topological order, ties broken by declaration order.
//
// Cycles are found by one iterative depth-first search over the tasks in
// declaration order (outgoing edges in the order of Workflow.Edges): each
// back edge closes one cycle. A cycle is reported once, rotated to start at
// its first-declared task, so the same flow always yields the same
// diagnostics. The search is iterative so that a 100k-task chain cannot
// exhaust the stack, and the chains reported are bounded by a budget linear
// in the size of the graph (beyond it, cycles are counted in one final
// diagnostic), so that Check stays linear.
func (c *checker) cycles() []*Task {
	n := len(c.all)
	out := make([][]*Edge, n)
	edges := 0
	for _, t := range c.all {
		for _, e := range t.In {
			out[e.From.Index] = append(out[e.From.Index], e)
		}
		edges += len(t.In)
	}

	const (
		white = iota
		grey
		black
	)
	color := make([]uint8, n)
	depth := make([]int, n) // position on the stack, for grey tasks
	type frame struct {
		t    *Task
		next int   // next outgoing edge to follow
		via  *Edge // the edge that led here; nil for a root
	}
	var stack []frame
	seen := make(map[string]bool)
	found := false
	// Reporting a cycle costs its length. Past this budget (linear in the
	// graph's size), further cycles are only counted, so that an
	// adversarial graph with many long cycles cannot make Check quadratic.
	budget := 4*(n+edges) + 10000
	more := 0
	var firstMore *Edge
	for _, root := range c.all {
		if color[root.Index] != white {
			continue
		}
		stack = append(stack[:0], frame{t: root})
		color[root.Index] = grey
		depth[root.Index] = 0
		for len(stack) > 0 {
			top := &stack[len(stack)-1]
			if top.next == len(out[top.t.Index]) {
				color[top.t.Index] = black
				stack = stack[:len(stack)-1]
				continue
			}
			e := out[top.t.Index][top.next]
			top.next++
			switch color[e.To.Index] {
			case white:
				color[e.To.Index] = grey
				depth[e.To.Index] = len(stack)
				stack = append(stack, frame{t: e.To, via: e})
			case grey:
				// A back edge: the stack from e.To to the top, closed by e.
				d := depth[e.To.Index]
				found = true
				if budget -= len(stack) - d; budget < 0 {
					if more == 0 {
						firstMore = e
					}
					more++
					continue
				}
				hops := make([]*Edge, 0, len(stack)-d)
				for _, f := range stack[d+1:] {
					hops = append(hops, f.via)
				}
				hops = append(hops, e)
				c.cycle(hops, seen)
			}
		}
	}
	if more > 0 {
		c.errorf(firstMore.Range.Ptr(), nil, "Too many dependency cycles",
			"This reference closes one of %d more dependency cycles that are not listed. Fix the cycles reported above and check again.", more)
	}
	if found {
		return nil
	}
	return topo(c.all, out)
}

// cycle reports the cycle hops[0].From -> hops[0].To -> ... -> hops[0].From,
// unless seen already.
func (c *checker) cycle(hops []*Edge, seen map[string]bool) {
	// Rotate to start at the first-declared task.
	min := 0
	for i, e := range hops {
		if e.From.Index < hops[min].From.Index {
			min = i
		}
	}
	hops = append(hops[min:len(hops):len(hops)], hops[:min]...)
	var key strings.Builder
	for _, e := range hops {
		key.WriteString(strconv.Itoa(e.From.Index))
		key.WriteByte(' ')
	}
	if seen[key.String()] {
		return
	}
	seen[key.String()] = true

	var chain strings.Builder
	chain.WriteString("task." + hops[0].From.Name)
	for _, e := range hops[:len(hops)-1] {
		fmt.Fprintf(&chain, " -> task.%s (%s:%d)", e.To.Name, e.Range.Filename, e.Range.Start.Line)
	}
	closing := hops[len(hops)-1]
	chain.WriteString(" -> task." + closing.To.Name)
	detail := fmt.Sprintf("The tasks form a cycle: %s. A task cannot wait for its own output; remove one of these references.", chain.String())
	if len(hops) == 1 {
		detail = fmt.Sprintf("The task %q refers to its own output: %s. Remove the reference.", closing.To.Name, chain.String())
	}
	c.report(hcl.DiagError, closing.Range.Ptr(), nil, "Dependency cycle", detail)
}

// topo returns the tasks in topological order (Kahn's algorithm), ties
// broken by declaration order: of the ready tasks, the first declared runs
// first.
func topo(tasks []*Task, out [][]*Edge) []*Task {
	indeg := make([]int, len(tasks))
	for _, t := range tasks {
		indeg[t.Index] = len(t.In)
	}
	ready := &intHeap{}
	for _, t := range tasks {
		if indeg[t.Index] == 0 {
			*ready = append(*ready, t.Index)
		}
	}
	heap.Init(ready)
	order := make([]*Task, 0, len(tasks))
	for ready.Len() > 0 {
		t := tasks[heap.Pop(ready).(int)]
		order = append(order, t)
		for _, e := range out[t.Index] {
			indeg[e.To.Index]--
			if indeg[e.To.Index] == 0 {
				heap.Push(ready, e.To.Index)
			}
		}
	}
	return order
}

type intHeap []int

func (h intHeap) Len() int           { return len(h) }
func (h intHeap) Less(i, j int) bool { return h[i] < h[j] }
func (h intHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *intHeap) Push(x any)        { *h = append(*h, x.(int)) }
func (h *intHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// link fills w.Order with order and w.Edges and Out from it.
func link(w *Workflow, order []*Task) {
	w.Order = order
	w.Edges = nil
	for _, t := range order {
		t.Out = nil
		for _, e := range t.In {
			e.Index = len(w.Edges)
			w.Edges = append(w.Edges, e)
		}
	}
	for _, e := range w.Edges {
		e.From.Out = append(e.From.Out, e)
	}
}
