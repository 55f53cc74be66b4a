package sim

import "math"

// DefaultDt is the time step of every environment of the experiment.
const DefaultDt = 0.01

// Environment is one flight of docs/semantics.md §3: start at altitude Z0, try to hold
// the setpoint Z1 until the accumulated time reaches TotalT.
type Environment struct {
	Z0, Z1, TotalT, Dt float64
}

// Environments are the five flights of every evaluation (docs/semantics.md §4).
var Environments = [5]Environment{
	{Z0: 3, Z1: 5, TotalT: 2, Dt: DefaultDt},
	{Z0: 5, Z1: 3, TotalT: 2, Dt: DefaultDt},
	{Z0: 100, Z1: 102, TotalT: 2, Dt: DefaultDt},
	{Z0: 302, Z1: 300, TotalT: 2, Dt: DefaultDt},
	{Z0: 50, Z1: 60, TotalT: 4, Dt: DefaultDt},
}

// Steps is the number of steps the flight runs: t is accumulated by
// t += dt, so TotalT = 4 gives 401 steps, not 400.
func (e Environment) Steps() int {
	n := 0
	for t := 0.0; t < e.TotalT; t += e.Dt {
		n++
	}
	return n
}

// Observer, when not nil, sees the model after every step of a Run.
type Observer func(q *Quad, pwm, distance float64)

// Run flies the controller through the environment on the full model and
// returns the fitness (smaller is better). The controller's state is not
// reset: it carries over from whatever flew before.
func (e Environment) Run(c Controller, obs Observer) float64 {
	q := NewQuad(e.Z0)
	prev := math.Inf(-1)
	fitness := 0.0
	for q.T < e.TotalT {
		pwm := c.Step(e.Z1, q.Altitude())
		q.SetThrust(pwm)
		q.Step(e.Dt)
		dx, dy, dz := 0-q.X, 0-q.Y, e.Z1-q.Altitude()
		distance := math.Sqrt(float64(float64(dx*dx)+float64(dy*dy)) + float64(dz*dz))
		k := 1.0
		if distance > prev { // overshoot penalty
			k = 3
		}
		prev = distance
		fitness += float64(distance * k)
		if obs != nil {
			obs(q, pwm, distance)
		}
	}
	return fitness
}

// Fitness is a creature's result in each of the five environments.
type Fitness [5]float64

// Total sums the five environments left to right.
func (f Fitness) Total() float64 {
	return (((f[0] + f[1]) + f[2]) + f[3]) + f[4]
}

// Evaluate resets the controller to a new creature's state and flies it
// through the five environments in order, the state carrying from one into
// the next (docs/semantics.md §4).
func Evaluate(c Controller) Fitness {
	c.Reset()
	var f Fitness
	for i, e := range Environments {
		f[i] = e.Run(c, nil)
	}
	return f
}
