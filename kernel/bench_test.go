package kernel

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

func benchCoeffs(n int) *Coeffs {
	r := rand.New(rand.NewPCG(1, 2))
	v := func() []float64 {
		s := make([]float64, n)
		for i := range s {
			s[i] = r.Float64() - 0.5
		}
		return s
	}
	return &Coeffs{K0: v(), K1: v(), K2: v(), Q0: v(), Q1: v(), Q2: v(), C0: v(), C1: v()}
}

// The benchmarks call a tier's implementation the way Step and Fly call the
// current one (length checks included, no tier lookup by name).

// BenchmarkStep reports ns per creature for one controller step.
func BenchmarkStep(b *testing.B) {
	for _, tier := range Available() {
		for _, n := range []int{8, 256, 4096, 1 << 20} {
			b.Run(fmt.Sprintf("tier=%s/n=%d", tier, n), func(b *testing.B) {
				c := benchCoeffs(n)
				state, in0, in1, out := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
				for i := range in0 {
					in0[i], in1[i] = 5, 3
				}
				b.SetBytes(int64(14 * 8 * n))
				im := tier.mustImpl()
				for b.Loop() {
					stepWith(im, c, state, in0, in1, out)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/creature")
			})
		}
	}
}

// BenchmarkFly reports ns per creature-step for env 0 of SPEC §4
// (200 steps, mass 1).
func BenchmarkFly(b *testing.B) {
	f := &Flight{Z0: 3, Setpoint: 5, Steps: 200, Dt: 0.01, G: 9.81, M: 1, MF: 9.81}
	for _, tier := range Available() {
		for _, n := range []int{8, 256, 4096} {
			b.Run(fmt.Sprintf("tier=%s/n=%d", tier, n), func(b *testing.B) {
				c := benchCoeffs(n)
				state, fitness := make([]float64, n), make([]float64, n)
				im := tier.mustImpl()
				for b.Loop() {
					flyWith(im, c, state, fitness, f)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n*f.Steps), "ns/step")
			})
		}
	}
}
