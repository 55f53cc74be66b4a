package kernel

import (
	"fmt"

	"github.com/evocopter/evocopter/internal/coeffs"
)

// Batch2x3 holds n 2x3 controllers' coefficients as structure of arrays,
// the order of docs/semantics.md §1: K* is the row producing the next state, Q* the row producing
// the output, C0 and C1 the constants. All eight slices have length n.
// (One controller's eight coefficients are a sim.Coeffs.)
//
// The kernels receive a *Batch2x3 and the assembly reads the slices' data
// pointers from it at fixed offsets: the field order and types are a
// layout contract, written down in internal/gen (layout.go) and checked by
// TestBatch2x3Layout. The field names are those of internal/coeffs.
type Batch2x3 struct{ K0, K1, K2, Q0, Q1, Q2, C0, C1 []float64 }

// Len is the number of controllers, len(c.K0).
func (c *Batch2x3) Len() int { return len(c.K0) }

// Arrays are pointers to the eight coefficient slices in the order of docs/semantics.md §1
// (the index order of internal/coeffs and sim.Coeffs).
func (c *Batch2x3) Arrays() [coeffs.N]*[]float64 {
	return [coeffs.N]*[]float64{&c.K0, &c.K1, &c.K2, &c.Q0, &c.Q1, &c.Q2, &c.C0, &c.C1}
}

// lenDiff is zero if and only if all eight slices have length n: one
// branch for the callers instead of eight. The assembly trusts the lengths:
// a mismatch caught here is an out-of-bounds access avoided there.
func (c *Batch2x3) lenDiff(n int) int {
	return (len(c.K0) ^ n) | (len(c.K1) ^ n) | (len(c.K2) ^ n) | (len(c.Q0) ^ n) |
		(len(c.Q1) ^ n) | (len(c.Q2) ^ n) | (len(c.C0) ^ n) | (len(c.C1) ^ n)
}

// lengthError describes a length mismatch: the slices in rest are named by
// names ("" ends the list), the last named one sets n.
func lengthError(fn string, c *Batch2x3, names [4]string, rest [4][]float64) string {
	last := 0
	for i, name := range names {
		if name != "" {
			last = i
		}
	}
	msg := fmt.Sprintf("kernel: %s: slice lengths differ (all must be len(%s) = %d):", fn, names[last], len(rest[last]))
	for i, s := range c.Arrays() {
		msg += fmt.Sprintf(" %s=%d", coeffs.Field(i), len(*s))
	}
	for i, r := range rest {
		if names[i] != "" {
			msg += fmt.Sprintf(" %s=%d", names[i], len(r))
		}
	}
	return msg
}
