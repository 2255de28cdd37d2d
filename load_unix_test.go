//go:build unix

package intelligen

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// file() and the flow files themselves are read only when they are regular
// files of bounded size: a device never ends and a FIFO blocks.
func TestLoadFilesOnlyRegular(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o666); err != nil {
			t.Fatal(err)
		}
		return p
	}
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "zero")); err != nil {
		t.Skip(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o666); err != nil {
		t.Skip(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o777); err != nil {
		t.Fatal(err)
	}
	big, err := os.Create(filepath.Join(dir, "big.md"))
	if err != nil {
		t.Fatal(err)
	}
	big.Truncate(10<<20 + 1)
	big.Close()
	for _, tt := range []struct{ file, want string }{
		{"zero", "not a regular file (a device)"},
		{"fifo", "not a regular file (a named pipe)"},
		{"sub", "not a regular file (a directory)"},
		{"big.md", "file is larger than 10 MB"},
	} {
		flow := write("flow.hcl", strings.Replace(osFlow, `file("brief.md")`, `file("`+tt.file+`")`, 1))
		done := make(chan string)
		go func() {
			_, _, diags := LoadFiles(flow)
			done <- diags.Error()
		}()
		select {
		case got := <-done:
			if !strings.Contains(got, tt.want) {
				t.Errorf("file(%q): diagnostics %q, want %q", tt.file, got, tt.want)
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("file(%q) hangs", tt.file)
		}
	}
	for _, name := range []string{filepath.Join(dir, "zero"), filepath.Join(dir, "fifo")} {
		w, _, diags := LoadFiles(name)
		if w != nil || !strings.Contains(diags.Error(), "not a regular file") {
			t.Errorf("LoadFiles(%s): %v", name, diags)
		}
	}
}

// LoadFilesInPackage reads a file named twice once, as LoadFiles does, and
// does not block on a FIFO among the directory's other .hcl files.
func TestLoadFilesInPackageRepeatsAndFIFO(t *testing.T) {
	dir := t.TempDir()
	flow := filepath.Join(dir, "flow.hcl")
	if err := os.WriteFile(flow, []byte("flow \"f\" {}\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.hcl"), 0o666); err != nil {
		t.Skip(err)
	}
	done := make(chan error)
	go func() {
		w, _, diags := LoadFilesInPackage("myapp", flow, filepath.Join(dir, ".", "flow.hcl"))
		if w == nil {
			done <- diags
			return
		}
		done <- nil
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("LoadFilesInPackage(flow.hcl twice): %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("LoadFilesInPackage hangs on a FIFO beside the flow")
	}
}
