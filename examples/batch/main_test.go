package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/intelligen/intelligen/runtime"
)

// sim is the simulator's text output, computed independently of the
// runtime: task + ":" + hex(SHA-256(task + "\x00" + prompt))[:12].
func sim(task, prompt string) string {
	h := sha256.Sum256([]byte(task + "\x00" + prompt))
	return task + ":" + hex.EncodeToString(h[:])[:12]
}

// want is the simulated output for the document text.
func want(text string) Output {
	summary := sim("summary", "Summarise in two sentences: "+text)
	return Output{Summary: summary, Title: sim("title", "Write a title of at most eight words for this summary: "+summary)}
}

func doc(i int) string { return fmt.Sprintf("document number %d", i) }

// writeInputs writes n inputs, doc(0)..doc(n-1), with a blank line
// after the first, which is not an input.
func writeInputs(t *testing.T, n int) string {
	t.Helper()
	var b bytes.Buffer
	for i := range n {
		fmt.Fprintf(&b, "{\"text\": %q}\n", doc(i))
		if i == 0 {
			b.WriteString("\n")
		}
	}
	path := filepath.Join(t.TempDir(), "in.jsonl")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// readResults reads an output file and checks that it holds exactly one
// result per input 0..n-1, each the simulated output of its document.
func readResults(t *testing.T, path string, n int) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	seen := make(map[int]int)
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		var rec record
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("output line %q: %v", sc.Text(), err)
		}
		seen[rec.Index]++
		if rec.Error != "" || rec.Output == nil {
			t.Errorf("input %d failed: %s", rec.Index, rec.Error)
			continue
		}
		if w := want(doc(rec.Index)); *rec.Output != w {
			t.Errorf("input %d: output %+v, want %+v", rec.Index, *rec.Output, w)
		}
	}
	for i := range n {
		if seen[i] != 1 {
			t.Errorf("input %d has %d results, want 1", i, seen[i])
		}
	}
	if len(seen) != n {
		t.Errorf("%d distinct indexes, want %d", len(seen), n)
	}
}

func simulate(t *testing.T) {
	t.Setenv("OPENAI_API_KEY", "")
	t.Setenv("INTELLIGEN_SIMULATE", "")
	t.Setenv("INTELLIGEN_SIM_LATENCY", "")
}

func TestBatchSimulated(t *testing.T) {
	simulate(t)
	in := writeInputs(t, 50)
	out := filepath.Join(t.TempDir(), "out.jsonl")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"-in", in, "-out", out, "-max-in-flight", "4", "-progress", "1ns"}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("run = %d, stderr:\n%s", code, &stderr)
	}
	readResults(t, out, 50)
	if stdout.Len() != 0 {
		t.Errorf("stdout with -out: %q", &stdout)
	}
	// stderr is not a terminal: plain progress lines, the last one final.
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	if lines[0] != "batch: OPENAI_API_KEY not set: running offline in simulation" {
		t.Errorf("first stderr line %q", lines[0])
	}
	if last := lines[len(lines)-1]; !strings.HasPrefix(last, "batch: 50/50 done, 0 failed, ") || strings.Contains(last, "ETA") {
		t.Errorf("last progress line %q", last)
	}
	if !strings.Contains(stderr.String(), "ETA ") {
		t.Errorf("no progress line shows an ETA:\n%s", &stderr)
	}
}

func TestBatchStdinToStdout(t *testing.T) {
	simulate(t)
	stdin := strings.NewReader("{\"text\": \"a\"}\n{\"text\": \"b\"}\n")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), nil, stdin, &stdout, &stderr); code != 0 {
		t.Fatalf("run = %d, stderr:\n%s", code, &stderr)
	}
	got := map[int]Output{}
	for _, l := range strings.Split(strings.TrimSpace(stdout.String()), "\n") {
		var rec record
		if err := json.Unmarshal([]byte(l), &rec); err != nil || rec.Output == nil {
			t.Fatalf("line %q: %v", l, err)
		}
		got[rec.Index] = *rec.Output
	}
	if len(got) != 2 || got[0] != want("a") || got[1] != want("b") {
		t.Errorf("results %+v", got)
	}
	// The total of stdin is unknown: no ETA, no total.
	if !strings.Contains(stderr.String(), "batch: 2 done, 0 failed") {
		t.Errorf("stderr:\n%s", &stderr)
	}
}

// TestResumeTornLine resumes from an output file whose last line a kill
// tore: that line is cut off and its input run again; the inputs with
// a complete result are not.
func TestResumeTornLine(t *testing.T) {
	simulate(t)
	in := writeInputs(t, 10)
	out := filepath.Join(t.TempDir(), "out.jsonl")
	var held bytes.Buffer
	for _, i := range []int{3, 0, 7} {
		w := want(doc(i))
		b, _ := json.Marshal(record{Index: i, Output: &w})
		held.Write(append(b, '\n'))
	}
	held.WriteString(`{"index":5,"output":{"Summ`)
	if err := os.WriteFile(out, held.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"-in", in, "-out", out, "-resume"}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("run = %d, stderr:\n%s", code, &stderr)
	}
	readResults(t, out, 10)
	if !strings.Contains(stderr.String(), "batch: 7/7 done") {
		t.Errorf("resume ran other than the 7 missing inputs:\n%s", &stderr)
	}
}

func TestResumeRejectsForeignFile(t *testing.T) {
	simulate(t)
	in := writeInputs(t, 2)
	out := filepath.Join(t.TempDir(), "out.jsonl")
	if err := os.WriteFile(out, []byte("{\"index\":0,\"output\":{}}\nhello\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"-in", in, "-out", out, "-resume"}, nil, &stdout, &stderr); code != 1 {
		t.Fatalf("run = %d, want 1", code)
	}
	if want := "out.jsonl:2: not a result line; cannot resume"; !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr %q lacks %q", &stderr, want)
	}
}

func TestBadInputLine(t *testing.T) {
	simulate(t)
	stdin := strings.NewReader("{\"text\": \"a\"}\n{\"txt\": \"b\"}\n{\"text\": \"c\"}\n")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), nil, stdin, &stdout, &stderr); code != 1 {
		t.Fatalf("run = %d, want 1", code)
	}
	if want := `batch: input 1: json: unknown field "txt"`; !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr %q lacks %q", &stderr, want)
	}
	// The input before the bad line has its result.
	if !strings.Contains(stdout.String(), `{"index":0,"output":`) || strings.Count(stdout.String(), "\n") != 1 {
		t.Errorf("stdout %q", &stdout)
	}
}

func TestFailedInputsAreResults(t *testing.T) {
	simulate(t)
	stdin := strings.NewReader("{\"text\": \"a\"}\n{\"text\": \"\"}\n")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), nil, stdin, &stdout, &stderr); code != 1 {
		t.Fatalf("run = %d, want 1", code)
	}
	if !strings.Contains(stdout.String(), `{"index":1,"error":"`) || !strings.Contains(stderr.String(), "batch: 1 inputs failed") {
		t.Errorf("stdout %q, stderr %q", &stdout, &stderr)
	}
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{{"-nope"}, {"-resume"}, {"-max-in-flight", "0"}, {"extra"}} {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), args, nil, &stdout, &stderr); code != 2 {
			t.Errorf("run(%q) = %d, want 2", args, code)
		}
	}
}

// TestResumeAfterKill runs the built program on a batch, kills it in the
// middle, reruns it with -resume, and checks that every input has
// exactly one result.
func TestResumeAfterKill(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the program")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "batch")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	const n = 400
	in := writeInputs(t, n)
	out := filepath.Join(dir, "out.jsonl")
	env := append(os.Environ(), "OPENAI_API_KEY=", "INTELLIGEN_SIMULATE=1", "INTELLIGEN_SIM_LATENCY=5ms")

	cmd := exec.Command(bin, "-in", in, "-out", out, "-max-in-flight", "16")
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill it once some results are out, well before the end.
	deadline := time.Now().Add(30 * time.Second)
	for {
		data, _ := os.ReadFile(out)
		if bytes.Count(data, []byte("\n")) >= 40 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("no 40 results after 30s; stderr:\n%s", &stderr)
		}
		time.Sleep(2 * time.Millisecond)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	data, _ := os.ReadFile(out)
	killedAt := bytes.Count(data, []byte("\n"))
	if killedAt >= n {
		t.Fatalf("the batch finished (%d results) before the kill", killedAt)
	}

	cmd = exec.Command(bin, "-in", in, "-out", out, "-resume")
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("resume: %v\n%s", err, out)
	}
	readResults(t, out, n)
	t.Logf("killed after %d of %d results", killedAt, n)
}

// TestInterruptThenResume cancels the batch's context halfway, as Ctrl-C
// does: the program says so and exits 1, records no input that the
// interrupt cancelled, and -resume then finishes the batch.
func TestInterruptThenResume(t *testing.T) {
	simulate(t)
	t.Setenv("INTELLIGEN_SIMULATE", "1")
	t.Setenv("INTELLIGEN_SIM_LATENCY", "2ms")
	const n = 300
	in := writeInputs(t, n)
	out := filepath.Join(t.TempDir(), "out.jsonl")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		for {
			if data, _ := os.ReadFile(out); bytes.Count(data, []byte("\n")) >= 20 {
				cancel()
				return
			}
			time.Sleep(time.Millisecond)
		}
	}()
	var stdout, stderr bytes.Buffer
	if code := run(ctx, []string{"-in", in, "-out", out, "-max-in-flight", "8"}, nil, &stdout, &stderr); code != 1 {
		t.Fatalf("interrupted run = %d, want 1; stderr:\n%s", code, &stderr)
	}
	if !strings.Contains(stderr.String(), "batch: interrupted: context canceled; rerun with -resume to finish") {
		t.Errorf("stderr:\n%s", &stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte(`"error"`)) {
		t.Errorf("the interrupt's cancellations were recorded as failures:\n%s", data)
	}
	if got := bytes.Count(data, []byte("\n")); got >= n {
		t.Fatalf("all %d inputs done before the interrupt", got)
	}
	stderr.Reset()
	if code := run(context.Background(), []string{"-in", in, "-out", out, "-resume"}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("resume = %d, stderr:\n%s", code, &stderr)
	}
	readResults(t, out, n)
}

// TestProgressBar draws the terminal form of the progress: a bar redrawn
// in place with the rate and the time left, cleared to the line's end.
func TestProgressBar(t *testing.T) {
	var b bytes.Buffer
	p := &progress{w: &b, tty: true, total: 200, interval: time.Hour, drawn: -1}
	p.p = runtime.Progress{Done: 50, Failed: 1, Elapsed: 10 * time.Second}
	p.draw()
	want := "\r[=======                       ] 50/200 done, 1 failed, 5.0/s, ETA 30s\x1b[K"
	if got := b.String(); got != want {
		t.Errorf("bar = %q, want %q", got, want)
	}
	b.Reset()
	p.p = runtime.Progress{Done: 200, Failed: 1, Elapsed: 40 * time.Second}
	p.finish()
	want = "\r[==============================] 200/200 done, 1 failed, 5.0/s\x1b[K\n"
	if got := b.String(); got != want {
		t.Errorf("final bar = %q, want %q", got, want)
	}
}
