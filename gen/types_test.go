package gen

import (
	"slices"
	"testing"
)

// TestDeclaredNames checks that every name the generated file declares
// at package level is in ir.GeneratedNames, the list the checker keeps
// the flow's type names from taking.
func TestDeclaredNames(t *testing.T) {
	for _, n := range []string{inputType, outputType, flowType, newFunc, resultType} {
		if !slices.Contains(declared, n) {
			t.Errorf("%s is declared by generated files but missing from ir.GeneratedNames", n)
		}
	}
}
