package bench

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/evocopter/evocopter/kernel"
	"github.com/evocopter/evocopter/sim"
)

// Population3D is the number of creatures of one hover3d generation in
// BenchmarkGeneration3D: a CMA-ES population after two restarts (16, 32,
// 64: IPOP doubles it).
const Population3D = 64

// Generation3D returns one generation of hover3d creatures: the LQR
// creature (sim/testdata) with every coefficient perturbed by 1%, so that
// they fly every step like the creatures of a run that has converged (a
// crashed creature costs the scalar path nothing after the crash, and the
// kernels the same as a flying one).
func Generation3D(tb testing.TB) [][]float64 {
	data, err := os.ReadFile("../sim/testdata/lqr-hover3d.json")
	if err != nil {
		tb.Fatal(err)
	}
	var j struct {
		Matrix   [][]float64 `json:"matrix"`
		Constant []float64   `json:"constant"`
	}
	if err := json.Unmarshal(data, &j); err != nil {
		tb.Fatal(err)
	}
	var lqr []float64
	for _, row := range j.Matrix {
		lqr = append(lqr, row...)
	}
	lqr = append(lqr, j.Constant...)
	r := rand.New(rand.NewPCG(3, 15))
	out := make([][]float64, Population3D)
	for i := range out {
		c := make([]float64, len(lqr))
		for k, v := range lqr {
			c[k] = v * (1 + 0.01*r.NormFloat64())
		}
		out[i] = c
	}
	return out
}

// BenchmarkGeneration3D evaluates one hover3d generation (Population3D
// creatures over the task's training scenarios drawn from seed 1) per
// iteration on one goroutine, with the scalar model (tier=scalar) and with
// the fused 3-D flight of every kernel tier whose kernel is verified and
// this CPU runs, and reports ns per creature-step (every step of every
// flight counted, as the fitness counts them).
func BenchmarkGeneration3D(b *testing.B) {
	work := Generation3D(b)
	sc := sim.TrainingScenarios(1, sim.Hover3D.TrainingScenarios)
	scalar, err := sim.NewHover3DEvaluator(sc, 1)
	if err != nil {
		b.Fatal(err)
	}
	steps := 0
	for _, r := range scalar.Fly(work[0], nil) {
		steps += r.Steps
	}
	type named struct {
		name string
		ev   sim.TaskEvaluator
	}
	evs := []named{{sim.TierScalar, scalar}}
	for _, t := range kernel.Hover3DTiers() {
		ev, err := sim.NewHover3DBatch(sc, t, 1)
		if err != nil {
			b.Fatal(err)
		}
		evs = append(evs, named{string(t), ev})
	}
	out := make([]float64, len(work))
	for _, e := range evs {
		b.Run("tier="+e.name, func(b *testing.B) {
			for b.Loop() {
				e.ev.Evaluate(work, out)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/(float64(b.N)*float64(len(work)*steps)), "ns/step")
		})
	}
}
