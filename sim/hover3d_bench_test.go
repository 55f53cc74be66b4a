package sim_test

import (
	"math"
	"testing"

	"github.com/evocopter/evocopter/sim"
)

// BenchmarkHover3DScalar is the scalar cost of hover3d per creature-step:
// the LQR creature (it never crashes, so every step flies the model) over
// 8 held-out scenarios of 8 s, one worker. ns/step is the figure to compare
// with the batched kernels.
func BenchmarkHover3DScalar(b *testing.B) {
	c := sim.ReadLQRCreature(b)
	sc := sim.HeldOutScenarios(8)
	e, err := sim.NewHover3DEvaluator(sc, 1)
	if err != nil {
		b.Fatal(err)
	}
	steps := 0
	for _, r := range e.Fly(c, nil) {
		steps += r.Steps
	}
	b.ResetTimer()
	for range b.N {
		e.Fitness(c)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*steps), "ns/step")
}

var sinkSin, sinkCos float64

// BenchmarkSinCos compares the project's SinCos with math.Sincos on the
// angles a flight sees.
func BenchmarkSinCos(b *testing.B) {
	xs := []float64{0.01, -0.1, 0.3, -0.02, 0.15, 0.5, -0.7, 1e-4}
	b.Run("sim", func(b *testing.B) {
		for i := range b.N {
			sinkSin, sinkCos = sim.SinCos(xs[i&7])
		}
	})
	b.Run("math", func(b *testing.B) {
		for i := range b.N {
			sinkSin, sinkCos = math.Sincos(xs[i&7])
		}
	})
}
