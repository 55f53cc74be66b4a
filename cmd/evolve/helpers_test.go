package main

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
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
func startChild(t *testing.T, args ...string) (*exec.Cmd, *bufio.Scanner, *syncBuffer) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "EVOLVE_TEST_MAIN=1")
	stdout, _ := cmd.StdoutPipe()
	errb := &syncBuffer{}
	cmd.Stderr = errb
	if err := cmd.Start(); err != nil {
		t.Skipf("cannot run the test binary as a child here: %v", err)
	}
	return cmd, bufio.NewScanner(stdout), errb
}

// syncBuffer is a bytes.Buffer that a child's stderr may fill while the
// test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// waitExit waits for a child to end, at most a generous two minutes
// (the machine may be loaded), and returns its exit status.
func waitExit(t *testing.T, cmd *exec.Cmd) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode()
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0
	case <-time.After(2 * time.Minute):
		// Where it hangs: a Go program prints its goroutines on SIGQUIT.
		cmd.Process.Signal(syscall.SIGQUIT)
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
		stderr := ""
		if b, ok := cmd.Stderr.(*syncBuffer); ok {
			stderr = b.String()
		}
		t.Fatalf("evolve %v did not stop within 2 minutes; stderr:\n%s", cmd.Args[1:], stderr)
		return -1
	}
}

// interruptedLines runs the evolve command with args as a child, sends it
// SIGTERM once it has printed after lines, and returns every line it
// printed (seconds removed) once it has ended well.
func interruptedLines(t *testing.T, after int, args ...string) []string {
	t.Helper()
	cmd, sc, errb := startChild(t, args...)
	var lines []string
	for sc.Scan() {
		lines = append(lines, secs.ReplaceAllString(sc.Text(), ""))
		if len(lines) == after {
			cmd.Process.Signal(syscall.SIGTERM)
		}
	}
	if code := waitExit(t, cmd); code != 0 {
		t.Fatalf("exit %d; stderr %q", code, errb.String())
	}
	return lines
}
