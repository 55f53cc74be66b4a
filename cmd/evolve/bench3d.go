package main

import (
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"time"

	"github.com/evocopter/evocopter/bench"
	"github.com/evocopter/evocopter/kernel"
	"github.com/evocopter/evocopter/sim"
)

// bench3D is `evolve bench -task hover3d`: the scalar model and the fused
// 3-D flight of every kernel tier verified on this CPU, on one generation
// (bench.Generation3D: creatures near the LQR controller, which fly every
// step) over the training scenarios of seed 1 or sc, with the speed-up
// over the scalar model.
func bench3D(t *sim.Task, sc []sim.Scenario, workers int, minTime time.Duration, asJSON bool, stdout, stderr io.Writer) error {
	if sc == nil {
		sc = bench.Scenarios3D()
	}
	work := bench.Generation3D()
	steps := bench.Steps3D(sc)
	tiers := append([]string{sim.TierScalar}, kernel.TierNames(kernel.Hover3DTiers())...)
	var results []bench.Result
	for i, name := range tiers {
		fmt.Fprintf(stderr, "bench: [%d/%d] %s ...\n", i+1, len(tiers), name)
		ev, err := t.NewEvaluator(sim.EvalOptions{Tier: name, Workers: workers, Scenarios: sc})
		if err != nil {
			return usagef("%s: %v", name, err)
		}
		results = append(results, bench.Measure3D(name, ev, work, steps, minTime))
	}
	for i := range results {
		results[i].SpeedupOverScalar = results[0].SecondsPerGeneration / results[i].SecondsPerGeneration
	}
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(results)
	}
	fmt.Fprintf(stdout, "one %s generation: %d creatures x %d scenarios, %d creature-steps; %s/%s, %d worker(s)\n",
		t.Name, len(work), len(sc), len(work)*steps, runtime.GOOS, runtime.GOARCH, workers)
	fmt.Fprintf(stdout, "%-8s %14s %14s %10s\n", "tier", "s/generation", "ns/step", "speed-up")
	for _, r := range results {
		fmt.Fprintf(stdout, "%-8s %14.6f %14.2f %9.1fx\n", r.Tier, r.SecondsPerGeneration, r.NsPerStep, r.SpeedupOverScalar)
	}
	return nil
}
