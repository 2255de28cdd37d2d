#!/bin/sh
# Runs every benchmark of docs/benchmarks.md and prints its tables.
#
#   ./run.sh                     # full run: about 10 minutes on 2 cores
#   ROUNDS=1 BENCHTIME=50ms SKIP=cold ./run.sh   # quick check of the pipeline
#
# ROUNDS     rounds of the Seed and Scale benchmarks (default 7). Each round
#            runs every sub-benchmark once, so the implementations are
#            interleaved in time; report takes medians over the rounds.
# BENCHTIME  -benchtime of each sub-benchmark per round (default 300ms).
# The random DAGs' makespans are measured 3 times each (median reported).
# SKIP       comma-separated parts to skip: makespan, gen, cold.
# OUT        directory for the raw results (default: a new temporary one).
set -eu
cd "$(dirname "$0")"
ROUNDS=${ROUNDS:-7}
BENCHTIME=${BENCHTIME:-300ms}
SKIP=${SKIP:-}
OUT=${OUT:-$(mktemp -d)}
mkdir -p "$OUT"
skip() { case ",$SKIP," in *",$1,"*) return 0 ;; esac; return 1; }

{
	echo "# $(date -u +%FT%TZ) $(go version) GOMAXPROCS=1,2 on $(nproc) CPUs: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
	echo "# eino $(go list -m -f '{{.Version}}' github.com/cloudwego/eino)"
} >"$OUT/env.txt"

# The generated flows are build output: write them first (into flows/).
# The tests and benchmarks that run them build with the benchflows tag.
go generate .

# Before timing anything: the four implementations agree under the simulator.
go test -tags benchflows -count=1 -run 'TestSameOutputs|TestCriticalPath' ./flowbench >&2
go test -tags benchflows -c -o "$OUT/bench.test" ./flowbench

: >"$OUT/bench.txt"
for i in $(seq "$ROUNDS"); do
	echo "round $i/$ROUNDS" >&2
	"$OUT/bench.test" -test.run '^$' -test.bench '^Benchmark(SeedFlow|SeedFlowSim|Scale)$' \
		-test.benchmem -test.cpu 1,2 -test.benchtime "$BENCHTIME" >>"$OUT/bench.txt"
done
: >"$OUT/makespan.txt"
if ! skip makespan; then
	echo "makespan" >&2
	"$OUT/bench.test" -test.run '^$' -test.bench '^BenchmarkMakespan$' -test.benchtime 1x -test.count 3 -test.cpu 2 >"$OUT/makespan.txt"
fi
: >"$OUT/build.txt"
parts=
skip gen || parts=gen
skip cold || parts=${parts:+$parts,}cold
if [ -n "$parts" ]; then
	echo "build: $parts" >&2
	go run ./cmd/buildbench -what "$parts" >"$OUT/build.txt"
fi
echo "raw results in $OUT" >&2
sed 's/^# //' "$OUT/env.txt"
go run ./cmd/report "$OUT"
