package evolve

import (
	"errors"
	"fmt"
)

// cmaState is a cmaes run's state in a checkpoint (besides the generation,
// next id, generator and population every checkpoint has): its options,
// the distribution of the current restart and the best creature so far.
// Every float is hex (the bits), so a resumed run goes on exactly.
type cmaState struct {
	Coeffs     int           `json:"coeffs"`
	Sigma0     hexFloat      `json:"initial_sigma"`
	Mean0      []hexFloat    `json:"initial_mean,omitempty"` // absent: zero or random
	RandomMean bool          `json:"random_mean,omitempty"`
	Stall      int           `json:"stall"`
	Restarts   int           `json:"restarts"`
	RestartGen int           `json:"restart_generation"`
	Mean       []hexFloat    `json:"mean"`
	Sigma      hexFloat      `json:"sigma"`
	PC         []hexFloat    `json:"pc"`
	PS         []hexFloat    `json:"ps"`
	C          []hexFloat    `json:"c"`
	B          []hexFloat    `json:"b"`
	D          []hexFloat    `json:"d"`
	EigenGen   int           `json:"eigen_generation"`
	StallBest  hexFloat      `json:"stall_best"`
	StallSince int           `json:"stall_since"`
	Best       checkCreature `json:"best"`
}

// MarshalCheckpoint returns the whole state of the run (after Tell).
func (s *CMAES) MarshalCheckpoint(set Settings) ([]byte, error) {
	if !s.told {
		return nil, errors.New("cmaes: checkpoint between Ask and Tell")
	}
	set.Strategy, set.Population = s.Name(), s.opt.Population
	p, err := newPayload(set, s.pcg, s.generation, s.nextID, s.pop)
	if err != nil {
		return nil, err
	}
	st := &cmaState{Coeffs: s.n, Sigma0: hexFloat(s.opt.Sigma), Stall: s.opt.Stall, RandomMean: s.opt.RandomMean,
		Restarts: s.restarts, RestartGen: s.restartGen, Mean: toHex(s.mean), Sigma: hexFloat(s.sigma),
		PC: toHex(s.pc), PS: toHex(s.ps), C: toHex(s.c), B: toHex(s.b), D: toHex(s.d),
		EigenGen: s.eigenGen, StallBest: hexFloat(s.stallBest), StallSince: s.stallSince,
		Best: toCheckCreature(&s.best)}
	if s.opt.Mean != nil {
		st.Mean0 = toHex(s.opt.Mean)
	}
	p.CMAES = st
	return marshalPayload(p)
}

// cmaes rebuilds a cmaes run from its checkpoint.
func (p *checkpointPayload) cmaes() (*CMAES, error) {
	st := p.CMAES
	if st == nil {
		return nil, errors.New("a cmaes run without its state")
	}
	if p.Shape != nil {
		return nil, errors.New("a cmaes run with a ga shape")
	}
	opt := CMAOptions{Population: p.Settings.Population, Sigma: float64(st.Sigma0), Stall: st.Stall, RandomMean: st.RandomMean}
	if st.Stall == 0 {
		return nil, errors.New("stall 0")
	}
	if st.Mean0 != nil {
		opt.Mean = make([]float64, len(st.Mean0))
		if err := fromHex(opt.Mean, st.Mean0, "initial mean"); err != nil {
			return nil, err
		}
	}
	if st.Coeffs < 1 || st.Coeffs > maxCMACoeffs {
		return nil, fmt.Errorf("%d coefficients", st.Coeffs)
	}
	pcg, err := p.generator()
	if err != nil {
		return nil, err
	}
	s, err := newCMAES(st.Coeffs, opt, p.Settings.Seed, pcg)
	if err != nil {
		return nil, err
	}
	if len(p.Creatures) != len(s.pop) {
		return nil, fmt.Errorf("%d creatures for a population of %d", len(p.Creatures), len(s.pop))
	}
	s.generation, s.nextID, s.told = p.Generation, p.NextID, true
	if err := p.creatures(s.pop); err != nil {
		return nil, err
	}
	for k := range s.pop {
		if !s.pop[k].Evaluated || s.pop[k].Born != p.Generation {
			return nil, fmt.Errorf("creature %d is not of generation %d or has no fitness", k, p.Generation)
		}
	}
	if err := p.checkCreature(st.Best, nil); err != nil {
		return nil, fmt.Errorf("best creature: %w", err)
	}
	s.best = Creature{ID: st.Best.ID, Parent: st.Best.Parent, Born: st.Best.Born, Evaluated: true,
		Fitness: float64(st.Best.Fitness), Coeffs: make([]float64, s.n)}
	for _, f := range []struct {
		x    []float64
		h    []hexFloat
		what string
	}{
		{s.best.Coeffs, st.Best.Coeffs, "best creature"},
		{s.mean, st.Mean, "mean"}, {s.pc, st.PC, "pc"}, {s.ps, st.PS, "ps"},
		{s.c, st.C, "covariance"}, {s.b, st.B, "eigenvectors"}, {s.d, st.D, "eigenvalues"},
	} {
		if err := fromHex(f.x, f.h, f.what); err != nil {
			return nil, err
		}
	}
	s.sigma, s.stallBest = float64(st.Sigma), float64(st.StallBest)
	s.restarts, s.restartGen, s.eigenGen, s.stallSince = st.Restarts, st.RestartGen, st.EigenGen, st.StallSince
	g := p.Generation
	if s.restarts < 0 || s.restartGen < 1 || s.restartGen > g+1 || s.eigenGen < 0 || s.eigenGen > g ||
		s.stallSince < 0 || s.stallSince > g {
		return nil, fmt.Errorf("restarts %d, restart at %d, decomposed at %d, progress at %d in generation %d",
			s.restarts, s.restartGen, s.eigenGen, s.stallSince, g)
	}
	return s, nil
}

// maxCMACoeffs bounds the coefficients of a cmaes checkpoint (the
// covariance has n^2 entries): far more than any task's controller.
const maxCMACoeffs = 4096
