package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/evocopter/evocopter/evolve"
	"github.com/evocopter/evocopter/sim"
)

// experimentCommand runs the evolution and prints the original's line per
// generation. Signals: see stopper. The best creature is saved when the
// run ends, however it ends: after the last generation, on a stop signal,
// and when a side output (the generation line, -log, -db, -checkpoint)
// fails, which then exits 1 after saving what can be saved.
//
// A generation is: ask the strategy for the creatures to evaluate (ga:
// select and breed, after the first), evaluate, tell the strategy their
// fitness, print, log, record in the history, checkpoint (every
// -checkpoint-every generations), then stop or go on. A checkpoint is
// therefore the state just after generation g was printed; a resumed run
// goes on with the ask that makes generation g+1.
func experimentCommand(args []string, stdout, stderr io.Writer, sigs <-chan os.Signal) (err error) {
	fs := flag.NewFlagSet("evolve", flag.ContinueOnError)
	p := fs.Int("n", 500, "population size (at least 2; cmaes: samples per generation, default 4 + floor(3 ln n))")
	generations := fs.Int("generations", 0, "generations to run, counting a resumed run's earlier ones (0: until interrupted)")
	seed := fs.Uint64("seed", 1, "random seed: the same seed gives the same run")
	ef := addEvalFlags(fs)
	sf := addStrategyFlags(fs)
	tf := addTaskFlags(fs)
	dir := fs.String("dir", ".", "folder for the best creature's JSON file")
	checkpoint := fs.String("checkpoint", "", "save the whole run to `FILE` every -checkpoint-every generations, on Ctrl-C and at the end")
	every := fs.Int("checkpoint-every", 10, "generations between checkpoints")
	resume := fs.String("resume", "", "continue the run saved in checkpoint `FILE` (its population, seed and kernel); later checkpoints go to FILE unless -checkpoint says otherwise")
	logPath := fs.String("log", "", "append one JSON line per generation to `FILE`")
	dbPath := fs.String("db", "", "record every creature in the SQLite database `FILE`")
	force := fs.Bool("force", false, "replace a -checkpoint file that is not the resumed run's, and append to a -log file that is not this run's log")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), topUsage, "\nflags of the experiment:\n")
		fs.PrintDefaults()
	}
	stop := newStopper(sigs, stderr, *dir)
	defer stop.close()
	defer func() {
		// A bug must not lose the run's best creature either: save the
		// best found so far, then let run report the bug (exit 3).
		if r := recover(); r != nil {
			if best := stop.snapshot(); best != nil {
				saveBestOrShow(stderr, stop.dir, *best)
			}
			panic(r)
		}
	}()
	if sigs != nil {
		// A closed stdout or log pipe is an error to handle (save the
		// best creature, exit 1), not a signal that kills the run.
		signal.Ignore(syscall.SIGPIPE)
	}
	pos, err := parseFlags(fs, args, stdout)
	if err != nil {
		return err
	}
	stop.dir = *dir
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
	resumed := *resume != ""
	if resumed {
		for _, name := range append([]string{"n", "seed", "task", "scenarios"}, strategyFlagNames...) {
			if set[name] {
				return usagef("-%s cannot be given with -resume: the checkpoint holds it", name)
			}
		}
		if *checkpoint == "" {
			*checkpoint = *resume
		}
	}
	if err := distinctFiles(namedPath{"-log", *logPath}, namedPath{"-db", *dbPath}, namedPath{"-checkpoint", *checkpoint}); err != nil {
		return err
	}
	if err := distinctFiles(namedPath{"-log", *logPath}, namedPath{"-db", *dbPath}, namedPath{"-resume", *resume}); err != nil {
		return err
	}
	if !resumed {
		// The task's shape sets a creature's size; a wrong -task is
		// reported below, with the other task flags.
		n := sim.Vertical.Shape.Len()
		if t, err := sim.TaskByName(tf.name); err == nil {
			n = t.Shape.Len()
		}
		if err := checkPopulation("-n", *p, n); err != nil {
			return err
		}
	}
	if err := checkDir(*dir); err != nil {
		return err
	}
	var ck *output
	if *checkpoint != "" {
		if ck, err = checkCheckpointOutput(*checkpoint, *resume, *force); err != nil {
			return err
		}
	}

	var u evolve.Strategy
	var settings evolve.Settings
	task, scenarios, err := tf.resolve()
	if err != nil {
		return err
	}
	if resumed {
		if u, settings, err = readCheckpoint(*resume); err != nil {
			return err
		}
		if is := settings.Island; is != nil {
			return usagef("-resume %s: the checkpoint of island %d of run %q; resume it with evolve island or evolve islands", *resume, is.Island, is.Run)
		}
		if task, err = sim.TaskByName(settings.Task); err != nil {
			return usagef("-resume %s: %v", *resume, err)
		}
		if err := checkResumedWeights(*resume, settings, task); err != nil {
			return err
		}
		if !set["kernel"] && !set["creature"] {
			ef.kernel = settings.Kernel // every kernel gives the same bits; -kernel may change it
		}
	}
	ev, err := ef.evaluator()
	if err != nil {
		if resumed && !set["kernel"] && !set["creature"] {
			return usagef("-resume %s: the run's kernel: %v; choose one with -kernel", *resume, err)
		}
		return err
	}
	if !resumed {
		if u, err = sf.newStrategy(task, *p, *seed, set); err != nil {
			return err
		}
		settings = evolve.Settings{Population: len(u.Population()), Seed: *seed, Scenarios: scenarios}
		if u.Name() != "ga" {
			settings.Strategy = u.Name()
		}
		if task != sim.Vertical {
			settings.Task = task.Name
		}
		settings.Weights = weightsSetting(task)
	}
	settings.Kernel = ef.name()
	tev, err := task.NewEvaluator(sim.EvalOptions{Vertical: ev})
	if task != sim.Vertical {
		tev, err = newTaskEvaluator(task, ef, settings.Scenarios, settings.Seed)
	}
	if err != nil {
		return err
	}

	var log *runLog
	if *logPath != "" {
		if log, err = openRunLog(*logPath, resumed, *force); err != nil {
			return err
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

	r := &results{u: u, settings: settings, ck: ck, hist: hist, dir: *dir, stderr: stderr}
	if resumed {
		if ck.exists && sameFile(*checkpoint, *resume) {
			r.written = u.Gen()
		}
		if *generations > 0 && u.Gen() >= *generations {
			fmt.Fprintf(stderr, "evolve: %s holds generation %d already; nothing to run for -generations %d\n", *resume, u.Gen(), *generations)
		}
	}
	stop.started()
	var fit []float64
	var fault error // a side output failed: stop, save, exit 1
	start := time.Now()
	for fresh := !resumed; ; fresh = true {
		if fresh {
			xs := u.Ask()
			n := len(xs)
			fit = append(fit[:0], make([]float64, n)...)
			tev.Evaluate(xs, fit)
			if err := u.Tell(fit); err != nil {
				return err
			}
			printRestart(stderr, u)
			st := u.Stats()
			stop.publish(evolve.CloneCreatures([]evolve.Creature{u.Best()})[0])
			now := time.Now()
			secs := now.Sub(start).Seconds()
			start = now
			stop.writing(true)
			if err := printGeneration(stdout, u.Gen(), st, len(u.Population()), secs); err != nil {
				fault = fmt.Errorf("writing generation %d to standard output: %v", u.Gen(), err)
			} else if log != nil {
				fault = log.write(u.Gen(), st, n, secs)
			}
			stop.writing(false)
			if fault == nil && hist != nil {
				if fault = hist.Record(newborn(u), u.Dead(), u.Gen()-1); fault != nil {
					r.histFailed = true
				}
			}
			if fault == nil && ck != nil && u.Gen()%*every == 0 {
				fault = r.checkpoint()
			}
			if fault != nil {
				break
			}
		}
		req, why := stop.poll()
		if req == saveAndStop {
			fmt.Fprintf(stderr, "evolve: %s: stopping after generation %d\n", why, u.Gen())
			break
		}
		if req == saveAndGoOn {
			fmt.Fprintf(stderr, "evolve: %s: saving generation %d and going on\n", why, u.Gen())
			if fault = r.save(); fault != nil {
				break
			}
		}
		if *generations > 0 && u.Gen() >= *generations {
			break
		}
	}
	if fault != nil {
		fmt.Fprintf(stderr, "evolve: %v; saving what the run has and stopping\n", fault)
	}
	if err := r.save(); err != nil {
		return errors.Join(fault, err)
	}
	return fault
}

// results is what a run saves when it ends or is asked to.
type results struct {
	u          evolve.Strategy
	settings   evolve.Settings
	ck         *output // -checkpoint; nil without
	hist       *historyWriter
	histFailed bool // -db failed: checkpoints no longer wait for it
	dir        string
	stderr     io.Writer

	written   int   // the generation the -checkpoint file holds from this run (0: none)
	ckFailed  error // the last checkpoint write failed
	savedBest string
}

// checkpoint writes the -checkpoint file. The history (if any) is written
// up to the checkpoint's generation first, so that a checkpoint never holds
// a generation its history lacks; a history that failed no longer holds the
// checkpoint back (the run's state matters more than its record).
func (r *results) checkpoint() error {
	hist := r.hist
	if r.histFailed {
		hist = nil
	}
	if err := writeCheckpoint(r.ck, r.u, r.settings, hist); err != nil {
		if hist != nil && r.hist.failed() != nil {
			r.histFailed = true
			// The history failed, not the checkpoint: write it without.
			if cerr := writeCheckpoint(r.ck, r.u, r.settings, nil); cerr != nil {
				return errors.Join(err, cerr)
			}
			r.written, r.ckFailed = r.u.Gen(), nil
			return err
		}
		r.ckFailed = err
		return err
	}
	r.written, r.ckFailed = r.u.Gen(), nil
	return nil
}

// save writes the checkpoint (unless it holds this generation already, or
// just failed) and the best creature, and says where they went. The best
// creature is never lost: if it cannot be saved, it is printed on stderr.
func (r *results) save() error {
	var errs []error
	if r.ck != nil {
		if r.written != r.u.Gen() && r.ckFailed == nil {
			if err := r.checkpoint(); err != nil {
				errs = append(errs, err)
			}
		}
		switch {
		case r.written == r.u.Gen():
			fmt.Fprintf(r.stderr, "evolve: generation %d checkpointed in %s\n", r.u.Gen(), r.ck.path)
		case r.written > 0:
			fmt.Fprintf(r.stderr, "evolve: generation %d not checkpointed; %s holds generation %d\n", r.u.Gen(), r.ck.path, r.written)
		default:
			fmt.Fprintf(r.stderr, "evolve: generation %d not checkpointed; %s was not written\n", r.u.Gen(), r.ck.path)
		}
	}
	if err := saveBestOrShow(r.stderr, r.dir, r.u.Best()); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// saveBestOrShow saves c in dir and says where; if that fails, it prints
// c on stderr as a creature file holds it, so that it is not lost.
func saveBestOrShow(stderr io.Writer, dir string, c evolve.Creature) error {
	path, err := saveBest(dir, c)
	if err == nil {
		fmt.Fprintf(stderr, "evolve: best creature saved to %s\n", path)
		return nil
	}
	if data, jerr := creatureJSON(c, ""); jerr == nil {
		fmt.Fprintf(stderr, "evolve: the best creature could not be saved (%v); here it is:\n%s\n", err, data)
	}
	return fmt.Errorf("saving the best creature: %w", err)
}
