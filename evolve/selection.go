package evolve

import (
	"cmp"
	"math/rand/v2"
	"slices"
)

// roundRatio is round(num/den * p) rounded half away from zero, in exact
// integer arithmetic (a float product such as 0.15*p may land just below a
// half and round the other way).
func roundRatio(p, num, den int) int {
	return (p*num + den/2) / den
}

// Split gives the selection sizes of docs/semantics.md §5 for a population of p:
// the top `best` always live; the `good` ranks [best, half) lose `n`
// random members; the `bad` ranks [half, p) keep `n` random members.
func Split(p int) (best, half, n int) {
	best = roundRatio(p, 1, 100)
	half = roundRatio(p, 1, 2)
	n = roundRatio(p, 15, 100)
	// For tiny populations the pools can be smaller than n.
	n = min(n, half-best, p-half)
	return best, half, n
}

// rankKey is a creature's place in the ranking (see Creature.rankKey).
type rankKey struct {
	fitness float64
	id      int64
	index   int
}

// compareRank orders by fitness, ties by id; a NaN fitness ranks last.
func compareRank(a, b rankKey) int {
	an, bn := a.fitness != a.fitness, b.fitness != b.fitness // NaN ranks last
	switch {
	case an != bn:
		if an {
			return 1
		}
		return -1
	case !an && a.fitness < b.fitness:
		return -1
	case !an && a.fitness > b.fitness:
		return 1
	}
	return cmp.Compare(a.id, b.id)
}

// selection holds the buffers selection reuses from one generation to the
// next (a steady generation at P = 500 takes well under a millisecond, and
// allocation would be a good part of it).
type selection struct {
	keys      []rankKey
	survivors []Creature
	idx       []int
	marked    []bool
}

// rank returns pop's creatures' keys sorted by fitness (ties by id).
func (s *selection) rank(pop []Creature) []rankKey {
	s.keys = s.keys[:0]
	for i := range pop {
		s.keys = append(s.keys, pop[i].rankKey(i))
	}
	slices.SortFunc(s.keys, compareRank)
	return s.keys
}

// selectSurvivors ranks pop by fitness (ties by id) and returns the
// survivors in that order (valid until the next call), and the dead.
func (s *selection) selectSurvivors(r *rand.Rand, pop []Creature) (survivors, dead []Creature) {
	keys := s.rank(pop)
	p := len(pop)
	best, half, n := Split(p)
	marked := s.pick(r, half-best, p-half, n)
	unlucky, lucky := marked[:half-best], marked[half-best:] // indices into good, bad
	survivors, dead = s.survivors[:0], make([]Creature, 0, p-half)
	for i, k := range keys {
		var lives bool
		switch {
		case i < best:
			lives = true
		case i < half:
			lives = !unlucky[i-best]
		default:
			lives = lucky[i-half]
		}
		if lives {
			survivors = append(survivors, pop[k.index])
		} else {
			dead = append(dead, pop[k.index])
		}
	}
	s.survivors = survivors
	return survivors, dead
}

// pick chooses k of the first m indices and then k of the next m2, at
// random without replacement (partial Fisher-Yates shuffles, k draws
// each), and marks them: the unlucky among the good, then the lucky
// among the bad.
func (s *selection) pick(r *rand.Rand, m, m2, k int) []bool {
	s.marked = append(s.marked[:0], make([]bool, m+m2)...)
	for _, part := range [2]struct{ lo, m int }{{0, m}, {m, m2}} {
		s.idx = s.idx[:0]
		for i := range part.m {
			s.idx = append(s.idx, i)
		}
		for i := 0; i < k; i++ {
			j := i + r.IntN(part.m-i)
			s.idx[i], s.idx[j] = s.idx[j], s.idx[i]
			s.marked[part.lo+s.idx[i]] = true
		}
	}
	return s.marked
}
