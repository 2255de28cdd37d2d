package browser

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// Find returns the Chromium command, or skips t when there is none.
func Find(t testing.TB) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no Chromium on PATH (apt-get install chromium)")
	return ""
}

// A Page is what a page showed once loaded.
type Page struct {
	Nodes    []Node        // the graph's tasks
	Edges    int           // the graph's edges
	Bars     []Bar         // the timeline's bars, top to bottom
	Never    []Item        // the timeline's tasks that never ran
	Sections []Item        // the tasks' sections
	Images   []Image       // every <img>
	Audio    int           // <audio> players
	Errors   []string      // script errors, console errors, blocked loads
	LoadMs   float64       // from navigation to the page laid out, in the page's clock
	Wall     time.Duration // the browser's whole run, start-up included
}

// A Node is a task in the graph.
type Node struct {
	Task, Status, Fill string
	Critical           bool    // outlined as on the critical path
	Width, Height      float64 // as laid out
}

// A Bar is a task's bar on the timeline.
type Bar struct {
	Task, Status, Fill string
	Critical           bool    // outlined as on the critical path
	Left, Width        float64 // as laid out, in CSS pixels
	StartUs            int64   // the task's start, from the Run's
}

// An Item is a task and the status shown for it.
type Item struct {
	Task, Status string
	Visible      bool
}

// An Image is an <img> as loaded.
type Image struct {
	Complete bool
	Width    int // natural width; 0 when it did not decode
}

// probe runs in the page: it records errors from the start, and on load
// lays the page out and writes what it shows into a <pre id="probe">.
const probe = `<script>
window.__errors = [];
addEventListener('error', e => __errors.push('error: ' + (e.message || (e.target && (e.target.src || e.target.href)) || 'a resource failed')), true);
addEventListener('securitypolicyviolation', e => __errors.push('blocked: ' + e.violatedDirective + ' ' + e.blockedURI));
const consoleError = console.error;
console.error = (...a) => { __errors.push('console: ' + a.join(' ')); consoleError(...a); };
addEventListener('load', () => {
  document.body.getBoundingClientRect(); // lay the page out
  const loadMs = performance.now();
  const box = el => el.getBoundingClientRect();
  const fill = el => getComputedStyle(el).backgroundColor !== 'rgba(0, 0, 0, 0)' ? getComputedStyle(el).backgroundColor : getComputedStyle(el).fill;
  const item = el => ({Task: el.dataset.task, Status: el.dataset.status, Visible: box(el).height > 0});
  const p = {
    Nodes: [...document.querySelectorAll('#graph g.node')].map(g => { const r = g.querySelector('rect'); return {Task: g.dataset.task, Status: g.querySelector('text.sub').textContent, Fill: fill(r), Critical: getComputedStyle(r).strokeWidth === '2.5px', Width: box(r).width, Height: box(r).height}; }),
    Edges: document.querySelectorAll('#graph path.edge').length,
    Bars: [...document.querySelectorAll('#timeline .bar')].map(b => ({Task: b.dataset.task, Status: b.dataset.status, Fill: fill(b), Critical: getComputedStyle(b).outlineStyle === 'solid', Left: box(b).left, Width: box(b).width, StartUs: +b.dataset.startUs})),
    Never: [...document.querySelectorAll('#timeline .never')].map(item),
    Sections: [...document.querySelectorAll('section.task')].map(s => ({Task: s.dataset.task, Status: s.querySelector('h3 .badge').textContent, Visible: box(s).height > 0})),
    Images: [...document.querySelectorAll('img')].map(i => ({Complete: i.complete, Width: i.naturalWidth})),
    Audio: document.querySelectorAll('audio').length,
    Errors: __errors,
    LoadMs: loadMs,
  };
  const pre = document.createElement('pre');
  pre.id = 'probe';
  pre.textContent = JSON.stringify(p);
  document.body.appendChild(pre);
});
</script>`

var probeOut = regexp.MustCompile(`(?s)<pre id="probe">(.*?)</pre>`)

// Open loads the HTML file page in headless Chromium and returns what it
// showed. The probe is added to a copy of the page, whose
// Content-Security-Policy is widened by exactly one thing: inline scripts,
// so that the probe may run. Any other load the page attempts is blocked
// and reported in Errors.
func Open(t testing.TB, page string) Page {
	t.Helper()
	bin := Find(t)
	data, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	src := string(data)
	const csp = `content="default-src 'none';`
	if !strings.Contains(src, csp) || !strings.Contains(src, "<head>") {
		t.Fatalf("%s has no <head> or no Content-Security-Policy", page)
	}
	src = strings.Replace(src, csp, csp+` script-src 'unsafe-inline';`, 1)
	src = strings.Replace(src, "<head>", "<head>\n"+probe, 1)
	dir := t.TempDir()
	probed := filepath.Join(dir, "probed.html")
	if err := os.WriteFile(probed, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	out, logs := chromium(t, bin, dir, "--dump-dom", "file://"+probed)
	wall := time.Since(start)
	m := probeOut.FindSubmatch(out)
	if m == nil {
		t.Fatalf("the probe wrote nothing; the page did not load. Chromium said:\n%s", logs)
	}
	var p Page
	if err := json.Unmarshal([]byte(html.UnescapeString(string(m[1]))), &p); err != nil {
		t.Fatalf("probe output: %v", err)
	}
	p.Wall = wall
	for _, line := range strings.Split(string(logs), "\n") {
		if strings.Contains(line, "Uncaught") || strings.Contains(line, "Refused to") {
			p.Errors = append(p.Errors, "log: "+line)
		}
	}
	return p
}

// Screenshot saves a PNG of page, width by height CSS pixels, as file,
// and checks that it shows something.
func Screenshot(t testing.TB, page, file string, width, height int) {
	t.Helper()
	bin := Find(t)
	chromium(t, bin, t.TempDir(), "--screenshot="+file, fmt.Sprintf("--window-size=%d,%d", width, height), "--hide-scrollbars", "file://"+page)
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	colors := map[[4]uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 7 {
		for x := b.Min.X; x < b.Max.X; x += 7 {
			r, g, bl, a := img.At(x, y).RGBA()
			colors[[4]uint32{r, g, bl, a}] = true
		}
	}
	if len(colors) < 5 {
		t.Errorf("screenshot %s is blank (%d colours)", file, len(colors))
	}
}

// chromium runs Chromium headless with args in a profile of its own under
// dir, and returns its stdout and its log.
func chromium(t testing.TB, bin, dir string, args ...string) (stdout, logs []byte) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	args = append([]string{
		"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
		"--disable-extensions", "--disable-background-networking", "--disable-sync", "--mute-audio",
		"--enable-logging=stderr", "--v=0", "--user-data-dir=" + filepath.Join(dir, "profile"),
	}, args...)
	cmd := exec.CommandContext(ctx, bin, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, &errb)
	}
	return out.Bytes(), errb.Bytes()
}

// ArtifactDir returns where a test keeps files for people to look at:
// $INTELLIGEN_ARTIFACTS/<test name> when set, else a temporary directory.
func ArtifactDir(t testing.TB) string {
	t.Helper()
	root := os.Getenv("INTELLIGEN_ARTIFACTS")
	if root == "" {
		return t.TempDir()
	}
	dir := filepath.Join(root, strings.NewReplacer("/", "_", " ", "_").Replace(t.Name()))
	if err := os.MkdirAll(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	return dir
}
