package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"syscall"
	"time"

	"github.com/evocopter/evocopter/cmd/evolve/internal/earlysignal"
	"github.com/evocopter/evocopter/evolve"
)

// What signals do to a run (the original program's Ctrl-C, kept):
//
//   - one Ctrl-C (SIGINT): at the end of the current generation the best
//     creature (and the checkpoint, with -checkpoint) is saved, and the run
//     goes on;
//   - a second Ctrl-C within doublePress of the first, or SIGTERM: save
//     and stop after the current generation, exit 0;
//   - any signal while the run is still starting (reading a checkpoint,
//     opening a fifo that nobody reads yet): stop at once; there is
//     nothing to save yet (exit 128 + the signal's number);
//   - a stop that finds the run blocked writing its generation line or
//     its log (a pipe or fifo nobody reads) for blockedWrite, or a stop
//     signal after a stop: save the best creature found so far and exit
//     1 at once, without a final checkpoint.
const (
	doublePress  = 2 * time.Second
	blockedWrite = 5 * time.Second
)

// request is what the signals ask of the run loop.
type request int

const (
	goOn request = iota
	saveAndGoOn
	saveAndStop
)

// stopper turns signals into requests for the run loop, and ends the
// program itself where the loop cannot answer.
type stopper struct {
	stderr io.Writer
	dir    string

	mu           sync.Mutex
	running      bool      // the run loop has started
	req          request   // the pending request
	why          string    // what asked for it, for the message
	lastInterupt time.Time // the last SIGINT
	stopAt       time.Time // when a stop was asked for
	writingSince time.Time // zero unless a possibly blocking write is under way
	best         *evolve.Creature
	done         chan struct{}
	now          func() time.Time // time.Now; tests set a clock
}

// newStopper starts handling sigs (nil: no signals, as in tests).
func newStopper(sigs <-chan os.Signal, stderr io.Writer, dir string) *stopper {
	s := &stopper{stderr: stderr, dir: dir, done: make(chan struct{}), now: time.Now}
	if sigs != nil {
		go s.loop(sigs)
	}
	return s
}

func (s *stopper) loop(sigs <-chan os.Signal) {
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-s.done:
			return
		case sig := <-sigs:
			s.signal(sig)
		case now := <-tick.C:
			s.mu.Lock()
			blocked := s.req == saveAndStop && !s.writingSince.IsZero() &&
				now.Sub(s.stopAt) > blockedWrite && now.Sub(s.writingSince) > blockedWrite
			s.mu.Unlock()
			if blocked {
				s.forceExit("the run is blocked writing its output")
			}
		}
	}
}

func (s *stopper) signal(sig os.Signal) {
	s.mu.Lock()
	now := s.now()
	switch {
	case !s.running:
		s.mu.Unlock()
		fmt.Fprintf(s.stderr, "evolve: %s while starting: stopped; no generation ran, nothing to save\n", signalName(sig))
		os.Exit(earlysignal.Status(sig))
	case s.req == saveAndStop:
		s.mu.Unlock()
		s.forceExit(signalName(sig) + " again")
	case sig == syscall.SIGTERM:
		s.req, s.why, s.stopAt = saveAndStop, "SIGTERM", now
	case !s.lastInterupt.IsZero() && now.Sub(s.lastInterupt) <= doublePress:
		s.req, s.why, s.stopAt = saveAndStop, "Ctrl-C twice", now
	default:
		s.req, s.why = saveAndGoOn, "Ctrl-C"
		fmt.Fprintf(s.stderr, "evolve: Ctrl-C: saving after this generation and going on; Ctrl-C again within %v stops the run\n", doublePress)
	}
	if sig != syscall.SIGTERM {
		s.lastInterupt = now
	}
	s.mu.Unlock()
}

// signalName names the signals evolve handles as users know them.
func signalName(sig os.Signal) string {
	switch sig {
	case os.Interrupt:
		return "Ctrl-C (SIGINT)"
	case syscall.SIGTERM:
		return "SIGTERM"
	}
	return sig.String()
}

// snapshot is the best creature published so far (nil before the first
// generation).
func (s *stopper) snapshot() *evolve.Creature {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.best
}

// forceExit saves the best creature found so far and ends the program.
func (s *stopper) forceExit(why string) {
	best := s.snapshot()
	fmt.Fprintf(s.stderr, "evolve: %s: stopping now, without a final checkpoint\n", why)
	if best != nil {
		saveBestOrShow(s.stderr, s.dir, *best)
	}
	os.Exit(exitFailure)
}

// started marks the end of the start-up: signals now go to the loop.
func (s *stopper) started() {
	s.mu.Lock()
	s.running = true
	s.mu.Unlock()
}

// publish records the best creature of the generation just evaluated,
// for a stop that cannot wait for the loop.
func (s *stopper) publish(c evolve.Creature) {
	s.mu.Lock()
	s.best = &c
	s.mu.Unlock()
}

// writing marks the start (true) and end (false) of a write that may block
// for as long as nobody reads (stdout, a -log fifo).
func (s *stopper) writing(on bool) {
	s.mu.Lock()
	if on {
		s.writingSince = time.Now()
	} else {
		s.writingSince = time.Time{}
	}
	s.mu.Unlock()
}

// poll returns the pending request and what asked for it, and clears a
// save request.
func (s *stopper) poll() (request, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, why := s.req, s.why
	if r == saveAndGoOn {
		s.req = goOn
	}
	return r, why
}

// close stops the signal handling goroutine (the signals stay caught).
func (s *stopper) close() { close(s.done) }
