package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"runtime"
	"time"

	"github.com/evocopter/evocopter/bench"
	"github.com/evocopter/evocopter/sim"
)

// benchCommand prints the article's table for this machine: every tier on
// one steady generation (250 children x 1201 steps = 300,250
// creature-steps), seconds per generation, ns per creature-step and the
// speed-up over the generic (gonum) tier.
func benchCommand(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print JSON: a list of {tier, ns_per_step, seconds_per_generation, ...}")
	minTime := fs.Duration("time", time.Second, "minimum measuring time per tier")
	workers := fs.Int("workers", 1, "goroutines for the batched tiers (the article's table is one core)")
	tf := addTaskFlags(fs)
	borderTable := fs.Bool("border", false, "time calls of empty Go, assembly and C functions instead, and the kernel batch that makes a call's cost negligible")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: evolve bench [flags]\n\ntimes every evaluation tier this machine runs on one steady generation\n(of the vertical task, or of -task hover3d: its scalar model and fused kernels)\n\nflags:")
		fs.PrintDefaults()
	}
	pos, err := parseFlags(fs, args, stdout)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("bench takes no arguments")
	}
	if *minTime <= 0 {
		return usagef("-time must be positive, got %v", *minTime)
	}
	if err := checkWorkers(*workers); err != nil {
		return err
	}
	if *borderTable {
		return borderBench(stdout, stderr, *minTime, *asJSON)
	}
	t, sc, err := tf.resolve()
	if err != nil {
		return err
	}
	if t != sim.Vertical {
		return bench3D(t, sc, *workers, *minTime, *asJSON, stdout, stderr)
	}
	tiers := sim.AvailableTiers()
	work := bench.SteadyGeneration()
	var results []bench.Result
	for i, name := range tiers {
		// Progress for the person waiting: one line per tier on stderr.
		fmt.Fprintf(stderr, "bench: [%d/%d] %s ...\n", i+1, len(tiers), name)
		ev, err := sim.EvaluatorFor(name, *workers)
		if err != nil {
			return usagef("%s: %v", name, err)
		}
		results = append(results, bench.Measure(name, ev, work, *minTime))
	}
	bench.AddSpeedups(results)
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(results)
	}
	fmt.Fprintf(stdout, "one steady generation: %d children x %d steps = %d creature-steps; %s/%s, %d worker(s)\n",
		len(work), bench.StepsPerCreature, len(work)*bench.StepsPerCreature, runtime.GOOS, runtime.GOARCH, *workers)
	fmt.Fprintf(stdout, "%-8s %14s %14s %10s\n", "tier", "s/generation", "ns/step", "speed-up")
	for _, r := range results {
		fmt.Fprintf(stdout, "%-8s %14.6f %14.2f %9.1fx\n", r.Tier, r.SecondsPerGeneration, r.NsPerStep, r.SpeedupOverGeneric)
	}
	return nil
}
