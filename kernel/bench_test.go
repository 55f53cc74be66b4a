package kernel

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

func benchCoeffs(n int) *Batch2x3 {
	r := rand.New(rand.NewPCG(1, 2))
	v := func() []float64 {
		s := make([]float64, n)
		for i := range s {
			s[i] = r.Float64() - 0.5
		}
		return s
	}
	return &Batch2x3{K0: v(), K1: v(), K2: v(), Q0: v(), Q1: v(), Q2: v(), C0: v(), C1: v()}
}

// stepBenchData is the input of the step benchmarks: n random creatures
// at state 0, setpoint 5, altitude 3. SetBytes counts the 14 arrays'
// bytes a step moves (12 read, 2 written).
func stepBenchData(b *testing.B, n int) (c *Batch2x3, state, in0, in1, out []float64) {
	state, in0, in1, out = make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range in0 {
		in0[i], in1[i] = 5, 3
	}
	b.SetBytes(int64(14 * 8 * n))
	return benchCoeffs(n), state, in0, in1, out
}

// The benchmarks call a tier's implementation the way Step and Fly call the
// current one (length checks included, no tier lookup by name).

// BenchmarkStep reports ns per creature for one controller step.
func BenchmarkStep(b *testing.B) {
	for _, tier := range Available() {
		for _, n := range []int{8, 256, 4096, 1 << 20} {
			b.Run(fmt.Sprintf("tier=%s/n=%d", tier, n), func(b *testing.B) {
				c, state, in0, in1, out := stepBenchData(b, n)
				im := tier.mustImpl()
				for b.Loop() {
					stepWith(im, c, state, in0, in1, out)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/creature")
			})
		}
	}
}

// plainLoop is the controller step as one writes it by hand: a range loop
// indexing the Batch2x3 fields, a bounds check per access. It is not a tier;
// BenchmarkPlainLoop measures it as the baseline the soa tier improves on
// (soa reslices every array to n first, so its loop has no bounds checks).
// Its bits are the reference's: TestPlainLoopIsTheReference. (The
// float64 conversions keep every product rounded on its own where Go would
// fuse a multiply-add, as on arm64; on amd64 they change nothing.)
func plainLoop(c *Batch2x3, state, in0, in1, out []float64) {
	for i := range out {
		s, zsp, z := state[i], in0[i], in1[i]
		state[i] = float64(float64(s*c.K0[i])+float64(zsp*c.K1[i])) + float64(z*c.K2[i]) + c.C0[i]
		out[i] = float64(float64(s*c.Q0[i])+float64(zsp*c.Q1[i])) + float64(z*c.Q2[i]) + c.C1[i]
	}
}

// BenchmarkPlainLoop reports ns per creature for plainLoop, to compare
// with BenchmarkStep: the same input, called directly (no length checks,
// no dispatch).
func BenchmarkPlainLoop(b *testing.B) {
	for _, n := range []int{8, 256, 4096, 1 << 20} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			c, state, in0, in1, out := stepBenchData(b, n)
			for b.Loop() {
				plainLoop(c, state, in0, in1, out)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/creature")
		})
	}
}

// BenchmarkFly reports ns per creature-step for env 0 of docs/semantics.md §4
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

// TestPlainLoopIsTheReference checks that the baseline BenchmarkPlainLoop
// measures computes what the tiers compute (the soa tier is checked
// against the reference of docs/semantics.md §1 in step_test.go), so the benchmarks compare
// the same work.
func TestPlainLoopIsTheReference(t *testing.T) {
	special := []float64{0, math.Copysign(0, -1), math.SmallestNonzeroFloat64, 1e308, -1e308, math.Inf(1), math.Inf(-1), math.NaN()}
	n := 1000
	r := rand.New(rand.NewPCG(3, 4))
	v := func() []float64 {
		s := make([]float64, n)
		for i := range s {
			s[i] = r.Float64() - 0.5
			if r.IntN(4) == 0 {
				s[i] = special[r.IntN(len(special))]
			}
		}
		return s
	}
	c := &Batch2x3{K0: v(), K1: v(), K2: v(), Q0: v(), Q1: v(), Q2: v(), C0: v(), C1: v()}
	state, in0, in1 := v(), v(), v()
	wantState, wantOut := append([]float64(nil), state...), make([]float64, n)
	gotOut := make([]float64, n)
	SoA.Step(c, wantState, in0, in1, wantOut)
	plainLoop(c, state, in0, in1, gotOut)
	// Bits, except that any two NaNs match (payloads are not part of the
	// contract: see sameBits in helpers_test.go).
	same := func(a, b float64) bool {
		return math.Float64bits(a) == math.Float64bits(b) || a != a && b != b
	}
	for i := range n {
		if !same(state[i], wantState[i]) || !same(gotOut[i], wantOut[i]) {
			t.Fatalf("creature %d: plain loop %v, %v; soa %v, %v", i, state[i], gotOut[i], wantState[i], wantOut[i])
		}
	}
}
