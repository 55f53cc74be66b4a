package bench

import (
	"testing"

	"github.com/evocopter/evocopter/sim"
)

// tiers are the evaluators compared, slowest first.
var tiers = []struct {
	name string
	ev   sim.Evaluator
}{
	{"generic", sim.GenericEvaluator},
	{"scalar", sim.ScalarEvaluator},
}

// BenchmarkGeneration evaluates one steady generation per iteration and
// reports ns per creature-step (controller + physics + fitness).
func BenchmarkGeneration(b *testing.B) {
	work := SteadyGeneration()
	out := make([]sim.Fitness, len(work))
	for _, tier := range tiers {
		b.Run("tier="+tier.name, func(b *testing.B) {
			for b.Loop() {
				tier.ev.Evaluate(work, out)
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
