package bench

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/evocopter/evocopter/sim"
)

// Population3D is the number of creatures of one hover3d generation: a
// CMA-ES population after two restarts (16, 32, 64: IPOP doubles it).
const Population3D = 64

var negZero = math.Copysign(0, -1)

// lqrHover3D is the LQR creature of sim/testdata/lqr-hover3d.json (its
// test compares the two), the 5x13 matrix row by row, then the constants.
var lqrHover3D = []float64{
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, negZero, -1.550866188594609e-12, 0.3344140090146636, negZero, 2.5163674255649056e-12, 0.27179002364549143, 1.6125491139492315e-11, negZero, negZero, 5.9281931413795726e-12, negZero, negZero,
	0, negZero, 0.10837692969863906, 4.557945079169708e-13, negZero, -0.1657696040484361, 3.237026389765115e-13, -0.9697640833216504, negZero, negZero, -0.31715733129493795, negZero, negZero,
	0, -0.10837692969863906, negZero, negZero, 0.1657696040484361, negZero, negZero, negZero, -0.9697640833216504, -2.2381047410611844e-13, negZero, -0.31715733129493795, -7.398947769757957e-14,
	0, 2.363135273062672e-13, negZero, negZero, -3.8715439902316865e-13, negZero, negZero, negZero, 2.50713783960985e-12, -0.10656888248764443, negZero, 9.242371006475112e-13, -0.04767418160176899,
	0, 0, 0, 0, 0,
}

// Generation3D returns one generation of hover3d creatures: the LQR
// creature with every coefficient perturbed by 1%, so that they fly every
// step like the creatures of a run that has converged (a crashed creature
// costs the scalar path nothing after its crash, and the kernels as much
// as a flying one).
func Generation3D() [][]float64 {
	r := rand.New(rand.NewPCG(3, 15))
	out := make([][]float64, Population3D)
	for i := range out {
		c := make([]float64, len(lqrHover3D))
		for k, v := range lqrHover3D {
			c[k] = v * (1 + 0.01*r.NormFloat64())
		}
		out[i] = c
	}
	return out
}

// Scenarios3D are the flights of one hover3d generation: the task's
// training scenarios drawn from seed 1.
func Scenarios3D() []sim.Scenario {
	return sim.TrainingScenarios(1, sim.Hover3D.TrainingScenarios)
}

// Steps3D is the number of creature-steps one creature flies through sc,
// every step counted (as the fitness counts them).
func Steps3D(sc []sim.Scenario) int {
	e, err := sim.NewHover3DEvaluator(sc, 1)
	if err != nil {
		panic(err)
	}
	steps := 0
	for _, r := range e.Fly(make([]float64, sim.Hover3D.Shape.Len()), nil) {
		steps += r.Steps
	}
	return steps
}

// Measure3D is Measure for a task evaluator: work flown repeatedly for at
// least minTime (at least 3 times, after one warm-up), the median time per
// generation and per creature-step (stepsPerCreature each).
func Measure3D(tier string, ev sim.TaskEvaluator, work [][]float64, stepsPerCreature int, minTime time.Duration) Result {
	out := make([]float64, len(work))
	return measure(tier, func() { ev.Evaluate(work, out) }, len(work)*stepsPerCreature, minTime)
}
