package evolve

import "math/rand/v2"

// The six mutations of docs/semantics.md §5, in the order a draw picks them.
const (
	mutRandom = iota
	mutNormal
	mutOne
	mutAll
	mutZeroOrOne
	mutSetEqualTo
	numMutations
)

// MutationNames are the names the original gives the mutations.
var MutationNames = [numMutations]string{"random", "normal", "one", "all", "zero_or_one", "set_equal_to"}

// mutate changes the child's matrix or its constant (50/50) with one of
// the six mutations, chosen uniformly; the constant is the last nconst
// coefficients (docs/semantics.md §5). Every draw comes from r in a fixed order, so a
// seed fixes the whole run.
func mutate(r *rand.Rand, coeffs []float64, nconst int) {
	m := len(coeffs) - nconst
	x := coeffs[:m]
	if r.IntN(2) == 1 {
		x = coeffs[m:]
	}
	applyMutation(r, r.IntN(numMutations), x)
}

func applyMutation(r *rand.Rand, kind int, x []float64) {
	switch kind {
	case mutRandom: // every entry times its own U[0,1) + 0.5
		for i := range x {
			x[i] *= r.Float64() + 0.5
		}
	case mutNormal: // every entry times its own Normal(0, 0.1) + 0.5
		for i := range x {
			x[i] *= float64(normal(r)*0.1) + 0.5
		}
	case mutOne: // one entry times U[0,1) + 0.5
		i := r.IntN(len(x))
		x[i] *= r.Float64() + 0.5
	case mutAll: // every entry times the same U[0,1) + 0.5
		f := r.Float64() + 0.5
		for i := range x {
			x[i] *= f
		}
	case mutZeroOrOne: // one entry becomes 0.0 or 1.0
		i := r.IntN(len(x))
		x[i] = float64(r.IntN(2))
	case mutSetEqualTo: // entry i = ±entry j (i may equal j)
		i, j := r.IntN(len(x)), r.IntN(len(x))
		sign := 1.0
		if r.IntN(2) == 1 {
			sign = -1
		}
		x[i] = x[j] * sign
	}
}
