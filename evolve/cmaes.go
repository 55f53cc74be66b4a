package evolve

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
)

// CMAOptions are the settings of a CMA-ES run. Zero values take defaults.
type CMAOptions struct {
	// Population is λ, the vectors sampled per generation (at least 2);
	// 0 is the default 4 + floor(3 ln n).
	Population int
	// Mean is the initial mean (len n); nil is the zero creature, which
	// is neutral in this project's tasks (hover3d's mixer makes it hover)
	// and from which cmaes found flying hover3d controllers far sooner
	// than from a random mean (docs/strategies.md).
	Mean []float64
	// RandomMean draws every restart's mean U[-0.5, 0.5) per coefficient
	// (as ga draws its first creatures) instead; Mean must then be nil.
	RandomMean bool
	// Sigma is the initial step size (> 0, finite); 0 is DefaultSigma.
	Sigma float64
	// Stall restarts the search after this many generations in which the
	// best fitness of the current restart did not improve (see
	// docs/strategies.md); 0 is DefaultStall, negative never restarts on
	// a stall.
	Stall int
}

// DefaultSigma is the initial step size when CMAOptions.Sigma is 0: the
// size of the gains of a flying hover3d controller is 0.1 to 1, and from
// the zero creature 0.1 found them sooner than 0.3 (docs/strategies.md).
const DefaultSigma = 0.1

// DefaultStall is the stall rule's default: restart after 40 generations
// without progress. Measured on hover3d (70 coefficients): the tutorial's
// 10 + ceil(30 n / λ) = 142 generations let a search that had sunk into a
// local optimum keep most of a 2-minute budget (docs/strategies.md); 40 is
// also what that formula gives for 10 coefficients.
const DefaultStall = 40

// The restart rules besides the stall (Hansen's TolX, TolUpSigma and
// ConditionCov, with values for this project's problems): restart when
// the largest standard deviation sigma*max(D) falls below tolX*sigma0 or
// grows above tolUp*sigma0 (the motor clip makes a controller's large
// gains almost scale-free, so the step size can run away), or when the
// covariance's condition number exceeds maxCondition.
const (
	tolX         = 1e-12
	tolUp        = 1e4
	maxCondition = 1e14
	// stallTol is the relative improvement of the best fitness that
	// counts as progress for the stall rule.
	stallTol = 1e-6
)

// ErrOptions is wrapped by every error about bad strategy options.
var ErrOptions = errors.New("bad strategy option")

// CMAES is Hansen's CMA-ES (The CMA Evolution Strategy: A Tutorial, 2016):
// weighted recombination, cumulative step-size adaptation, rank-one and
// rank-mu covariance updates, with restarts (same population size) when
// the search stalls. Every product that feeds a sum is rounded
// (float64(...)), the eigendecomposition is EigenSym, exp and log are this
// package's own, and every random number comes from one PCG in a fixed
// order: the same seed gives the same bits on every architecture.
type CMAES struct {
	n    int
	opt  CMAOptions // with defaults filled in
	seed uint64
	pcg  *rand.PCG
	rng  *rand.Rand

	// derived from n and λ (recomputed, never stored)
	mu                         int
	weights                    []float64
	mueff, cc, cs, c1, cmu, ds float64
	chiN                       float64

	generation int   // the generation asked or told last (0 before the first Ask)
	nextID     int64 // the id the next sampled creature gets
	told       bool  // the generation's fitness was told

	// the state of the current restart
	restarts   int // restarts so far
	restartGen int // generation whose Ask began the current restart
	mean       []float64
	sigma      float64
	pc, ps     []float64
	c          []float64 // covariance, n x n row-major
	b          []float64 // its eigenvectors (columns), n x n
	d          []float64 // square roots of its eigenvalues
	eigenGen   int       // generation of the last decomposition
	stallBest  float64   // best fitness since the restart (NaN: none)
	stallSince int       // generation it last improved

	// what the last Tell restarted for ("" if it did not); not state a
	// checkpoint needs: Restarted is read right after Tell
	restarted Restart

	pop  []Creature // the current generation
	ys   []float64  // its steps y_k = (x_k - mean)/sigma, λ x n
	xs   [][]float64
	dead []Creature
	best Creature // best ever (Coeffs owned)

	// scratch
	order []int
	tmp   []float64
	yw    []float64
}

// NewCMAES starts a CMA-ES run over n coefficients drawing from seed.
func NewCMAES(n int, opt CMAOptions, seed uint64) (*CMAES, error) {
	s, err := newCMAES(n, opt, seed, rand.NewPCG(seed, pcgStream))
	if err != nil {
		return nil, err
	}
	s.restart()
	return s, nil
}

func newCMAES(n int, opt CMAOptions, seed uint64, pcg *rand.PCG) (*CMAES, error) {
	if n < 1 {
		return nil, fmt.Errorf("%w: cmaes needs at least 1 coefficient, got %d", ErrOptions, n)
	}
	if opt.Population == 0 {
		opt.Population = 4 + int(float64(3*log(float64(n))))
	}
	if opt.Population < 2 {
		return nil, fmt.Errorf("%w: population must be at least 2, got %d", ErrOptions, opt.Population)
	}
	if opt.Sigma == 0 {
		opt.Sigma = DefaultSigma
	}
	if !(opt.Sigma > 0) || math.IsInf(opt.Sigma, 0) {
		return nil, fmt.Errorf("%w: step size sigma must be positive and finite, got %v", ErrOptions, opt.Sigma)
	}
	if opt.Mean != nil && opt.RandomMean {
		return nil, fmt.Errorf("%w: a mean and a random mean", ErrOptions)
	}
	if opt.Mean != nil {
		if len(opt.Mean) != n {
			return nil, fmt.Errorf("%w: mean has %d coefficients, the task has %d", ErrOptions, len(opt.Mean), n)
		}
		for i, x := range opt.Mean {
			if x != x || math.IsInf(x, 0) {
				return nil, fmt.Errorf("%w: mean coefficient %d is %v", ErrOptions, i, x)
			}
		}
		opt.Mean = append([]float64(nil), opt.Mean...)
	}
	lambda := opt.Population
	if opt.Stall == 0 {
		opt.Stall = DefaultStall
	}
	s := &CMAES{n: n, opt: opt, seed: seed, pcg: pcg, rng: rand.New(pcg), nextID: 1}
	s.setConstants()
	s.mean = make([]float64, n)
	s.pc = make([]float64, n)
	s.ps = make([]float64, n)
	s.c = make([]float64, n*n)
	s.b = make([]float64, n*n)
	s.d = make([]float64, n)
	s.ys = make([]float64, lambda*n)
	s.xs = make([][]float64, lambda)
	s.pop = make([]Creature, lambda)
	for k := range lambda {
		s.pop[k].Coeffs = make([]float64, n)
		s.xs[k] = s.pop[k].Coeffs
	}
	s.order = make([]int, lambda)
	s.tmp = make([]float64, n)
	s.yw = make([]float64, n)
	s.stallBest = math.NaN()
	s.best.Fitness = math.NaN()
	return s, nil
}

// setConstants computes the strategy parameters of the tutorial's table 1
// from n and λ (positive weights only, μ = floor(λ/2)).
func (s *CMAES) setConstants() {
	n, lambda := float64(s.n), s.opt.Population
	s.mu = lambda / 2
	s.weights = make([]float64, s.mu)
	half := log(float64(lambda+1) / 2)
	sum := 0.0
	for i := range s.mu {
		s.weights[i] = half - log(float64(i+1))
		sum += s.weights[i]
	}
	sq := 0.0
	for i := range s.weights {
		s.weights[i] /= sum
		sq += float64(s.weights[i] * s.weights[i])
	}
	s.mueff = 1 / sq
	s.cc = (4 + s.mueff/n) / (n + 4 + float64(2*s.mueff)/n)
	s.cs = (s.mueff + 2) / (n + s.mueff + 5)
	s.c1 = 2 / (float64((n+1.3)*(n+1.3)) + s.mueff)
	s.cmu = min(1-s.c1, float64(2*(s.mueff-2+1/s.mueff))/(float64((n+2)*(n+2))+s.mueff))
	s.ds = 1 + float64(2*max(0, math.Sqrt((s.mueff-1)/(n+1))-1)) + s.cs
	s.chiN = float64(math.Sqrt(n) * (1 - 1/float64(4*n) + 1/float64(21*float64(n*n))))
}

// restart begins a search from a fresh distribution: the option's mean (a
// new random one with RandomMean), the initial step size, C = I, zero
// paths. Restarts from the same mean differ by the samples drawn.
func (s *CMAES) restart() {
	n := s.n
	for i := range n {
		switch {
		case s.opt.RandomMean:
			s.mean[i] = s.rng.Float64() - 0.5
		case s.opt.Mean != nil:
			s.mean[i] = s.opt.Mean[i]
		default:
			s.mean[i] = 0
		}
		s.pc[i], s.ps[i], s.d[i] = 0, 0, 1
		for j := range n {
			s.c[i*n+j], s.b[i*n+j] = 0, 0
		}
		s.c[i*n+i], s.b[i*n+i] = 1, 1
	}
	s.sigma = s.opt.Sigma
	s.restartGen = s.generation + 1
	s.eigenGen = s.generation
	s.stallBest, s.stallSince = math.NaN(), s.generation
}

// Name is "cmaes".
func (s *CMAES) Name() string { return "cmaes" }

// Options returns the options with their defaults filled in.
func (s *CMAES) Options() CMAOptions { return s.opt }

// Gen is the generation asked or told last.
func (s *CMAES) Gen() int { return s.generation }

// Restarts is how many times the search restarted.
func (s *CMAES) Restarts() int { return s.restarts }

// Sigma is the current step size.
func (s *CMAES) Sigma() float64 { return s.sigma }

// Mean is the current mean (do not modify).
func (s *CMAES) Mean() []float64 { return s.mean }

// Ask samples the next generation: λ vectors x_k = mean + sigma B D z_k,
// z_k standard normal, drawn in order k = 0.., coefficient 0... The
// vectors (and Population) stay valid until the next Ask.
func (s *CMAES) Ask() [][]float64 {
	if s.generation > 0 && !s.told {
		return s.xs // asked again before Tell: the same generation
	}
	n := s.n
	s.dead = append(s.dead[:0], s.pop...)
	if s.generation == 0 {
		s.dead = s.dead[:0]
	} else {
		// the dead keep their vectors: copy them out of the buffers reused below
		flat := make([]float64, len(s.dead)*n)
		for k := range s.dead {
			c := flat[k*n : (k+1)*n]
			copy(c, s.dead[k].Coeffs)
			s.dead[k].Coeffs = c
		}
	}
	s.generation++
	s.told = false
	z := s.tmp
	for k := range s.pop {
		for i := range n {
			z[i] = float64(s.d[i] * normal(s.rng))
		}
		y := s.ys[k*n : (k+1)*n]
		x := s.pop[k].Coeffs
		for i := range n {
			sum := 0.0
			for j := range n {
				sum += float64(s.b[i*n+j] * z[j])
			}
			y[i] = sum
			x[i] = s.mean[i] + float64(s.sigma*sum)
		}
		s.pop[k] = Creature{ID: s.nextID, Born: s.generation, Coeffs: x}
		s.nextID++
	}
	return s.xs
}

// Tell takes the fitness of the vectors Ask returned (smaller is better,
// NaN worst) and updates mean, paths, step size and covariance; then it
// restarts the search if it has stalled.
func (s *CMAES) Tell(fitness []float64) error {
	if s.generation == 0 || s.told {
		return errors.New("cmaes: Tell without Ask")
	}
	if len(fitness) != len(s.pop) {
		return fmt.Errorf("cmaes: %d fitness values for %d vectors", len(fitness), len(s.pop))
	}
	for k := range s.pop {
		s.pop[k].Fitness, s.pop[k].Evaluated = fitness[k], true
	}
	s.told = true
	s.rankPop()
	if gb := &s.pop[s.order[0]]; s.best.Coeffs == nil || better(gb, &s.best) {
		s.best = *gb
		s.best.Coeffs = append([]float64(nil), gb.Coeffs...)
	}
	s.update()
	s.restarted = Restart{}
	if why := s.stalled(); why != "" {
		s.restarts++
		s.restarted = Restart{N: s.restarts, After: s.generation, Why: why, Began: s.restartGen,
			SearchBest: s.stallBest, Sigma: s.sigma}
		s.restart()
	}
	return nil
}

// Restart describes one restart of the search.
type Restart struct {
	N          int     // the restart's number, 1 for the first
	After      int     // the generation after which it restarted
	Why        string  // the rule that fired: "no progress", "step size collapsed", ...
	Began      int     // the generation the abandoned search began with
	SearchBest float64 // the best fitness the abandoned search reached
	Sigma      float64 // its step size at the end
}

// Restarted is the restart the last Tell made; ok is false if it made
// none.
func (s *CMAES) Restarted() (r Restart, ok bool) { return s.restarted, s.restarted.N > 0 }

// rankPop sorts the indices of the generation by fitness, ties by id, NaN
// last (the ranking ga uses).
func (s *CMAES) rankPop() {
	for k := range s.order {
		s.order[k] = k
	}
	// insertion sort: λ is small and the order is then fixed
	for i := 1; i < len(s.order); i++ {
		for j := i; j > 0 && better(&s.pop[s.order[j]], &s.pop[s.order[j-1]]); j-- {
			s.order[j], s.order[j-1] = s.order[j-1], s.order[j]
		}
	}
}

// update is one step of the tutorial's algorithm (its figure 6, positive
// weights, c_m = 1).
func (s *CMAES) update() {
	n := s.n
	// y_w = sum w_i y_(i:λ); mean += sigma y_w
	yw := s.yw
	for i := range n {
		sum := 0.0
		for r := range s.mu {
			sum += float64(s.weights[r] * s.ys[s.order[r]*n+i])
		}
		yw[i] = sum
		s.mean[i] += float64(s.sigma * sum)
	}
	// ps = (1-cs) ps + sqrt(cs (2-cs) mueff) C^(-1/2) y_w, C^(-1/2) = B D^-1 B^T
	t := s.tmp
	for j := range n {
		sum := 0.0
		for i := range n {
			sum += float64(s.b[i*n+j] * yw[i])
		}
		t[j] = sum / s.d[j]
	}
	csn := math.Sqrt(float64(float64(s.cs*(2-s.cs)) * s.mueff))
	psNorm := 0.0
	for i := range n {
		sum := 0.0
		for j := range n {
			sum += float64(s.b[i*n+j] * t[j])
		}
		s.ps[i] = float64((1-s.cs)*s.ps[i]) + float64(csn*sum)
		psNorm += float64(s.ps[i] * s.ps[i])
	}
	psNorm = math.Sqrt(psNorm)
	// hsig stalls the update of pc when ps is large (the step size is
	// still adapting): |ps| / sqrt(1 - (1-cs)^(2g)) / chiN < 1.4 + 2/(n+1),
	// g the generations of this restart.
	g := s.generation - s.restartGen + 1
	decay := 1 - powInt(1-s.cs, 2*g)
	hsig := 0.0
	if psNorm/math.Sqrt(decay)/s.chiN < 1.4+2/float64(s.n+1) {
		hsig = 1
	}
	ccn := math.Sqrt(float64(float64(s.cc*(2-s.cc)) * s.mueff))
	for i := range n {
		s.pc[i] = float64((1-s.cc)*s.pc[i]) + float64(float64(hsig*ccn)*yw[i])
	}
	// C = (1 - c1 - cmu + (1-hsig) c1 cc (2-cc)) C + c1 pc pc^T + cmu sum w_i y_i y_i^T
	keep := 1 - s.c1 - s.cmu + float64(float64(float64((1-hsig)*s.c1)*s.cc)*(2-s.cc))
	for i := range n {
		for j := i; j < n; j++ {
			rankMu := 0.0
			for r := range s.mu {
				y := s.ys[s.order[r]*n:]
				rankMu += float64(float64(s.weights[r]*y[i]) * y[j])
			}
			v := float64(keep*s.c[i*n+j]) + float64(float64(s.c1*s.pc[i])*s.pc[j]) + float64(s.cmu*rankMu)
			s.c[i*n+j], s.c[j*n+i] = v, v
		}
	}
	// sigma *= exp((cs/ds) (|ps|/chiN - 1))
	s.sigma = float64(s.sigma * exp(float64((s.cs/s.ds)*(psNorm/s.chiN-1))))
	// Decompose C again when it has changed enough (the tutorial's lazy
	// update: every λ/(c1+cmu)/n/10 generations).
	if float64(s.generation-s.eigenGen) > float64(s.opt.Population)/(s.c1+s.cmu)/float64(n)/10 {
		s.decompose()
	}
}

// decompose sets B and D from C. A failed or indefinite decomposition
// leaves D with a zero or NaN entry, which stalled reports.
func (s *CMAES) decompose() {
	s.eigenGen = s.generation
	vals, vecs, err := EigenSym(s.n, s.c, s.d, s.b)
	s.d, s.b = vals, vecs
	for i := range s.d {
		if err != nil || !(s.d[i] > 0) {
			s.d[i] = math.NaN()
			continue
		}
		s.d[i] = math.Sqrt(s.d[i])
	}
}

// stalled says why the search should restart, or "" if it goes on.
func (s *CMAES) stalled() string {
	f := s.pop[s.order[0]].Fitness
	if f == f && (s.stallBest != s.stallBest || f < s.stallBest-float64(stallTol*math.Abs(s.stallBest))) {
		s.stallBest, s.stallSince = f, s.generation
	}
	dmax, dmin := s.d[0], s.d[0]
	for _, x := range s.d {
		if x != x {
			return "covariance lost its positive definiteness"
		}
		dmax, dmin = max(dmax, x), min(dmin, x)
	}
	switch sd := float64(s.sigma * dmax); {
	case s.sigma != s.sigma:
		return "step size is NaN"
	case s.opt.Stall > 0 && s.generation-s.stallSince >= s.opt.Stall:
		return "no progress"
	case sd < float64(tolX*s.opt.Sigma):
		return "step size collapsed"
	case sd > float64(tolUp*s.opt.Sigma):
		return "step size ran away"
	case float64(dmax/dmin)*(dmax/dmin) > maxCondition:
		return "covariance ill-conditioned"
	}
	return ""
}

// powInt is x**k for k >= 0 by repeated squaring (exact operations only).
func powInt(x float64, k int) float64 {
	r := 1.0
	for ; k > 0; k >>= 1 {
		if k&1 == 1 {
			r *= x
		}
		x *= x
	}
	return r
}

// Population is the current generation (fitness valid after Tell).
func (s *CMAES) Population() []Creature { return s.pop }

// Dead are the creatures of the generation before (they died when the
// current one was asked).
func (s *CMAES) Dead() []Creature { return s.dead }

// Best is the best creature found so far, over all restarts.
func (s *CMAES) Best() Creature {
	if s.best.Coeffs == nil {
		return s.pop[0]
	}
	return s.best
}

// Stats summarizes the current generation's fitness.
func (s *CMAES) Stats() Stats { return popStats(s.pop) }
