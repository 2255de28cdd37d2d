package main

import (
	"flag"
	"io"
	"os"
	"strings"
	"testing"
)

// TestFlagsAfterFiles: flags may follow the file names, as users type them
// ("check flow.hcl --json"); after "--" everything is a file.
func TestFlagsAfterFiles(t *testing.T) {
	chdirFiles(t, map[string]string{"flow.hcl": validFlow})
	if code, stdout, stderr := runCmd("check", "flow.hcl", "--json"); code != exitOK || stdout != "[]\n" || stderr != "" {
		t.Errorf("check flow.hcl --json = %d, stdout %q, stderr %q; want 0 and []", code, stdout, stderr)
	}
	if code, _, stderr := runCmd("build", "flow.hcl", "-o", "out"); code != exitOK {
		t.Fatalf("build flow.hcl -o out = %d, stderr %q", code, stderr)
	}
	if got := dirNames(t, "out"); got != "flow.dot flow_gen.go" {
		t.Errorf("out holds %s", got)
	}
	code, _, stderr := runCmd("check", "--", "--json")
	if code != exitDiags || !strings.Contains(stderr, `"--json" could not be read`) {
		t.Errorf("check -- --json = %d, stderr %q; want --json read as a file", code, stderr)
	}
}

func TestParseFlags(t *testing.T) {
	tests := []struct {
		args []string
		want string // the -x flag's value, then the files
	}{
		{[]string{"a", "b"}, "|a b"},
		{[]string{"-x", "1", "a"}, "1|a"},
		{[]string{"a", "-x", "1", "b"}, "1|a b"},
		{[]string{"a", "b", "-x=2"}, "2|a b"},
		{[]string{"a", "--", "-x", "b"}, "|a -x b"},
		{[]string{"-", "-x", "3"}, "3|-"},
	}
	for _, tt := range tests {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		x := fs.String("x", "", "")
		files, code := parseFlags(fs, tt.args, io.Discard, false)
		if got := *x + "|" + strings.Join(files, " "); code != -1 || got != tt.want {
			t.Errorf("parseFlags(%q) = %q, %d; want %q, -1", tt.args, got, code, tt.want)
		}
	}
}

// TestDirectoryArgument: a directory stands for its .hcl files, which form
// one flow.
func TestDirectoryArgument(t *testing.T) {
	mkdirFlows(t, map[string]string{"one": validFlow})
	if err := os.WriteFile("one/agents.hcl", []byte("agent \"spare\" {\n  type     = \"text\"\n  provider = \"openai\"\n}\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCmd("check", "one")
	if code != exitOK || stdout != "one/agents.hcl, one/flow.hcl: 1 flow, 1 task, 1 warning\n" || !strings.Contains(stderr, `No task uses the agent "spare"`) {
		t.Errorf("check one = %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if code, _, stderr := runCmd("build", "one"); code != exitOK {
		t.Fatalf("build one = %d, stderr %q", code, stderr)
	}
	// The first file names the output: agents.hcl sorts first.
	if got := dirNames(t, "one"); got != "agents.dot agents.hcl agents_gen.go flow.hcl" {
		t.Errorf("one holds %s", got)
	}
	if err := os.Mkdir("empty", 0o777); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCmd("check", "empty"); code != exitDiags || !strings.Contains(stderr, "empty is a directory with no .hcl files") {
		t.Errorf("check empty = %d, stderr %q", code, stderr)
	}
}

func TestCheckSummary(t *testing.T) {
	warned := validFlow + "\nvariable \"unused\" {}\n"
	mkdirFlows(t, map[string]string{"good": validFlow, "warned": warned, "bad": badFlow})
	code, stdout, _ := runCmd("check", "good/flow.hcl", "warned/flow.hcl", "bad/flow.hcl")
	want := "good/flow.hcl: 1 flow, 1 task, no problems\n" +
		"warned/flow.hcl: 1 flow, 1 task, 1 warning\n" +
		"bad/flow.hcl: 1 error, 1 warning\n"
	if code != exitDiags || stdout != want {
		t.Errorf("check = %d, stdout %q; want 1, %q", code, stdout, want)
	}
}

// TestGraphPNGTerminal: graph -T png refuses to write binary data to a
// terminal; -o or a redirect is needed.
func TestGraphPNGTerminal(t *testing.T) {
	chdirFiles(t, map[string]string{"flow.hcl": validFlow})
	// The master side of a pseudo-terminal is a terminal for isatty.
	tty, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	defer tty.Close()
	if !isTerminal(tty) {
		t.Skip("/dev/ptmx is not a terminal here")
	}
	var stderr strings.Builder
	code := run([]string{"graph", "-T", "png", "flow.hcl"}, strings.NewReader(""), tty, &stderr)
	if code != exitUsage || !strings.Contains(stderr.String(), "-T png writes binary data, which a terminal cannot show") {
		t.Errorf("graph -T png to a terminal = %d, stderr %q; want 2", code, stderr.String())
	}
	// DOT is text: fine on a terminal.
	stderr.Reset()
	if code := run([]string{"graph", "flow.hcl"}, strings.NewReader(""), tty, &stderr); code != exitOK {
		t.Errorf("graph to a terminal = %d, stderr %q; want 0", code, stderr.String())
	}
}

func TestFmtStdin(t *testing.T) {
	chdirFiles(t, nil)
	var stdout, stderr strings.Builder
	if code := run([]string{"fmt", "-"}, strings.NewReader(unformatted), &stdout, &stderr); code != exitOK || stdout.String() != formatted || stderr.String() != "" {
		t.Errorf("fmt - = %d, stdout %q, stderr %q; want 0 and the formatted text", code, stdout.String(), stderr.String())
	}
	stdout.Reset()
	if code := run([]string{"fmt", "-check", "-"}, strings.NewReader(unformatted), &stdout, &stderr); code != exitDiags || stdout.String() != "-\n" {
		t.Errorf("fmt -check - = %d, stdout %q; want 1, \"-\\n\"", code, stdout.String())
	}
	stdout.Reset()
	code := run([]string{"fmt", "-"}, strings.NewReader("flow {\n"), &stdout, &stderr)
	if code != exitDiags || stdout.String() != "" || !strings.HasPrefix(stderr.String(), "<stdin>:1:6: error: Unclosed configuration block") {
		t.Errorf("fmt - with a syntax error = %d, stdout %q, stderr %q", code, stdout.String(), stderr.String())
	}
}

// TestUsageListsEveryFlag: the top-level usage shows each command's flags.
func TestUsageListsEveryFlag(t *testing.T) {
	_, stdout, _ := runCmd("help")
	for _, c := range commands() {
		if !strings.Contains(stdout, "usage: intelligen "+c.name) {
			t.Errorf("usage lacks the usage line of %s", c.name)
		}
	}
	for _, flag := range []string{"-o DIR", "-target", "-version-markers", "-json", "-T format", "-o FILE", "-check"} {
		if !strings.Contains(stdout, "  "+flag) {
			t.Errorf("usage lacks flag %s:\n%s", flag, stdout)
		}
	}
}
