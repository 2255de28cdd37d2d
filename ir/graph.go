package ir

import (
	"container/heap"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// cycles reports every elementary dependency cycle and, if there is none,
// returns the tasks in topological order, ties broken by declaration order.
//
// Cycles are enumerated with Johnson's algorithm, iteratively (a 100k-task
// chain cannot exhaust the stack) and within a budget linear in the size of
// the graph: past it, one final diagnostic says that more cycles exist, so
// that an adversarial graph with many long cycles cannot make Check
// quadratic. The set of cycles found does not depend on the order of the
// declarations: each is one diagnostic, rotated to start at its task with
// the least name (the first declared among duplicates), and the diagnostics
// are sorted by their chains.
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
	// Vertices are numbered by rank: tasks sorted by name, then by
	// declaration. The search from s finds the cycles whose least vertex
	// is s, so each comes out in its canonical rotation.
	byRank := slices.Clone(c.all)
	slices.SortStableFunc(byRank, func(a, b *Task) int { return strings.Compare(a.Name, b.Name) })
	rank := make([]int, n)
	for r, t := range byRank {
		rank[t.Index] = r
	}
	// adj[v] holds one edge per successor (the first written), by rank.
	adj := make([][]*Edge, n)
	for r, t := range byRank {
		seen := make(map[*Task]bool, len(out[t.Index]))
		for _, e := range out[t.Index] {
			if !seen[e.To] {
				seen[e.To] = true
				adj[r] = append(adj[r], e)
			}
		}
	}
	j := &johnson{rank: rank, adj: adj, budget: 4*(n+edges) + 10000,
		comp: make([]int, n), index: make([]int, n), low: make([]int, n), onStack: make([]bool, n)}
	all := make([]int, n)
	for v := range all {
		all[v] = v
	}
	j.components(all, -1)
	cyclic := false
	for v := range n {
		if j.nontrivial(v) {
			cyclic = true
			break
		}
	}
	if !cyclic {
		return topo(c.all, out)
	}
	j.search()
	slices.SortFunc(j.found, func(a, b []*Edge) int {
		return slices.CompareFunc(a, b, func(x, y *Edge) int { return rank[x.From.Index] - rank[y.From.Index] })
	})
	for _, hops := range j.found {
		c.cycle(hops)
	}
	if j.stop != nil {
		c.errorf(j.stop.Range.Ptr(), nil, "Too many dependency cycles",
			"This flow has more dependency cycles than are listed: this reference is part of one or more dependency cycles that are not listed. Fix the cycles reported above and check again.")
	}
	return nil
}

// johnson enumerates elementary cycles (Johnson, 1975) over vertices
// numbered by rank.
type johnson struct {
	rank   []int     // vertex of each task, by Task.Index
	adj    [][]*Edge // successors of each vertex
	budget int       // steps left; each edge examined or hop reported costs one
	found  [][]*Edge // cycles, each starting at its least vertex
	stop   *Edge     // where the budget ran out; nil if it did not

	comp    []int   // strongly connected component of each vertex; -1: none
	members [][]int // vertices of each component, ascending
	// Tarjan's state, reset for the vertices of each run.
	index, low []int
	onStack    []bool
}

func (j *johnson) to(e *Edge) int { return j.rank[e.To.Index] }

// spend takes one step from the budget, remembering e if it runs out.
func (j *johnson) spend(e *Edge) bool {
	if j.budget--; j.budget < 0 {
		if j.stop == nil {
			j.stop = e
		}
		return false
	}
	return true
}

// nontrivial reports whether v lies on a cycle within its component: the
// component has another vertex, or v has an edge to itself.
func (j *johnson) nontrivial(v int) bool {
	c := j.comp[v]
	if c < 0 {
		return false
	}
	if len(j.members[c]) > 1 {
		return true
	}
	for _, e := range j.adj[v] {
		if j.to(e) == v {
			return true
		}
	}
	return false
}

// components labels the strongly connected components (Tarjan's algorithm,
// iterative) of the subgraph induced by vs, which are the vertices of
// component within (or all vertices if within is -1). Its cost is charged
// to the budget.
func (j *johnson) components(vs []int, within int) {
	for _, v := range vs {
		j.index[v], j.onStack[v] = 0, false
	}
	inside := func(w int) bool { return j.comp[w] == within && j.index[w] >= 0 }
	if within < 0 {
		inside = func(int) bool { return true }
	}
	for _, v := range vs {
		j.comp[v] = within // marks the subgraph until labelled
	}
	var stack []int
	type frame struct{ v, next int }
	var call []frame
	counter := 0
	for _, root := range vs {
		if j.index[root] != 0 {
			continue
		}
		counter++
		j.index[root], j.low[root] = counter, counter
		stack = append(stack, root)
		j.onStack[root] = true
		call = append(call, frame{v: root})
		for len(call) > 0 {
			f := &call[len(call)-1]
			v := f.v
			if f.next < len(j.adj[v]) {
				w := j.to(j.adj[v][f.next])
				f.next++
				j.budget--
				if !inside(w) {
					continue
				}
				if j.index[w] == 0 {
					counter++
					j.index[w], j.low[w] = counter, counter
					stack = append(stack, w)
					j.onStack[w] = true
					call = append(call, frame{v: w})
				} else if j.onStack[w] {
					j.low[v] = min(j.low[v], j.index[w])
				}
				continue
			}
			call = call[:len(call)-1]
			if len(call) > 0 {
				p := call[len(call)-1].v
				j.low[p] = min(j.low[p], j.low[v])
			}
			if j.low[v] == j.index[v] {
				label := len(j.members)
				var ms []int
				for {
					w := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					j.onStack[w] = false
					j.index[w] = -1 // done: no longer inside
					j.comp[w] = label
					ms = append(ms, w)
					if w == v {
						break
					}
				}
				slices.Sort(ms)
				j.members = append(j.members, ms)
			}
		}
	}
}

// search runs Johnson's circuit search from each vertex s in rank order,
// within s's component of the subgraph of vertices ranked s or higher. The
// components are recomputed only after a search from a vertex on a cycle,
// so the work stays within Johnson's bound of O((n+e)(c+1)).
func (j *johnson) search() {
	n := len(j.adj)
	blocked := make([]bool, n)
	b := make([][]int, n)    // B(v): vertices to unblock with v
	inB := map[[2]int]bool{} // {w, v}: v is in B(w)
	for s := 0; s < n && j.stop == nil; s++ {
		if !j.nontrivial(s) {
			continue
		}
		cs := j.comp[s]
		ms := j.members[cs]
		for _, v := range ms {
			blocked[v] = false
			b[v] = b[v][:0]
		}
		clear(inB)
		j.circuit(s, cs, blocked, b, inB)
		// Drop s and split what is left of its component.
		j.comp[s] = -1
		rest := ms[1:] // ms is ascending and s is its least vertex
		j.members[cs] = nil
		j.components(rest, cs)
		if j.budget < 0 && j.stop == nil {
			j.stop = j.adj[s][0]
		}
	}
}

// circuit is Johnson's CIRCUIT(s), iterative: it reports every elementary
// cycle through s within component cs, whose vertices all rank above s.
func (j *johnson) circuit(s, cs int, blocked []bool, b [][]int, inB map[[2]int]bool) {
	inside := func(w int) bool { return j.comp[w] == cs }
	type frame struct {
		v, next int
		found   bool
		via     *Edge
	}
	stack := []frame{{v: s}}
	blocked[s] = true
	var hops []*Edge
	for len(stack) > 0 {
		f := &stack[len(stack)-1]
		if f.next < len(j.adj[f.v]) {
			e := j.adj[f.v][f.next]
			f.next++
			if !j.spend(e) {
				return
			}
			w := j.to(e)
			switch {
			case !inside(w):
			case w == s:
				cycle := append(slices.Clone(hops), e)
				if j.budget -= len(cycle); j.budget < 0 {
					j.stop = e
					return
				}
				j.found = append(j.found, cycle)
				f.found = true
			case !blocked[w]:
				blocked[w] = true
				hops = append(hops, e)
				stack = append(stack, frame{v: w, via: e})
			}
			continue
		}
		v, found := f.v, f.found
		if found {
			j.unblock(v, blocked, b, inB)
		} else {
			for _, e := range j.adj[v] {
				if w := j.to(e); inside(w) && !inB[[2]int{w, v}] {
					inB[[2]int{w, v}] = true
					b[w] = append(b[w], v)
				}
			}
		}
		stack = stack[:len(stack)-1]
		if len(stack) > 0 {
			hops = hops[:len(hops)-1]
			stack[len(stack)-1].found = stack[len(stack)-1].found || found
		}
	}
}

// unblock is Johnson's UNBLOCK, iterative.
func (j *johnson) unblock(u int, blocked []bool, b [][]int, inB map[[2]int]bool) {
	work := []int{u}
	blocked[u] = false
	for len(work) > 0 {
		v := work[len(work)-1]
		work = work[:len(work)-1]
		for _, w := range b[v] {
			j.budget--
			delete(inB, [2]int{v, w})
			if blocked[w] {
				blocked[w] = false
				work = append(work, w)
			}
		}
		b[v] = b[v][:0]
	}
}

// cycle reports the cycle hops[0].From -> hops[0].To -> ... -> hops[0].From.
func (c *checker) cycle(hops []*Edge) {
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
