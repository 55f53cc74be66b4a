package sim

import (
	"fmt"
	"strings"
)

// Task is what a creature is evolved for: the controller's shape, what it
// sees, how its outputs drive the motors, the flights it is judged on and
// the fitness (smaller is better).
type Task struct {
	Name    string
	Summary string // one line
	Shape   Shape
	Inputs  []string // the controller's inputs, in order
	Outputs []string // what each output drives, in order
	// Strategy is the name of the evolution strategy a run of this task
	// uses unless told otherwise.
	Strategy string
	// Scenarios is true for a task that flies scenarios (drawn from the
	// run's seed, or read from a file); false for the vertical task's five
	// fixed environments.
	Scenarios bool
	// TrainingScenarios is how many scenarios a run draws from its seed.
	TrainingScenarios int
	// Weights shape the fitness of a task that flies scenarios.
	Weights Weights
}

// Weights shape a 3-D flight's fitness, the integral over time of the
// distance d to the setpoint: the step that ends at time t (seconds into
// the flight) adds
//
//	(d + Precision*sqrt(d) + Heading*(1-cos yaw) + Level*((1-cos roll) + (1-cos pitch))
//	   + Effort*sum((motor-0.5)²)) * (1 + Settle*t) * dt
//
// summed left to right, every product rounded, the angles the step's
// start's, the motors' commands the step's (clipped to [0, 1]). With the
// weights 0 it adds d*dt, every step and every metre alike (the
// original's kind of fitness).
//
// Settle makes the end of a flight, where a controller should have
// settled, count more than the way there. Precision makes the last
// centimetres count: sqrt grows fastest near 0, so closing from 1 cm to
// 1 mm is worth Precision*0.07 per second, not 0.009, while metres far
// out count about as before. Heading asks the controller to hold its
// heading (yaw 0): the task has no heading setpoint, and a controller
// that leaves yaw to itself can let it spin up when the motors clip, and
// flip. Level asks it to fly level: (1 - cos(roll)) + (1 - cos(pitch)),
// about (roll² + pitch²)/2, counts as metres, so a controller that tilts
// hard to arrive a little sooner pays for it (LQR's weight on the
// angles). Effort is LQR's weight on the controls: a controller that
// flips its yaw command every step (a limit cycle the motor clip bounds
// and the distance never sees) pays for every step of it.
//
// Tilt, if not 0, is a stricter crash rule for this fitness: a roll or
// pitch of Tilt radians (less than FlipAngle) counts as a flip. Trained
// with a margin below the flip angle, a controller keeps one on the
// scenarios it never saw.
type Weights struct {
	Settle    float64 `json:"settle,omitempty"`
	Precision float64 `json:"precision,omitempty"`
	Heading   float64 `json:"heading,omitempty"`
	Level     float64 `json:"level,omitempty"`
	Effort    float64 `json:"effort,omitempty"`
	Tilt      float64 `json:"tilt,omitempty"`
}

// flip is the crash rule's flip angle under these weights.
func (w Weights) flip() float64 {
	if w.Tilt == 0 {
		return FlipAngle
	}
	return w.Tilt
}

// MaxWeight bounds each of Weights: beyond it the crash penalty grows
// towards overflow.
const MaxWeight = 1e6

// Validate says what is wrong with the weights, or nil.
func (w Weights) Validate() error {
	for _, x := range []struct {
		name string
		v    float64
	}{{"settle", w.Settle}, {"precision", w.Precision}, {"heading", w.Heading}, {"level", w.Level}, {"effort", w.Effort}} {
		if !(x.v >= 0 && x.v <= MaxWeight) {
			return fmt.Errorf("the fitness's %s weight must be within [0, %v], got %v", x.name, MaxWeight, x.v)
		}
	}
	if !(w.Tilt >= 0 && w.Tilt <= FlipAngle) {
		return fmt.Errorf("the fitness's tilt limit must be within (0, %v], or 0 for none, got %v", FlipAngle, w.Tilt)
	}
	return nil
}

// TaskEvaluator computes the total fitness of many creatures of a task:
// out[i] for coeffs[i], a flat coefficient vector of the task's shape.
// Results do not depend on the number of workers.
type TaskEvaluator interface {
	Evaluate(coeffs [][]float64, out []float64)
}

// EvalOptions choose how a task evaluates.
type EvalOptions struct {
	Workers int
	// Vertical is the tier that evaluates the vertical task (nil: the
	// scalar path).
	Vertical Evaluator
	// Tier names the evaluation tier of a 3-D task (any name LookupTier
	// accepts; "" and auto: the fastest kernel tier whose 3-D flight is
	// verified on this CPU). Every tier gives the same bits.
	Tier string
	// Scenarios are the flights of a 3-D task; nil draws the task's
	// training scenarios from Seed.
	Scenarios []Scenario
	Seed      uint64
}

// The tasks. Vertical is the original's experiment and the default.
var (
	Vertical = &Task{
		Name:     "vertical",
		Summary:  "the original experiment: four equal motors, up and down between setpoints (five fixed environments)",
		Shape:    Shape{S: 1, I: 2, O: 1},
		Inputs:   []string{"setpoint", "altitude"},
		Outputs:  []string{"thrust (all four motors)"},
		Strategy: "ga",
	}
	Hover3D = &Task{
		Name:              "hover3d",
		Summary:           "the full 6-DOF model to a 3-D setpoint and hold it: four motors through a mixer, crash or flip loses",
		Shape:             Hover3DShape,
		Inputs:            Hover3DInputs,
		Outputs:           Hover3DOutputs,
		Strategy:          "cmaes",
		Scenarios:         true,
		TrainingScenarios: 32,
		// Measured in docs/strategies.md ("Shaping the fitness"): the
		// plain distance integral trains controllers that crash in 0.1 to
		// 1.4 % of the scenarios they never saw, by letting yaw spin up
		// or tilting past the flip angle, and whose yaw command flips
		// every step; holding heading and level and paying for effort
		// ends that, and precision brings most flights within 1 cm.
		Weights: Weights{Precision: 1, Heading: 1, Level: 4, Effort: 2},
	}
)

// Tasks lists every task, the default first.
func Tasks() []*Task { return []*Task{Vertical, Hover3D} }

// TaskByName finds a task by name (case-insensitive, spaces trimmed); ""
// is the default, vertical.
func TaskByName(name string) (*Task, error) {
	n := strings.ToLower(strings.TrimSpace(name))
	if n == "" {
		return Vertical, nil
	}
	var names []string
	for _, t := range Tasks() {
		if t.Name == n {
			return t, nil
		}
		names = append(names, t.Name)
	}
	return nil, fmt.Errorf("unknown task %q: want %s", name, strings.Join(names, " or "))
}

// TaskOfLen is the task whose creatures have n coefficients: every task's
// shape has its own count (checked by the tests), so a population's
// creature says its task.
func TaskOfLen(n int) (*Task, error) {
	for _, t := range Tasks() {
		if t.Shape.Len() == n {
			return t, nil
		}
	}
	return nil, fmt.Errorf("no task has creatures of %d coefficients", n)
}

// NewEvaluator returns the task's evaluator.
func (t *Task) NewEvaluator(o EvalOptions) (TaskEvaluator, error) {
	if !t.Scenarios {
		if o.Scenarios != nil {
			return nil, fmt.Errorf("task %s flies its fixed environments, not scenarios", t.Name)
		}
		e := o.Vertical
		if e == nil {
			e = ScalarEvaluator
		}
		return &verticalEvaluator{e: e}, nil
	}
	sc := o.Scenarios
	if sc == nil {
		sc = TrainingScenarios(o.Seed, t.TrainingScenarios)
	}
	return hover3dEvaluatorFor(o.Tier, sc, t.Weights, max(o.Workers, 1))
}

// verticalEvaluator adapts a vertical Evaluator (Coeffs in, five
// environments out) to flat vectors and totals: the total is Fitness.Total,
// today's bits.
type verticalEvaluator struct {
	e      Evaluator
	coeffs []Coeffs
	fit    []Fitness
}

func (v *verticalEvaluator) Evaluate(coeffs [][]float64, out []float64) {
	if len(out) < len(coeffs) {
		panic("sim: vertical Evaluate: out is shorter than coeffs")
	}
	v.coeffs = v.coeffs[:0]
	for _, c := range coeffs {
		checkCoeffs(Vertical.Shape, c)
		v.coeffs = append(v.coeffs, Coeffs(c))
	}
	v.fit = append(v.fit[:0], make([]Fitness, len(coeffs))...)
	v.e.Evaluate(v.coeffs, v.fit)
	for i, f := range v.fit {
		out[i] = f.Total()
	}
}
