// Package evolve is the Universe of the experiment (SPEC §5): a population
// of controllers, their evaluation, selection, mutation and statistics, all
// random choices drawn from one seeded generator in a fixed order.
package evolve

import (
	"errors"
	"fmt"
	"math/rand/v2"

	"github.com/evocopter/evocopter/sim"
)

// Universe is a population evolving generation by generation.
type Universe struct {
	// Generation is the current generation, 1 for the first.
	Generation int
	// Pop is the living population; after Advance, survivors in rank order
	// followed by their children. Advance reuses the memory of the
	// population before last, so copy what must outlive two generations.
	Pop []Creature
	// NextID is the id the next creature born will get.
	NextID int64

	seed uint64
	pcg  *rand.PCG
	rng  *rand.Rand

	sel  selection  // selection's buffers
	next []Creature // the population being built by Advance

	// scratch for Evaluate
	coeffs []sim.Coeffs
	fit    []sim.Fitness
	who    []int
}

// ErrPopulation is returned for a population too small to select from.
var ErrPopulation = errors.New("population must be at least 2")

// New creates generation 1: p random creatures with ids 1..p, each
// coefficient U[0,1) - 0.5, drawn in id order from a PCG seeded with seed.
// A population too big for this machine's memory is refused before any of
// it is allocated.
func New(p int, seed uint64) (*Universe, error) {
	if p < 2 {
		return nil, fmt.Errorf("%w, got %d", ErrPopulation, p)
	}
	if err := checkMemory(p); err != nil {
		return nil, err
	}
	u := newUniverse(seed, rand.NewPCG(seed, pcgStream))
	u.Generation, u.NextID = 1, 1
	u.Pop = make([]Creature, p)
	for i := range u.Pop {
		c := &u.Pop[i]
		c.ID, c.Born = u.NextID, 1
		u.NextID++
		for k := range c.Coeffs {
			c.Coeffs[k] = u.rng.Float64() - 0.5
		}
	}
	return u, nil
}

// newUniverse returns an empty universe drawing from pcg (New's, or one
// restored from a checkpoint).
func newUniverse(seed uint64, pcg *rand.PCG) *Universe {
	return &Universe{seed: seed, pcg: pcg, rng: rand.New(pcg)}
}

// pcgStream is the second PCG seed word; the user's seed is the first.
const pcgStream = 0x5eed_c0de_ca11_ab1e

// Seed is the seed the universe was created with.
func (u *Universe) Seed() uint64 { return u.seed }

// Evaluate computes the fitness of every creature that has none yet and
// returns how many it evaluated (P in generation 1, the children after).
func (u *Universe) Evaluate(ev sim.Evaluator) int {
	u.coeffs, u.who = u.coeffs[:0], u.who[:0]
	for i := range u.Pop {
		if !u.Pop[i].Evaluated {
			u.coeffs = append(u.coeffs, u.Pop[i].Coeffs)
			u.who = append(u.who, i)
		}
	}
	if len(u.who) == 0 {
		return 0
	}
	if cap(u.fit) < len(u.who) {
		u.fit = make([]sim.Fitness, len(u.who))
	}
	u.fit = u.fit[:len(u.who)]
	ev.Evaluate(u.coeffs, u.fit)
	for k, i := range u.who {
		u.Pop[i].Fitness = u.fit[k].Total()
		u.Pop[i].Evaluated = true
	}
	return len(u.who)
}

// Stats summarizes the fitness of the living.
type Stats struct {
	Min, Avg, Max float64
}

// Stats returns min, average and max fitness over the population (summed
// in population order). Call it after Evaluate.
func (u *Universe) Stats() Stats {
	s := Stats{Min: u.Pop[0].Fitness, Max: u.Pop[0].Fitness}
	sum := 0.0
	for i := range u.Pop {
		f := u.Pop[i].Fitness
		s.Min, s.Max = min(s.Min, f), max(s.Max, f)
		sum += f
	}
	s.Avg = sum / float64(len(u.Pop))
	return s
}

// Best returns the best evaluated creature (lowest fitness, ties by id).
func (u *Universe) Best() Creature {
	var best *Creature
	for i := range u.Pop {
		c := &u.Pop[i]
		if c.Evaluated && (best == nil || better(c, best)) {
			best = c
		}
	}
	if best == nil {
		return u.Pop[0]
	}
	return *best
}

// Advance ends the generation: selection, then one child per survivor in
// rank order (cycling if more are needed to keep P constant), each a
// mutated copy of its parent. It returns the creatures that died. Every
// creature must have been evaluated.
func (u *Universe) Advance() (dead []Creature) {
	p := len(u.Pop)
	survivors, dead := u.sel.selectSurvivors(u.rng, u.Pop)
	u.Generation++
	// Double-buffer the population: the old one becomes the next scratch.
	pop := append(u.next[:0], survivors...)
	for k := 0; len(pop) < p; k++ {
		parent := &survivors[k%len(survivors)]
		child := Creature{ID: u.NextID, Parent: parent.ID, Born: u.Generation, Coeffs: parent.Coeffs}
		u.NextID++
		mutate(u.rng, &child)
		pop = append(pop, child)
	}
	u.Pop, u.next = pop, u.Pop
	return dead
}
