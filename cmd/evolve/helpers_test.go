package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// writeTestFile writes content to dir/name and returns the path.
func writeTestFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// expectUsageErrors runs each case and checks that it fails the way bad
// input must: exit status 2, nothing on stdout, one line on stderr.
func expectUsageErrors(t *testing.T, cases map[string][]string) {
	t.Helper()
	for name, args := range cases {
		code, out, errs := runCmd(t, args...)
		if code != 2 || out != "" || strings.Count(errs, "\n") != 1 || !strings.HasPrefix(errs, "evolve: ") {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 2 and one line", name, code, out, errs)
		}
	}
}

// startChild runs the test binary as the evolve command.
func startChild(t *testing.T, args ...string) (*exec.Cmd, *bufio.Scanner, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "EVOLVE_TEST_MAIN=1")
	stdout, _ := cmd.StdoutPipe()
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		t.Skipf("cannot run the test binary as a child here: %v", err)
	}
	return cmd, bufio.NewScanner(stdout), &errb
}
