package evolve

import (
	"math"
	"math/rand/v2"

	"github.com/evocopter/evocopter/sim"
)

// ConstEvaluator gives the i-th evaluated creature the total fitness c[i]
// (in environment 0).
type ConstEvaluator []float64

func (c ConstEvaluator) Evaluate(coeffs []sim.Coeffs, out []sim.Fitness) {
	for i := range coeffs {
		out[i] = sim.Fitness{c[i]}
	}
}

// Exported for tests.
var (
	Log           = log
	Exp           = exp
	Normal        = normal
	ApplyMutation = applyMutation
	NumMutations  = numMutations
	SameCreature  = sameCreature
	NewTestRand   = func(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, pcgStream)) }
)

// sameCreature: equal bookkeeping and the same bits everywhere.
func sameCreature(a, b Creature) bool {
	if a.ID != b.ID || a.Parent != b.Parent || a.Born != b.Born || a.Evaluated != b.Evaluated ||
		math.Float64bits(a.Fitness) != math.Float64bits(b.Fitness) || len(a.Coeffs) != len(b.Coeffs) {
		return false
	}
	for i := range a.Coeffs {
		if math.Float64bits(a.Coeffs[i]) != math.Float64bits(b.Coeffs[i]) {
			return false
		}
	}
	return true
}
