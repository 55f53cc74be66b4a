package evolve

import "github.com/evocopter/evocopter/sim"

// Creature is one member of the population.
type Creature struct {
	ID     int64 // 1, 2, ... in order of birth
	Parent int64 // 0 for the first generation (and for every cmaes sample)
	Born   int   // generation of birth (1 for the first)
	// Coeffs are the controller's coefficients in the order of every task:
	// the matrix row-major, then the constants (vertical: k0 k1 k2 q0 q1
	// q2 c0 c1, sim.Coeffs' order). They belong to the population's
	// buffers: copy them to keep them beyond two generations.
	Coeffs  []float64
	Fitness float64 // total fitness, valid when Evaluated
	// Evaluated is false until the creature has flown (docs/semantics.md §5 step 1:
	// survivors keep their fitness, only children are evaluated).
	Evaluated bool
}

// VerticalCoeffs returns the coefficients of a vertical-task creature as
// sim.Coeffs (the batched kernels' form). It panics for another length.
func (c *Creature) VerticalCoeffs() sim.Coeffs {
	if len(c.Coeffs) != len(sim.Coeffs{}) {
		panic("evolve: not a vertical creature")
	}
	return sim.Coeffs(c.Coeffs)
}

// rankKey is what the ranking compares (fitness, ties by id), small so
// that sorting moves 24 bytes per creature instead of the whole Creature.
func (c *Creature) rankKey(index int) rankKey {
	return rankKey{c.Fitness, c.ID, index}
}

// better reports whether a ranks before b.
func better(a, b *Creature) bool {
	return compareRank(a.rankKey(0), b.rankKey(0)) < 0
}

// CloneCreatures returns a copy of cs whose coefficients are their own
// (one allocation for all of them).
func CloneCreatures(cs []Creature) []Creature {
	n := 0
	for i := range cs {
		n += len(cs[i].Coeffs)
	}
	flat := make([]float64, 0, n)
	out := make([]Creature, len(cs))
	for i, c := range cs {
		start := len(flat)
		flat = append(flat, c.Coeffs...)
		c.Coeffs = flat[start:len(flat):len(flat)]
		out[i] = c
	}
	return out
}
