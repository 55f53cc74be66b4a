package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// What evolve does with the path of an output (-o, -csv, -checkpoint,
// -log, best -o, the creature saved in -dir), decided before any work:
//
//   - nothing there: the file is created (its folder must exist and take
//     files);
//   - a regular file: replaced atomically (written beside it, renamed
//     over it), or appended to (-log);
//   - a symbolic link: followed; what it points to obeys these rules, and
//     the link itself stays as it was. A link to nothing is refused;
//   - a fifo or a character device (/dev/null, a terminal): written
//     through, as a shell redirection does, never replaced; refused where
//     the output must be read back (a checkpoint, a history);
//   - a folder, a block device or a socket: refused.

// output is a checked output path.
type output struct {
	flag   string // the flag that named it, for messages
	path   string // as given
	target string // where the data goes: path with its symbolic links resolved
	stream bool   // a fifo or character device: written through
	exists bool   // a regular file is there now
}

// checkOutput resolves path, given with flagName, as an output. streams
// says whether a fifo or character device may take it. Errors are usage
// errors: one line naming the flag and the path.
func checkOutput(flagName, path string, streams bool) (*output, error) {
	o := &output{flag: flagName, path: path, target: path}
	fail := func(format string, args ...any) error {
		return usagef("%s %s: %s", flagName, path, fmt.Sprintf(format, args...))
	}
	if path == "" {
		return nil, usagef("%s: empty file name", flagName)
	}
	lst, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, fail("%v", pathErrText(err))
	default:
		if lst.Mode()&fs.ModeSymlink != 0 {
			t, err := filepath.EvalSymlinks(path)
			if err != nil {
				return nil, fail("a symbolic link that leads to no file (%v); give the file itself", pathErrText(err))
			}
			o.target = t
		}
		st, err := os.Stat(o.target)
		if err != nil {
			return nil, fail("%v", pathErrText(err))
		}
		m := st.Mode()
		switch {
		case m.IsRegular():
			o.exists = true
		case m.IsDir():
			return nil, fail("is a folder, want a file name")
		case m&fs.ModeNamedPipe != 0 || m&fs.ModeCharDevice != 0:
			if !streams {
				return nil, fail("is a %s; %s must be a regular file (it is read back)", fileKind(m), flagName)
			}
			o.stream = true
			return o, nil
		default:
			return nil, fail("is a %s; evolve writes only to regular files, fifos and character devices", fileKind(m))
		}
	}
	if err := probeFolder(filepath.Dir(o.target)); err != nil {
		return nil, fail("%v", err)
	}
	return o, nil
}

// write stores data at the output: written through to a stream, else
// atomically (see writeFileAtomic).
func (o *output) write(data []byte) error {
	if !o.stream {
		return writeFileAtomic(o.target, data)
	}
	f, err := os.OpenFile(o.target, os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("writing %s: %v", o.path, pathErrText(err))
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("writing %s: %v", o.path, pathErrText(err))
	}
	return nil
}

// probeFolder makes sure files can be created in dir: it exists, is a
// folder, and takes a file (permissions, a read-only file system, a full
// inode table), found out by creating and removing an empty one. Root
// passes permission checks, not the others.
func probeFolder(dir string) error {
	st, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("folder %s: %v", dir, pathErrText(err))
	}
	if !st.IsDir() {
		return fmt.Errorf("%s is not a folder", dir)
	}
	f, err := os.CreateTemp(dir, ".evolve-probe-*")
	if err != nil {
		return fmt.Errorf("cannot create files in %s: %v", dir, pathErrText(err))
	}
	f.Close()
	os.Remove(f.Name())
	return nil
}

// fileKind names what a non-regular file is.
func fileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "folder"
	case m&fs.ModeNamedPipe != 0:
		return "fifo"
	case m&fs.ModeCharDevice != 0:
		return "character device"
	case m&fs.ModeDevice != 0:
		return "block device"
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeSymlink != 0:
		return "symbolic link"
	}
	return "special file"
}

// pathErrText is err without the path a *fs.PathError repeats (messages
// name the path once, with its flag).
func pathErrText(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// namedPath is a file a command reads or writes, with its flag.
type namedPath struct{ flag, path string }

// distinctFiles refuses two flags that name the same regular file (or
// the same new file): one would overwrite the other, as `best -db h.db -o
// h.db` would overwrite the history. Streams (/dev/null) may repeat.
func distinctFiles(files ...namedPath) error {
	for i, a := range files {
		for _, b := range files[i+1:] {
			if a.path == "" || b.path == "" || !sameFile(a.path, b.path) {
				continue
			}
			if st, err := os.Stat(a.path); err == nil && !st.Mode().IsRegular() {
				continue
			}
			return usagef("%s %s and %s %s are the same file; give two different files", a.flag, a.path, b.flag, b.path)
		}
	}
	return nil
}

// sameFile reports whether a and b name one file: the same file on disk
// when both exist, else the same absolute path once symbolic links are
// resolved.
func sameFile(a, b string) bool {
	sa, ea := os.Stat(a)
	sb, eb := os.Stat(b)
	if ea == nil && eb == nil {
		return os.SameFile(sa, sb)
	}
	return canonicalPath(a) == canonicalPath(b)
}

func canonicalPath(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		p = r
	} else if d, err := filepath.EvalSymlinks(filepath.Dir(p)); err == nil {
		p = filepath.Join(d, filepath.Base(p))
	}
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return filepath.Clean(p)
}

// fileSize is the size of the file at path, 0 if it cannot be read.
func fileSize(path string) int64 {
	if st, err := os.Stat(path); err == nil {
		return st.Size()
	}
	return 0
}
