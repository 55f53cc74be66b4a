// Package coeffs names the eight coefficients of the experiment's 2x3
// controller, in the one order every layer uses: k0 k1 k2 (the row that
// produces the next state), q0 q1 q2 (the row that produces the output),
// c0 c1 (the constants). sim indexes its per-creature arrays with these
// indices, kernel names its structure-of-arrays fields after them and
// internal/gen names the kernels' coefficient arrays with them.
package coeffs

import "strings"

// N is the number of coefficients.
const N = 8

// The indices, in the order of docs/semantics.md §1.
const (
	K0 = iota
	K1
	K2
	Q0
	Q1
	Q2
	C0
	C1
)

var names = [N]string{"k0", "k1", "k2", "q0", "q1", "q2", "c0", "c1"}

// Names lists the coefficient names in the order of docs/semantics.md §1 ("k0" ... "c1").
func Names() [N]string { return names }

// Name is the name of coefficient i.
func Name(i int) string { return names[i] }

// Field is the exported Go identifier of coefficient i ("K0" ... "C1"):
// the field name of kernel.Batch2x3.
func Field(i int) string { return strings.ToUpper(names[i]) }
