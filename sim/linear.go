package sim

import "fmt"

// Shape is a linear controller's shape: S state variables, I inputs, O
// outputs. Its coefficients are a flat []float64 in one order for every
// task: the (S+O) x (S+I) matrix row-major (rows 0..S-1 produce the next
// state, rows S..S+O-1 the outputs; columns 0..S-1 read the state, then the
// inputs), then the S+O constants. For the vertical task (S=1, I=2, O=1)
// this is exactly Coeffs' order k0 k1 k2 q0 q1 q2 c0 c1.
type Shape struct {
	S, I, O int
}

// Rows is the number of matrix rows, S+O.
func (s Shape) Rows() int { return s.S + s.O }

// Cols is the number of matrix columns, S+I.
func (s Shape) Cols() int { return s.S + s.I }

// Len is the number of coefficients: the matrix, then the constants.
func (s Shape) Len() int { return s.Rows()*s.Cols() + s.Rows() }

// String is "SxIxO" with names, e.g. "S=1 I=12 O=4".
func (s Shape) String() string { return fmt.Sprintf("S=%d I=%d O=%d", s.S, s.I, s.O) }

// StepLinear advances a controller of shape sh one step: for each row r,
//
//	out[r] = ((((A[r][0]*x0 + A[r][1]*x1) + ...) + A[r][n-1]*x_{n-1}) + c[r])
//
// with x the state followed by the inputs, every product rounded to float64
// (no fused multiply-add) and the sum taken left to right; then the state
// becomes out[:S] and the outputs are out[S:]. For the vertical shape this
// is Specialized.Step's arithmetic, bit for bit. coeffs must have sh.Len()
// entries, state sh.S, inputs sh.I and out sh.Rows(); x is scratch of
// sh.Cols() entries.
func StepLinear(sh Shape, coeffs, state, inputs, out, x []float64) {
	n, rows := sh.Cols(), sh.Rows()
	x = x[:n]
	copy(x, state[:sh.S])
	copy(x[sh.S:], inputs[:sh.I])
	consts := coeffs[rows*n : rows*n+rows]
	out = out[:rows]
	for r := range out {
		// row as long as x: the loop below needs no bounds checks.
		row := coeffs[r*n : r*n+n][:len(x)]
		acc := float64(row[0] * x[0])
		for k := 1; k < len(x); k++ {
			acc += float64(row[k] * x[k])
		}
		out[r] = acc + consts[r]
	}
	copy(state[:sh.S], out[:sh.S])
}
