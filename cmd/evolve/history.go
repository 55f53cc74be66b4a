package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sync"

	"github.com/evocopter/evocopter/cmd/evolve/internal/history"
	"github.com/evocopter/evocopter/evolve"
)

// openHistory opens -db for the run: a new history, or the one of the run
// being resumed, which gets the population again in case it was recorded
// elsewhere or not at all.
func openHistory(path string, u evolve.Strategy, resumed bool) (*historyWriter, error) {
	if err := checkHistoryFile(path, true); err != nil {
		return nil, err
	}
	var h *history.DB
	var err error
	if !resumed {
		h, err = history.Create(path)
	} else {
		h, err = history.Resume(path, u.Gen(), u.Population())
	}
	if err != nil {
		return nil, usagef("-db %v", err)
	}
	if resumed {
		if err := h.Record(u.Population(), nil, 0); err != nil {
			h.Close()
			return nil, fmt.Errorf("-db %s: %w", path, err)
		}
	}
	w := &historyWriter{h: h, path: path, jobs: make(chan historyJob, 4), closed: make(chan error, 1)}
	go w.loop()
	return w, nil
}

// checkHistoryFile makes sure a -db path is a regular file (or, to
// write, nothing yet, in a folder that takes files): SQLite keeps its
// journal beside the file and must not be pointed at a device or a fifo.
func checkHistoryFile(path string, write bool) error {
	if write {
		_, err := checkOutput("-db", path, false)
		return err
	}
	st, err := os.Stat(path)
	if err != nil {
		return usagef("-db %s: %v", path, pathErrText(err))
	}
	if !st.Mode().IsRegular() {
		return usagef("-db %s: is a %s, want a history file", path, fileKind(st.Mode()))
	}
	return nil
}

// historyWriter writes generations to the history in its own goroutine,
// while the next generation is evaluated. A write error stops the writes
// and is returned by the next call.
type historyWriter struct {
	h        *history.DB
	path     string
	jobs     chan historyJob
	closed   chan error
	mu       sync.Mutex
	err      error
	panicked any // a panic of the writer goroutine, raised again by failed
}

// historyJob is one generation to record, or (flushed != nil) a request
// to report when everything before it is written.
type historyJob struct {
	born, dead []evolve.Creature
	killed     int
	flushed    chan error
}

func (w *historyWriter) loop() {
	defer func() {
		// A bug here must not end the process from this goroutine (Go's
		// exit status 2 is bad input's): the run's next call raises it
		// again in the run's goroutine, which reports it (exit 3).
		if r := recover(); r != nil {
			w.mu.Lock()
			w.panicked = fmt.Sprintf("%v\n\nin the history writer:\n%s", r, debug.Stack())
			w.mu.Unlock()
			for j := range w.jobs {
				if j.flushed != nil {
					j.flushed <- nil
				}
			}
			w.closed <- nil
		}
	}()
	for j := range w.jobs {
		if j.flushed != nil {
			j.flushed <- w.failed()
			continue
		}
		if w.failed() == nil {
			if err := recordHistory(w.h, j.born, j.dead, j.killed); err != nil {
				w.mu.Lock()
				w.err = fmt.Errorf("-db %s: %w", w.path, err)
				w.mu.Unlock()
			}
		}
	}
	w.closed <- w.failed()
}

// recordHistory writes one generation; tests put faults (a locked
// database) in its place.
var recordHistory = func(h *history.DB, born, dead []evolve.Creature, killed int) error {
	return h.Record(born, dead, killed)
}

func (w *historyWriter) failed() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.panicked != nil {
		panic(w.panicked)
	}
	return w.err
}

// Record queues one generation: the creatures born into it and the dead
// of the selection before it, killed in generation killed. They are
// copied (their coefficients live in the population's buffers, which the
// next generations reuse while the writer is still at work).
func (w *historyWriter) Record(born, dead []evolve.Creature, killed int) error {
	if err := w.failed(); err != nil {
		return err
	}
	w.jobs <- historyJob{born: evolve.CloneCreatures(born), dead: evolve.CloneCreatures(dead), killed: killed}
	return nil
}

// Flush waits until every queued generation is written.
func (w *historyWriter) Flush() error {
	c := make(chan error)
	w.jobs <- historyJob{flushed: c}
	err := <-c
	if ferr := w.failed(); ferr != nil { // raises the writer's panic, if any
		return ferr
	}
	return err
}

// Close writes what is queued and closes the database.
func (w *historyWriter) Close() error {
	close(w.jobs)
	err := <-w.closed
	if ferr := w.failed(); ferr != nil { // raises the writer's panic, if any
		err = ferr
	}
	if cerr := w.h.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("-db %s: %w", w.path, cerr)
	}
	return err
}

// newborn are the creatures born into the current generation.
func newborn(u evolve.Strategy) []evolve.Creature {
	var out []evolve.Creature
	for _, c := range u.Population() {
		if c.Born == u.Gen() {
			out = append(out, c)
		}
	}
	return out
}

// bestCommand exports the best creature a history ever recorded as the
// creature JSON that eval reads.
func bestCommand(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("best", flag.ContinueOnError)
	db := fs.String("db", "", "the history (SQLite) written by evolve -db")
	out := fs.String("o", "", "write the creature to this file instead of stdout")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: evolve best -db FILE [-o OUT.json]\n\nprints the best creature ever recorded as creature JSON (evolve eval reads it)\n\nflags:")
		fs.PrintDefaults()
	}
	pos, err := parseFlags(fs, args, stdout)
	if err != nil {
		return err
	}
	if len(pos) > 0 || *db == "" {
		return usagef("best needs -db FILE and nothing else (see best -h)")
	}
	var o *output
	if *out != "" {
		if o, err = checkOutput("-o", *out, true); err != nil {
			return err
		}
		if err := distinctFiles(namedPath{"-db", *db}, namedPath{"-o", *out}); err != nil {
			return err
		}
	}
	if err := checkHistoryFile(*db, false); err != nil {
		return err
	}
	h, err := history.Open(*db)
	if err != nil {
		return usagef("-db %v", err)
	}
	defer h.Close()
	c, err := h.Best()
	if err != nil {
		return usagef("-db %s: %v", *db, err)
	}
	data, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	data = append(data, '\n')
	if *out == "" {
		_, err = stdout.Write(data)
		return err
	}
	return o.write(data)
}
