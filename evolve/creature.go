package evolve

import "github.com/evocopter/evocopter/sim"

// Creature is one member of the population.
type Creature struct {
	ID      int64 // 1, 2, ... in order of birth
	Parent  int64 // 0 for the first generation
	Born    int   // generation of birth (1 for the first)
	Coeffs  sim.Coeffs
	Fitness float64 // total fitness, valid when Evaluated
	// Evaluated is false until the creature has flown (SPEC §5 step 1:
	// survivors keep their fitness, only children are evaluated).
	Evaluated bool
}

// matrix and constant are the two parts a mutation acts on (SPEC §5).
func (c *Creature) matrix() []float64   { return c.Coeffs[sim.K0 : sim.Q2+1] }
func (c *Creature) constant() []float64 { return c.Coeffs[sim.C0 : sim.C1+1] }

// rankKey is what the ranking compares (fitness, ties by id), small so
// that sorting moves 24 bytes per creature instead of the whole Creature.
func (c *Creature) rankKey(index int) rankKey {
	return rankKey{c.Fitness, c.ID, index}
}

// better reports whether a ranks before b.
func better(a, b *Creature) bool {
	return compareRank(a.rankKey(0), b.rankKey(0)) < 0
}
