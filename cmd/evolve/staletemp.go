package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Temporary files of writeFileAtomic are named
// ".<name>.tmp.<pid>.<random>": a process killed between creating one and
// renaming it (SIGKILL, a power cut) leaves it behind, and a checkpoint
// takes about 240 bytes per creature: 240 MB at P = 1,000,000. The pid
// lets a later save tell such leftovers from the temporary files of
// a save still running in another process.

// tempPattern is the os.CreateTemp pattern for a temporary file of path.
func tempPattern(path string) string {
	return "." + filepath.Base(path) + ".tmp." + strconv.Itoa(os.Getpid()) + ".*"
}

// removeStaleTemps removes the temporary files of path left by processes
// that no longer run. Files of running processes (this one included), of
// other names, or whose pid cannot be read are kept. Best effort: a
// leftover that cannot be removed does not stop the save.
func removeStaleTemps(path string) {
	dir, prefix := filepath.Dir(path), "."+filepath.Base(path)+".tmp."
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), prefix)
		if !ok {
			continue
		}
		pidText, _, ok := strings.Cut(rest, ".")
		pid, err := strconv.Atoi(pidText)
		if !ok || err != nil || pid <= 0 || pid == os.Getpid() || processRuns(pid) {
			continue
		}
		os.Remove(filepath.Join(dir, e.Name()))
	}
}
