package hclspec

import (
	"fmt"
	"io"
	"io/fs"
)

// Limits on what is read: a flow file, and a file that file("path") reads
// into a prompt.
const (
	maxFlowFile = 64 << 20
	maxTextFile = 10 << 20
)

// readRegular reads the regular file name from fsys, at most limit bytes.
// Anything else (a directory, a device such as /dev/zero, a FIFO that
// would block) is refused before it is opened, and a larger file is
// refused without reading it whole.
func readRegular(fsys fs.FS, name string, limit int64) ([]byte, error) {
	fi, err := fs.Stat(fsys, name)
	if err != nil {
		if pe, ok := err.(*fs.PathError); ok {
			pe.Op = "open" // as reading would have said
		}
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fmt.Errorf("not a regular file (%s)", kind(fi.Mode()))}
	}
	if fi.Size() > limit {
		return nil, tooLarge(name, limit)
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readLimited(f, name, limit) // the file may have grown since Stat
}

// readLimited reads r whole, refusing more than limit bytes with an
// error naming name.
func readLimited(r io.Reader, name string, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, tooLarge(name, limit)
	}
	return b, nil
}

// tooLarge is the error for a file name of more than limit bytes.
func tooLarge(name string, limit int64) error {
	return &fs.PathError{Op: "read", Path: name, Err: fmt.Errorf("file is larger than %d MB", limit>>20)}
}

// kind names the type of a file that is not regular.
func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "not a plain file"
}

// ReadFile reads the flow file name from fsys as ParseFS does: only a
// regular file, of at most 64 MB.
func ReadFile(fsys fs.FS, name string) ([]byte, error) {
	return readRegular(fsys, name, maxFlowFile)
}

// ReadFlow reads a flow from r (standard input, say) as ReadFile reads a
// file: at most 64 MB, and an error naming name beyond that.
func ReadFlow(r io.Reader, name string) ([]byte, error) {
	return readLimited(r, name, maxFlowFile)
}
