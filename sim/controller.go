package sim

import "github.com/evocopter/evocopter/internal/coeffs"

// Coeffs are the 8 coefficients of one 2x3 controller in docs/semantics.md §1 order:
// k0 k1 k2 (row producing the next state), q0 q1 q2 (row producing the
// output), c0 c1 (constants). (Many controllers as structure of arrays are
// a kernel.Batch2x3.)
type Coeffs [coeffs.N]float64

// Indices into Coeffs, those of internal/coeffs (which also names them).
const (
	K0 = coeffs.K0
	K1 = coeffs.K1
	K2 = coeffs.K2
	Q0 = coeffs.Q0
	Q1 = coeffs.Q1
	Q2 = coeffs.Q2
	C0 = coeffs.C0
	C1 = coeffs.C1
)

// Controller is a creature's brain: given the setpoint and the altitude it
// returns the motor command, updating its internal state.
type Controller interface {
	// Step advances the controller one step and returns its output.
	Step(setpoint, altitude float64) float64
	// Reset sets the internal state to that of a new creature (zero).
	Reset()
}

// Specialized is the unrolled 2x3 controller, the analogue of the
// original's SpecializedCreature: one state, two inputs, one output.
type Specialized struct {
	C     Coeffs
	State float64
}

// NewSpecialized returns a specialized controller with state 0.
func NewSpecialized(c Coeffs) *Specialized { return &Specialized{C: c} }

// Step computes docs/semantics.md §1 with every product rounded and summed left to
// right; float64(...) forbids fused multiply-adds.
func (s *Specialized) Step(setpoint, altitude float64) float64 {
	c := &s.C
	out0 := float64(float64(float64(s.State*c[K0])+float64(setpoint*c[K1]))+float64(altitude*c[K2])) + c[C0]
	out1 := float64(float64(float64(s.State*c[Q0])+float64(setpoint*c[Q1]))+float64(altitude*c[Q2])) + c[C1]
	s.State = out0
	return out1
}

// Reset zeroes the state.
func (s *Specialized) Reset() { s.State = 0 }
