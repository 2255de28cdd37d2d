package report

import (
	"bytes"
	"cmp"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
)

//go:embed report.html.tmpl
var pageSource string

var page = template.Must(template.New("report").Parse(pageSource))

// WriteHTML writes the page of the latest Run recorded (see WriteHTML).
func (r *Recorder) WriteHTML(w io.Writer) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.run == nil {
		return fmt.Errorf("report: no Run recorded")
	}
	return WriteHTML(w, r.run)
}

// WriteHTMLFile writes the page of the latest Run recorded to the file
// name, replacing it only once the page is complete.
func (r *Recorder) WriteHTMLFile(name string) error {
	var b bytes.Buffer
	if err := r.WriteHTML(&b); err != nil {
		return err
	}
	return writeFile(name, b.Bytes())
}

// WriteHTML writes run as one self-contained HTML page.
func WriteHTML(w io.Writer, run *Run) error {
	if err := page.Execute(w, newView(run)); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

// writeFile writes data to name through a temporary file in its directory,
// so that a reader never sees half a page. (The generator's Result.Commit
// does the same for generated files, but programs that write reports must
// not link the generator.)
func writeFile(name string, data []byte) (err error) {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*.tmp")
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err := f.Write(data); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if err := f.Chmod(0o644); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if err := os.Rename(f.Name(), name); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

// view is what the template shows.
type view struct {
	*Run
	Duration string
	Counts   []count
	Graph    graph
	Axis     []tick
	Bars     []bar
	Tasks    []taskView
}

type count struct {
	Status Status
	N      int
}

type tick struct {
	Left  string // percent of the axis
	Label string
}

// A bar is one row of the timeline.
type bar struct {
	Name     string
	Status   Status
	Ran      bool
	Critical bool   // on the critical path
	Left     string // percent of the Run's duration
	Width    string
	Offset   string // start, from the Run's start
	Took     string
	Start    int64 // microseconds from the Run's start
}

type taskView struct {
	*Task
	Took      string
	Output    string       // text, typed outputs as indented JSON
	ImageURL  template.URL // a data: URI
	AudioURL  template.URL // a data: URI
	MediaNote string       // what a medium is, or why it is not shown
}

func newView(run *Run) view {
	v := view{Run: run}
	total := run.End.Sub(run.Start)
	if run.End.IsZero() {
		total = time.Since(run.Start)
	}
	v.Duration = formatDuration(total)
	total = max(total, time.Microsecond)

	n := map[Status]int{}
	for _, t := range run.Tasks {
		n[t.Status]++
	}
	for _, s := range []Status{Done, Failed, Skipped, Cancelled, Running} {
		if n[s] > 0 {
			v.Counts = append(v.Counts, count{s, n[s]})
		}
	}

	for i := range 5 {
		f := float64(i) / 4
		v.Axis = append(v.Axis, tick{percent(f), formatDuration(time.Duration(f * float64(total)))})
	}

	critical := criticalPath(run)
	v.Graph = layout(run.Tasks, critical)
	for _, t := range run.Tasks {
		b := bar{Name: t.Name, Status: t.Status, Ran: t.ran, Critical: critical[t.Name]}
		if t.ran {
			end := t.End
			if end.IsZero() {
				end = cmp.Or(run.End, time.Now())
			}
			off := t.Start.Sub(run.Start)
			b.Start = off.Microseconds()
			b.Left = percent(float64(off) / float64(total))
			b.Width = percent(max(float64(end.Sub(t.Start))/float64(total), 0.002))
			b.Offset, b.Took = formatDuration(off), formatDuration(end.Sub(t.Start))
		}
		v.Bars = append(v.Bars, b)
	}
	// Tasks that ran, by start; then those that never did, as declared.
	slices.SortStableFunc(v.Bars, func(a, b bar) int {
		if a.Ran != b.Ran {
			if a.Ran {
				return -1
			}
			return 1
		}
		return cmp.Compare(a.Start, b.Start)
	})

	for _, t := range run.Tasks {
		tv := taskView{Task: t, Output: formatText(t.Text)}
		if t.ran {
			tv.Took = formatDuration(t.Duration())
		}
		switch {
		case t.Image != nil:
			tv.ImageURL, tv.MediaNote = dataURL(t.Image.MIME, t.Image.Data, imageMIME)
		case t.Audio != nil:
			tv.AudioURL, tv.MediaNote = dataURL(t.Audio.MIME, t.Audio.Data, audioMIME)
		case t.Embedding != nil:
			tv.Output = formatEmbedding(t.Embedding)
		}
		v.Tasks = append(v.Tasks, tv)
	}
	return v
}

// criticalPath returns the tasks of the chain that decided when the Run
// ended: the task that ended last, the input of it that ended last, and so
// on back to a task without inputs. It is empty when no task ran.
func criticalPath(run *Run) map[string]bool {
	byName := map[string]*Task{}
	var last *Task
	for _, t := range run.Tasks {
		byName[t.Name] = t
		if t.ran && !t.End.IsZero() && (last == nil || t.End.After(last.End)) {
			last = t
		}
	}
	path := map[string]bool{}
	for t := last; t != nil && !path[t.Name]; {
		path[t.Name] = true
		var next *Task
		for _, name := range t.After {
			if in := byName[name]; in != nil && in.ran && !in.End.IsZero() && (next == nil || in.End.After(next.End)) {
				next = in
			}
		}
		t = next
	}
	return path
}

// percent formats f (a fraction) as a CSS percentage number.
func percent(f float64) string { return fmt.Sprintf("%.3f", 100*f) }

// formatText returns s, or s indented when it is a JSON object or array
// (a typed output).
func formatText(s string) string {
	t := strings.TrimSpace(s)
	if t == "" || (t[0] != '{' && t[0] != '[') {
		return s
	}
	var b bytes.Buffer
	if json.Indent(&b, []byte(t), "", "  ") != nil { // not valid JSON
		return s
	}
	return b.String()
}

func formatEmbedding(e []float32) string {
	var b strings.Builder
	fmt.Fprintf(&b, "embedding, %d dimensions: [", len(e))
	for i, x := range e[:min(len(e), 8)] {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%.4g", x)
	}
	if len(e) > 8 {
		b.WriteString(", …")
	}
	b.WriteString("]")
	return b.String()
}

// The media types the page shows inline. An image is shown only as a
// raster format a browser decodes without running anything.
var (
	imageMIME = regexp.MustCompile(`^image/(png|jpeg|gif|webp)$`)
	audioMIME = regexp.MustCompile(`^audio/[a-z0-9][a-z0-9.+-]*$`)
)

// dataURL returns data as a data: URI of media type mime when ok accepts
// it, and a note saying what it is.
func dataURL(mime string, data []byte, ok *regexp.Regexp) (template.URL, string) {
	mime = strings.ToLower(strings.TrimSpace(mime))
	note := fmt.Sprintf("%s, %d bytes", cmp.Or(mime, "no media type"), len(data))
	if !ok.MatchString(mime) || len(data) == 0 {
		return "", note + " (not shown)"
	}
	// The URI is built here from a checked media type and base64, so it
	// is safe to mark as a URL.
	return template.URL("data:" + mime + ";base64," + base64.StdEncoding.EncodeToString(data)), note
}
