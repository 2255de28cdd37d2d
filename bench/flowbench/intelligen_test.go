//go:build benchflows

package flowbench_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"

	"github.com/intelligen/intelligen/bench"
	"github.com/intelligen/intelligen/bench/flows"
	"github.com/intelligen/intelligen/bench/flows/seed"
	"github.com/intelligen/intelligen/runtime"
)

func intelligenSeed(ctx context.Context, opts ...runtime.Option) (bench.SeedOutput, error) {
	f, err := seed.New(opts...)
	if err != nil {
		return bench.SeedOutput{}, err
	}
	o, err := f.Run(ctx, seed.Input{})
	return bench.SeedOutput{Task1: o.Task1, Task2: o.Task2, Task3: o.Task3, Task4: o.Task4, Task5: o.Task5}, err
}

// intelligenSeedRunner calls the generated seed package directly, as a
// user would: no erased types in the timed path.
func intelligenSeedRunner(opts ...runtime.Option) (func(context.Context) error, error) {
	f, err := seed.New(opts...)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context) error {
		_, err := f.Run(ctx, seed.Input{})
		return err
	}, nil
}

// newFlow builds the generated flow named name, through the registry that
// cmd/mkflows writes.
func newFlow(name string, opts ...runtime.Option) (*flows.Flow, error) {
	newFlow, ok := flows.New[name]
	if !ok {
		return nil, fmt.Errorf("no generated flow %q: run go generate", name)
	}
	return newFlow(opts...)
}

func intelligenRunner(name string, opts ...runtime.Option) (func(context.Context) error, error) {
	f, err := newFlow(name, opts...)
	if err != nil {
		return nil, err
	}
	return f.Run, nil
}

// intelligenDAG runs d's generated flow with every agent replaced by a and
// returns its outputs in d's order, read from the Output struct's fields by
// their Go names (docs/language.md#names).
func intelligenDAG(ctx context.Context, d *bench.DAG, a runtime.Agent) ([]string, error) {
	f, err := newFlow(d.Name, withAgents(d, a)...)
	if err != nil {
		return nil, err
	}
	o, err := f.Outputs(ctx)
	if err != nil {
		return nil, err
	}
	v := reflect.ValueOf(o)
	if v.NumField() != len(d.Nodes) {
		return nil, fmt.Errorf("Output has %d fields, want %d", v.NumField(), len(d.Nodes))
	}
	outs := make([]string, len(d.Nodes))
	for i, nd := range d.Nodes {
		fv := v.FieldByName(strings.ToUpper(nd.Name[:1]) + nd.Name[1:])
		if !fv.IsValid() {
			return nil, fmt.Errorf("Output has no field for task %s", nd.Name)
		}
		outs[i] = fv.String()
	}
	return outs, nil
}
