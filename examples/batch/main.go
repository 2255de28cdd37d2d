// Command batch runs the flow of flow.hcl over many documents with the
// generated RunAll (see docs/api.md#runall): it summarises each document
// and titles the summary.
//
// It reads one JSON object per line, {"text": "..."}, from the file named
// by -in or from stdin, and writes one JSON line per input as its Run
// ends, to the file named by -out or to stdout:
//
//	{"index":3,"output":{"Summary":"...","Title":"..."}}
//	{"index":4,"error":"task \"summary\" (agent \"writer\", openai): ..."}
//
// index is the input's position among the input lines, from 0 (blank lines
// are not inputs). Results come in the order the Runs end; -max-in-flight
// documents run at once, and the writer agent's limit (8 calls at once,
// 30,000 a minute) holds across all of them.
//
// On stderr it shows a progress bar with the rate and the time left when
// stderr is a terminal, and a plain progress line every -progress
// otherwise.
//
// With -resume, the inputs whose results -out already holds are skipped
// and new results are appended, so a batch that was killed can be rerun
// with the same command plus -resume until every input has a result. A
// last line torn by the kill is cut off first. Interrupting with Ctrl-C
// stops pulling inputs, lets the documents in flight end, and records
// none that the interrupt cancelled, so -resume runs them again.
//
// With OPENAI_API_KEY set it calls OpenAI (or OPENAI_BASE_URL). Without it,
// it says so on stderr and runs in the built-in simulator.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/intelligen/intelligen/runtime"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// A record is one line of the output.
type record struct {
	Index  int     `json:"index"`
	Output *Output `json:"output,omitempty"`
	Error  string  `json:"error,omitempty"`
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("batch", flag.ContinueOnError)
	fs.SetOutput(stderr)
	inPath := fs.String("in", "", "the input file of JSON lines (default stdin)")
	outPath := fs.String("out", "", "the output file of JSON lines (default stdout)")
	resume := fs.Bool("resume", false, "skip the inputs whose results -out already holds, and append")
	maxInFlight := fs.Int("max-in-flight", runtime.DefaultMaxInFlight, "documents run at once")
	every := fs.Duration("progress", 5*time.Second, "interval of the progress lines when stderr is not a terminal")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 || *maxInFlight < 1 || *every <= 0 || (*resume && *outPath == "") {
		fmt.Fprintln(stderr, "usage: batch [-in file] [-out file [-resume]] [-max-in-flight n] [-progress interval]")
		return 2
	}
	if err := batch(ctx, *inPath, *outPath, *resume, *maxInFlight, *every, stdin, stdout, stderr); err != nil {
		fmt.Fprintln(stderr, "batch:", err)
		return 1
	}
	return 0
}

func batch(ctx context.Context, inPath, outPath string, resume bool, maxInFlight int, every time.Duration, stdin io.Reader, stdout, stderr io.Writer) error {
	var done map[int]bool
	out := stdout
	if outPath != "" {
		var err error
		if resume {
			if done, err = resumeFrom(outPath); err != nil {
				return err
			}
		}
		flags := os.O_WRONLY | os.O_CREATE | os.O_TRUNC
		if resume {
			flags = os.O_WRONLY | os.O_CREATE | os.O_APPEND
		}
		f, err := os.OpenFile(outPath, flags, 0o644)
		if err != nil {
			return err
		}
		defer f.Close()
		out = f
	}

	in := stdin
	total := -1 // unknown for stdin
	if inPath != "" {
		f, err := os.Open(inPath)
		if err != nil {
			return err
		}
		defer f.Close()
		if total, err = countInputs(f, done); err != nil {
			return err
		}
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return err
		}
		in = f
	}

	f, err := New()
	if missing := runtime.MissingKeys(err); len(missing) > 0 {
		fmt.Fprintf(stderr, "batch: %s not set: running offline in simulation\n", strings.Join(missing, ", "))
		f, err = New(runtime.WithSimulation())
	}
	if err != nil {
		return err
	}

	// RunAll numbers the inputs it is given; with -resume some lines are
	// skipped, so the reader maps RunAll's Index to the input's own.
	inputs := &inputReader{r: in, skip: done, line: make(map[int]int)}
	bar := newProgress(stderr, total, every)
	failed := 0
	for res, err := range f.RunAll(ctx, inputs.all, runtime.WithMaxInFlight(maxInFlight), runtime.WithProgress(bar.update)) {
		rec := record{Index: inputs.line[res.Index]}
		delete(inputs.line, res.Index)
		switch {
		case err != nil && ctx.Err() != nil && errors.Is(err, ctx.Err()):
			continue // interrupted, not failed: -resume runs it again
		case err != nil:
			rec.Error = err.Error()
			failed++
		default:
			rec.Output = &res.Output
		}
		b, err := json.Marshal(rec)
		if err != nil {
			return err
		}
		// One write per line, so that a kill tears at most the last.
		if _, err := out.Write(append(b, '\n')); err != nil {
			return err
		}
	}
	bar.finish()
	if err := inputs.err; err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("interrupted: %w; rerun with -resume to finish", err)
	}
	if failed > 0 {
		return fmt.Errorf("%d inputs failed", failed)
	}
	return nil
}

// An inputReader reads the inputs of r, one JSON object per non-blank
// line, leaving out those whose index is in skip.
type inputReader struct {
	r    io.Reader
	skip map[int]bool
	// line maps the position of an input in the sequence (RunAll's
	// Index) to its own index; the batch deletes each entry when it gets
	// the input's result, so it holds no more than the inputs in flight.
	line map[int]int
	err  error // why reading stopped early, if it did
}

// all is the sequence of inputs. It stops at the first line that is not
// a valid input, setting r.err.
func (r *inputReader) all(yield func(Input) bool) {
	sc := newScanner(r.r)
	index, n := 0, 0
	for sc.Scan() {
		text := bytes.TrimSpace(sc.Bytes())
		if len(text) == 0 {
			continue
		}
		i := index
		index++
		if r.skip[i] {
			continue
		}
		var in Input
		dec := json.NewDecoder(bytes.NewReader(text))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&in); err != nil {
			r.err = fmt.Errorf("input %d: %v", i, err)
			return
		}
		r.line[n] = i
		n++
		if !yield(in) {
			return
		}
	}
	r.err = sc.Err()
}

// countInputs counts the inputs of r not in skip.
func countInputs(r io.Reader, skip map[int]bool) (int, error) {
	sc := newScanner(r)
	index, n := 0, 0
	for sc.Scan() {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		if !skip[index] {
			n++
		}
		index++
	}
	return n, sc.Err()
}

func newScanner(r io.Reader) *bufio.Scanner {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 64<<20) // documents up to 64 MiB
	return sc
}

// resumeFrom reads the results already in the output file at path and
// returns their indexes. A last line without its newline, torn by a
// kill, is cut off the file; any other line that is not a result is an
// error, as the file is then not this program's output.
func resumeFrom(path string) (map[int]bool, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if i := bytes.LastIndexByte(data, '\n'); i+1 < len(data) {
		data = data[:i+1]
		if err := os.Truncate(path, int64(len(data))); err != nil {
			return nil, err
		}
	}
	done := make(map[int]bool)
	for n, l := range bytes.SplitAfter(data, []byte("\n")) {
		if len(l) == 0 {
			break // after the last newline
		}
		var rec record
		if err := json.Unmarshal(l, &rec); err != nil || rec.Index < 0 || (rec.Output == nil && rec.Error == "") {
			return nil, fmt.Errorf("%s:%d: not a result line; cannot resume", path, n+1)
		}
		done[rec.Index] = true
	}
	return done, nil
}

// A progress shows the batch's progress on w: a bar redrawn in place when
// w is a terminal, else a line every interval.
type progress struct {
	w        io.Writer
	tty      bool
	total    int // -1 when unknown
	interval time.Duration
	last     time.Time
	p        runtime.Progress
	drawn    int // p.Done when last drawn; -1 before the first
}

func newProgress(w io.Writer, total int, interval time.Duration) *progress {
	p := &progress{w: w, total: total, interval: interval, last: time.Now(), drawn: -1}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.tty, p.interval = true, 100*time.Millisecond
	}
	return p
}

// update is RunAll's WithProgress function.
func (p *progress) update(pr runtime.Progress) {
	p.p = pr
	if now := time.Now(); now.Sub(p.last) >= p.interval {
		p.last = now
		p.draw()
	}
}

// finish draws the final state and ends the bar's line.
func (p *progress) finish() {
	if p.drawn != p.p.Done {
		p.draw()
	}
	if p.tty {
		fmt.Fprintln(p.w)
	}
}

func (p *progress) draw() {
	pr := p.p
	p.drawn = pr.Done
	rate := 0.0
	if s := pr.Elapsed.Seconds(); s > 0 {
		rate = float64(pr.Done) / s
	}
	var b strings.Builder
	if p.tty {
		b.WriteString("\r")
		if p.total > 0 {
			const width = 30
			filled := min(width, width*pr.Done/p.total)
			b.WriteString("[" + strings.Repeat("=", filled) + strings.Repeat(" ", width-filled) + "] ")
		}
	} else {
		b.WriteString("batch: ")
	}
	if p.total >= 0 {
		fmt.Fprintf(&b, "%d/%d", pr.Done, p.total)
	} else {
		fmt.Fprintf(&b, "%d", pr.Done)
	}
	fmt.Fprintf(&b, " done, %d failed, %.1f/s", pr.Failed, rate)
	if p.total >= 0 && rate > 0 && pr.Done < p.total {
		eta := time.Duration(float64(p.total-pr.Done) / rate * float64(time.Second))
		fmt.Fprintf(&b, ", ETA %v", eta.Round(time.Second))
	}
	if p.tty {
		b.WriteString("\x1b[K") // clear the rest of the line
	} else {
		b.WriteString("\n")
	}
	io.WriteString(p.w, b.String())
}
