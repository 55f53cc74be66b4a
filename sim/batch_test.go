package sim_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/evocopter/evocopter/kernel"
	"github.com/evocopter/evocopter/sim"
)

// batchTiers runs f for every tier this CPU has, plus "" (the dispatched
// tier), each with several worker counts.
func batchTiers(t *testing.T, f func(t *testing.T, b *sim.Batch)) {
	tiers := append([]kernel.Tier{""}, kernel.Available()...)
	for _, tier := range kernel.Tiers() {
		if tier.Err() != nil {
			t.Logf("tier %s skipped: %v", tier, tier.Err())
		}
	}
	for _, tier := range tiers {
		for _, w := range []int{1, 2, 3, 7} {
			name := fmt.Sprintf("tier=%s/workers=%d", tier, w)
			if tier == "" {
				name = fmt.Sprintf("tier=dispatched(%s)/workers=%d", kernel.Current(), w)
			}
			t.Run(name, func(t *testing.T) { f(t, &sim.Batch{Tier: tier, Workers: w}) })
		}
	}
}

func TestBatchReference(t *testing.T) {
	cs, want := loadReference(t)
	coeffs := make([]sim.Coeffs, len(cs))
	for i, c := range cs {
		coeffs[i] = c.Coeffs
	}
	batchTiers(t, func(t *testing.T, b *sim.Batch) {
		got := make([]sim.Fitness, len(coeffs))
		b.Evaluate(coeffs, got)
		for i := range got {
			if !sameBits(got[i], want[i]) {
				t.Errorf("creature %d: got %v, want %v", i, got[i], want[i])
			}
		}
	})
}

// extremeCoeffs mixes ordinary coefficients with the values that break
// careless arithmetic: ±0, subnormals, huge values whose products overflow,
// ±Inf and NaN.
func extremeCoeffs(r *rand.Rand, n int) []sim.Coeffs {
	specials := []float64{0, math.Copysign(0, -1), 5e-324, -2.2e-308, 1e308, -1e308,
		math.Inf(1), math.Inf(-1), math.NaN(), 1, -1, 0.5, 1e-300, 3e200}
	out := make([]sim.Coeffs, n)
	for i := range out {
		for k := range out[i] {
			if r.IntN(3) == 0 {
				out[i][k] = specials[r.IntN(len(specials))]
			} else {
				out[i][k] = r.Float64() - 0.5
			}
		}
	}
	return out
}

// TestBatchMatchesFullModel compares every tier with the full 6-DOF model,
// one creature at a time, for every population size up to 67 (every tail
// of every vector width) and a large one, random and extreme creatures.
func TestBatchMatchesFullModel(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 5))
	var pops [][]sim.Coeffs
	for n := 0; n <= 67; n++ {
		pops = append(pops, extremeCoeffs(r, n))
	}
	pops = append(pops, extremeCoeffs(r, 1001))
	want := make([][]sim.Fitness, len(pops))
	for p, pop := range pops {
		want[p] = make([]sim.Fitness, len(pop))
		sim.ScalarEvaluator.Evaluate(pop, want[p])
	}
	batchTiers(t, func(t *testing.T, b *sim.Batch) {
		for p, pop := range pops {
			got := make([]sim.Fitness, len(pop))
			b.Evaluate(pop, got)
			for i := range got {
				if !sameBits(got[i], want[p][i]) {
					t.Fatalf("n=%d creature %d %v: got %v, want %v", len(pop), i, pop[i], got[i], want[p][i])
				}
			}
		}
	})
}
