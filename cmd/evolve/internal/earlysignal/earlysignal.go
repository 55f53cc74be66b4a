// Package earlysignal catches SIGINT and SIGTERM from the moment it is
// initialized. It imports nothing but the standard library's signal
// packages, so Go initializes it before the large libraries of evolve
// (plotting, SQLite), whose initialization takes several milliseconds:
// a signal in that window would otherwise kill the program before main
// could decide what to do with it.
package earlysignal

import (
	"os"
	"os/signal"
	"syscall"
)

// C receives every SIGINT and SIGTERM since the program started.
var C = make(chan os.Signal, 8)

func init() {
	signal.Notify(C, os.Interrupt, syscall.SIGTERM)
}

// Status is the conventional exit status of a program a signal ends:
// 128 plus the signal's number (130 for SIGINT, 143 for SIGTERM).
func Status(s os.Signal) int {
	if n, ok := s.(syscall.Signal); ok {
		return 128 + int(n)
	}
	return 128 + 2
}
