package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
)

// readInput reads a file the user gave (a checkpoint, a run log) of at
// most limit bytes, without trusting what it is: a folder is refused, a
// regular file larger than limit is refused before it is read, and
// anything else (a fifo, /dev/zero) is read through a limit. sniff checks
// the first bytes before the rest is read, so that a stream of the wrong
// kind is refused at once. Errors are usage errors naming the flag.
func readInput(flagName, path string, limit int64, what string, sniff func(head []byte) error) ([]byte, error) {
	fail := func(format string, args ...any) error {
		return usagef("%s %s: %s", flagName, path, fmt.Sprintf(format, args...))
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fail("%v", pathErrText(err))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fail("%v", pathErrText(err))
	}
	if st.IsDir() {
		return nil, fail("is a folder, want %s", what)
	}
	tooBig := func() error {
		return fail("larger than %s, too big for %s (the limit follows the memory this process may use)", formatBytes(float64(limit)), what)
	}
	if st.Mode().IsRegular() && st.Size() > limit {
		return nil, tooBig()
	}
	var buf bytes.Buffer
	head := make([]byte, 512)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return nil, fail("%v", pathErrText(err))
	}
	if sniff != nil {
		if err := sniff(head[:n]); err != nil {
			return nil, fail("%v", err)
		}
	}
	buf.Write(head[:n])
	if _, err := buf.ReadFrom(io.LimitReader(f, limit+1-int64(n))); err != nil {
		return nil, fail("%v", pathErrText(err))
	}
	if int64(buf.Len()) > limit {
		return nil, tooBig()
	}
	return buf.Bytes(), nil
}

// textSniff refuses bytes no JSON text holds (a NUL: /dev/zero, a
// binary file), so a wrong stream is refused before it is read.
func textSniff(what string) func([]byte) error {
	return func(head []byte) error {
		if bytes.IndexByte(head, 0) >= 0 {
			return fmt.Errorf("binary data, not %s", what)
		}
		return nil
	}
}
