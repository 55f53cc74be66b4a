package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// failingFile fails its writes as a full disk does.
type failingFile struct{ *os.File }

func (f failingFile) Write([]byte) (int, error) { return 0, syscall.ENOSPC }

// TestSaveFullDiskKeepsOldFile: a save that fails (disk full) says so, names
// the file, leaves the previous file as it was and no temporary file.
func TestSaveFullDiskKeepsOldFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "run.ckpt")
	if err := os.WriteFile(path, []byte("previous"), 0o644); err != nil {
		t.Fatal(err)
	}
	saved := wrapTemp
	defer func() { wrapTemp = saved }()
	wrapTemp = func(f *os.File) tempFile { return failingFile{f} }
	err := writeFileAtomic(path, []byte("new contents"))
	if err == nil || !errors.Is(err, syscall.ENOSPC) || !strings.Contains(err.Error(), path) {
		t.Fatalf("error %v, want one naming %s and saying the disk is full", err, path)
	}
	if got, _ := os.ReadFile(path); string(got) != "previous" {
		t.Fatalf("previous file changed to %q", got)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) != 0 {
		t.Fatalf("temporary files left: %v", left)
	}
}

// TestSaveReadOnlyFolder: a folder that cannot be written to gives a clear
// error. (Root writes anywhere, so this needs an ordinary user.)
func TestSaveReadOnlyFolder(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root, which may write into a read-only folder")
	}
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(dir, 0o755)
	path := filepath.Join(dir, "x.json")
	if err := writeFileAtomic(path, []byte("x")); err == nil || !strings.Contains(err.Error(), path) {
		t.Fatalf("error %v", err)
	}
}

// TestSaveIntoAFile: a save whose folder is a file fails before anything
// is written, naming the path. Unlike TestSaveReadOnlyFolder it runs as
// root too (CI), so the failure to create the temporary file is always
// tested.
func TestSaveIntoAFile(t *testing.T) {
	notDir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notDir, []byte("data"), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(notDir, "x.json")
	err := writeFileAtomic(path, []byte("x"))
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Fatalf("error %v, want one naming %s", err, path)
	}
	if got, _ := os.ReadFile(notDir); string(got) != "data" {
		t.Fatalf("the file in the way changed to %q", got)
	}
}
