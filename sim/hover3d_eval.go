package sim

import (
	"fmt"
	"math"
	"sync"
	"sync/atomic"
)

// Hover3DEvaluator computes the hover3d fitness of many creatures over a
// set of scenarios on the scalar path: a creature's fitness is the sum of
// its flights' fitness, scenario by scenario left to right, the controller
// state reset to 0 before each. The result of each creature depends only on
// its coefficients and the scenarios, never on the number of workers or on
// which worker flew it.
//
// The crash penalty, added once to each crashed flight, is the set's
// largest total a creature that never crashes can reach: the sum over the
// scenarios of the flight's largest sum (the bound at every step; see
// crashPenalty). So a creature that crashes once always scores worse than
// one that never crashes, and a crash costs more than the worst flight.
type Hover3DEvaluator struct {
	plans   []hover3dPlan
	dt      float64
	penalty float64
	workers int
	pool    sync.Pool // *hover3dFlight
}

// NewHover3DEvaluator returns an evaluator of the plain hover3d fitness
// (no Weights: the distance integral and the crash rule of FlipAngle, the
// measure `evolve fly` reports and flights are judged by) over the
// scenarios (validated here) with the given number of goroutines (at
// least 1). Task.NewEvaluator evaluates a task's own fitness, with its
// Weights.
func NewHover3DEvaluator(scenarios []Scenario, workers int) (*Hover3DEvaluator, error) {
	return newHover3DEvaluator(scenarios, Weights{}, workers)
}

func newHover3DEvaluator(scenarios []Scenario, w Weights, workers int) (*Hover3DEvaluator, error) {
	if err := w.Validate(); err != nil {
		return nil, fmt.Errorf("hover3d: %w", err)
	}
	if len(scenarios) == 0 {
		return nil, fmt.Errorf("hover3d: no scenarios to fly")
	}
	if workers < 1 {
		return nil, fmt.Errorf("hover3d: workers must be at least 1, got %d", workers)
	}
	e := &Hover3DEvaluator{dt: DefaultDt, workers: workers}
	for i, sc := range scenarios {
		if err := sc.Validate(); err != nil {
			return nil, fmt.Errorf("scenario %d: %w", i+1, err)
		}
		e.plans = append(e.plans, planScenario(sc, e.dt, w))
	}
	e.penalty = crashPenalty(e.plans, e.dt)
	e.pool.New = func() any { return newHover3DFlight() }
	return e, nil
}

// crashPenalty is the largest total of flights that do not crash.
func crashPenalty(plans []hover3dPlan, dt float64) float64 {
	w := 0.0
	for _, p := range plans {
		w += float64(float64(p.w.term(p.bound, 2, 4, 1)*p.weights(dt)) * dt)
	}
	return w
}

// Penalty is the fitness a crash adds to its flight.
func (e *Hover3DEvaluator) Penalty() float64 { return e.penalty }

// Scenarios returns how many scenarios a creature flies.
func (e *Hover3DEvaluator) Scenarios() int { return len(e.plans) }

// Fitness flies one creature through every scenario and returns its total.
func (e *Hover3DEvaluator) Fitness(coeffs []float64) float64 {
	checkCoeffs(Hover3DShape, coeffs)
	f := e.pool.Get().(*hover3dFlight)
	defer e.pool.Put(f)
	total := 0.0
	for _, p := range e.plans {
		total += f.fly(coeffs, p, e.dt, e.penalty)
	}
	return total
}

// Evaluate writes the fitness of coeffs[i] to out[i]. It panics (with a
// message) if out is shorter than coeffs or a creature has the wrong
// number of coefficients.
func (e *Hover3DEvaluator) Evaluate(coeffs [][]float64, out []float64) {
	if len(out) < len(coeffs) {
		panic("sim: Hover3DEvaluator.Evaluate: out is shorter than coeffs")
	}
	for _, c := range coeffs {
		checkCoeffs(Hover3DShape, c)
	}
	workers := min(e.workers, len(coeffs))
	if workers <= 1 {
		for i, c := range coeffs {
			out[i] = e.Fitness(c)
		}
		return
	}
	// Creatures are handed out one at a time (a crashing one is quick);
	// each result is written to its own slot.
	var next atomic.Int64
	runWorkers(workers, func(int) {
		for {
			i := int(next.Add(1) - 1)
			if i >= len(coeffs) {
				return
			}
			out[i] = e.Fitness(coeffs[i])
		}
	})
}

func checkCoeffs(sh Shape, c []float64) {
	if len(c) != sh.Len() {
		panic(fmt.Sprintf("sim: a creature of shape %v has %d coefficients, got %d", sh, sh.Len(), len(c)))
	}
}

// FlightReport is what `evolve fly` tells about one scenario.
type FlightReport struct {
	Fitness float64 // the flight's fitness, the crash penalty included
	Crashed bool
	// CrashTime is the model time of the step that crashed; NaN if none.
	CrashTime float64
	// FinalDistance is the distance to the setpoint at the end, or at the
	// crash.
	FinalDistance float64
	// MaxDistanceLast2s is the largest distance over the last ReportWindow
	// seconds (the last steps of the flight, 200 at dt = 0.01); +Inf if the
	// flight crashed (it did not fly them).
	MaxDistanceLast2s float64
	// TimeToReach is the model time when the distance first was at most
	// ReachDistance; NaN if never (before a crash).
	TimeToReach float64
	Steps       int
}

// Hover3DObserver, when not nil, sees the model after every step of a
// flight while it has not crashed (the crash step included): the
// scenario's index, the model (its Motor field holds the step's motor
// commands), the distance to the setpoint and whether it is still flying.
type Hover3DObserver func(scenario int, q *Quad, distance float64, alive bool)

// Fly flies one creature through each scenario and reports on each. The
// fitness is the evaluator's for the same scenarios (the same crash
// penalty).
func (e *Hover3DEvaluator) Fly(coeffs []float64, obs Hover3DObserver) []FlightReport {
	checkCoeffs(Hover3DShape, coeffs)
	f := newHover3DFlight()
	reports := make([]FlightReport, len(e.plans))
	window := int(math.Round(ReportWindow / e.dt))
	for i, p := range e.plans {
		rep := FlightReport{CrashTime: math.NaN(), TimeToReach: math.NaN(), Steps: p.steps}
		f.reset(p)
		for k := range p.steps {
			wasAlive := f.alive
			f.step(coeffs, e.dt)
			if !wasAlive {
				continue
			}
			if obs != nil {
				obs(i, &f.q, f.dist, f.alive)
			}
			if !f.alive {
				rep.Crashed, rep.CrashTime = true, f.q.T
				continue
			}
			if math.IsNaN(rep.TimeToReach) && f.dist <= ReachDistance {
				rep.TimeToReach = f.q.T
			}
			if k >= p.steps-window && !(f.dist <= rep.MaxDistanceLast2s) {
				rep.MaxDistanceLast2s = f.dist
			}
		}
		rep.FinalDistance = f.dist
		if rep.Crashed {
			rep.MaxDistanceLast2s = math.Inf(1)
		}
		rep.Fitness = f.fitness + selectFloat(f.alive, 0, e.penalty)
		reports[i] = rep
	}
	return reports
}

// HeldDistances are the distances a flight's last ReportWindow seconds are
// judged by: held within 0.01 m, 0.1 m, 0.5 m.
var HeldDistances = [3]float64{0.01, 0.1, 0.5}

// FlightCounts counts a set of flights: how many crashed, and how many
// held the setpoint within each of HeldDistances over their last
// ReportWindow seconds without crashing.
type FlightCounts struct {
	Scenarios int
	Crashed   int
	Held      [3]int // within HeldDistances[i]
}

// CountFlights counts reports.
func CountFlights(reports []FlightReport) FlightCounts {
	c := FlightCounts{Scenarios: len(reports)}
	for _, r := range reports {
		if r.Crashed {
			c.Crashed++
			continue
		}
		for i, d := range HeldDistances {
			if r.MaxDistanceLast2s <= d {
				c.Held[i]++
			}
		}
	}
	return c
}
