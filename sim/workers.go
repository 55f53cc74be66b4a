package sim

import (
	"fmt"
	"runtime/debug"
	"sync"
)

// runWorkers runs work(0), ..., work(n-1) in n goroutines and waits for
// them. A panic in one (a bug) is raised again in the caller's goroutine,
// with the worker's stack in its message, where a program can recover it:
// the evolve command reports it as an internal error (exit status 3),
// while a panic left in a goroutine of its own ends the process with
// Go's status 2, the status of bad input.
func runWorkers(n int, work func(w int)) {
	var wg sync.WaitGroup
	var once sync.Once
	var caught any
	for w := range n {
		wg.Go(func() {
			defer func() {
				if r := recover(); r != nil {
					once.Do(func() { caught = fmt.Sprintf("%v\n\nin a worker goroutine:\n%s", r, debug.Stack()) })
				}
			}()
			work(w)
		})
	}
	wg.Wait()
	if caught != nil {
		panic(caught)
	}
}
