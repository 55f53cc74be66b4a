package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/evocopter/evocopter/evolve"
)

// experimentCommand runs the evolution and prints the original's line per
// generation. SIGINT/SIGTERM stop it after the current generation; the best
// creature is then saved (as it is after the last generation).
func experimentCommand(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("evolve", flag.ContinueOnError)
	p := fs.Int("n", 500, "population size (at least 2)")
	generations := fs.Int("generations", 0, "generations to run (0: until interrupted)")
	seed := fs.Uint64("seed", 1, "random seed: the same seed gives the same run")
	ef := addEvalFlags(fs)
	dir := fs.String("dir", ".", "folder for the best creature's JSON file")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), topUsage, "\nflags of the experiment:\n")
		fs.PrintDefaults()
	}
	pos, err := parseFlags(fs, args, stdout)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unknown command %q (see -h)", pos[0])
	}
	if *generations < 0 {
		return usagef("-generations must be >= 0, got %d", *generations)
	}
	ev, _, err := ef.evaluator()
	if err != nil {
		return err
	}
	if err := checkDir(*dir); err != nil {
		return usageError{err}
	}
	u, err := evolve.New(*p, *seed)
	if err != nil {
		return usagef("-n: %v", err)
	}

	stop := make(chan os.Signal, 2)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(stop)
	interrupted := false

	start := time.Now()
	for {
		u.Evaluate(ev)
		st := u.Stats()
		now := time.Now()
		fmt.Fprintf(stdout, "Generation %3d: min =%9.2f avg =%9.2f max =%9.2f  [population = %d]  [%.2f secs]\n",
			u.Generation, st.Min, st.Avg, st.Max, len(u.Pop), now.Sub(start).Seconds())
		start = now
		select {
		case s := <-stop:
			fmt.Fprintf(stderr, "evolve: %v: stopping after generation %d\n", s, u.Generation)
			interrupted = true
		default:
		}
		if interrupted || (*generations > 0 && u.Generation >= *generations) {
			break
		}
		u.Advance()
	}
	path, err := saveBest(*dir, u.Best())
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "evolve: best creature saved to %s\n", path)
	return nil
}
