package bench

import (
	"context"

	"github.com/cloudwego/eino/compose"

	"github.com/intelligen/intelligen/runtime"
)

// Eino is d compiled as an Eino compose graph in DAG mode
// (AllPredecessor: a node runs once all its predecessors have). Each node
// is a lambda whose output is put under the node's name (WithOutputKey), so
// a node's input is the merge of its predecessors' outputs and END's is
// every output. Text nodes output a string, image nodes a runtime.Image.
type Eino struct {
	r compose.Runnable[map[string]any, map[string]any]
}

// NewEino builds and compiles d's graph calling a. opts are added after
// WithNodeTriggerMode(AllPredecessor), so they may override it.
func NewEino(ctx context.Context, d *DAG, a runtime.Agent, opts ...compose.GraphCompileOption) (*Eino, error) {
	g := compose.NewGraph[map[string]any, map[string]any]()
	for i := range d.Nodes {
		nd := &d.Nodes[i]
		after := make([]string, len(nd.After))
		for k, p := range nd.After {
			after[k] = d.Nodes[p].Name
		}
		fn := func(ctx context.Context, in map[string]any) (any, error) {
			texts := make([]string, len(after))
			for k, name := range after {
				texts[k], _ = in[name].(string)
			}
			resp, err := call(ctx, a, nd, runtime.Prompt(nd.Input, texts...))
			if err != nil {
				return nil, err
			}
			if nd.Kind == runtime.KindImage {
				return resp.Image, nil
			}
			return resp.Text, nil
		}
		if err := g.AddLambdaNode(nd.Name, compose.InvokableLambda(fn), compose.WithOutputKey(nd.Name)); err != nil {
			return nil, err
		}
	}
	for i := range d.Nodes {
		nd := &d.Nodes[i]
		if len(nd.After) == 0 {
			if err := g.AddEdge(compose.START, nd.Name); err != nil {
				return nil, err
			}
		}
		for _, p := range nd.After {
			if err := g.AddEdge(d.Nodes[p].Name, nd.Name); err != nil {
				return nil, err
			}
		}
		if err := g.AddEdge(nd.Name, compose.END); err != nil {
			return nil, err
		}
	}
	opts = append([]compose.GraphCompileOption{compose.WithNodeTriggerMode(compose.AllPredecessor)}, opts...)
	r, err := g.Compile(ctx, opts...)
	if err != nil {
		return nil, err
	}
	return &Eino{r}, nil
}

// Run runs the graph once and returns every node's output by name.
func (e *Eino) Run(ctx context.Context) (map[string]any, error) {
	return e.r.Invoke(ctx, map[string]any{})
}
