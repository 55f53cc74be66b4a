//go:build !unix

package main

import "time"

var started = time.Now()

// cpuTime is wall-clock time where getrusage is missing: run one process
// per core with -workers 1 on an otherwise idle machine there.
func cpuTime() time.Duration { return time.Since(started) }
