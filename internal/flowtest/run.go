package flowtest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/intelligen/intelligen/ir"
)

// A Case is one flow and its generated source to compile and run, with
// the Input to run it with: a value per variable name (string, float64,
// bool, or a slice of them for a list; the string of an image or audio
// variable is its Data); a variable with a default and no value is left nil.
type Case struct {
	W     *ir.Workflow
	Src   []byte // gen.Go's output for W
	Input map[string]any
}

// CompileAndRun compiles the cases in one temporary module (one go vet,
// one go build) whose go.mod replaces this module by the working tree at
// root, runs each in simulation and returns what each printed: one line
// per Output field, "name: value" with text quoted, a typed output as its
// canonical JSON, media as its MIME type, size and a hash prefix, and a
// skipped task as "name: skipped".
func CompileAndRun(t *testing.T, root string, cases []Case) []string {
	t.Helper()
	tmp := t.TempDir()
	gomod := fmt.Sprintf("module flowrun\n\ngo 1.26\n\nrequire github.com/intelligen/intelligen v0.0.0\n\nreplace github.com/intelligen/intelligen => %s\n", root)
	write(t, filepath.Join(tmp, "go.mod"), []byte(gomod))
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(tmp, "go.sum"), sum)
	var main bytes.Buffer
	main.WriteString("package main\n\nimport (\n\t\"context\"\n\t\"crypto/sha256\"\n\t\"fmt\"\n\t\"log/slog\"\n\t\"os\"\n\n\t\"github.com/intelligen/intelligen/runtime\"\n")
	for i, c := range cases {
		write(t, filepath.Join(tmp, "flows", fmt.Sprint("f", i), "flow_gen.go"), c.Src)
		fmt.Fprintf(&main, "\tc%d \"flowrun/flows/f%d\"\n", i, i)
	}
	main.WriteString(`)

func media(mime string, data []byte) string {
	h := sha256.Sum256(data)
	return fmt.Sprintf("%s, %d bytes, sha256 %x", mime, len(data), h[:8])
}

var opts = []runtime.Option{runtime.WithSimulation(), runtime.WithLogger(slog.New(slog.DiscardHandler))}

func main() {
	switch os.Args[1] {
`)
	for i, c := range cases {
		fmt.Fprintf(&main, "\tcase \"%d\":\n\t\tf, err := c%d.New(opts...)\n", i, i)
		main.WriteString("\t\tif err != nil {\n\t\t\tfmt.Println(\"new:\", err)\n\t\t\tos.Exit(1)\n\t\t}\n")
		fmt.Fprintf(&main, "\t\tout, err := f.Run(context.Background(), c%d.Input{\n", i)
		for _, v := range c.W.Variables {
			x, ok := c.Input[v.Name]
			if !ok {
				continue
			}
			lit := goLiteral(x)
			switch v.Type {
			case ir.ImageVar:
				lit = fmt.Sprintf("runtime.Image{MIME: \"image/png\", Data: []byte(%s)}", lit)
			case ir.AudioVar:
				lit = fmt.Sprintf("runtime.Audio{MIME: \"audio/wav\", Data: []byte(%s)}", lit)
			}
			if v.Default != nil {
				if f, isFloat := x.(float64); isFloat {
					lit = "float64(" + strconv.FormatFloat(f, 'g', -1, 64) + ")"
				}
				lit = "new(" + lit + ")"
			}
			fmt.Fprintf(&main, "\t\t\t%s: %s,\n", v.GoName, lit)
		}
		main.WriteString("\t\t})\n\t\t_ = out\n\t\tif err != nil {\n\t\t\tfmt.Println(\"run:\", err)\n\t\t}\n")
		for _, t := range c.W.Tasks {
			if t.Exclude {
				continue
			}
			field := "out." + t.GoName
			if t.MaySkip {
				// A task that may be skipped has a pointer field: nil
				// prints as "skipped".
				fmt.Fprintf(&main, "\t\tif %s == nil {\n\t\t\tfmt.Println(%q, \"skipped\")\n\t\t} else {\n", field, t.Name+":")
				field = "(*" + field + ")"
			}
			switch {
			case t.Type != nil:
				fmt.Fprintf(&main, "\t\tfmt.Println(%q, runtime.JSON(%s))\n", t.Name+":", field)
			case t.Output == ir.ImageValue, t.Output == ir.AudioValue:
				fmt.Fprintf(&main, "\t\tfmt.Println(%q, media(%s.MIME, %s.Data))\n", t.Name+":", field, field)
			case t.Output == ir.EmbeddingValue:
				fmt.Fprintf(&main, "\t\tfmt.Println(%q, %s)\n", t.Name+":", field)
			default:
				fmt.Fprintf(&main, "\t\tfmt.Printf(\"%%s %%q\\n\", %q, %s)\n", t.Name+":", field)
			}
			if t.MaySkip {
				main.WriteString("\t\t}\n")
			}
		}
	}
	main.WriteString("\t}\n}\n")
	write(t, filepath.Join(tmp, "main.go"), main.Bytes())

	env := append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off", "INTELLIGEN_SIMULATE=", "INTELLIGEN_SIM_LATENCY=")
	gocmd(t, tmp, env, "vet", "./...")
	bin := filepath.Join(tmp, "flowrun")
	gocmd(t, tmp, env, "build", "-o", bin, ".")
	outs := make([]string, len(cases))
	for i := range cases {
		cmd := exec.Command(bin, strconv.Itoa(i))
		cmd.Env = env
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("case %d: run: %v\n%s%s", i, err, out, stderr.Bytes())
		}
		outs[i] = string(out)
	}
	return outs
}

func goLiteral(x any) string {
	switch x := x.(type) {
	case string:
		return strconv.Quote(x)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case []string, []float64, []bool:
		return fmt.Sprintf("%#v", x)
	}
	panic(fmt.Sprintf("flowtest: bad input value %T", x))
}

func gocmd(t *testing.T, dir string, env []string, args ...string) {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir, cmd.Env = dir, env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

func write(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o666); err != nil {
		t.Fatal(err)
	}
}
