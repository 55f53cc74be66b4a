package bench

import (
	"slices"
	"time"

	"github.com/evocopter/evocopter/sim"
)

// Result is one tier's speed on the steady-generation workload.
type Result struct {
	Tier                 string  `json:"tier"`
	NsPerStep            float64 `json:"ns_per_step"`
	SecondsPerGeneration float64 `json:"seconds_per_generation"`
	// SpeedupOverGeneric is generic's time over this tier's (0 when
	// generic was not measured).
	SpeedupOverGeneric float64 `json:"speedup_over_generic,omitempty"`
	// SpeedupOverScalar is the scalar model's time over this tier's, for a
	// 3-D task (evolve bench -task hover3d).
	SpeedupOverScalar float64 `json:"speedup_over_scalar,omitempty"`
	Runs              int     `json:"runs"`
}

// Measure evaluates work with ev repeatedly for at least minTime (and at
// least 3 times, after one warm-up run) and returns the median time of one
// evaluation, per generation and per creature-step.
func Measure(tier string, ev sim.Evaluator, work []sim.Coeffs, minTime time.Duration) Result {
	out := make([]sim.Fitness, len(work))
	return measure(tier, func() { ev.Evaluate(work, out) }, len(work)*StepsPerCreature, minTime)
}

// measure runs eval (one generation of steps creature-steps) once to warm
// up, then repeatedly for at least minTime and at least 3 times, and
// returns the median.
func measure(tier string, eval func(), steps int, minTime time.Duration) Result {
	eval() // warm up: caches, scratch buffers
	var times []time.Duration
	start := time.Now()
	for len(times) < 3 || time.Since(start) < minTime {
		t0 := time.Now()
		eval()
		times = append(times, time.Since(t0))
	}
	slices.Sort(times)
	median := times[len(times)/2]
	return Result{
		Tier:                 tier,
		SecondsPerGeneration: median.Seconds(),
		NsPerStep:            float64(median.Nanoseconds()) / float64(steps),
		Runs:                 len(times),
	}
}

// AddSpeedups fills SpeedupOverGeneric from the result of tier generic.
func AddSpeedups(rs []Result) {
	for _, g := range rs {
		if g.Tier != sim.TierGeneric {
			continue
		}
		for i := range rs {
			rs[i].SpeedupOverGeneric = g.SecondsPerGeneration / rs[i].SecondsPerGeneration
		}
	}
}
