package blog

import (
	"cmp"
	"context"
	"errors"
	"sync"

	"github.com/intelligen/intelligen/runtime"
)

// handRun is the seed flow written by hand, the way a Go programmer would
// without intelligen: one goroutine per task, one typed channel per edge,
// a WaitGroup, the first error cancelling the rest, and each task's
// timeout. It calls the same simulator as the generated Run, directly,
// without the runtime's retries, limits and logging, and is the baseline
// of BenchmarkRun (the generated code should stay within 1.2× of it).
func handRun(ctx context.Context, agent runtime.Agent) (Output, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg       sync.WaitGroup
		once     sync.Once
		firstErr error
		out      Output
	)
	fail := func(err error) {
		once.Do(func() { firstErr = err; cancel() })
	}
	call := func(t *runtime.Task, kind runtime.Kind, prompt string) (*runtime.Response, bool) {
		// The same per-call timeout as the generated code's: the
		// runtime's default where the config leaves it zero.
		ctx, cancel := context.WithTimeout(ctx, cmp.Or(t.Timeout, runtime.DefaultTimeout))
		defer cancel()
		resp, err := agent.Call(ctx, &runtime.Request{
			Task: t.Name, Agent: t.Agent.Name, Kind: kind, Model: t.Agent.Model,
			Mission: t.Agent.Mission, Prompt: prompt, Params: &t.Params, Provider: t.Agent.Provider,
		})
		if err != nil {
			fail(&runtime.TaskError{Task: t.Name, Agent: t.Agent.Name, Provider: t.Agent.Provider, Err: err})
			return nil, false
		}
		return resp, true
	}
	t1to2, t1to5 := make(chan string, 1), make(chan string, 1)
	t2to3, t2to5 := make(chan string, 1), make(chan string, 1)
	t3to4 := make(chan string, 1)
	wg.Add(5)
	go func() {
		defer wg.Done()
		defer close(t1to2)
		defer close(t1to5)
		resp, ok := call(&taskConfigTask1, runtime.KindText, "Identify requirements for building a blogging website about the environment")
		if !ok {
			return
		}
		out.Task1 = resp.Text
		t1to2 <- resp.Text
		t1to5 <- resp.Text
	}()
	go func() {
		defer wg.Done()
		defer close(t2to3)
		defer close(t2to5)
		in1, ok := <-t1to2
		if !ok {
			return
		}
		resp, ok := call(&taskConfigTask2, runtime.KindText, "Generate the website description and theme details from the requirements\n\n"+in1)
		if !ok {
			return
		}
		out.Task2 = resp.Text
		t2to3 <- resp.Text
		t2to5 <- resp.Text
	}()
	go func() {
		defer wg.Done()
		defer close(t3to4)
		in2, ok := <-t2to3
		if !ok {
			return
		}
		resp, ok := call(&taskConfigTask3, runtime.KindText, "Generate short image description for image model\n\n"+in2)
		if !ok {
			return
		}
		out.Task3 = resp.Text
		t3to4 <- resp.Text
	}()
	go func() {
		defer wg.Done()
		in3, ok := <-t3to4
		if !ok {
			return
		}
		call(&taskConfigTask4, runtime.KindImage, "Design logo from the description\n\n"+in3)
	}()
	go func() {
		defer wg.Done()
		in1, ok1 := <-t1to5
		in2, ok2 := <-t2to5
		if !ok1 || !ok2 {
			return
		}
		resp, ok := call(&taskConfigTask5, runtime.KindText, "Generate code based on combined tasks\n\n"+in1+"\n\n"+in2)
		if !ok {
			return
		}
		out.Task5 = resp.Text
	}()
	wg.Wait()
	if firstErr != nil {
		return out, firstErr
	}
	return out, errors.Join()
}
