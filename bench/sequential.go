package bench

import (
	"context"

	"github.com/intelligen/intelligen/runtime"
)

// SequentialSeed calls the seed flow's agents one after another.
func SequentialSeed(ctx context.Context, a runtime.Agent) (SeedOutput, error) {
	var out SeedOutput
	text := func(task, agent, prompt string) (string, error) {
		resp, err := a.Call(ctx, &runtime.Request{Task: task, Agent: agent, Kind: runtime.KindText, Prompt: prompt})
		if err != nil {
			return "", err
		}
		return resp.Text, nil
	}
	var err error
	if out.Task1, err = text("task1", "text_generator", "Identify requirements for building a blogging website about the environment"); err != nil {
		return out, err
	}
	if out.Task2, err = text("task2", "ux_designer", "Generate the website description and theme details from the requirements\n\n"+out.Task1); err != nil {
		return out, err
	}
	if out.Task3, err = text("task3", "image_desc_creator", "Generate short image description for image model\n\n"+out.Task2); err != nil {
		return out, err
	}
	resp, err := a.Call(ctx, &runtime.Request{Task: "task4", Agent: "image_processor", Kind: runtime.KindImage, Prompt: "Design a logo with colorful style from the description\n\n" + out.Task3})
	if err != nil {
		return out, err
	}
	out.Task4 = resp.Image
	if out.Task5, err = text("task5", "text_generator", "Generate code based on combined tasks\n\n"+out.Task1+"\n\n"+out.Task2); err != nil {
		return out, err
	}
	return out, nil
}

// Sequential runs a text-only DAG's nodes one after another in order.
func Sequential(ctx context.Context, d *DAG, a runtime.Agent) ([]string, error) {
	outs := make([]string, len(d.Nodes))
	for i := range d.Nodes {
		nd := &d.Nodes[i]
		after := make([]string, len(nd.After))
		for k, p := range nd.After {
			after[k] = outs[p]
		}
		resp, err := call(ctx, a, nd, runtime.Prompt(nd.Input, after...))
		if err != nil {
			return outs, err
		}
		outs[i] = resp.Text
	}
	return outs, nil
}
