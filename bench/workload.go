// Package bench puts every evaluation tier side by side on the same work:
// one steady generation of the experiment (docs/semantics.md §4-5), the children of a
// population of 500 flying the five environments.
package bench

import (
	"github.com/evocopter/evocopter/evolve"
	"github.com/evocopter/evocopter/sim"
)

// StepsPerCreature is the number of creature-steps of one evaluation.
const StepsPerCreature = 1201

// SteadyGeneration returns the creatures a steady generation evaluates:
// the 250 children born into generation 2 of a population of 500 (seed 1),
// 250 x 1201 = 300,250 creature-steps.
func SteadyGeneration() []sim.Coeffs {
	return Children(500, 1)
}

// Children returns the children born into generation 2 of a population
// of p with the given seed.
func Children(p int, seed uint64) []sim.Coeffs {
	u, err := evolve.New(p, seed)
	if err != nil {
		panic(err)
	}
	u.Evaluate(&sim.Batch{}) // the dispatched tier: the same bits, fast under qemu too
	u.Advance()
	var out []sim.Coeffs
	for _, c := range u.Pop {
		if !c.Evaluated {
			out = append(out, c.VerticalCoeffs())
		}
	}
	return out
}
