package main

import "runtime"

// maxWorkers bounds -workers: each worker has its own buffers and
// goroutine, allocated before any work, and more workers than a few per
// CPU only wait for each other.
func maxWorkers() int { return max(1024, 8*runtime.NumCPU()) }

// checkWorkers refuses a -workers count outside [1, maxWorkers].
func checkWorkers(n int) error {
	if n < 1 {
		return usagef("-workers must be at least 1, got %d", n)
	}
	if m := maxWorkers(); n > m {
		return usagef("-workers %d: at most %d on this machine (%d CPUs)", n, m, runtime.NumCPU())
	}
	return nil
}
