// Package evolve is the Universe of the experiment (docs/semantics.md §5): a population
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

	seed   uint64
	pcg    *rand.PCG
	rng    *rand.Rand
	dim    int // coefficients per creature
	nconst int // how many of them (the last) are the constant

	sel     selection  // selection's buffers
	next    []Creature // the population being built by Advance
	buf     []float64  // the coefficients of Pop, creature after creature
	nextBuf []float64  // those of next
	dead    []Creature // who died making this generation (Ask)

	// scratch for Evaluate
	coeffs []sim.Coeffs
	fit    []sim.Fitness
	who    []int
}

// ErrPopulation is returned for a population too small to select from.
var ErrPopulation = errors.New("population must be at least 2")

// New creates generation 1: p random creatures with ids 1..p, each
// coefficient U[0,1) - 0.5, drawn in id order from a PCG seeded with seed.
// New allocates the population without asking whether it fits in memory;
// see MemoryNeeded.
func New(p int, seed uint64) (*Universe, error) {
	return NewShaped(p, seed, VerticalShape)
}

// Shape is what ga needs to know of a task's creatures: how many
// coefficients, and how many of them (the last) form the constant that a
// mutation treats apart from the matrix.
type Shape struct {
	Coeffs    int `json:"coeffs"`
	Constants int `json:"constants"`
}

// VerticalShape is the vertical task's: k0..q2, then c0 c1.
var VerticalShape = Shape{Coeffs: len(sim.Coeffs{}), Constants: 2}

func (s Shape) check() error {
	if s.Constants < 1 || s.Coeffs <= s.Constants {
		return fmt.Errorf("a creature of %d coefficients with %d constants", s.Coeffs, s.Constants)
	}
	return nil
}

// NewShaped is New for creatures of any shape (vertical: New).
func NewShaped(p int, seed uint64, shape Shape) (*Universe, error) {
	if p < 2 {
		return nil, fmt.Errorf("%w, got %d", ErrPopulation, p)
	}
	if err := shape.check(); err != nil {
		return nil, err
	}
	u := newUniverse(seed, rand.NewPCG(seed, pcgStream), shape, p)
	u.Generation, u.NextID = 1, 1
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

// newUniverse returns a universe of p creatures with zero coefficients
// drawing from pcg (New's, or one restored from a checkpoint).
func newUniverse(seed uint64, pcg *rand.PCG, shape Shape, p int) *Universe {
	u := &Universe{seed: seed, pcg: pcg, rng: rand.New(pcg), dim: shape.Coeffs, nconst: shape.Constants}
	u.Pop, u.buf = make([]Creature, p), make([]float64, p*u.dim)
	for i := range u.Pop {
		u.Pop[i].Coeffs = u.slot(u.buf, i)
	}
	return u
}

// slot is creature i's coefficients in buf.
func (u *Universe) slot(buf []float64, i int) []float64 {
	return buf[i*u.dim : (i+1)*u.dim : (i+1)*u.dim]
}

// Shape is the shape of the universe's creatures.
func (u *Universe) Shape() Shape { return Shape{u.dim, u.nconst} }

// pcgStream is the second PCG seed word; the user's seed is the first.
const pcgStream = 0x5eed_c0de_ca11_ab1e

// Seed is the seed the universe was created with.
func (u *Universe) Seed() uint64 { return u.seed }

// Evaluate computes the fitness of every creature that has none yet and
// returns how many it evaluated (P in generation 1, the children after).
// It is for the vertical task's evaluators; Ask and Tell serve any task.
func (u *Universe) Evaluate(ev sim.Evaluator) int {
	u.coeffs, u.who = u.coeffs[:0], u.who[:0]
	for i := range u.Pop {
		if !u.Pop[i].Evaluated {
			u.coeffs = append(u.coeffs, u.Pop[i].VerticalCoeffs())
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
func (u *Universe) Stats() Stats { return popStats(u.Pop) }

// popStats is min, average and max fitness over pop, summed in order.
func popStats(pop []Creature) Stats {
	s := Stats{Min: pop[0].Fitness, Max: pop[0].Fitness}
	sum := 0.0
	for i := range pop {
		f := pop[i].Fitness
		s.Min, s.Max = min(s.Min, f), max(s.Max, f)
		sum += f
	}
	s.Avg = sum / float64(len(pop))
	return s
}

// Best returns the best evaluated creature (lowest fitness, ties by id),
// with its own copy of the coefficients.
func (u *Universe) Best() Creature {
	var best *Creature
	for i := range u.Pop {
		c := &u.Pop[i]
		if c.Evaluated && (best == nil || better(c, best)) {
			best = c
		}
	}
	if best == nil {
		best = &u.Pop[0]
	}
	c := *best
	c.Coeffs = append([]float64(nil), c.Coeffs...)
	return c
}

// Advance ends the generation: selection, then one child per survivor in
// rank order (cycling if more are needed to keep P constant), each a
// mutated copy of its parent. It returns the creatures that died (their
// coefficients valid until the next Advance). Every creature must have
// been evaluated.
func (u *Universe) Advance() (dead []Creature) {
	p := len(u.Pop)
	survivors, dead := u.sel.selectSurvivors(u.rng, u.Pop)
	u.Generation++
	// Double-buffer the population: the old one becomes the next scratch.
	if len(u.nextBuf) != len(u.buf) {
		u.nextBuf = make([]float64, len(u.buf))
	}
	pop := u.next[:0]
	for i := range survivors {
		c := survivors[i]
		c.Coeffs = u.slot(u.nextBuf, len(pop))
		copy(c.Coeffs, survivors[i].Coeffs)
		pop = append(pop, c)
	}
	for k := 0; len(pop) < p; k++ {
		parent := &survivors[k%len(survivors)]
		child := Creature{ID: u.NextID, Parent: parent.ID, Born: u.Generation, Coeffs: u.slot(u.nextBuf, len(pop))}
		copy(child.Coeffs, parent.Coeffs)
		u.NextID++
		mutate(u.rng, child.Coeffs, u.nconst)
		pop = append(pop, child)
	}
	u.Pop, u.next = pop, u.Pop
	u.buf, u.nextBuf = u.nextBuf, u.buf
	return dead
}
