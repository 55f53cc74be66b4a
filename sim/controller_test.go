package sim_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/evocopter/evocopter/sim"
	"gonum.org/v1/gonum/mat"
)

func randomCoeffs(r *rand.Rand) sim.Coeffs {
	var c sim.Coeffs
	for i := range c {
		c[i] = r.Float64() - 0.5
	}
	return c
}

// TestGenericEqualsSpecialized drives both forms with the same inputs and
// compares every output and state bit.
func TestGenericEqualsSpecialized(t *testing.T) {
	skipUnlessGonumExact(t)
	r := rand.New(rand.NewPCG(1, 2))
	for k := 0; k < 200; k++ {
		c := randomCoeffs(r)
		s, g := sim.NewSpecialized(c), sim.NewGeneric2x3(c)
		for i := 0; i < 500; i++ {
			zsp, z := r.NormFloat64()*100, r.NormFloat64()*100
			a, b := s.Step(zsp, z), g.Step(zsp, z)
			if math.Float64bits(a) != math.Float64bits(b) {
				t.Fatalf("creature %d step %d: specialized %v, generic %v", k, i, a, b)
			}
		}
	}
}

func TestSpecializedStep(t *testing.T) {
	c := sim.Coeffs{1, 2, 3, 4, 5, 6, 7, 8}
	s := sim.NewSpecialized(c)
	if out := s.Step(10, 100); out != 10*5+100*6+8 || s.State != 10*2+100*3+7 {
		t.Fatalf("first step: out %v state %v", out, s.State)
	}
	if out := s.Step(10, 100); out != 327*4+10*5+100*6+8 || s.State != 327*1+10*2+100*3+7 {
		t.Fatalf("second step: out %v state %v", out, s.State)
	}
	s.Reset()
	if s.State != 0 {
		t.Fatal("Reset left state")
	}
}

// TestGenericShapes runs a 2-state, 3-input, 2-output controller against a
// hand computation, and checks that bad shapes are refused.
func TestGenericShapes(t *testing.T) {
	a := mat.NewDense(4, 5, []float64{
		1, 0, 1, 0, 0,
		0, 1, 0, 1, 0,
		1, 1, 0, 0, 1,
		0, 0, 2, 2, 2,
	})
	g, err := sim.NewGeneric(2, 3, 2, a, mat.NewVecDense(4, []float64{0, 0, 0, 1}))
	if err != nil {
		t.Fatal(err)
	}
	out := g.StepVec(1, 2, 3)
	if out[0] != 0+0+3 || out[1] != 2+4+6+1 {
		t.Fatalf("first step outputs %v", out)
	}
	// state is now (1, 2)
	out = g.StepVec(1, 2, 3)
	if out[0] != 1+2+3 || out[1] != 13 {
		t.Fatalf("second step outputs %v", out)
	}
	if _, err := sim.NewGeneric(1, 2, 1, mat.NewDense(2, 2, nil), mat.NewVecDense(2, nil)); err == nil {
		t.Error("2x2 matrix for a 1/2/1 shape accepted")
	}
	if _, err := sim.NewGeneric(1, 2, 1, mat.NewDense(2, 3, nil), mat.NewVecDense(3, nil)); err == nil {
		t.Error("3-entry constant for a 1/2/1 shape accepted")
	}
}
