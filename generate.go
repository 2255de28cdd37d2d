package intelligen

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/intelligen/intelligen/gen"
	"github.com/intelligen/intelligen/ir"
)

// GenerateOptions control [Generate].
type GenerateOptions struct {
	// VersionMarkers adds the intelligen version to the Go file's header
	// (off in goldens, so releases do not churn them).
	VersionMarkers bool
	// Version is the version VersionMarkers shows; "" is gen.UnknownVersion.
	Version string
	// Target is the code generation target: "" or TargetGo for the Go
	// file alone, TargetTemporal to add the Temporal workflow
	// (docs/temporal.md).
	Target string
}

// The code generation targets of [GenerateOptions].
const (
	TargetGo       = "go"
	TargetTemporal = "temporal"
)

// A GeneratedFile is one output file of a flow, not yet written.
type GeneratedFile struct {
	Name    string // base name: flow_gen.go, flow.dot
	Content []byte
}

// A Result is what [Generate] produces for one flow: nothing is written
// until [Result.Commit], so build, diff and tests share one path.
type Result struct {
	// Files are <base>_gen.go and <base>.dot, in that order, where <base>
	// is the flow's first file name without .hcl; the temporal target adds
	// <base>_temporal.go.
	Files []GeneratedFile
}

// Generate returns the Go and DOT files of w. An error means a bug in
// the generator, not in the flow: problems in the flow are ir.Check's
// diagnostics.
func Generate(w *ir.Workflow, opts GenerateOptions) (*Result, error) {
	src, err := gen.Go(w, &gen.Options{VersionMarkers: opts.VersionMarkers, Version: opts.Version})
	if err != nil {
		return nil, err
	}
	base := gen.FileName(w)
	res := &Result{Files: []GeneratedFile{
		{Name: base + "_gen.go", Content: src},
		{Name: base + ".dot", Content: gen.DOT(w)},
	}}
	switch opts.Target {
	case "", TargetGo:
	case TargetTemporal:
		src, err := gen.Temporal(w, &gen.Options{VersionMarkers: opts.VersionMarkers, Version: opts.Version})
		if err != nil {
			return nil, err
		}
		res.Files = append(res.Files, GeneratedFile{Name: base + "_temporal.go", Content: src})
	default:
		return nil, fmt.Errorf("unknown target %q: go or temporal", opts.Target)
	}
	return res, nil
}

// Stale returns the files of r whose content differs from the file of the
// same name in dir, or that are missing there, with that file's current
// content (nil when missing).
func (r *Result) Stale(dir string) (stale []GeneratedFile, old [][]byte, err error) {
	for _, f := range r.Files {
		target := filepath.Join(dir, f.Name)
		if fi, err := os.Stat(target); err == nil && !fi.Mode().IsRegular() {
			// A directory, a FIFO or a device is in the way, never the
			// file: stale, and not read (a FIFO would block).
			stale = append(stale, f)
			old = append(old, nil)
			continue
		}
		b, err := os.ReadFile(target)
		switch {
		case errors.Is(err, os.ErrNotExist):
			b = nil
		case err != nil:
			return nil, nil, fmt.Errorf("read generated file: %w", err)
		case bytes.Equal(b, f.Content):
			continue
		}
		stale = append(stale, f)
		old = append(old, b)
	}
	return stale, old, nil
}

// Commit writes r's files into dir, creating dir if needed, all or
// nothing: each goes to a temporary file in dir first; only when every one
// is complete, and no target is in the way (a directory of the same name),
// are they renamed into place. If a rename still fails, the files already
// replaced are restored. A failure never leaves a partial or a mixed set of
// files behind.
func (r *Result) Commit(dir string) (err error) {
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return fmt.Errorf("create output directory: %w", err)
	}
	for _, f := range r.Files {
		if fi, err := os.Lstat(filepath.Join(dir, f.Name)); err == nil && !fi.Mode().IsRegular() {
			return fmt.Errorf("write %s: %s exists and is not a regular file", f.Name, filepath.Join(dir, f.Name))
		}
	}
	var temps []string
	defer func() {
		for _, t := range temps {
			os.Remove(t) // gone already when renamed into place
		}
	}()
	for _, f := range r.Files {
		t, err := writeTemp(dir, f)
		if err != nil {
			return err
		}
		temps = append(temps, t)
	}
	// Keep the current files until every new one is in place.
	backups := make([]string, len(r.Files))
	defer func() {
		for _, b := range backups {
			if b != "" && b != "-" {
				os.Remove(b)
			}
		}
	}()
	for i, f := range r.Files {
		target := filepath.Join(dir, f.Name)
		if _, err := os.Lstat(target); err != nil {
			continue
		}
		backups[i] = "-" // there is a file, which cannot be restored
		b := temps[i] + ".old"
		if err := os.Link(target, b); err == nil {
			backups[i] = b
		}
	}
	for i, f := range r.Files {
		target := filepath.Join(dir, f.Name)
		if err := os.Rename(temps[i], target); err != nil {
			for j := range i {
				restore(filepath.Join(dir, r.Files[j].Name), backups[j])
			}
			return fmt.Errorf("write %s: %w", f.Name, err)
		}
	}
	return nil
}

// restore puts back the file target had before Commit: backup, "" if
// there was none, "-" if it could not be kept.
func restore(target, backup string) {
	switch backup {
	case "":
		os.Remove(target)
	case "-":
	default:
		os.Rename(backup, target)
	}
}

func writeTemp(dir string, f GeneratedFile) (name string, err error) {
	t, err := os.CreateTemp(dir, "."+f.Name+".*.tmp")
	if err != nil {
		return "", fmt.Errorf("write %s: %w", f.Name, err)
	}
	defer func() {
		if err != nil {
			t.Close()
			os.Remove(t.Name())
		}
	}()
	if _, err := t.Write(f.Content); err != nil {
		return "", fmt.Errorf("write %s: %w", f.Name, err)
	}
	// CreateTemp makes the file 0600; generated files are ordinary
	// source files.
	if err := t.Chmod(0o644); err != nil {
		return "", fmt.Errorf("write %s: %w", f.Name, err)
	}
	if err := t.Close(); err != nil {
		return "", fmt.Errorf("write %s: %w", f.Name, err)
	}
	return t.Name(), nil
}
