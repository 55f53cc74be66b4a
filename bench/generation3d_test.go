package bench

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/evocopter/evocopter/kernel"
	"github.com/evocopter/evocopter/sim"
)

// TestLQRHover3DIsTheCommittedCreature: the workload's LQR creature is
// sim/testdata/lqr-hover3d.json, bit for bit.
func TestLQRHover3DIsTheCommittedCreature(t *testing.T) {
	data, err := os.ReadFile("../sim/testdata/lqr-hover3d.json")
	if err != nil {
		t.Fatal(err)
	}
	var j struct {
		Matrix   [][]float64 `json:"matrix"`
		Constant []float64   `json:"constant"`
	}
	if err := json.Unmarshal(data, &j); err != nil {
		t.Fatal(err)
	}
	var want []float64
	for _, row := range j.Matrix {
		want = append(want, row...)
	}
	want = append(want, j.Constant...)
	if len(want) != len(lqrHover3D) {
		t.Fatalf("%d coefficients, the file has %d", len(lqrHover3D), len(want))
	}
	for i := range want {
		if math.Float64bits(want[i]) != math.Float64bits(lqrHover3D[i]) {
			t.Errorf("coefficient %d: %v, the file has %v", i, lqrHover3D[i], want[i])
		}
	}
}

// BenchmarkGeneration3D evaluates one hover3d generation (Generation3D
// over Scenarios3D) per iteration on one goroutine, with the scalar model
// (tier=scalar) and with the fused 3-D flight of every kernel tier whose
// kernel is verified and this CPU runs, and reports ns per creature-step
// (every step of every flight counted, as the fitness counts them).
func BenchmarkGeneration3D(b *testing.B) {
	work := Generation3D()
	sc := Scenarios3D()
	steps := Steps3D(sc)
	names := append([]string{sim.TierScalar}, kernel.TierNames(kernel.Hover3DTiers())...)
	out := make([]float64, len(work))
	for _, name := range names {
		ev, err := sim.Hover3DEvaluatorFor(name, sc, 1)
		if err != nil {
			b.Fatal(err)
		}
		b.Run("tier="+name, func(b *testing.B) {
			for b.Loop() {
				ev.Evaluate(work, out)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/(float64(b.N)*float64(len(work)*steps)), "ns/step")
		})
	}
}
