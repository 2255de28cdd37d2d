package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/intelligen/intelligen"
	"github.com/intelligen/intelligen/hclspec"
)

// runFmt implements "intelligen fmt [-check] FILE.hcl|DIR|-...": rewrite
// each file in canonical HCL formatting (hclwrite.Format), only when it
// changes, or with -check list the files that would change and exit 1.
// "-" formats standard input to standard output.
func runFmt(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("fmt", "fmt [-check] FILE.hcl|DIR|-...")
	check := fs.Bool("check", false, "write nothing; list the files whose formatting would change and exit 1 if any")
	names, code := parseFlags(fs, args, stderr, true)
	if code >= 0 {
		return code
	}
	names, err := expandDirs(names)
	if err != nil {
		fmt.Fprintf(stderr, "intelligen fmt: %v\n", err)
		return exitDiags
	}
	code = exitOK
	for _, name := range names {
		if c := fmtFile(name, *check, stdin, stdout, stderr); c != exitOK {
			code = c
		}
	}
	return code
}

// stdinName is how diagnostics name standard input.
const stdinName = "<stdin>"

// fmtFile formats one file, or standard input for "-".
func fmtFile(name string, check bool, stdin io.Reader, stdout, stderr io.Writer) int {
	var src []byte
	var err error
	if name == "-" {
		src, err = hclspec.ReadFlow(stdin, stdinName)
	} else {
		src, err = intelligen.ReadFlowFile(name)
	}
	if err != nil {
		fmt.Fprintf(stderr, "intelligen fmt: %v\n", err)
		return exitDiags
	}
	diagName := name
	if name == "-" {
		diagName = stdinName
	}
	// Refuse to format a file that does not parse: hclwrite would
	// reformat the broken tokens as best it can, hiding the error.
	// The parse is guarded as check's is (nesting, heredocs).
	p := hclspec.NewParser()
	if _, diags := p.ParseFile(src, diagName); diags.HasErrors() {
		if err := printDiagnostics(stderr, stdout, false, p.Files(), diags); err != nil {
			fmt.Fprintf(stderr, "intelligen fmt: %v\n", err)
		}
		return exitDiags
	}
	out := hclwrite.Format(src)
	changed := !bytes.Equal(out, src)
	switch {
	case check && changed:
		fmt.Fprintln(stdout, name)
		return exitDiags
	case check:
		return exitOK
	case name == "-":
		if _, err := stdout.Write(out); err != nil {
			fmt.Fprintf(stderr, "intelligen fmt: %v\n", err)
			return exitDiags
		}
	case changed:
		if err := writeFileAtomic(name, out); err != nil {
			fmt.Fprintf(stderr, "intelligen fmt: %v\n", err)
			return exitDiags
		}
	}
	return exitOK
}

// writeFileAtomic replaces name's content with data through a temporary
// file in the same directory and a rename, keeping name's permissions.
func writeFileAtomic(name string, data []byte) error {
	fi, err := os.Stat(name)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := tmp.Chmod(fi.Mode().Perm()); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}
