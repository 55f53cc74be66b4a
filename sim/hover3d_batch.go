package sim

import (
	"fmt"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/evocopter/evocopter/kernel"
)

// Hover3DBatch evaluates hover3d creatures with a kernel tier's fused 3-D
// flight (kernel.FlyHover3D): the creatures are cut into chunks, each
// chunk is packed into the kernel's blocks and flown through every
// scenario by one worker, and a creature's total is the sum of its
// flights' fitness scenario by scenario, left to right, as
// Hover3DEvaluator sums them. The kernel computes every step as the scalar
// model does, so the totals are Hover3DEvaluator's bits, for every tier,
// chunk size and number of workers.
type Hover3DBatch struct {
	scenarios []kernel.Hover3DScenario
	tier      kernel.Tier
	workers   int
	pool      sync.Pool // *[]float64: a chunk's blocks
}

// hover3dChunk is the number of creatures one worker packs and flies at a
// time: two blocks, so that a creature handed out late does not keep the
// other workers waiting long.
const hover3dChunk = 2 * kernel.Hover3DLanes

// NewHover3DBatch returns the batched evaluator of tier (a kernel tier this
// CPU runs) over the scenarios (validated here) with the given number of
// goroutines (at least 1).
func NewHover3DBatch(scenarios []Scenario, tier kernel.Tier, workers int) (*Hover3DBatch, error) {
	return newHover3DBatch(scenarios, Weights{}, tier, workers)
}

func newHover3DBatch(scenarios []Scenario, w Weights, tier kernel.Tier, workers int) (*Hover3DBatch, error) {
	if err := kernel.Hover3DErr(tier); err != nil {
		return nil, err
	}
	e, err := newHover3DEvaluator(scenarios, w, workers)
	if err != nil {
		return nil, err
	}
	b := &Hover3DBatch{tier: tier, workers: workers}
	for _, p := range e.plans {
		b.scenarios = append(b.scenarios, kernelScenario(p, e.dt, e.penalty))
	}
	b.pool.New = func() any {
		buf := kernel.Hover3DAlloc(hover3dChunk)
		return &buf
	}
	return b, nil
}

// kernelScenario is a flight as the kernel takes it: the model's start
// (z down, as Scenario.quad), the bound, the set's penalty and the
// fitness's weights.
func kernelScenario(p hover3dPlan, dt, penalty float64) kernel.Hover3DScenario {
	q := p.sc.quad()
	return kernel.Hover3DScenario{
		Start:    [3]float64{q.X, q.Y, q.Z},
		Attitude: [3]float64{q.Phi, q.Theta, q.Psi},
		Setpoint: p.sc.Setpoint,
		Bound:    p.bound, Penalty: penalty, Dt: dt, Steps: p.steps,
		Settle: p.w.Settle, Precision: p.w.Precision, Heading: p.w.Heading, Level: p.w.Level, Effort: p.w.Effort, Flip: p.flip,
	}
}

// Tier is the kernel tier the evaluator flies with.
func (b *Hover3DBatch) Tier() kernel.Tier { return b.tier }

// Evaluate writes the total fitness of coeffs[i] to out[i]. It panics
// (with a message) if out is shorter than coeffs or a creature has the
// wrong number of coefficients.
func (b *Hover3DBatch) Evaluate(coeffs [][]float64, out []float64) {
	if len(out) < len(coeffs) {
		panic("sim: Hover3DBatch.Evaluate: out is shorter than coeffs")
	}
	for _, c := range coeffs {
		checkCoeffs(Hover3DShape, c)
	}
	chunks := (len(coeffs) + hover3dChunk - 1) / hover3dChunk
	var next atomic.Int64
	work := func() {
		for {
			c := int(next.Add(1) - 1)
			if c >= chunks {
				return
			}
			lo := c * hover3dChunk
			hi := min(lo+hover3dChunk, len(coeffs))
			b.flyChunk(coeffs[lo:hi], out[lo:hi])
		}
	}
	workers := min(b.workers, chunks)
	if workers <= 1 {
		work()
		return
	}
	runWorkers(workers, func(int) { work() })
}

// flyChunk flies at most hover3dChunk creatures through every scenario.
func (b *Hover3DBatch) flyChunk(coeffs [][]float64, out []float64) {
	buf := b.pool.Get().(*[]float64)
	defer b.pool.Put(buf)
	data := *buf
	for i, c := range coeffs {
		kernel.Hover3DPack(data, i, c)
	}
	for i := range coeffs {
		out[i] = 0
	}
	for s := range b.scenarios {
		kernel.FlyHover3D(b.tier, data, len(coeffs), &b.scenarios[s])
		for i := range coeffs {
			out[i] += kernel.Hover3DFitnessOf(data, i)
		}
	}
}

// String names the evaluator for messages.
func (b *Hover3DBatch) String() string {
	return fmt.Sprintf("hover3d %s x%d", b.tier, b.workers)
}

// Hover3DEvaluatorFor returns the hover3d evaluator of the tier called
// name, over the scenarios, with workers goroutines (at least 1). Any name
// LookupTier accepts: "" and auto take the fastest kernel tier whose 3-D
// flight is verified and this CPU runs (kernel.Hover3DBest); the
// per-creature tiers (scalar, generic) fly the scalar model
// (Hover3DEvaluator); a kernel tier flies its fused kernel (Hover3DBatch),
// or says why it cannot (kernel.Hover3DErr). Every one gives the same bits.
// The fitness is the plain one (see NewHover3DEvaluator); Task.NewEvaluator
// takes a task's own.
func Hover3DEvaluatorFor(name string, scenarios []Scenario, workers int) (TaskEvaluator, error) {
	return hover3dEvaluatorFor(name, scenarios, Weights{}, workers)
}

func hover3dEvaluatorFor(name string, scenarios []Scenario, w Weights, workers int) (TaskEvaluator, error) {
	n := kernel.NormalName(name)
	if n == "" || n == TierAuto {
		return newHover3DBatch(scenarios, w, kernel.Hover3DBest(), workers)
	}
	n, err := LookupTier(n)
	if err != nil {
		return nil, err
	}
	if slices.Contains(perCreatureTiers, n) {
		return newHover3DEvaluator(scenarios, w, workers)
	}
	return newHover3DBatch(scenarios, w, kernel.Tier(n), workers)
}
