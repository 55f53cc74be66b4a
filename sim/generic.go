package sim

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// Generic is a linear controller of any shape, the analogue of the
// original's numpy Creature: S state variables, I inputs, O outputs,
// matrix A of (S+O) x (S+I) and constant c of S+O, computed with gonum's
// mat.MulVec. One step is out = A·[state, inputs] + c, state <- out[:S],
// outputs <- out[S:].
//
// On amd64 gonum's MulVec sums each row left to right, so on the 2x3 shape
// Generic gives the same bits as Specialized. gonum's pure-Go loops (used
// on other architectures) may be compiled with fused multiply-adds, and
// then the bits differ (docs/semantics.md §1); see TestGenericEqualsSpecialized
// (controller_test.go), which runs on amd64 only.
type Generic struct {
	S, I, O int
	A       *mat.Dense
	C       *mat.VecDense
	in, out *mat.VecDense
}

// NewGeneric returns a controller of the given shape with state 0. a must
// be (s+o) x (s+i) and c must have s+o entries.
func NewGeneric(s, i, o int, a *mat.Dense, c *mat.VecDense) (*Generic, error) {
	if s < 0 || i < 0 || o < 0 || s+o == 0 || s+i == 0 {
		return nil, fmt.Errorf("sim: bad controller shape S=%d I=%d O=%d", s, i, o)
	}
	if r, cols := a.Dims(); r != s+o || cols != s+i {
		return nil, fmt.Errorf("sim: matrix is %dx%d, want %dx%d", r, cols, s+o, s+i)
	}
	if c.Len() != s+o {
		return nil, fmt.Errorf("sim: constant has %d entries, want %d", c.Len(), s+o)
	}
	return &Generic{S: s, I: i, O: o, A: a, C: c,
		in: mat.NewVecDense(s+i, nil), out: mat.NewVecDense(s+o, nil)}, nil
}

// NewGeneric2x3 returns the generic form of the experiment's controller
// (S=1, I=2, O=1) for the given coefficients.
func NewGeneric2x3(c Coeffs) *Generic {
	a := mat.NewDense(2, 3, []float64{c[K0], c[K1], c[K2], c[Q0], c[Q1], c[Q2]})
	g, err := NewGeneric(1, 2, 1, a, mat.NewVecDense(2, []float64{c[C0], c[C1]}))
	if err != nil {
		panic(err) // the shape is fixed above
	}
	return g
}

// StepVec advances the controller one step with the given inputs and
// returns its outputs (a view valid until the next step).
func (g *Generic) StepVec(inputs ...float64) []float64 {
	if len(inputs) != g.I {
		panic(fmt.Sprintf("sim: Generic.StepVec got %d inputs, want %d", len(inputs), g.I))
	}
	for k, x := range inputs {
		g.in.SetVec(g.S+k, x)
	}
	g.out.MulVec(g.A, g.in)
	g.out.AddVec(g.out, g.C)
	for k := 0; k < g.S; k++ {
		g.in.SetVec(k, g.out.AtVec(k))
	}
	return g.out.RawVector().Data[g.S:]
}

// Step implements Controller for the I=2, O=1 shape: inputs are the
// setpoint and the altitude.
func (g *Generic) Step(setpoint, altitude float64) float64 {
	return g.StepVec(setpoint, altitude)[0]
}

// Reset zeroes the state.
func (g *Generic) Reset() {
	for k := 0; k < g.S; k++ {
		g.in.SetVec(k, 0)
	}
}
