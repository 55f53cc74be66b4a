package evolve

import (
	"errors"
	"fmt"
)

// Strategy proposes the coefficient vectors of each generation and learns
// from their fitness (smaller is better): the ask/tell form of pycma,
// evosax and Nevergrad. A generation is
//
//	xs := s.Ask()            // the vectors that need a fitness
//	evaluate xs into fit     // kernels, workers: any order of work
//	s.Tell(fit)              // fit[k] is the fitness of xs[k]
//
// after which Population, Stats and Best describe the generation, and a
// checkpoint (MarshalCheckpoint) holds the whole state: a run resumed
// from it asks for exactly the vectors the uninterrupted run asks for.
type Strategy interface {
	// Name is the strategy's name (ga, cmaes).
	Name() string
	// Ask begins the next generation (the first on a new strategy) and
	// returns the vectors to evaluate, valid until the next Ask. Asked
	// again before Tell, it returns the same vectors.
	Ask() [][]float64
	// Tell takes the fitness of the vectors Ask returned, in their order.
	Tell(fitness []float64) error
	// Gen is the current generation, 1 for the first.
	Gen() int
	// Population is the current generation's creatures (valid until the
	// next Ask); Dead are those that died when it was asked.
	Population() []Creature
	Dead() []Creature
	// Stats summarizes the population's fitness; call it after Tell.
	Stats() Stats
	// Best is the best creature so far (own coefficients).
	Best() Creature
	// MarshalCheckpoint returns the whole state (call it after Tell).
	MarshalCheckpoint(Settings) ([]byte, error)
}

var (
	_ Strategy = (*Universe)(nil)
	_ Strategy = (*CMAES)(nil)
)

// StrategyInfo describes a strategy for `evolve strategies`.
type StrategyInfo struct {
	Name    string   `json:"name"`
	About   string   `json:"about"`
	Options []Option `json:"options"`
}

// Option is one option of a strategy: the experiment's flag that sets
// it, its default and what it does.
type Option struct {
	Flag    string `json:"flag"`
	Default string `json:"default"`
	About   string `json:"about"`
}

// Strategies lists the strategies and their options.
func Strategies() []StrategyInfo {
	return []StrategyInfo{
		{Name: "ga", About: "the original's algorithm: keep the best half (with luck), six multiplicative mutations",
			Options: []Option{{"n", "500", "creatures per generation (at least 2)"}}},
		{Name: "cmaes", About: "Hansen's CMA-ES with restarts when the search stalls",
			Options: []Option{
				{"n", "4 + floor(3 ln n), n the coefficients", "vectors sampled per generation, λ (at least 2)"},
				{"sigma", fmt.Sprint(DefaultSigma), "initial step size (> 0)"},
				{"mean", "0", "initial mean: 0 (the zero creature), random (U[-0.5, 0.5) per coefficient, new at each restart) or n comma-separated numbers"},
				{"stall", fmt.Sprint(DefaultStall), "restart after this many generations without progress (negative: never)"},
			}},
	}
}

// Gen is the current generation (the Generation field).
func (u *Universe) Gen() int { return u.Generation }

// Name is "ga".
func (u *Universe) Name() string { return "ga" }

// Population is the living population.
func (u *Universe) Population() []Creature { return u.Pop }

// Dead are the creatures that died making the current generation (until
// the next Ask).
func (u *Universe) Dead() []Creature { return u.dead }

// Ask returns the coefficients of the creatures without a fitness; when
// every creature has one, it first advances to the next generation
// (selection and breeding, see Advance).
func (u *Universe) Ask() [][]float64 {
	if u.unevaluated() == 0 {
		u.dead = u.Advance()
	}
	xs := make([][]float64, 0, len(u.Pop))
	for i := range u.Pop {
		if !u.Pop[i].Evaluated {
			xs = append(xs, u.Pop[i].Coeffs)
		}
	}
	return xs
}

func (u *Universe) unevaluated() int {
	n := 0
	for i := range u.Pop {
		if !u.Pop[i].Evaluated {
			n++
		}
	}
	return n
}

// Tell gives the creatures Ask returned their fitness.
func (u *Universe) Tell(fitness []float64) error {
	if n := u.unevaluated(); n != len(fitness) {
		if n == 0 {
			return errors.New("ga: Tell without Ask")
		}
		return fmt.Errorf("ga: %d fitness values for %d creatures", len(fitness), n)
	}
	k := 0
	for i := range u.Pop {
		if !u.Pop[i].Evaluated {
			u.Pop[i].Fitness, u.Pop[i].Evaluated = fitness[k], true
			k++
		}
	}
	return nil
}
