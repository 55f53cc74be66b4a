package kernel

import "fmt"

// Coeffs holds n controllers' coefficients as structure of arrays, SPEC
// order: K* is the row producing the next state, Q* the row producing the
// output, C0 and C1 the constants. All eight slices have length n.
type Coeffs struct{ K0, K1, K2, Q0, Q1, Q2, C0, C1 []float64 }

// Len is the number of controllers, len(c.K0).
func (c *Coeffs) Len() int { return len(c.K0) }

// checkLengths panics unless the eight coefficient slices and every slice
// in rest (named by names) have the same length; it returns that length.
// The assembly trusts it: a mismatch caught here is an out-of-bounds access
// avoided there.
func checkLengths(fn string, c *Coeffs, names [4]string, rest [4][]float64) int {
	n := len(rest[0])
	ok := len(c.K0) == n && len(c.K1) == n && len(c.K2) == n &&
		len(c.Q0) == n && len(c.Q1) == n && len(c.Q2) == n &&
		len(c.C0) == n && len(c.C1) == n
	for i, r := range rest {
		if names[i] != "" && len(r) != n {
			ok = false
		}
	}
	if !ok {
		panic(lengthError(fn, c, names, rest))
	}
	return n
}

func lengthError(fn string, c *Coeffs, names [4]string, rest [4][]float64) string {
	msg := fmt.Sprintf("kernel: %s: slice lengths differ (all must be len(%s) = %d):", fn, names[0], len(rest[0]))
	for i, s := range [][]float64{c.K0, c.K1, c.K2, c.Q0, c.Q1, c.Q2, c.C0, c.C1} {
		msg += fmt.Sprintf(" %s=%d", [...]string{"K0", "K1", "K2", "Q0", "Q1", "Q2", "C0", "C1"}[i], len(s))
	}
	for i, r := range rest {
		if names[i] != "" {
			msg += fmt.Sprintf(" %s=%d", names[i], len(r))
		}
	}
	return msg
}
