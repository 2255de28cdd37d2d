package bench

import (
	"fmt"
	"time"
)

// Sizes are the node counts of the chain and fan-out/fan-in scenarios.
var Sizes = []int{25, 100, 400, 1000}

// RandomDAGs are the makespan scenario's DAGs: 40 tasks with latencies of
// 50–500 ms scaled by 0.2, so 10–100 ms.
func RandomDAGs() []*DAG {
	var ds []*DAG
	for i := range 5 {
		ds = append(ds, Random(fmt.Sprintf("rand40%c", 'a'+i), uint64(i+1), 40, 10*time.Millisecond, 100*time.Millisecond))
	}
	return ds
}

// Generated returns every DAG whose HCL cmd/mkflows writes.
func Generated() []*DAG {
	var ds []*DAG
	for _, n := range Sizes {
		ds = append(ds, Chain(n))
	}
	for _, n := range Sizes {
		ds = append(ds, Fan(n))
	}
	return append(ds, RandomDAGs()...)
}
