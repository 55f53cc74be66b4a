package bench

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/evocopter/evocopter/evolve"
	"github.com/evocopter/evocopter/sim"
)

type namedEvaluator struct {
	name string
	ev   sim.Evaluator
}

// evaluators are every tier this machine runs, slowest first: the
// one-creature-at-a-time port, then each kernel tier batched on one
// goroutine (the article's table is per core).
func evaluators() []namedEvaluator {
	var evs []namedEvaluator
	for _, name := range sim.AvailableTiers() {
		ev, err := sim.EvaluatorFor(name, 1)
		if err != nil {
			panic(err) // an available tier
		}
		evs = append(evs, namedEvaluator{name, ev})
	}
	return evs
}

// BenchmarkGeneration evaluates one steady generation (250 children x 1201
// steps) per iteration and reports ns per creature-step (controller +
// physics + fitness).
func BenchmarkGeneration(b *testing.B) {
	work := SteadyGeneration()
	out := make([]sim.Fitness, len(work))
	for _, e := range evaluators() {
		b.Run("tier="+e.name, func(b *testing.B) {
			for b.Loop() {
				e.ev.Evaluate(work, out)
			}
			steps := float64(b.N) * float64(len(work)*StepsPerCreature)
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/steps, "ns/step")
		})
	}
}

// BenchmarkSteadyGeneration is one whole generation at P = 500, end to
// end: selection, mutation, then the evaluation of the 250 children with
// the dispatched tier on one goroutine.
func BenchmarkSteadyGeneration(b *testing.B) {
	u, err := evolve.New(500, 1)
	if err != nil {
		b.Fatal(err)
	}
	ev := &sim.Batch{Workers: 1}
	u.Evaluate(ev)
	for b.Loop() {
		u.Advance()
		u.Evaluate(ev)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ms/generation")
}

// BenchmarkWorkers evaluates the children of a large population (P =
// 40,000: 20,000 children, 24 million creature-steps) with 1, 2 and 4
// workers on the dispatched tier; compare their ns/step for the scaling.
func BenchmarkWorkers(b *testing.B) {
	work := Children(40_000, 1)
	out := make([]sim.Fitness, len(work))
	for _, w := range []int{1, 2, 4} {
		b.Run(fmt.Sprintf("workers=%d", w), func(b *testing.B) {
			ev := &sim.Batch{Workers: w}
			for b.Loop() {
				ev.Evaluate(work, out)
			}
			steps := float64(b.N) * float64(len(work)*StepsPerCreature)
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/steps, "ns/step")
		})
	}
}

func TestSteadyGeneration(t *testing.T) {
	if n := len(SteadyGeneration()); n != 250 {
		t.Fatalf("steady generation has %d children, want 250", n)
	}
}

// TestMeasure checks the bookkeeping of Measure and AddSpeedups (not the
// speed, which a test cannot assert on a loaded machine).
func TestMeasure(t *testing.T) {
	work := SteadyGeneration()[:8]
	rs := []Result{
		Measure("generic", sim.GenericEvaluator, work, time.Millisecond),
		Measure("scalar", sim.ScalarEvaluator, work, time.Millisecond),
	}
	AddSpeedups(rs)
	for _, r := range rs {
		if r.Runs < 3 || !(r.NsPerStep > 0) || math.Abs(r.SecondsPerGeneration*1e9/float64(8*StepsPerCreature)/r.NsPerStep-1) > 1e-9 {
			t.Errorf("inconsistent result %+v", r)
		}
	}
	if rs[0].SpeedupOverGeneric != 1 || rs[1].SpeedupOverGeneric != rs[0].SecondsPerGeneration/rs[1].SecondsPerGeneration {
		t.Errorf("speed-ups %+v", rs)
	}
}
