//go:build unix

package main

import (
	"errors"
	"syscall"
)

// processRuns reports whether a process with this pid exists. Signal 0
// checks without sending anything; EPERM means it exists under another
// user.
func processRuns(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// processRunsCanTell: processRuns answers from the system.
const processRunsCanTell = true
