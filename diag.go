package intelligen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// A Format is a way of printing diagnostics.
type Format int

const (
	// Text prints each diagnostic headed "FILE:LINE:COL: error: Summary",
	// followed by a source snippet and the detail, in the style of HCL's
	// diagnostic writer.
	Text Format = iota
	// Compact prints one line per diagnostic:
	// "FILE:LINE:COL: error: Summary: Detail".
	Compact
	// JSON prints a JSON array of {severity, summary, detail, file, line,
	// column, end_line, end_column}; "[]" when there are none.
	JSON
)

// WriteDiagnostics writes diags to w in the given format, sorted by (file,
// line, column, summary). files are the parsed files by name (from [Load]),
// for snippets; Text is written without colour and without wrapping.
func WriteDiagnostics(w io.Writer, files map[string]*hcl.File, diags hcl.Diagnostics, format Format) error {
	switch format {
	case Compact:
		return writeCompact(w, diags)
	case JSON:
		return writeJSON(w, diags)
	}
	return WriteDiagnosticsText(w, files, diags, 0, false)
}

// SortDiagnostics returns diags sorted by (file, line, column, summary);
// diagnostics without a source range come first. The order of equal
// diagnostics is kept.
func SortDiagnostics(diags hcl.Diagnostics) hcl.Diagnostics {
	s := slices.Clone(diags)
	slices.SortStableFunc(s, func(a, b *hcl.Diagnostic) int {
		fa, la, ca := where(a)
		fb, lb, cb := where(b)
		if c := strings.Compare(fa, fb); c != 0 {
			return c
		}
		if la != lb {
			return la - lb
		}
		if ca != cb {
			return ca - cb
		}
		return strings.Compare(a.Summary, b.Summary)
	})
	return s
}

func where(d *hcl.Diagnostic) (file string, line, col int) {
	if d.Subject == nil {
		return "", 0, 0
	}
	return d.Subject.Filename, d.Subject.Start.Line, d.Subject.Start.Column
}

func severity(d *hcl.Diagnostic) string {
	if d.Severity == hcl.DiagWarning {
		return "warning"
	}
	return "error"
}

// header returns "FILE:LINE:COL: error|warning: Summary", or without the
// location when the diagnostic has none.
func header(d *hcl.Diagnostic, color bool) string {
	sev := severity(d)
	if color {
		code := "\x1b[1;31m"
		if d.Severity == hcl.DiagWarning {
			code = "\x1b[1;33m"
		}
		sev = code + sev + "\x1b[0m"
	}
	if d.Subject == nil {
		return fmt.Sprintf("%s: %s", sev, d.Summary)
	}
	f, l, c := where(d)
	return fmt.Sprintf("%s:%d:%d: %s: %s", f, l, c, sev, d.Summary)
}

// WriteDiagnosticsText writes diags as Text, wrapping details at width
// columns (0: no wrapping) and using ANSI colours if color is set.
func WriteDiagnosticsText(w io.Writer, files map[string]*hcl.File, diags hcl.Diagnostics, width uint, color bool) error {
	var buf bytes.Buffer
	hw := hcl.NewDiagnosticTextWriter(&buf, files, width, color)
	for _, d := range SortDiagnostics(diags) {
		buf.Reset()
		if err := hw.WriteDiagnostic(d); err != nil {
			return fmt.Errorf("render diagnostic: %w", err)
		}
		// HCL's writer starts with "Error: Summary\n\n"; the header replaces
		// that line.
		body := buf.String()
		if i := strings.Index(body, "\n\n"); i >= 0 {
			body = body[i+2:]
		}
		if _, err := fmt.Fprintf(w, "%s\n\n%s", header(d, color), body); err != nil {
			return fmt.Errorf("write diagnostics: %w", err)
		}
	}
	return nil
}

func writeCompact(w io.Writer, diags hcl.Diagnostics) error {
	var b strings.Builder
	for _, d := range SortDiagnostics(diags) {
		b.WriteString(header(d, false))
		if d.Detail != "" {
			b.WriteString(": ")
			b.WriteString(strings.ReplaceAll(d.Detail, "\n", " "))
		}
		b.WriteByte('\n')
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write diagnostics: %w", err)
	}
	return nil
}

// jsonDiagnostic is one diagnostic in the JSON format of SPEC §2.
type jsonDiagnostic struct {
	Severity  string `json:"severity"`
	Summary   string `json:"summary"`
	Detail    string `json:"detail"`
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"end_line"`
	EndColumn int    `json:"end_column"`
}

func writeJSON(w io.Writer, diags hcl.Diagnostics) error {
	out := make([]jsonDiagnostic, 0, len(diags))
	for _, d := range SortDiagnostics(diags) {
		j := jsonDiagnostic{Severity: severity(d), Summary: d.Summary, Detail: d.Detail}
		if s := d.Subject; s != nil {
			j.File = s.Filename
			j.Line, j.Column = s.Start.Line, s.Start.Column
			j.EndLine, j.EndColumn = s.End.Line, s.End.Column
		}
		out = append(out, j)
	}
	data, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return fmt.Errorf("encode diagnostics: %w", err)
	}
	data = append(data, '\n')
	if _, err := w.Write(data); err != nil {
		return fmt.Errorf("write diagnostics: %w", err)
	}
	return nil
}
