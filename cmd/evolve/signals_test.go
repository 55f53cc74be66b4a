//go:build unix

package main

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestStopperRequests: what each signal asks of the run loop, on a clock
// the test sets (the window of a double Ctrl-C is 2 s).
func TestStopperRequests(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	type press struct {
		sig  os.Signal
		at   time.Duration
		want request
	}
	cases := map[string][]press{
		"Ctrl-C once":               {{os.Interrupt, 0, saveAndGoOn}},
		"Ctrl-C twice within 2 s":   {{os.Interrupt, 0, saveAndGoOn}, {os.Interrupt, 1900 * time.Millisecond, saveAndStop}},
		"Ctrl-C twice 3 s apart":    {{os.Interrupt, 0, saveAndGoOn}, {os.Interrupt, 3 * time.Second, saveAndGoOn}},
		"SIGTERM":                   {{syscall.SIGTERM, 0, saveAndStop}},
		"Ctrl-C, then SIGTERM":      {{os.Interrupt, 0, saveAndGoOn}, {syscall.SIGTERM, 5 * time.Second, saveAndStop}},
		"three Ctrl-C, 1.5 s apart": {{os.Interrupt, 0, saveAndGoOn}, {os.Interrupt, 3 * time.Second, saveAndGoOn}, {os.Interrupt, 4500 * time.Millisecond, saveAndStop}},
	}
	for name, presses := range cases {
		var errb strings.Builder
		s := newStopper(nil, &errb, t.TempDir())
		s.started()
		for i, p := range presses {
			s.now = func() time.Time { return t0.Add(p.at) }
			s.signal(p.sig)
			if got, _ := s.poll(); got != p.want {
				t.Errorf("%s: press %d: request %d, want %d", name, i, got, p.want)
			}
		}
		s.close()
	}
}

// stopChild ends a child that did not stop by itself.
func stopChild(cmd *exec.Cmd) {
	cmd.Process.Kill()
	cmd.Wait()
}

// waitFor reads stdout lines until stderr holds want (at most a generous
// two minutes), and returns the lines read.
func waitFor(t *testing.T, sc *bufio.Scanner, errb *syncBuffer, want string) int {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	n := 0
	for !strings.Contains(errb.String(), want) {
		if time.Now().After(deadline) || !sc.Scan() {
			t.Fatalf("stderr never said %q: %q", want, errb.String())
		}
		n++
	}
	return n
}

// TestCtrlCOnceSavesAndGoesOn: one Ctrl-C saves the best creature and the
// checkpoint, and the run goes on printing generations; SIGTERM then
// stops it.
func TestCtrlCOnceSavesAndGoesOn(t *testing.T) {
	dir := t.TempDir()
	ck := filepath.Join(dir, "run.ckpt")
	cmd, sc, errb := startChild(t, "-n", "50", "-dir", dir, "-checkpoint", ck, "-checkpoint-every", "100000")
	defer stopChild(cmd)
	if !sc.Scan() {
		t.Fatalf("no generation line; stderr %q", errb.String())
	}
	cmd.Process.Signal(syscall.SIGINT)
	waitFor(t, sc, errb, "best creature saved to")
	if _, err := os.Stat(ck); err != nil {
		t.Fatalf("one Ctrl-C wrote no checkpoint: %v; stderr %q", err, errb.String())
	}
	for range 3 {
		if !sc.Scan() {
			t.Fatalf("the run stopped after one Ctrl-C; stderr %q", errb.String())
		}
	}
	cmd.Process.Signal(syscall.SIGTERM)
	for sc.Scan() {
	}
	if code := waitExit(t, cmd); code != 0 || !strings.Contains(errb.String(), "SIGTERM: stopping after generation") {
		t.Fatalf("exit %d; stderr %q", code, errb.String())
	}
}

// TestCtrlCTwiceStops: a second Ctrl-C within 2 s of the first saves and
// stops (exit 0). Signals of one kind sent together may merge into one,
// so the second is sent once the run says it got the first; on a machine
// so loaded that this takes over 2 s, the run takes it as another single
// Ctrl-C, and the test tries again.
func TestCtrlCTwiceStops(t *testing.T) {
	dir := t.TempDir()
	cmd, sc, errb := startChild(t, "-n", "50", "-dir", dir)
	defer stopChild(cmd)
	if !sc.Scan() {
		t.Fatalf("no generation line; stderr %q", errb.String())
	}
	const once, twice = "Ctrl-C again within", "Ctrl-C twice: stopping after generation"
	for try := 1; !strings.Contains(errb.String(), twice); try++ {
		if try > 5 {
			t.Fatalf("never stopped: %q", errb.String())
		}
		cmd.Process.Signal(syscall.SIGINT)
		for strings.Count(errb.String(), once) < try {
			if !sc.Scan() {
				t.Fatalf("the run ended on one Ctrl-C: %q", errb.String())
			}
		}
		cmd.Process.Signal(syscall.SIGINT)
		// Either it stops, or (over 2 s later) it took a single Ctrl-C.
		for !strings.Contains(errb.String(), twice) && strings.Count(errb.String(), once) <= try {
			if !sc.Scan() {
				break
			}
		}
	}
	for sc.Scan() {
	}
	if code := waitExit(t, cmd); code != 0 {
		t.Fatalf("exit %d; stderr %q", code, errb.String())
	}
	// Each Ctrl-C saved the best creature of its generation.
	if files, _ := filepath.Glob(filepath.Join(dir, "creature-*.json")); len(files) == 0 {
		t.Fatalf("saved %v", files)
	}
}

// TestSignalWhileStarting: a run blocked while starting (opening a fifo
// that nobody writes or reads) ends on SIGINT or SIGTERM, with the
// status of a program the signal ended, and says so.
func TestSignalWhileStarting(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("no fifo here: %v", err)
	}
	retried := map[syscall.Signal]bool{}
	for _, c := range []struct {
		flag string
		sig  syscall.Signal
	}{{"-resume", syscall.SIGINT}, {"-resume", syscall.SIGTERM}, {"-log", syscall.SIGINT}, {"-log", syscall.SIGTERM}} {
		args := []string{"-dir", dir, c.flag, fifo}
		if c.flag == "-log" {
			args = append(args, "-n", "4")
		} else {
			args = append(args, "-checkpoint", filepath.Join(dir, "new.ckpt"))
		}
		cmd, _, errb := startChild(t, args...)
		if c.flag == "-resume" {
			// Wait until the child is in the fifo's open: a writer that
			// does not wait opens only once a reader is there. The
			// child then waits for data that never comes.
			var w *os.File
			for w == nil {
				w, _ = os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0)
				time.Sleep(10 * time.Millisecond)
			}
			defer w.Close()
		} else {
			// The child cannot be seen waiting in its open: give it a
			// generous second to get there.
			time.Sleep(time.Second)
		}
		if err := cmd.Process.Signal(c.sig); err != nil {
			t.Fatal(err)
		}
		code := waitExit(t, cmd)
		if code == -1 && c.flag == "-log" && !retried[c.sig] {
			// Killed by the signal itself: on a machine this loaded the
			// second was not enough to reach its handler, installed in
			// its first milliseconds. Once more, with more time.
			retried[c.sig] = true
			t.Logf("%s fifo, %v: the child had not started in a second; again", c.flag, c.sig)
			cmd, _, errb = startChild(t, args...)
			time.Sleep(20 * time.Second)
			cmd.Process.Signal(c.sig)
			code = waitExit(t, cmd)
		}
		if code != 128+int(c.sig) || !strings.Contains(errb.String(), "while starting") {
			t.Errorf("%s fifo, %v: exit %d, stderr %q", c.flag, c.sig, code, errb.String())
		}
	}
}

// TestStopWhileOutputBlocked: SIGTERM ends a run whose stdout nobody
// reads (a pipe that fills up and blocks the run's writes): it saves the
// best creature found so far and exits 1 once the write has been stuck
// for 5 s, or, if it was not stuck yet, stops as usual (exit 0). Either
// way it ends, and the best creature is saved.
func TestStopWhileOutputBlocked(t *testing.T) {
	dir := t.TempDir()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	cmd := exec.Command(os.Args[0], "-n", "4", "-dir", dir)
	cmd.Env = append(os.Environ(), "EVOLVE_TEST_MAIN=1")
	cmd.Stdout = w
	errb := &syncBuffer{}
	cmd.Stderr = errb
	if err := cmd.Start(); err != nil {
		t.Skipf("cannot run the test binary as a child here: %v", err)
	}
	w.Close()
	// A second is usually far more than the run needs to fill the pipe
	// (64 KiB, about 600 generations of 4); if it has not, the run stops
	// the ordinary way, which the test accepts too.
	time.Sleep(time.Second)
	cmd.Process.Signal(syscall.SIGTERM)
	code := waitExit(t, cmd)
	switch {
	case code == 1 && strings.Contains(errb.String(), "blocked writing"):
	case code == 0 && strings.Contains(errb.String(), "SIGTERM: stopping after generation"):
	default:
		t.Fatalf("exit %d; stderr %q", code, errb.String())
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "creature-*.json")); len(files) != 1 {
		t.Fatalf("saved %v; stderr %q", files, errb.String())
	}
}
