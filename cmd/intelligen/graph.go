package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"

	"github.com/intelligen/intelligen"
	"github.com/intelligen/intelligen/gen"
	"github.com/intelligen/intelligen/ir"
)

// runGraph implements "intelligen graph [-T dot|svg|png] [-o FILE]
// FILE.hcl|DIR...": the flow's DOT graph on stdout or in FILE; svg and png
// are rendered by Graphviz's dot, which must be on PATH. A png is never
// written to a terminal.
func runGraph(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("graph", "graph [-T dot|svg|png] [-o FILE] FILE.hcl|DIR...")
	format := fs.String("T", "dot", "output `format`: dot, svg or png (svg and png need Graphviz's dot on PATH)")
	out := fs.String("o", "", "write to `FILE` instead of stdout (needed for png when stdout is a terminal)")
	files, code := parseFlags(fs, args, stderr, true)
	if code >= 0 {
		return code
	}
	switch *format {
	case "dot", "svg", "png":
	default:
		fmt.Fprintf(stderr, "intelligen graph: unknown format %q: use dot, svg or png\n", *format)
		fs.Usage()
		return exitUsage
	}
	if *format == "png" && *out == "" && isTerminal(stdout) {
		fmt.Fprintln(stderr, "intelligen graph: -T png writes binary data, which a terminal cannot show: write it to a file with -o FILE.png, or redirect stdout")
		return exitUsage
	}
	var w *ir.Workflow
	w, code = load(stderr, stdout, false, files)
	if w == nil {
		return code
	}
	data := gen.DOT(w)
	if *format != "dot" {
		var err error
		if data, err = render(data, *format); err != nil {
			fmt.Fprintf(stderr, "intelligen graph: %v\n", err)
			return exitDiags
		}
	}
	if *out == "" {
		if _, err := stdout.Write(data); err != nil {
			fmt.Fprintf(stderr, "intelligen graph: %v\n", err)
			return exitDiags
		}
		return exitOK
	}
	res := &intelligen.Result{Files: []intelligen.GeneratedFile{{Name: filepath.Base(*out), Content: data}}}
	if err := res.Commit(filepath.Dir(*out)); err != nil {
		fmt.Fprintf(stderr, "intelligen graph: %v\n", err)
		return exitDiags
	}
	return exitOK
}

// render runs Graphviz's dot to turn DOT source into format.
func render(src []byte, format string) ([]byte, error) {
	path, err := exec.LookPath("dot")
	if err != nil {
		return nil, fmt.Errorf("-T %s needs Graphviz's dot command, which is not on PATH: install Graphviz (https://graphviz.org/download/), or use -T dot", format)
	}
	cmd := exec.Command(path, "-T"+format)
	cmd.Stdin = bytes.NewReader(src)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			return nil, fmt.Errorf("dot -T%s: %v: %s", format, err, bytes.TrimSpace(stderr.Bytes()))
		}
		return nil, fmt.Errorf("dot -T%s: %w", format, err)
	}
	return stdout.Bytes(), nil
}
