// Command buildbench measures the build side of intelligen (run it from
// bench/):
//
//   - gen: the wall time of `intelligen check` and `intelligen build` on
//     random flows of 1,000 and 10,000 tasks (the CLI binary, built once,
//     so process start is included; median of -n runs), and in process of
//     the root package's LoadFiles (parse + check) and Generate (Go +
//     DOT, gofmt'ed);
//   - cold: the cold build time (empty GOCACHE; the module cache stays
//     warm), binary size and module count of coldbuild/intelligen and
//     coldbuild/eino, after checking that both print the same outputs.
//
// It prints one line per measurement for cmd/report.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/intelligen/intelligen"
	"github.com/intelligen/intelligen/bench"
)

func main() {
	what := flag.String("what", "gen,cold", "comma-separated: gen, cold")
	n := flag.Int("n", 5, "runs per generator measurement")
	flag.Parse()
	tmp, err := os.MkdirTemp("", "buildbench")
	check(err)
	defer os.RemoveAll(tmp)
	for _, w := range strings.Split(*what, ",") {
		switch w {
		case "gen":
			gen(tmp, *n)
		case "cold":
			cold(tmp)
		default:
			check(fmt.Errorf("unknown -what %q", w))
		}
	}
}

func gen(tmp string, n int) {
	bin := filepath.Join(tmp, "intelligen")
	run("", nil, "go", "build", "-o", bin, "github.com/intelligen/intelligen/cmd/intelligen")
	for _, size := range []int{1000, 10000} {
		d := bench.Random(fmt.Sprintf("gen%d", size), 7, size, 0, 0)
		dir := filepath.Join(tmp, d.Name)
		check(os.MkdirAll(dir, 0o755))
		hcl := filepath.Join(dir, d.Name+".hcl")
		check(os.WriteFile(hcl, d.HCL(), 0o644))
		var checks, builds []time.Duration
		for range n {
			checks = append(checks, run(dir, nil, bin, "check", hcl))
			builds = append(builds, run(dir, nil, bin, "build", "-o", filepath.Join(dir, "out"), hcl))
		}
		fi, err := os.Stat(filepath.Join(dir, "out", d.Name+"_gen.go"))
		check(err)
		fmt.Printf("gen %d check_ms %.1f build_ms %.1f gen_bytes %d\n", size, ms(median(checks)), ms(median(builds)), fi.Size())
		var loads, gens []time.Duration
		for range n {
			start := time.Now()
			w, _, diags := intelligen.LoadFiles(hcl)
			loads = append(loads, time.Since(start))
			if diags.HasErrors() {
				check(diags)
			}
			start = time.Now()
			_, err := intelligen.Generate(w, intelligen.GenerateOptions{})
			gens = append(gens, time.Since(start))
			check(err)
		}
		fmt.Printf("genlib %d load_ms %.1f generate_ms %.1f\n", size, ms(median(loads)), ms(median(gens)))
	}
}

func cold(tmp string) {
	var outs []string
	for _, prog := range []string{"intelligen", "eino"} {
		cache := filepath.Join(tmp, "gocache-"+prog)
		bin := filepath.Join(tmp, prog)
		d := run("", []string{"GOCACHE=" + cache}, "go", "build", "-tags", "benchflows", "-o", bin, "./coldbuild/"+prog)
		check(os.RemoveAll(cache))
		fi, err := os.Stat(bin)
		check(err)
		info, err := exec.Command("go", "version", "-m", bin).Output()
		check(err)
		mods := 0
		for line := range strings.Lines(string(info)) {
			if f := strings.Fields(line); len(f) > 0 && (f[0] == "dep" || f[0] == "mod") {
				mods++
			}
		}
		out, err := exec.Command(bin).Output()
		check(err)
		outs = append(outs, string(out))
		fmt.Printf("cold %s build_s %.1f size_bytes %d modules %d\n", prog, d.Seconds(), fi.Size(), mods)
	}
	if outs[0] != outs[1] {
		check(fmt.Errorf("coldbuild programs disagree:\n%s%s", outs[0], outs[1]))
	}
}

// run runs a command in dir and returns its wall time; it exits on failure.
func run(dir string, env []string, name string, args ...string) time.Duration {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	d := time.Since(start)
	if err != nil {
		check(fmt.Errorf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.Bytes()))
	}
	return d
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "buildbench:", err)
		os.Exit(1)
	}
}
