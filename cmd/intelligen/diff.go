package main

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/intelligen/intelligen"
)

// runDiff implements "intelligen diff [-o DIR] FILE.hcl...": generate as
// build would, write nothing, and print a unified diff (from the files on
// disk to the generated ones) of every stale or missing file. Exit codes
// are those of docs/cli.md#exit-codes: 0 up to date, 1 stale or a flow with errors (or a file
// that cannot be read), 2 usage.
//
// The diff is this file's own small Myers implementation: the standard
// library has none, and x/tools keeps its diff package internal.
func runDiff(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("diff", "diff [-o DIR] [-version-markers] FILE.hcl|DIR...")
	out := fs.String("o", "", "compare with the files in `DIR` (default: the first file's directory)")
	markers := fs.Bool("version-markers", false, "as for build: name the intelligen version in the header")
	files, code := parseFlags(fs, args, stderr, true)
	if code >= 0 {
		return code
	}
	var outs []output
	outs, code = generate(stdout, stderr, files, *out, intelligen.GenerateOptions{VersionMarkers: *markers})
	if outs == nil {
		return code
	}
	var stale int
	for _, o := range outs {
		files, old, err := o.res.Stale(o.dir)
		if err != nil {
			fmt.Fprintf(stderr, "intelligen diff: %v\n", err)
			return exitDiags
		}
		stale += len(files)
		for i, f := range files {
			path := filepath.ToSlash(filepath.Join(o.dir, f.Name))
			from := "a/" + path
			if old[i] == nil {
				from = "/dev/null"
			}
			if _, err := io.WriteString(stdout, unified(from, "b/"+path, old[i], f.Content)); err != nil {
				fmt.Fprintf(stderr, "intelligen diff: %v\n", err)
				return exitDiags
			}
		}
	}
	if stale > 0 {
		return exitDiags
	}
	return exitOK
}

// contextLines is the number of unchanged lines shown around a change, as
// in diff -u.
const contextLines = 3

// maxTrace bounds the memory of the Myers search (ints kept for
// backtracking). Beyond it, the changed middle of the files is shown as
// one replacement: still a correct patch, just not a minimal one.
const maxTrace = 1 << 24

// An edit is one line of a diff: ' ' kept, '-' deleted, '+' inserted.
type edit struct {
	kind byte
	line string
}

// unified returns the unified diff from a to b with the given file names,
// or "" when they are equal.
func unified(fromName, toName string, a, b []byte) string {
	if bytes.Equal(a, b) {
		return ""
	}
	edits := diffLines(splitLines(a), splitLines(b))
	var sb strings.Builder
	fmt.Fprintf(&sb, "--- %s\n+++ %s\n", fromName, toName)
	// Positions of changes; hunks join changes closer than 2*contextLines.
	var changes []int
	for i, e := range edits {
		if e.kind != ' ' {
			changes = append(changes, i)
		}
	}
	// aLine and bLine are the numbers of lines of a and b before
	// edits[done]; hunks come in order, so each edit is counted once.
	var aLine, bLine, done int
	for i := 0; i < len(changes); {
		j := i
		for j+1 < len(changes) && changes[j+1]-changes[j] <= 2*contextLines+1 {
			j++
		}
		start := max(changes[i]-contextLines, 0)
		end := min(changes[j]+contextLines+1, len(edits))
		da, db := lineCounts(edits[done:start])
		aLine, bLine, done = aLine+da, bLine+db, start
		writeHunk(&sb, edits[start:end], aLine, bLine)
		i = j + 1
	}
	return sb.String()
}

// lineCounts returns the numbers of lines of a and of b in edits.
func lineCounts(edits []edit) (a, b int) {
	for _, e := range edits {
		if e.kind != '+' {
			a++
		}
		if e.kind != '-' {
			b++
		}
	}
	return a, b
}

// writeHunk writes the hunk of edits, whose first line is line aLine
// (0-based) of a and bLine of b.
func writeHunk(sb *strings.Builder, edits []edit, aLine, bLine int) {
	aCount, bCount := lineCounts(edits)
	fmt.Fprintf(sb, "@@ -%s +%s @@\n", hunkRange(aLine, aCount), hunkRange(bLine, bCount))
	for _, e := range edits {
		sb.WriteByte(e.kind)
		sb.WriteString(e.line)
		if !strings.HasSuffix(e.line, "\n") {
			sb.WriteString("\n\\ No newline at end of file\n")
		}
	}
}

// hunkRange formats a hunk's range as diff -u does: an empty range names
// the line before it.
func hunkRange(line, count int) string {
	switch count {
	case 0:
		return fmt.Sprintf("%d,0", line)
	case 1:
		return fmt.Sprintf("%d", line+1)
	}
	return fmt.Sprintf("%d,%d", line+1, count)
}

// splitLines splits b after each newline; the last line may lack one.
func splitLines(b []byte) []string {
	var lines []string
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n') + 1
		if i == 0 {
			i = len(b)
		}
		lines = append(lines, string(b[:i]))
		b = b[i:]
	}
	return lines
}

// diffLines returns a shortest edit script from a to b (Myers' algorithm,
// after trimming the common prefix and suffix).
func diffLines(a, b []string) []edit {
	var pre, suf int
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	var edits []edit
	for _, l := range a[:pre] {
		edits = append(edits, edit{' ', l})
	}
	edits = append(edits, myers(a[pre:len(a)-suf], b[pre:len(b)-suf])...)
	for _, l := range a[len(a)-suf:] {
		edits = append(edits, edit{' ', l})
	}
	return edits
}

func myers(a, b []string) []edit {
	n, m := len(a), len(b)
	limit := n + m
	off := limit + 1
	v := make([]int, 2*limit+3)
	var trace [][]int
	found := false
search:
	for d := 0; d <= limit; d++ {
		if len(trace)*len(v) > maxTrace {
			break
		}
		trace = append(trace, slices.Clone(v))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1]
			} else {
				x = v[off+k-1] + 1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[off+k] = x
			if x >= n && y >= m {
				found = true
				break search
			}
		}
	}
	if !found {
		var edits []edit
		for _, l := range a {
			edits = append(edits, edit{'-', l})
		}
		for _, l := range b {
			edits = append(edits, edit{'+', l})
		}
		return edits
	}
	var rev []edit
	x, y := n, m
	for d := len(trace) - 1; d >= 0; d-- {
		v := trace[d]
		k := x - y
		var pk int
		if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
			pk = k + 1
		} else {
			pk = k - 1
		}
		px := v[off+pk]
		py := px - pk
		for x > px && y > py {
			rev = append(rev, edit{' ', a[x-1]})
			x--
			y--
		}
		if d > 0 {
			if x == px {
				rev = append(rev, edit{'+', b[py]})
			} else {
				rev = append(rev, edit{'-', a[px]})
			}
		}
		x, y = px, py
	}
	slices.Reverse(rev)
	return rev
}
