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

// runFmt implements "intelligen fmt [-check] FILE.hcl...": rewrite each file
// in canonical HCL formatting (hclwrite.Format), only when it changes, or
// with -check list the files that would change and exit 1.
func runFmt(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("fmt", "fmt [-check] FILE.hcl...")
	check := fs.Bool("check", false, "write nothing; list the files whose formatting would change and exit 1 if any")
	if code := parseFlags(fs, args, stderr, true); code >= 0 {
		return code
	}
	code := exitOK
	for _, name := range fs.Args() {
		src, err := intelligen.ReadFlowFile(name)
		if err != nil {
			fmt.Fprintf(stderr, "intelligen fmt: %v\n", err)
			code = exitDiags
			continue
		}
		// Refuse to format a file that does not parse: hclwrite would
		// reformat the broken tokens as best it can, hiding the error.
		// The parse is guarded as check's is (nesting, heredocs).
		p := hclspec.NewParser()
		if _, diags := p.ParseFile(src, name); diags.HasErrors() {
			if err := printDiagnostics(stderr, stdout, false, p.Files(), diags); err != nil {
				fmt.Fprintf(stderr, "intelligen fmt: %v\n", err)
			}
			code = exitDiags
			continue
		}
		out := hclwrite.Format(src)
		if bytes.Equal(out, src) {
			continue
		}
		if *check {
			fmt.Fprintln(stdout, name)
			code = exitDiags
			continue
		}
		if err := writeFileAtomic(name, out); err != nil {
			fmt.Fprintf(stderr, "intelligen fmt: %v\n", err)
			code = exitDiags
		}
	}
	return code
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
