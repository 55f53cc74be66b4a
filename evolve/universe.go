// Package evolve is the experiment's population (SPEC §5): random
// creatures, evaluation, selection and the six mutations, all drawn from
// one seeded generator in a fixed order, so that a seed gives the same run
// on every architecture and with every evaluator.
package evolve

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/evocopter/evocopter/sim"
)

// Creature is one member of the population.
type Creature struct {
	ID        int64
	Parent    int64 // 0 for the creatures of generation 1
	Born      int   // the generation the creature was born into
	Coeffs    sim.Coeffs
	Fitness   float64 // valid when Evaluated
	Evaluated bool
}

// Universe is the population and the generator that drives it.
type Universe struct {
	Generation int
	Pop        []Creature
	NextID     int64 // the id the next new creature gets

	pcg *rand.PCG
	rng *rand.Rand
}

// seedStream is the PCG stream every run uses; the seed picks the state.
const seedStream = 0x9e3779b97f4a7c15

// New returns generation 1: p random creatures with ids 1..p.
func New(p int, seed uint64) (*Universe, error) {
	if p < 2 {
		return nil, fmt.Errorf("population must be at least 2, got %d", p)
	}
	u := newUniverse(rand.NewPCG(seed, seedStream))
	u.Generation = 1
	u.Pop = make([]Creature, p)
	for i := range u.Pop {
		var c sim.Coeffs
		for j := range c {
			c[j] = u.rng.Float64() - 0.5
		}
		u.Pop[i] = Creature{ID: int64(i + 1), Born: 1, Coeffs: c}
	}
	u.NextID = int64(p + 1)
	return u, nil
}

func newUniverse(pcg *rand.PCG) *Universe {
	return &Universe{pcg: pcg, rng: rand.New(pcg)}
}

// Evaluate computes the fitness of every creature that has none yet and
// returns how many it evaluated.
func (u *Universe) Evaluate(ev sim.Evaluator) int {
	var idx []int
	var coeffs []sim.Coeffs
	for i, c := range u.Pop {
		if !c.Evaluated {
			idx = append(idx, i)
			coeffs = append(coeffs, c.Coeffs)
		}
	}
	if len(idx) == 0 {
		return 0
	}
	out := make([]sim.Fitness, len(coeffs))
	ev.Evaluate(coeffs, out)
	for k, i := range idx {
		u.Pop[i].Fitness = out[k].Total()
		u.Pop[i].Evaluated = true
	}
	return len(idx)
}

// Stats are the minimum, average and maximum fitness of the living.
type Stats struct{ Min, Avg, Max float64 }

// Stats reports on the evaluated creatures, summed in population order.
func (u *Universe) Stats() Stats {
	st := Stats{Min: math.Inf(1), Max: math.Inf(-1)}
	sum, n := 0.0, 0
	for _, c := range u.Pop {
		if !c.Evaluated {
			continue
		}
		st.Min = min(st.Min, c.Fitness)
		st.Max = max(st.Max, c.Fitness)
		sum += c.Fitness
		n++
	}
	st.Avg = sum / float64(n)
	return st
}

// less orders by fitness, ties by id (SPEC §5).
func less(a, b *Creature) int {
	switch {
	case a.Fitness < b.Fitness:
		return -1
	case a.Fitness > b.Fitness:
		return 1
	}
	return int(a.ID - b.ID)
}

// Best returns the fittest evaluated creature (ties: the smallest id).
func (u *Universe) Best() Creature {
	var best *Creature
	for i := range u.Pop {
		c := &u.Pop[i]
		if c.Evaluated && (best == nil || less(c, best) < 0) {
			best = c
		}
	}
	if best == nil {
		return Creature{}
	}
	return *best
}

// Advance runs the selection on an evaluated population, moves to the
// next generation and gives every survivor a child (SPEC §5). It returns
// the creatures that died.
func (u *Universe) Advance() (dead []Creature) {
	p := len(u.Pop)
	sorted := slices.Clone(u.Pop)
	slices.SortFunc(sorted, func(a, b Creature) int { return less(&a, &b) })
	round := func(x float64) int { return int(math.Round(x)) }
	n, top, half := round(0.15*float64(p)), round(0.01*float64(p)), round(0.5*float64(p))

	alive := make([]bool, p) // indexed like sorted
	for i := range top {
		alive[i] = true
	}
	for i := top; i < half; i++ {
		alive[i] = true
	}
	for _, i := range u.pick(top, half, n) { // unlucky
		alive[i] = false
	}
	for _, i := range u.pick(half, p, n) { // lucky
		alive[i] = true
	}
	var survivors []Creature
	for i, c := range sorted {
		if alive[i] {
			survivors = append(survivors, c)
		} else {
			dead = append(dead, c)
		}
	}

	u.Generation++
	next := survivors
	for i := 0; len(next) < p; i++ {
		parent := survivors[i%len(survivors)]
		child := Creature{ID: u.NextID, Parent: parent.ID, Born: u.Generation, Coeffs: parent.Coeffs}
		u.NextID++
		u.mutate(&child.Coeffs)
		next = append(next, child)
	}
	u.Pop = next
	return dead
}

// pick returns min(n, hi-lo) distinct indices drawn at random from [lo, hi)
// (a partial Fisher-Yates shuffle).
func (u *Universe) pick(lo, hi, n int) []int {
	idx := make([]int, 0, hi-lo)
	for i := lo; i < hi; i++ {
		idx = append(idx, i)
	}
	n = min(n, len(idx))
	for i := range n {
		j := i + u.rng.IntN(len(idx)-i)
		idx[i], idx[j] = idx[j], idx[i]
	}
	return idx[:n]
}
