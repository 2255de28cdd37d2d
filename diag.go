package intelligen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
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

// Limits of Text output, as compilers have them: a flood of diagnostics
// (thousands on one generated line) stays readable and cheap to print.
const (
	// MaxTextDiagnostics is how many diagnostics Text prints; one last
	// line counts the rest.
	MaxTextDiagnostics = 100
	// maxSnippet is the widest source line a snippet shows whole; a
	// longer one is cut to a window around the diagnostic's subject.
	maxSnippet = 160
	// maxSnippetLines is the most source lines a snippet shows.
	maxSnippetLines = 10
	// maxDetail is the longest detail printed whole.
	maxDetail = 4096
)

// WriteDiagnosticsText writes diags as Text, wrapping details at width
// columns (0: no wrapping) and using ANSI colours if color is set. It
// prints at most [MaxTextDiagnostics] of them, followed by a line that
// counts the rest, cuts long source lines to a window around each
// subject, and cuts a detail longer than 4 KB. Its cost is linear in the number of diagnostics printed plus
// the size of the files they point into.
func WriteDiagnosticsText(w io.Writer, files map[string]*hcl.File, diags hcl.Diagnostics, width uint, color bool) error {
	var buf bytes.Buffer
	hw := hcl.NewDiagnosticTextWriter(&buf, nil, width, color)
	srcs := map[string]*source{}
	sorted := SortDiagnostics(diags)
	shown := sorted[:min(len(sorted), MaxTextDiagnostics)]
	for _, d := range shown {
		var b strings.Builder
		b.WriteString(header(d, color))
		b.WriteString("\n\n")
		if d.Subject != nil {
			src := srcs[d.Subject.Filename]
			if src == nil {
				src = newSource(files[d.Subject.Filename])
				srcs[d.Subject.Filename] = src
			}
			src.snippet(&b, d, color)
		}
		// HCL's writer wraps the detail; without a subject it writes only
		// "Error: Summary\n\n" before it, which the header replaces.
		buf.Reset()
		detail := d.Detail
		if len(detail) > maxDetail {
			// A 100,000-task cycle lists every hop; JSON keeps it whole.
			detail = fmt.Sprintf("%s ... (%d more bytes not shown)", cutRunes(detail, maxDetail, false), len(detail)-len(cutRunes(detail, maxDetail, false)))
		}
		if err := hw.WriteDiagnostic(&hcl.Diagnostic{Severity: d.Severity, Summary: d.Summary, Detail: detail}); err != nil {
			return fmt.Errorf("render diagnostic: %w", err)
		}
		body := buf.String()
		if i := strings.Index(body, "\n\n"); i >= 0 {
			body = body[i+2:]
		}
		b.WriteString(body)
		if _, err := io.WriteString(w, b.String()); err != nil {
			return fmt.Errorf("write diagnostics: %w", err)
		}
	}
	if rest := sorted[len(shown):]; len(rest) > 0 {
		errs := 0
		for _, d := range rest {
			if d.Severity == hcl.DiagError {
				errs++
			}
		}
		if _, err := fmt.Fprintf(w, "... and %d more diagnostics not shown (%d errors, %d warnings).\n", len(rest), errs, len(rest)-errs); err != nil {
			return fmt.Errorf("write diagnostics: %w", err)
		}
	}
	return nil
}

// A source indexes a parsed file for snippets: where each line starts and
// the top-level blocks, so that each snippet costs a binary search, not a
// scan of the file.
type source struct {
	file   *hcl.File
	lines  []int // byte offset of the start of each line
	blocks []*hclsyntax.Block
}

func newSource(f *hcl.File) *source {
	s := &source{file: f}
	if f == nil || f.Bytes == nil {
		return s
	}
	s.lines = append(s.lines, 0)
	for i, c := range f.Bytes {
		if c == '\n' {
			s.lines = append(s.lines, i+1)
		}
	}
	if body, ok := f.Body.(*hclsyntax.Body); ok {
		s.blocks = body.Blocks
	}
	return s
}

// context returns the header of the top-level block holding offset, as
// HCL's writer shows it ("task \"a\""), or "".
func (s *source) context(offset int) string {
	i := sort.Search(len(s.blocks), func(i int) bool { return s.blocks[i].Range().End.Byte > offset })
	if i == len(s.blocks) || !s.blocks[i].Range().ContainsOffset(offset) {
		return ""
	}
	blk := s.blocks[i]
	var b strings.Builder
	b.WriteString(blk.Type)
	for _, l := range blk.Labels {
		fmt.Fprintf(&b, " %q", l)
	}
	return b.String()
}

// snippet writes the "on FILE line N, in BLOCK:" line and the source lines
// of d's subject and context, as HCL's diagnostic writer does, each line
// cut to a window of maxSnippet bytes around the subject.
func (s *source) snippet(b *strings.Builder, d *hcl.Diagnostic, color bool) {
	subj := *d.Subject
	if s.file == nil || s.file.Bytes == nil {
		fmt.Fprintf(b, "  on %s line %d:\n  (source code not available)\n\n", subj.Filename, subj.Start.Line)
		return
	}
	snip, high := subj, subj
	if d.Context != nil {
		snip = hcl.RangeOver(snip, *d.Context)
	}
	if snip.Empty() {
		snip.End.Byte++
		snip.End.Column++
	}
	if high.Empty() {
		high.End.Byte++
		high.End.Column++
	}
	ctx := s.context(subj.Start.Byte)
	if ctx != "" {
		ctx = ", in " + ctx
	}
	fmt.Fprintf(b, "  on %s line %d%s:\n", subj.Filename, subj.Start.Line, ctx)
	var hiOn, hiOff string
	if color {
		hiOn, hiOff = "\x1b[1;4m", "\x1b[0m"
	}
	src := s.file.Bytes
	// The lines that can overlap the snippet: from the one before its
	// start to the one after its end.
	first := max(sort.SearchInts(s.lines, snip.Start.Byte+1)-2, 0)
	last := min(sort.SearchInts(s.lines, snip.End.Byte+1), len(s.lines)-1)
	if last-first >= maxSnippetLines {
		// A context of many lines (a long heredoc): show the subject's
		// lines only, at most maxSnippetLines of them.
		snip = high
		first = max(sort.SearchInts(s.lines, snip.Start.Byte+1)-2, 0)
		last = min(sort.SearchInts(s.lines, snip.End.Byte+1), len(s.lines)-1, first+maxSnippetLines)
	}
	for n := first; n <= last; n++ {
		start := s.lines[n]
		end := len(src)
		if n+1 < len(s.lines) {
			end = s.lines[n+1] - 1 // before the newline
		}
		if end > start && src[end-1] == '\r' {
			end--
		}
		line := hcl.Range{Filename: subj.Filename,
			Start: hcl.Pos{Line: n + 1, Column: 1, Byte: start},
			End:   hcl.Pos{Line: n + 1, Byte: end}}
		if !line.Overlaps(snip) {
			continue
		}
		before, hl, after := line.PartitionAround(high)
		pre, mid, post := string(before.SliceBytes(src)), string(hl.SliceBytes(src)), string(after.SliceBytes(src))
		if hl.Empty() {
			pre, mid, post = string(src[start:end]), "", ""
		}
		pre, mid, post = window(pre, mid, post)
		if hl.Empty() {
			fmt.Fprintf(b, "%4d: %s%s\n", n+1, pre, post)
		} else {
			fmt.Fprintf(b, "%4d: %s%s%s%s%s\n", n+1, pre, hiOn, mid, hiOff, post)
		}
	}
	b.WriteByte('\n')
}

// window cuts a source line, split around its highlighted part, to about
// maxSnippet bytes: the highlight (itself cut if too long) with what fits
// of its surroundings, "..." marking each cut. Cuts fall on rune
// boundaries.
func window(pre, mid, post string) (string, string, string) {
	if len(pre)+len(mid)+len(post) <= maxSnippet {
		return pre, mid, post
	}
	if len(mid) > maxSnippet/2 {
		mid = cutRunes(mid, maxSnippet/2, false) + "..."
	}
	room := max(maxSnippet-len(mid), 0) / 2
	if len(pre) > room {
		pre = "..." + cutRunes(pre, room, true)
	}
	if len(post) > room {
		post = cutRunes(post, room, false) + "..."
	}
	return pre, mid, post
}

// cutRunes returns the first (or, if tail, the last) at most n bytes of s,
// without splitting a rune.
func cutRunes(s string, n int, tail bool) string {
	if len(s) <= n {
		return s
	}
	if tail {
		i := len(s) - n
		for i < len(s) && !utf8.RuneStart(s[i]) {
			i++
		}
		return s[i:]
	}
	i := n
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i]
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

// jsonDiagnostic is one diagnostic in the JSON format of docs/cli.md#diagnostics.
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
