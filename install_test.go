package intelligen_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/intelligen/intelligen/internal/simtest"
)

// TestInstallFromCheckout follows the README's steps for using intelligen
// from a checkout (docs/cli.md#install) in a new user module: replace the
// module by this checkout, add the tool, generate, build and run in
// simulation. The flow names no package, so the generated file takes
// $GOPACKAGE, the package of the user's generate.go.
//
// The go command runs offline (GOPROXY=off, GOSUMDB=off): the
// dependencies come from the module cache, where this checkout's own build
// put them, and the user module starts with this checkout's go.sum. A
// tidy before the flow is generated drops the sums of what the generated
// code will import, so the checksum database is off rather than needed.
func TestInstallFromCheckout(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a new module")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	checkout, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	sums, err := os.ReadFile("go.sum")
	if err != nil {
		t.Fatal(err)
	}
	write("go.mod", "module example.com/userflow\n\ngo 1.26\n")
	write("go.sum", string(sums))
	write("flow.hcl", `flow "user flow" {}

variable "topic" {}

agent "writer" {
  type     = "text"
  provider = "openai"
}

task "draft" {
  agent = agent.writer
  input = "Write about ${var.topic}."
}
`)
	write("generate.go", "package main\n\n//go:generate go tool intelligen build flow.hcl\n")
	write("main.go", `package main

import (
	"context"
	"fmt"
	"os"
)

func main() {
	f, err := New()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	out, err := f.Run(context.Background(), Input{Topic: "tea"})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(out.Draft)
}
`)
	goCmd := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(goBin, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOSUMDB=off", "INTELLIGEN_SIMULATE=1", "OPENAI_API_KEY=", "GOPACKAGE=")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	goCmd("mod", "edit", "-replace", "github.com/intelligen/intelligen="+checkout)
	goCmd("get", "-tool", "github.com/intelligen/intelligen/cmd/intelligen")
	goCmd("mod", "tidy")
	goCmd("generate", "./...")
	goCmd("mod", "tidy")
	got := goCmd("run", ".")

	if want := simtest.Text("draft", "Write about tea.") + "\n"; got != want {
		t.Errorf("the user's program printed %q, want the simulated %q", got, want)
	}
	src, err := os.ReadFile(filepath.Join(dir, "flow_gen.go"))
	if err != nil || !strings.Contains(string(src), "\npackage main\n") {
		t.Errorf("flow_gen.go is not in the package of generate.go (err %v)", err)
	}
}
