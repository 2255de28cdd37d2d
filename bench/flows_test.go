package bench_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestFlows generates the benchmark flows (go generate: cmd/mkflows
// writes flows/, cmd/mkctrl ctrl/flows/), vets the code that imports them
// (flowbench, ctrl and coldbuild/intelligen, built with the benchflows
// tag) and runs flowbench's and ctrl's tests, so that `go test ./...` in a
// fresh clone tests everything bench has.
func TestFlows(t *testing.T) {
	goCmd(t, "generate", ".", "./ctrl")
	goCmd(t, "vet", "-tags", "benchflows", "./...")
	args := []string{"test", "-tags", "benchflows"}
	if testing.Short() {
		args = append(args, "-short")
	}
	t.Log(goCmd(t, append(args, "./flowbench", "./ctrl")...))
}

// goCmd runs the go command with args in bench/ and returns its output;
// it fails the test if the command fails.
func goCmd(t *testing.T, args ...string) string {
	t.Helper()
	out, err := exec.Command("go", args...).CombinedOutput()
	if err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}
