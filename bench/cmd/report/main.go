// Command report reads what run.sh measured (bench.txt: several rounds of
// `go test -bench` output; makespan.txt; build.txt from buildbench) in the
// directory given as its argument and prints the Markdown tables of
// docs/benchmarks.md, with each target met or missed.
//
// Every number is a median over the rounds. A ratio between two
// implementations is the median of the per-round ratios: the sub-benchmarks
// of one round run one after another, so a ratio compares neighbours in
// time on a shared machine.
package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// results maps a benchmark name (with its -cpu suffix) and unit to the
// values measured, one per round.
type results map[string]map[string][]float64

func parse(path string) results {
	f, err := os.Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
	defer f.Close()
	r := results{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) < 4 || !strings.HasPrefix(fs[0], "Benchmark") {
			continue
		}
		name := strings.TrimPrefix(fs[0], "Benchmark")
		if r[name] == nil {
			r[name] = map[string][]float64{}
		}
		for i := 2; i+1 < len(fs); i += 2 {
			v, err := strconv.ParseFloat(fs[i], 64)
			if err == nil {
				r[name][fs[i+1]] = append(r[name][fs[i+1]], v)
			}
		}
	}
	return r
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func (r results) med(name, unit string) float64 { return median(r[name][unit]) }

// ratio is the median over rounds of a/b.
func (r results) ratio(a, b, unit string) float64 {
	x, y := r[a][unit], r[b][unit]
	var q []float64
	for i := range min(len(x), len(y)) {
		q = append(q, x[i]/y[i])
	}
	return median(q)
}

func cpuName(name string, cpu int) string {
	if cpu == 1 {
		return name
	}
	return fmt.Sprintf("%s-%d", name, cpu)
}

var impls = []string{"intelligen", "hand", "eino", "sequential"}

type target struct {
	what, want, got string
	ok              bool
}

var targets []target

func met(ok bool) string {
	if ok {
		return "met"
	}
	return "**missed**"
}

func main() {
	dir := os.Args[1]
	b := parse(filepath.Join(dir, "bench.txt"))
	rounds := len(b[cpuName("SeedFlow/hand", 1)]["ns/op"])
	fmt.Printf("Medians of %d interleaved rounds; ratios are medians of per-round ratios.\n", rounds)

	for _, s := range []struct{ bench, title string }{
		{"SeedFlow", "Seed DAG, no-op agents"},
		{"SeedFlowSim", "Seed DAG, simulator (zero latency)"},
	} {
		fmt.Printf("\n### %s\n\n", s.title)
		fmt.Println("| implementation | GOMAXPROCS | ns/op | B/op | allocs/op | ÷ hand | Eino ÷ this |")
		fmt.Println("|---|---:|---:|---:|---:|---:|---:|")
		for _, cpu := range []int{1, 2} {
			for _, impl := range impls {
				n := cpuName(s.bench+"/"+impl, cpu)
				fmt.Printf("| %s | %d | %.0f | %.0f | %.0f | %.2f | %.1f |\n", impl, cpu,
					b.med(n, "ns/op"), b.med(n, "B/op"), b.med(n, "allocs/op"),
					b.ratio(n, cpuName(s.bench+"/hand", cpu), "ns/op"),
					b.ratio(cpuName(s.bench+"/eino", cpu), n, "ns/op"))
			}
		}
		if s.bench == "SeedFlow" {
			for _, cpu := range []int{1, 2} {
				h := b.ratio(cpuName("SeedFlow/intelligen", cpu), cpuName("SeedFlow/hand", cpu), "ns/op")
				e := b.ratio(cpuName("SeedFlow/eino", cpu), cpuName("SeedFlow/intelligen", cpu), "ns/op")
				targets = append(targets,
					target{fmt.Sprintf("seed DAG vs hand-written, GOMAXPROCS=%d", cpu), "≤ 1.2×", fmt.Sprintf("%.2f×", h), h <= 1.2},
					target{fmt.Sprintf("seed DAG, Eino ÷ intelligen, GOMAXPROCS=%d", cpu), "≥ 10×", fmt.Sprintf("%.1f×", e), e >= 10})
			}
		}
	}

	for _, cpu := range []int{1, 2} {
		fmt.Printf("\n### Chains and fan-out/fan-in, no-op agents, GOMAXPROCS=%d: ns per node\n\n", cpu)
		fmt.Println("| DAG | intelligen | hand | eino | sequential | intelligen ÷ hand | Eino ÷ intelligen | intelligen B/op | allocs/op |")
		fmt.Println("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
		for _, shape := range []string{"chain", "fan"} {
			for _, size := range []int{25, 100, 400, 1000} {
				d := fmt.Sprintf("Scale/%s%d/", shape, size)
				fmt.Printf("| %s%d |", shape, size)
				for _, impl := range impls {
					fmt.Printf(" %.0f |", b.med(cpuName(d+impl, cpu), "ns/node"))
				}
				in, h, e := cpuName(d+"intelligen", cpu), cpuName(d+"hand", cpu), cpuName(d+"eino", cpu)
				fmt.Printf(" %.2f | %.1f | %.0f | %.0f |\n", b.ratio(in, h, "ns/op"), b.ratio(e, in, "ns/op"), b.med(in, "B/op"), b.med(in, "allocs/op"))
			}
			q := b.ratio(cpuName(fmt.Sprintf("Scale/%s1000/intelligen", shape), cpu), cpuName(fmt.Sprintf("Scale/%s25/intelligen", shape), cpu), "ns/node")
			targets = append(targets, target{fmt.Sprintf("%s: per-node cost at 1000 ÷ at 25, GOMAXPROCS=%d", shape, cpu), "≤ 1.5×", fmt.Sprintf("%.2f×", q), q <= 1.5})
		}
	}

	if m := parse(filepath.Join(dir, "makespan.txt")); len(m) > 0 {
		fmt.Printf("\n### Random 40-task DAGs, latencies 10–100 ms: makespan ÷ critical path (median of 3 runs)\n\n")
		fmt.Println("| DAG | critical path | intelligen | hand | eino |")
		fmt.Println("|---|---:|---:|---:|---:|")
		worst := 0.0
		for i := range 26 {
			d := fmt.Sprintf("Makespan/rand40%c/", 'a'+i)
			var cp float64
			for name := range m {
				if strings.HasPrefix(name, d+"intelligen") {
					cp = median(m[name]["cp-ms"])
				}
			}
			if cp == 0 {
				continue
			}
			fmt.Printf("| rand40%c | %.0f ms |", 'a'+i, cp)
			for _, impl := range impls[:3] {
				for name := range m {
					if strings.HasPrefix(name, d+impl) {
						v := median(m[name]["makespan/cp"])
						fmt.Printf(" %.3f |", v)
						if impl == "intelligen" {
							worst = max(worst, v)
						}
					}
				}
			}
			fmt.Println()
		}
		targets = append(targets, target{"random DAGs: makespan ÷ critical path (worst DAG)", "≤ 1.02", fmt.Sprintf("%.3f", worst), worst <= 1.02})
	}

	if lines, err := os.ReadFile(filepath.Join(dir, "build.txt")); err == nil {
		fmt.Printf("\n### Generator and generated program\n\n")
		for line := range strings.Lines(string(lines)) {
			f := strings.Fields(line)
			switch {
			case len(f) == 8 && f[0] == "gen":
				size, _ := strconv.ParseFloat(f[7], 64)
				fmt.Printf("- %s tasks, CLI wall time: `intelligen check` %s ms, `intelligen build` %s ms (writes a %.1f MiB Go file)\n", f[1], f[3], f[5], size/(1<<20))
				if f[1] == "10000" {
					v, _ := strconv.ParseFloat(f[5], 64)
					targets = append(targets, target{"`intelligen build` of 10k tasks (CLI wall: check + generate + write)", "≤ 2 s", fmt.Sprintf("%.2f s", v/1000), v <= 2000})
				}
			case len(f) == 6 && f[0] == "genlib":
				l, _ := strconv.ParseFloat(f[3], 64)
				g, _ := strconv.ParseFloat(f[5], 64)
				fmt.Printf("- %s tasks, in process: `LoadFiles` (parse + check) %s ms + `Generate` (Go + DOT) %s ms = %.0f ms\n", f[1], f[3], f[5], l+g)
				if f[1] == "10000" {
					targets = append(targets, target{"`LoadFiles` + `Generate` of 10k tasks (in process)", "≤ 2 s", fmt.Sprintf("%.2f s", (l+g)/1000), l+g <= 2000})
				}
			case len(f) == 8 && f[0] == "cold":
				size, _ := strconv.ParseFloat(f[5], 64)
				fmt.Printf("- coldbuild/%s: cold build %s s, binary %.1f MiB, %s modules\n", f[1], f[3], size/(1<<20), f[7])
			}
		}
	}

	fmt.Printf("\n### Targets\n\n| target | wanted | measured | |\n|---|---|---|---|\n")
	for _, t := range targets {
		fmt.Printf("| %s | %s | %s | %s |\n", t.what, t.want, t.got, met(t.ok))
	}
}
