package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Temporary files of writeFileAtomic are named
// ".<name>.tmp.<pid>.<random>": a process killed between creating one and
// renaming it (SIGKILL, a power cut) leaves it behind, and for a large
// population a checkpoint's temporary file is hundreds of megabytes. The
// pid lets a later save tell such leftovers from the temporary files of
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
	prefix := "." + filepath.Base(path) + ".tmp."
	matches, _ := filepath.Glob(filepath.Join(filepath.Dir(path), globEscape(prefix)+"*"))
	for _, m := range matches {
		rest := strings.TrimPrefix(filepath.Base(m), prefix)
		pidText, _, ok := strings.Cut(rest, ".")
		pid, err := strconv.Atoi(pidText)
		if !ok || err != nil || pid <= 0 || pid == os.Getpid() || processRuns(pid) {
			continue
		}
		os.Remove(m)
	}
}

// globEscape quotes the characters filepath.Match treats specially, so a
// file name with them matches only itself.
func globEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`*?[\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
