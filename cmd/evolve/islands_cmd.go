package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"sync"

	"github.com/evocopter/evocopter/evolve"
)

const islandsUsage = `usage: evolve islands -k K [flags]

K islands (populations) evolve in this process and exchange their best
creatures every -migrate-every generations through an embedded NATS server
with JetStream (loopback only, its store in -store or a temporary folder).
The result is the same, bit for bit, as K "evolve island" processes on K
machines. Each generation line starts with its island's index; the best
creature across the islands is saved at the end.

flags:
`

const islandUsage = `usage: evolve island -nats URL -run NAME -island I -of K [flags]

one island of a run of K, in this process, talking to the others through
the NATS server (with JetStream) at URL. I defaults to $JOB_COMPLETION_INDEX
(a Kubernetes Indexed Job) or $SLURM_ARRAY_TASK_ID (a Slurm array). Every
island of a run gets the same flags; island 0 saves the best creature
across the islands at the end (when -generations is given).

flags:
`

// islandsCommand runs K islands in this process.
func islandsCommand(args []string, stdout, stderr io.Writer, stop <-chan os.Signal) (err error) {
	fs := flag.NewFlagSet("islands", flag.ContinueOnError)
	k := fs.Int("k", 4, "number of islands")
	store := fs.String("store", "", "folder of the JetStream file store (default: a temporary folder, removed at the end)")
	f := addIslandFlags(fs, "islands")
	fs.Usage = func() { fmt.Fprint(fs.Output(), islandsUsage); fs.PrintDefaults() }
	if err := f.parse(args, stdout); err != nil {
		return err
	}
	if f.resume != "" || f.cont && fileExists(islandPath(f.checkpoint, 0)) {
		// The number of islands comes from the checkpoint.
		_, s, err := readCheckpoint(f.resumeFile(0))
		if err != nil {
			return usageError{err}
		}
		if s.Island != nil && !f.set["k"] {
			*k = s.Island.Of
		}
	}
	if *k < 1 || *k > 1024 {
		return usagef("-k must be between 1 and 1024, got %d", *k)
	}
	workers := f.ef.workers
	if !f.set["workers"] {
		workers = max(1, runtime.NumCPU() / *k)
	}
	islands := make([]*island, *k)
	defer func() {
		for _, is := range islands {
			if is != nil {
				if cerr := is.close(); err == nil {
					err = cerr
				}
			}
		}
	}()
	for i := range islands {
		if islands[i], err = f.openIsland(i, *k, workers); err != nil {
			return err
		}
	}

	dir := *store
	if dir == "" && !sameGeneration(islands) {
		return usagef("the islands' checkpoints hold different generations: resuming them needs the migrants of the run's stream; give the -store the run used")
	}
	if dir == "" {
		var remove func()
		if dir, remove, err = tempStore(); err != nil {
			return err
		}
		defer remove()
	}
	srv, err := startEmbeddedServer(dir, -1)
	if err != nil {
		return err
	}
	defer srv.Shutdown()
	warn := func(s string) { fmt.Fprintf(stderr, "evolve: islands: %s\n", s) }
	b, err := connectBus(context.Background(), srv.URL(), f.run, f.wait, warn)
	if err != nil {
		return err
	}
	defer b.Close()
	if err := f.runSettings(*k).agree(b); err != nil {
		return err
	}

	// Ctrl-C once: every island stops at the same generation (so that they
	// resume together); twice: they stop now.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	gate := newStopGate()
	done := make(chan struct{})
	defer close(done)
	go func() {
		for n := 0; ; n++ {
			select {
			case <-done:
				return
			case s := <-stop:
				if n == 0 {
					fmt.Fprintf(stderr, "evolve: %s: stopping every island after generation %d (again: stop now)\n", signalName(s), gate.stop())
				} else {
					fmt.Fprintf(stderr, "evolve: %s again: stopping now\n", signalName(s))
					cancel()
				}
			}
		}
	}()

	first := make([]int, *k)
	for i, is := range islands {
		first[i] = is.u.Generation
		if is.resumed {
			first[i]++
		}
		gate.start(i, is.u.Generation)
	}
	printer := newOrderedPrinter(stdout, first)
	errs := make([]error, *k)
	var wg sync.WaitGroup
	var once sync.Once
	var caught any // an island's panic (a bug), raised again below
	for i, is := range islands {
		is.bus, is.gate, is.print = b, gate, printer.print
		wg.Go(func() {
			defer func() {
				if r := recover(); r != nil {
					once.Do(func() { caught = fmt.Sprintf("%v\n\nin island %d:\n%s", r, i, debug.Stack()) })
					cancel()
				}
			}()
			if errs[i] = is.runIsland(ctx); errs[i] != nil {
				cancel() // the others would wait for this one's migrants
			}
		})
	}
	wg.Wait()
	printer.flush()
	for i, is := range islands {
		if is.checkpoint != "" {
			fmt.Fprintf(stderr, "evolve: island %d: generation %d checkpointed in %s\n", i, is.u.Generation, is.checkpoint)
		}
	}
	best := 0
	for i, is := range islands {
		if is.u.Best().Fitness < islands[best].u.Best().Fitness {
			best = i
		}
	}
	c := islands[best].u.Best()
	path, serr := saveIslandBest(f.dir, best, evolve.Migrant{ID: c.ID, Coeffs: c.Coeffs[:], Fitness: c.Fitness})
	if serr != nil {
		return serr
	}
	fmt.Fprintf(stderr, "evolve: best creature across %d islands (island %d's) saved to %s\n", *k, best, path)
	if caught != nil {
		panic(caught) // run reports it as an internal error, the best saved
	}
	for i, e := range errs {
		if e != nil {
			return fmt.Errorf("island %d: %w", i, e)
		}
	}
	return nil
}

// islandCommand runs one island of a run against a NATS server.
func islandCommand(args []string, stdout, stderr io.Writer, stop <-chan os.Signal) (err error) {
	fs := flag.NewFlagSet("island", flag.ContinueOnError)
	url := fs.String("nats", envOr("NATS_URL", "nats://127.0.0.1:4222"), "the NATS server's `URL` (the default is $NATS_URL when set)")
	indexFlag := fs.String("island", "", "this island's index `I`, 0 <= I < K (default $JOB_COMPLETION_INDEX or $SLURM_ARRAY_TASK_ID)")
	of := fs.Int("of", 0, "the number of islands `K` of the run")
	f := addIslandFlags(fs, "")
	fs.Usage = func() { fmt.Fprint(fs.Output(), islandUsage); fs.PrintDefaults() }
	if err := f.parse(args, stdout); err != nil {
		return err
	}
	index := -1
	src, value := "-island", *indexFlag
	for _, v := range []string{"JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID"} {
		if value == "" {
			src, value = "$"+v, os.Getenv(v)
		}
	}
	if value != "" {
		n, err := strconv.Atoi(value)
		if err != nil || n < 0 {
			return usagef("%s=%q is not an island index", src, value)
		}
		index = n
	}
	switch {
	case *of < 1:
		return usagef("-of K (the number of islands, at least 1) is required")
	case index < 0:
		return usagef("-island I is required (or $JOB_COMPLETION_INDEX / $SLURM_ARRAY_TASK_ID)")
	case index >= *of:
		return usagef("-island %d of %d: the index must be below -of", index, *of)
	}
	is, err := f.openIsland(index, *of, f.ef.workers)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := is.close(); err == nil {
			err = cerr
		}
	}()
	warn := func(s string) { fmt.Fprintf(stderr, "evolve: island %d: %s\n", index, s) }
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	gate := newStopGate()
	gate.start(index, is.u.Generation)
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-done:
		case s := <-stop:
			fmt.Fprintf(stderr, "evolve: %s: stopping island %d after generation %d\n", signalName(s), index, gate.stop())
			cancel()
		}
	}()
	b, err := connectBus(ctx, *url, f.run, f.wait, warn)
	if err != nil {
		return err
	}
	defer b.Close()
	if err := f.runSettings(*of).agree(b); err != nil {
		return err
	}
	var mu sync.Mutex
	is.bus, is.gate = b, gate
	is.print = func(_, _ int, line string) { mu.Lock(); io.WriteString(stdout, line); mu.Unlock() }
	runErr := is.runIsland(ctx)
	if is.checkpoint != "" {
		fmt.Fprintf(stderr, "evolve: island %d: generation %d checkpointed in %s\n", index, is.u.Generation, is.checkpoint)
	}
	c := is.u.Best()
	path, err := saveIslandBest(f.dir, index, evolve.Migrant{ID: c.ID, Coeffs: c.Coeffs[:], Fitness: c.Fitness})
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "evolve: island %d: best creature saved to %s\n", index, path)
	finished := runErr == nil && ctx.Err() == nil && f.generations > 0 && is.u.Generation == f.generations
	if !finished {
		return runErr
	}
	if err := is.publishBest(ctx); err != nil {
		return err
	}
	if index != 0 {
		return nil
	}
	best, from, err := gatherBest(ctx, b, f.run, *of, is.u.Generation)
	if err != nil {
		return fmt.Errorf("the best across the islands: %v", err)
	}
	if path, err = saveIslandBest(f.dir, from, best); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "evolve: best creature across %d islands (island %d's) saved to %s\n", *of, from, path)
	return nil
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// saveIslandBest writes island's creature m as
// creature-<fitness>-island<I>-<id>.json in dir (ids are counted per
// island) and returns the path.
func saveIslandBest(dir string, island int, m evolve.Migrant) (string, error) {
	path := filepath.Join(dir, fmt.Sprintf("creature-%.2f-island%d-%d.json", m.Fitness, island, m.ID))
	return saveCreature(path, evolve.Creature{ID: m.ID, Coeffs: m.Coeffs, Fitness: m.Fitness})
}

// sameGeneration reports whether every island is at the same generation
// (a new run, or islands that stopped together): then none needs a
// migrant sent before, and a new stream serves.
func sameGeneration(islands []*island) bool {
	for _, is := range islands {
		if is.u.Generation != islands[0].u.Generation {
			return false
		}
	}
	return true
}
