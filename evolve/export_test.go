package evolve

import (
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
	Normal        = normal
	ApplyMutation = applyMutation
	NumMutations  = numMutations
	NewTestRand   = func(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, pcgStream)) }
)
