//go:build unix

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

// TestSaveRemovesStaleTemps: a save removes the temporary files of its
// path that a dead process left, and keeps those of running processes,
// of other paths, and names it cannot read.
func TestSaveRemovesStaleTemps(t *testing.T) {
	child := exec.Command(os.Args[0], "-test.run=^$")
	if err := child.Run(); err != nil {
		t.Skipf("cannot run a child process here: %v", err)
	}
	dead := child.Process.Pid
	if processRuns(dead) {
		t.Skipf("pid %d was reused already", dead)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "run [1].ckpt") // a glob character in the name
	name := func(base string, pid string) string {
		return filepath.Join(dir, "."+base+".tmp."+pid+".123")
	}
	stale := name("run [1].ckpt", strconv.Itoa(dead))
	keep := []string{
		name("run [1].ckpt", strconv.Itoa(os.Getppid())), // a running process
		name("run [1].ckpt", strconv.Itoa(os.Getpid())),  // this one: a save in progress
		name("other.ckpt", strconv.Itoa(dead)),           // another file's
		name("run [1].ckpt", "x"),                        // no pid
	}
	for _, f := range append([]string{stale}, keep...) {
		if err := os.WriteFile(f, []byte("partial"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := writeFileAtomic(path, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("the dead process's temporary file is still there (%v)", err)
	}
	for _, f := range keep {
		if _, err := os.Stat(f); err != nil {
			t.Errorf("%s was removed: %v", filepath.Base(f), err)
		}
	}
	if got, _ := os.ReadFile(path); string(got) != "new" {
		t.Errorf("saved %q", got)
	}
}
