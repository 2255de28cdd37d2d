// Command mkctrl writes the control-flow benchmark flows into the
// directory given by -o: each flow of package ctrl as HCL, the Go package
// intelligen generates from it, and the per-element flow. The directory
// is build output.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/intelligen/intelligen"
	"github.com/intelligen/intelligen/bench/ctrl"
)

// each is the per-element flow: one for_each task over a list variable.
const each = `flow "each" {}

variable "items" {
  type = list(string)
}

agent "a" {
  type     = "text"
  provider = "openai"
}

task "element" {
  agent    = agent.a
  for_each = var.items
  input    = "${each.value}"
}
`

func main() {
	dir := flag.String("o", "flows", "output directory")
	flag.Parse()
	srcs := map[string][]byte{"each": []byte(each)}
	names := []string{"each"}
	for _, f := range ctrl.Flows() {
		srcs[f.Name] = f.HCL()
		names = append(names, f.Name)
	}
	for _, name := range names {
		if err := write(filepath.Join(*dir, name), srcs[name]); err != nil {
			fmt.Fprintln(os.Stderr, "mkctrl:", name+":", err)
			os.Exit(1)
		}
	}
}

func write(dir string, hcl []byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "flow.hcl"), hcl, 0o644); err != nil {
		return err
	}
	w, _, diags := intelligen.LoadFiles(filepath.Join(dir, "flow.hcl"))
	if diags.HasErrors() {
		return diags
	}
	res, err := intelligen.Generate(w, intelligen.GenerateOptions{})
	if err != nil {
		return err
	}
	return res.Commit(dir)
}
