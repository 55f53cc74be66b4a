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
//
// A generation is: evaluate, print, log, record in the history, checkpoint
// (every -checkpoint-every generations), then stop or select and breed.
// A checkpoint is therefore the state just after generation g was printed;
// a resumed run goes on with the selection that makes generation g+1.
func experimentCommand(args []string, stdout, stderr io.Writer) (err error) {
	// Catch the signals first: one that comes while the run is being set
	// up still ends it cleanly, after its first generation.
	stop := make(chan os.Signal, 2)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(stop)

	fs := flag.NewFlagSet("evolve", flag.ContinueOnError)
	p := fs.Int("n", 500, "population size (at least 2)")
	generations := fs.Int("generations", 0, "generations to run, counting a resumed run's earlier ones (0: until interrupted)")
	seed := fs.Uint64("seed", 1, "random seed: the same seed gives the same run")
	ef := addEvalFlags(fs)
	dir := fs.String("dir", ".", "folder for the best creature's JSON file")
	checkpoint := fs.String("checkpoint", "", "save the whole run to `FILE` every -checkpoint-every generations, on Ctrl-C and at the end")
	every := fs.Int("checkpoint-every", 10, "generations between checkpoints")
	resume := fs.String("resume", "", "continue the run saved in checkpoint `FILE` (its population, seed and kernel); later checkpoints go to FILE unless -checkpoint says otherwise")
	logPath := fs.String("log", "", "append one JSON line per generation to `FILE`")
	dbPath := fs.String("db", "", "record every creature in the SQLite database `FILE`")
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
	if *every < 1 {
		return usagef("-checkpoint-every must be >= 1, got %d", *every)
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if set["checkpoint-every"] && *checkpoint == "" && *resume == "" {
		return usagef("-checkpoint-every needs -checkpoint FILE (or -resume FILE)")
	}

	var u *evolve.Universe
	var settings evolve.Settings
	resumed := *resume != ""
	if resumed {
		for _, name := range []string{"n", "seed"} {
			if set[name] {
				return usagef("-%s cannot be given with -resume: the checkpoint holds it", name)
			}
		}
		if u, settings, err = readCheckpoint(*resume); err != nil {
			return usageError{err}
		}
		if !set["kernel"] && !set["creature"] {
			ef.kernel = settings.Kernel // every kernel gives the same bits; -kernel may change it
		}
		if *checkpoint == "" {
			*checkpoint = *resume
		}
	}
	ev, err := ef.evaluator()
	if err != nil {
		if resumed && !set["kernel"] && !set["creature"] {
			return usagef("-resume %s: the run's kernel: %v; choose one with -kernel", *resume, err)
		}
		return err
	}
	if err := checkDir(*dir); err != nil {
		return usageError{err}
	}
	if *checkpoint != "" {
		if err := checkOutput("-checkpoint", *checkpoint); err != nil {
			return err
		}
	}
	if !resumed {
		if u, err = evolve.New(*p, *seed); err != nil {
			return usagef("-n: %v", err)
		}
		settings = evolve.Settings{Population: *p, Seed: *seed}
	}
	settings.Kernel = ef.name()

	var log *runLog
	if *logPath != "" {
		if log, err = openRunLog(*logPath); err != nil {
			return usageError{err}
		}
		defer log.Close()
	}
	var hist *historyWriter
	if *dbPath != "" {
		if hist, err = openHistory(*dbPath, u, resumed); err != nil {
			return err
		}
		defer func() {
			if cerr := hist.Close(); err == nil {
				err = cerr
			}
		}()
	}

	interrupted := false

	saved := 0 // the generation the checkpoint file holds
	if resumed {
		saved = u.Generation
		if *generations > 0 && u.Generation >= *generations {
			fmt.Fprintf(stderr, "evolve: %s holds generation %d already; nothing to run for -generations %d\n", *resume, u.Generation, *generations)
		}
	}
	var dead []evolve.Creature
	start := time.Now()
	for fresh := !resumed; ; fresh = true {
		if fresh {
			n := u.Evaluate(ev)
			st := u.Stats()
			now := time.Now()
			secs := now.Sub(start).Seconds()
			printGeneration(stdout, u.Generation, st, len(u.Pop), secs)
			start = now
			if log != nil {
				if err := log.write(u.Generation, st, n, secs); err != nil {
					return err
				}
			}
			if hist != nil {
				if err := hist.Record(newborn(u), dead, u.Generation-1); err != nil {
					return err
				}
			}
			if *checkpoint != "" && u.Generation%*every == 0 {
				if err := writeCheckpoint(*checkpoint, u, settings, hist); err != nil {
					return err
				}
				saved = u.Generation
			}
		}
		select {
		case s := <-stop:
			fmt.Fprintf(stderr, "evolve: %v: stopping after generation %d\n", s, u.Generation)
			interrupted = true
		default:
		}
		if interrupted || (*generations > 0 && u.Generation >= *generations) {
			break
		}
		dead = u.Advance()
	}
	if *checkpoint != "" && saved != u.Generation {
		if err := writeCheckpoint(*checkpoint, u, settings, hist); err != nil {
			return err
		}
	}
	if *checkpoint != "" {
		fmt.Fprintf(stderr, "evolve: generation %d checkpointed in %s\n", u.Generation, *checkpoint)
	}
	path, err := saveBest(*dir, u.Best())
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "evolve: best creature saved to %s\n", path)
	return nil
}
