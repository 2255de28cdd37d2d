package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"text/template"
	"time"

	"golang.org/x/mod/modfile"

	"github.com/intelligen/intelligen"
	"github.com/intelligen/intelligen/hclspec"
	"github.com/intelligen/intelligen/ir"
)

// runRun implements "intelligen run [--var name=value]... [--vars
// file.json] [--live] [--report FILE.html] FILE.hcl...": build the flow
// into a temporary package inside the enclosing Go module, so that the
// module's own intelligen and providers are used, and run it once, in
// simulation unless --live. The Output goes to stdout as indented JSON;
// each task's line goes to stderr as it ends. See docs/cli.md#run.
func runRun(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("run", "run [--var name=value]... [--vars file.json] [--live] [--report FILE.html] FILE.hcl...")
	var vars varFlags
	fs.Var(&vars, "var", "set the variable `name=value` (repeatable; wins over --vars)")
	varsFile := fs.String("vars", "", "read variables from `file.json`, an object of name: value")
	live := fs.Bool("live", false, "call the real providers (API keys from the environment) instead of the simulator")
	reportPath := fs.String("report", "", "write the run report, one self-contained HTML page, to `FILE.html`")
	files, code := parseFlags(fs, args, stderr, true)
	if code >= 0 {
		return code
	}
	w, code := load(stderr, stdout, false, files)
	if w == nil {
		return code
	}
	input, err := flowInput(w, *varsFile, vars)
	if err != nil {
		fmt.Fprintf(stderr, "intelligen run: %v\n", err)
		return exitUsage
	}
	report := *reportPath
	if report != "" {
		if report, err = filepath.Abs(report); err != nil {
			fmt.Fprintf(stderr, "intelligen run: %v\n", err)
			return exitDiags
		}
	}

	// Ctrl-C (or SIGTERM) stops the flow, not this process: it waits for
	// the program to end, then removes the temporary package.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err = runFlow(ctx, w, runSpec{input: input, live: *live, report: report}, stdout, stderr)
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		return exitDiags // the program said why on stderr
	case err != nil:
		fmt.Fprintf(stderr, "intelligen run: %v\n", err)
		return exitDiags
	}
	return exitOK
}

// A runSpec is what the program built by runFlow does.
type runSpec struct {
	input  map[string]any // Input field (Go name) -> value, as JSON
	live   bool
	report string // absolute path of the report; "" = none
}

// runFlow generates w and a main package that runs it into a temporary
// directory under the root of the Go module enclosing the working
// directory, runs it with go run, and removes the directory.
//
// The directory's name is a hash of what is in it, and the input and the
// report's name are arguments, not code: so running a flow again finds
// its program in the build cache and takes a fraction of a second. A
// second run of the same flow at the same time takes a name of its own.
func runFlow(ctx context.Context, w *ir.Workflow, spec runSpec, stdout, stderr io.Writer) (err error) {
	root, modPath, err := enclosingModule()
	if err != nil {
		return err
	}
	// The flow goes into package flow below the main package, whatever
	// its own package name: a copy of w, as a Workflow is never modified.
	fw := *w
	fw.Package = "flow"
	res, err := intelligen.Generate(&fw, intelligen.GenerateOptions{})
	if err != nil {
		return err
	}
	src := res.Files[0]
	h := sha256.New()
	h.Write(src.Content)
	h.Write([]byte(modPath))
	base := fmt.Sprintf(".intelligen-run-%x", h.Sum(nil)[:6])
	tmp := filepath.Join(root, base)
	if err := os.Mkdir(tmp, 0o777); errors.Is(err, os.ErrExist) {
		tmp, err = os.MkdirTemp(root, base+"-")
	}
	if err != nil {
		return fmt.Errorf("create the temporary package: %w", err)
	}
	defer func() {
		if rerr := os.RemoveAll(tmp); rerr != nil && err == nil {
			err = fmt.Errorf("remove the temporary package: %w", rerr)
		}
	}()
	main, err := runMain(modPath+"/"+filepath.Base(tmp)+"/flow", spec.live)
	if err != nil {
		return err
	}
	if err := os.Mkdir(filepath.Join(tmp, "flow"), 0o777); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(tmp, "flow", src.Name), src.Content, 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(tmp, "main.go"), main, 0o644); err != nil {
		return err
	}
	input, err := json.Marshal(spec.input)
	if err != nil {
		return err
	}

	// -s -w: no symbol table or DWARF, which are most of the link's work
	// after an edit of the flow; panics still print their stacks.
	cmd := exec.Command("go", "run", "-ldflags=-s -w", "./"+filepath.Base(tmp), string(input), spec.report)
	cmd.Dir = root
	goErr := &goRunStderr{w: stderr}
	defer goErr.Flush()
	cmd.Stdout, cmd.Stderr = stdout, goErr
	// The program cancels its Run when its stdin closes: that is how an
	// interrupt reaches it through go run, on every system.
	stop, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err = <-done:
	case <-ctx.Done():
		// The program cancels its Run, writes the report and prints what
		// it has; a second wait bounds that.
		stop.Close()
		select {
		case err = <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			err = <-done
		}
	}
	if err != nil && (bytes.Contains(goErr.tail, []byte("updates to go.mod needed")) || bytes.Contains(goErr.tail, []byte("missing go.sum entry"))) {
		return fmt.Errorf("%s lacks the requirements of package github.com/intelligen/intelligen/runtime: add them with go get github.com/intelligen/intelligen/runtime, or go mod tidy once your code imports a generated flow", filepath.Join(root, "go.mod"))
	}
	return err
}

// goRunStderr passes go run's stderr on line by line, leaving out the
// "exit status N" that go run adds when the program fails (the program
// has said why), and keeps the last 4 KiB for runFlow's hint.
type goRunStderr struct {
	w    io.Writer
	line []byte // a line not yet ended
	tail []byte
}

var exitStatus = regexp.MustCompile(`^exit status \d+\n$`)

func (g *goRunStderr) Write(p []byte) (int, error) {
	g.tail = append(g.tail, p...)
	if n := len(g.tail) - 4096; n > 0 {
		g.tail = g.tail[n:]
	}
	g.line = append(g.line, p...)
	for {
		i := bytes.IndexByte(g.line, '\n')
		if i < 0 {
			return len(p), nil
		}
		if l := g.line[:i+1]; !exitStatus.Match(l) {
			if _, err := g.w.Write(l); err != nil {
				return 0, err
			}
		}
		g.line = g.line[i+1:]
	}
}

// Flush writes what is left of an unended line.
func (g *goRunStderr) Flush() {
	if len(g.line) > 0 {
		g.w.Write(g.line)
		g.line = nil
	}
}

// enclosingModule returns the directory of the go.mod enclosing the
// working directory, and its module path.
func enclosingModule() (root, path string, err error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", "", err
	}
	for d := dir; ; {
		data, err := os.ReadFile(filepath.Join(d, "go.mod"))
		if err == nil {
			if p := modfile.ModulePath(data); p != "" {
				return d, p, nil
			}
			return "", "", fmt.Errorf("%s has no module line", filepath.Join(d, "go.mod"))
		}
		if !errors.Is(err, os.ErrNotExist) {
			return "", "", err
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", "", fmt.Errorf("no go.mod in %s or any directory above it: intelligen run builds the flow inside your Go module (create one with go mod init, then go get -tool github.com/intelligen/intelligen/cmd/intelligen)", dir)
		}
		d = parent
	}
}

// varFlags collects --var name=value, in order.
type varFlags [][2]string

func (v *varFlags) String() string { return "" }

func (v *varFlags) Set(s string) error {
	name, value, ok := strings.Cut(s, "=")
	if !ok || name == "" {
		return fmt.Errorf("%q is not name=value", s)
	}
	*v = append(*v, [2]string{name, value})
	return nil
}

var _ flag.Value = (*varFlags)(nil)

// flowInput returns the flow's Input as JSON-ready values by Go field
// name: the variables of file (a JSON object), then of vars, checked
// against w's variables by name and type. Every required variable must
// have a value.
func flowInput(w *ir.Workflow, file string, vars varFlags) (map[string]any, error) {
	byName := map[string]*ir.Variable{}
	var names []string
	for _, v := range w.Variables {
		byName[v.Name] = v
		names = append(names, v.Name)
	}
	lookup := func(origin, name string) (*ir.Variable, error) {
		if v := byName[name]; v != nil {
			return v, nil
		}
		msg := fmt.Sprintf("%s: unknown variable %q.", origin, name)
		if s := hclspec.DidYouMean(name, names); s != "" {
			msg += s
		} else if len(names) > 0 {
			msg += " The flow's variables: " + strings.Join(names, ", ") + "."
		} else {
			msg += " The flow has no variables."
		}
		return nil, errors.New(msg)
	}
	values := map[string]any{}
	if file != "" {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		var obj map[string]any
		if err := json.Unmarshal(data, &obj); err != nil {
			return nil, fmt.Errorf("%s: not a JSON object of variables: %v", file, err)
		}
		for _, name := range slices.Sorted(maps.Keys(obj)) {
			v, err := lookup(file, name)
			if err != nil {
				return nil, err
			}
			x, err := jsonValue(v, obj[name])
			if err != nil {
				return nil, fmt.Errorf("%s: %v", file, err)
			}
			values[v.Name] = x
		}
	}
	for _, nv := range vars {
		v, err := lookup("--var "+nv[0]+"="+nv[1], nv[0])
		if err != nil {
			return nil, err
		}
		x, err := parseValue(v, nv[1])
		if err != nil {
			return nil, fmt.Errorf("--var %s=%s: %v", nv[0], nv[1], err)
		}
		values[v.Name] = x
	}
	input := map[string]any{}
	var missing []string
	for _, v := range w.Variables {
		x, ok := values[v.Name]
		switch {
		case ok:
			input[v.GoName] = x
		case v.Default == nil:
			missing = append(missing, fmt.Sprintf("%q (%s)", v.Name, v.Type))
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("missing required variable %s: give it with --var name=value or --vars file.json", strings.Join(missing, ", "))
	}
	return input, nil
}

// parseValue parses s, given on the command line, as a value of v.
func parseValue(v *ir.Variable, s string) (any, error) {
	switch v.Type {
	case ir.Number:
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil {
			return nil, fmt.Errorf("variable %q is a number, and %q is not one", v.Name, s)
		}
		return f, nil
	case ir.Bool:
		b, err := strconv.ParseBool(strings.TrimSpace(s))
		if err != nil {
			return nil, fmt.Errorf("variable %q is a bool: give true or false, not %q", v.Name, s)
		}
		return b, nil
	case ir.ImageVar, ir.AudioVar:
		return nil, fmt.Errorf("variable %q is media (%s), which intelligen run cannot give a flow", v.Name, v.Type)
	case ir.ListString, ir.ListNumber, ir.ListBool:
		var x any
		if err := json.Unmarshal([]byte(s), &x); err != nil {
			return nil, fmt.Errorf("variable %q is a %s: give a JSON array, not %q", v.Name, v.Type, s)
		}
		return jsonValue(v, x)
	}
	return s, nil
}

// jsonValue checks x, a value decoded from JSON, against v's type; a
// string is parsed as on the command line.
func jsonValue(v *ir.Variable, x any) (any, error) {
	if s, ok := x.(string); ok && !isList(v.Type) {
		return parseValue(v, s)
	}
	ok := false
	switch x := x.(type) {
	case float64:
		ok = v.Type == ir.Number
	case bool:
		ok = v.Type == ir.Bool
	case []any:
		if !isList(v.Type) {
			break
		}
		elem := &ir.Variable{Name: v.Name, Type: ir.VarType(strings.TrimSuffix(strings.TrimPrefix(string(v.Type), "list("), ")"))}
		list := make([]any, len(x))
		for i, e := range x {
			y, err := jsonValue(elem, e)
			if err != nil {
				return nil, fmt.Errorf("element %d: %v", i, err)
			}
			list[i] = y
		}
		return list, nil
	}
	if !ok {
		return nil, fmt.Errorf("variable %q is a %s, not %s", v.Name, v.Type, jsonKind(x))
	}
	return x, nil
}

func isList(t ir.VarType) bool {
	return t == ir.ListString || t == ir.ListNumber || t == ir.ListBool
}

func jsonKind(x any) string {
	switch x.(type) {
	case nil:
		return "null"
	case float64:
		return "a number"
	case bool:
		return "a bool"
	case []any:
		return "an array"
	}
	return "an object"
}

// runMain returns the main package that runs the flow of package flowPath
// once, in simulation unless live, with a report.Recorder that prints each
// task's line and draws the flow's tasks and edges, which the flow's
// FlowConfig lists. Its arguments are the Input as JSON and the report's
// file name ("" for none).
func runMain(flowPath string, live bool) ([]byte, error) {
	var b bytes.Buffer
	err := mainTemplate.Execute(&b, map[string]any{
		"FlowPath": strconv.Quote(flowPath),
		"Simulate": !live,
	})
	return b.Bytes(), err
}

var mainTemplate = template.Must(template.New("main").Parse(`// Code generated by intelligen run. DO NOT EDIT.

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"

	"github.com/intelligen/intelligen/runtime"
	"github.com/intelligen/intelligen/runtime/report"

	flow {{.FlowPath}}
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	// intelligen run closes stdin to interrupt the Run.
	ctx, cancel := context.WithCancel(ctx)
	go func() {
		io.Copy(io.Discard, os.Stdin)
		cancel()
	}()
	rec := &report.Recorder{Progress: os.Stderr}
	// The Recorder's lines replace the log of tasks with log on.
	opts := []runtime.Option{runtime.WithObserver(rec), runtime.WithLogger(slog.New(slog.DiscardHandler))}
{{- if .Simulate}}
	opts = append(opts, runtime.WithSimulation())
{{- end}}
	f, err := flow.New(opts...)
	if err != nil {
		fmt.Fprintln(os.Stderr, "intelligen run:", err)
		os.Exit(1)
	}
	var in flow.Input
	if err := json.Unmarshal([]byte(os.Args[1]), &in); err != nil {
		fmt.Fprintln(os.Stderr, "intelligen run: input:", err)
		os.Exit(1)
	}
	out, runErr := f.Run(ctx, in)
	code := 0
	if name := os.Args[2]; name != "" {
		if err := rec.WriteHTMLFile(name); err != nil {
			fmt.Fprintln(os.Stderr, "intelligen run:", err)
			code = 1
		} else {
			fmt.Fprintln(os.Stderr, "intelligen run: wrote report", name)
		}
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		fmt.Fprintln(os.Stderr, "intelligen run: output:", err)
		os.Exit(1)
	}
	os.Stdout.Write(append(b, '\n'))
	if runErr != nil {
		fmt.Fprintln(os.Stderr, "intelligen run:", runErr)
		code = 1
	}
	os.Exit(code)
}
`))
