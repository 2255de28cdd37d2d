package ir_test

import (
	"testing"

	"github.com/intelligen/intelligen/ir"
	"github.com/intelligen/intelligen/runtime"
)

// TestDefaultsMatchRuntime: SPEC §3.3's defaults are stated in ir (for the
// generated configs) and in runtime (for configs built by hand); they must
// not drift apart.
func TestDefaultsMatchRuntime(t *testing.T) {
	if ir.DefaultTimeout != runtime.DefaultTimeout || ir.DefaultAttempts != runtime.DefaultAttempts ||
		ir.DefaultBackoff != runtime.DefaultBackoff || ir.DefaultMaxBackoff != runtime.DefaultMaxBackoff {
		t.Errorf("ir defaults (%v, %d, %v, %v) differ from runtime's (%v, %d, %v, %v)",
			ir.DefaultTimeout, ir.DefaultAttempts, ir.DefaultBackoff, ir.DefaultMaxBackoff,
			runtime.DefaultTimeout, runtime.DefaultAttempts, runtime.DefaultBackoff, runtime.DefaultMaxBackoff)
	}
}
