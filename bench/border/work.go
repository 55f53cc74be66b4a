package border

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/evocopter/evocopter/bench"
	"github.com/evocopter/evocopter/kernel"
	"github.com/evocopter/evocopter/sim"
)

// Share is the largest part of a kernel call's time the call itself may
// take at the break-even batch size: 5%.
const Share = 0.05

// Work is what one creature-step costs on one kernel tier, and how many
// steps per creature one call of the kernel carries.
type Work struct {
	Tier string `json:"tier"`
	// Kernel is "step" (kernel.Step: one controller step per call) or
	// "fly" (a whole evaluation through sim.Batch, whose kernel.Fly calls
	// each fly one environment).
	Kernel            string  `json:"kernel"`
	NsPerCreatureStep float64 `json:"ns_per_creature_step"`
	StepsPerCall      int     `json:"steps_per_call"`
}

// StepCreatures is the batch MeasureStep times kernel.Step on: 4096
// creatures, whose fourteen arrays (460 KB) stay in a core's L2 cache on
// the machines measured, so the time is the arithmetic's and not the
// memory's.
const StepCreatures = 4096

// MeasureStep times tier t's Step on StepCreatures random creatures for
// at least minTime: one call is one step of every creature.
func MeasureStep(t kernel.Tier, minTime time.Duration) Work {
	n := StepCreatures
	r := rand.New(rand.NewPCG(1, 2))
	arr := func() []float64 {
		a := make([]float64, n)
		for i := range a {
			a[i] = r.Float64() - 0.5
		}
		return a
	}
	c := &kernel.Batch2x3{K0: arr(), K1: arr(), K2: arr(), Q0: arr(), Q1: arr(), Q2: arr(), C0: arr(), C1: arr()}
	state, in0, in1, out := make([]float64, n), arr(), arr(), make([]float64, n)
	perCall := measure(minTime, func(calls int) {
		for range calls {
			t.Step(c, state, in0, in1, out)
		}
	})
	return Work{Tier: string(t), Kernel: "step", NsPerCreatureStep: perCall / float64(n), StepsPerCall: 1}
}

// MeasureFly times one steady generation (bench.SteadyGeneration) on
// tier t, batched on one goroutine as `evolve bench` runs it, for at least
// minTime; one Fly call there flies every creature through one
// environment, the shortest of which has ShortestFlight steps.
func MeasureFly(t kernel.Tier, minTime time.Duration) Work {
	work := bench.SteadyGeneration()
	out := make([]sim.Fitness, len(work))
	ev := &sim.Batch{Tier: t, Workers: 1}
	perGeneration := measure(minTime, func(generations int) {
		for range generations {
			ev.Evaluate(work, out)
		}
	})
	steps := float64(len(work) * bench.StepsPerCreature)
	return Work{Tier: string(t), Kernel: "fly", NsPerCreatureStep: perGeneration / steps, StepsPerCall: ShortestFlight()}
}

// ShortestFlight is the step count of the shortest of the environments
// every evaluation flies (sim.Environments).
func ShortestFlight() int {
	shortest := math.MaxInt
	for _, e := range sim.Environments {
		shortest = min(shortest, e.Steps())
	}
	return shortest
}

// BreakEven is the smallest number of creatures one call of the kernel
// must carry for a call costing callNs to be less than Share of the
// kernel's work: callNs < Share * n * StepsPerCall * NsPerCreatureStep.
// It is 0 when the work was not measured (not positive).
func (w Work) BreakEven(callNs float64) int {
	perCreature := float64(w.StepsPerCall) * w.NsPerCreatureStep
	if !(perCreature > 0) {
		return 0
	}
	return int(math.Floor(callNs/(Share*perCreature))) + 1
}
