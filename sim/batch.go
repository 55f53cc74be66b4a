package sim

import (
	"math"
	"runtime"
	"sync/atomic"

	"github.com/evocopter/evocopter/kernel"
)

// Batch evaluates whole populations with the fused vertical-flight kernel:
// the creatures go into structure-of-arrays form, and each environment is
// one kernel.Fly call over all of them, the controller state carrying from
// one environment into the next. It gives the bits of Evaluate (the full
// model) because every environment of the experiment flies with four equal
// motors from rest, where the full model stays exactly vertical; an
// environment outside what the vertical form covers is flown on the full
// model instead (see verticalFlight).
//
// A Batch may be used by one goroutine at a time.
type Batch struct {
	// Tier is the kernel tier to run; "" means the dispatched one
	// (kernel.Current, chosen at init or by kernel.Use).
	Tier kernel.Tier
	// Workers splits every call into that many goroutines; below 1 means
	// runtime.GOMAXPROCS(0). Results do not depend on it.
	Workers int

	scratch []*batchScratch
}

// chunkAlign keeps every chunk a whole number of the widest vectors (8
// lanes), so only the last chunk has a tail.
const chunkAlign = 8

// minChunk is the smallest chunk worth handing to a goroutine.
const minChunk = 64

// chunksPerWorker splits the work finer than one chunk per worker, so that
// a worker whose core is busy with something else holds the others up by
// at most a small chunk (the workers pull chunks until none is left).
const chunksPerWorker = 8

// Evaluate implements Evaluator.
func (b *Batch) Evaluate(coeffs []Coeffs, out []Fitness) {
	n := len(coeffs)
	if len(out) < n {
		panic("sim: Batch.Evaluate: out is shorter than coeffs")
	}
	if n == 0 {
		return
	}
	workers := b.Workers
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	flights := flightPlan()
	for len(b.scratch) < workers {
		b.scratch = append(b.scratch, &batchScratch{})
	}
	if workers == 1 || n <= minChunk {
		b.evaluate(b.scratch[0], &flights, coeffs, out)
		return
	}
	chunk := (n + workers*chunksPerWorker - 1) / (workers * chunksPerWorker)
	chunk = max(minChunk, (chunk+chunkAlign-1)/chunkAlign*chunkAlign)
	chunks := (n + chunk - 1) / chunk
	var next atomic.Int64
	runWorkers(min(workers, chunks), func(w int) {
		for {
			c := int(next.Add(1) - 1)
			if c >= chunks {
				return
			}
			lo, hi := c*chunk, min(n, (c+1)*chunk)
			b.evaluate(b.scratch[w], &flights, coeffs[lo:hi], out[lo:hi])
		}
	})
}

// batchScratch is one worker's structure-of-arrays buffers, kept between
// calls so that a steady run does not allocate.
type batchScratch struct {
	c             kernel.Batch2x3
	state, result []float64
}

func (s *batchScratch) resize(n int) {
	if cap(s.state) < n {
		s.c = kernel.Batch2x3{}
		for _, p := range s.c.Arrays() {
			*p = make([]float64, n)
		}
		s.state, s.result = make([]float64, n), make([]float64, n)
	}
	for _, p := range s.c.Arrays() {
		*p = (*p)[:n]
	}
	s.state, s.result = s.state[:n], s.result[:n]
}

// plannedFlight is one environment in kernel form; ok is false when it must
// be flown on the full model instead.
type plannedFlight struct {
	f  kernel.Flight
	ok bool
}

// flightPlan turns the environments into kernel flights once per Evaluate
// call, not once per chunk (counting an environment's steps is a loop).
func flightPlan() [len(Environments)]plannedFlight {
	var plan [len(Environments)]plannedFlight
	for e, env := range Environments {
		plan[e].f, plan[e].ok = verticalFlight(env)
	}
	return plan
}

func (b *Batch) evaluate(s *batchScratch, flights *[len(Environments)]plannedFlight, coeffs []Coeffs, out []Fitness) {
	n := len(coeffs)
	if n == 0 {
		return
	}
	s.resize(n)
	// Batch2x3.Arrays and Coeffs share the index order of internal/coeffs.
	for k, p := range s.c.Arrays() {
		a := *p
		for i := range coeffs {
			a[i] = coeffs[i][k]
		}
	}
	clear(s.state) // a new creature's state is 0
	for e := range flights {
		f := &flights[e].f
		if !flights[e].ok {
			b.fullModel(s, coeffs, out, e)
			continue
		}
		if b.Tier == "" {
			kernel.Fly(&s.c, s.state, s.result, f)
		} else {
			b.Tier.Fly(&s.c, s.state, s.result, f)
		}
		for i := range out[:n] {
			out[i][e] = s.result[i]
		}
	}
}

// fullModel flies environment e on the full model, one creature at a time,
// starting from and updating the batch's controller states.
func (b *Batch) fullModel(s *batchScratch, coeffs []Coeffs, out []Fitness, e int) {
	for i := range coeffs {
		c := &Specialized{C: coeffs[i], State: s.state[i]}
		out[i][e] = Environments[e].Run(c, nil)
		s.state[i] = c.State
	}
}

// maxVerticalSteps bounds the step count the vertical form is used for
// (the kernels count steps in a machine int; past this the full model is
// slow but right).
const maxVerticalSteps = 1 << 30

// verticalFlight returns the kernel form of env and whether it gives the
// full model's bits. It does when the flight starts from rest with four
// equal motors (every Environment does) and its numbers are ordinary: a
// finite start, setpoint and positive time step (an infinite or NaN one
// would turn the model's 0*x terms into NaN that the vertical form leaves
// out), and a step count that fits.
func verticalFlight(env Environment) (kernel.Flight, bool) {
	finite := func(x float64) bool { return !math.IsInf(x, 0) && !math.IsNaN(x) }
	if !finite(env.Z0) || !finite(env.Z1) || !finite(env.TotalT) || !finite(env.Dt) || !(env.Dt > 0) {
		return kernel.Flight{}, false
	}
	if env.TotalT/env.Dt > maxVerticalSteps {
		return kernel.Flight{}, false
	}
	return kernel.Flight{
		Z0: env.Z0, Setpoint: env.Z1, Steps: env.Steps(),
		Dt: env.Dt, G: Gravity, M: Mass, MF: motorForce,
	}, true
}
