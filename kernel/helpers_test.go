package kernel_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/evocopter/evocopter/internal/coeffs"
	"github.com/evocopter/evocopter/kernel"
)

// guardWidth elements before and after every slice under test hold a NaN
// with a payload no kernel produces; a kernel that reads or writes out of
// bounds is caught by the guard check (writes) or by a wrong result (reads
// are harmless here, but the masked and scalar tails are what they test).
const guardWidth = 9

var guardBits = uint64(0x7ff4_dead_beef_0001) // a signalling-NaN pattern

// guarded is a slice of n elements inside a larger allocation, offset by
// `offset` elements so it is not 16/32/64-byte aligned when offset is odd.
type guarded struct {
	whole []float64
	lo    int
	n     int
}

func newGuarded(n, offset int) *guarded {
	g := &guarded{whole: make([]float64, n+2*guardWidth+offset), lo: guardWidth + offset, n: n}
	for i := range g.whole {
		g.whole[i] = math.Float64frombits(guardBits)
	}
	return g
}

func (g *guarded) s() []float64 { return g.whole[g.lo : g.lo+g.n : g.lo+g.n] }

func (g *guarded) check(t *testing.T, name string) {
	t.Helper()
	for i, v := range g.whole {
		if i >= g.lo && i < g.lo+g.n {
			continue
		}
		if math.Float64bits(v) != guardBits {
			t.Fatalf("%s: guard element %d (slice index %d) overwritten: %#x", name, i, i-g.lo, math.Float64bits(v))
		}
	}
}

// extremes are the values every kernel must treat exactly like the
// reference: signed zeros, subnormals, the smallest normals, values whose
// products overflow, infinities and NaN.
var extremes = []float64{
	0, math.Copysign(0, -1), 1, -1, 0.5, -0.25,
	math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64, 2.2e-308, -2.2e-308, 2.5e-308,
	1e308, -1e308, math.MaxFloat64, 1e-160, 1e160,
	math.Inf(1), math.Inf(-1), math.NaN(),
}

// value draws a test value: mostly U[0,1)-0.5 (the random creature of docs/semantics.md §1),
// sometimes an extreme.
func value(r *rand.Rand, extremeRate float64) float64 {
	if r.Float64() < extremeRate {
		return extremes[r.IntN(len(extremes))]
	}
	return r.Float64() - 0.5
}

// sameBits compares as math.Float64bits, except that any two NaNs match.
//
// NaN payloads are not part of the contract, because the Go source does
// not fix them: when both operands of an addition or multiplication are
// NaN, x86 returns the first operand's payload, and the Go compiler may
// swap the operands of these commutative operations (seen here: the
// reference's Inf-Inf NaN 0xfff8000000000000 met Go's NaN
// 0x7ff8000000000001, and the Go code kept the second). Other architectures
// produce other default NaNs (arm64: 0x7ff8000000000000). Every non-NaN
// result, signed zeros and infinities included, must match bit for bit.
func sameBits(a, b float64) bool {
	if a != a && b != b {
		return true
	}
	return math.Float64bits(a) == math.Float64bits(b)
}

// tiersToTest runs f for every tier built in, skipping those the CPU lacks.
func tiersToTest(t *testing.T, f func(t *testing.T, tier kernel.Tier)) {
	for _, tier := range kernel.Tiers() {
		t.Run(string(tier), func(t *testing.T) {
			if err := tier.Err(); err != nil {
				t.Skipf("%s: %v", tier, err)
			}
			f(t, tier)
		})
	}
}

// guardedBatch is a Batch2x3 of guarded slices.
type guardedBatch struct{ k [coeffs.N]*guarded }

func newGuardedBatch(n, offset int, r *rand.Rand, extremeRate float64) *guardedBatch {
	c := &guardedBatch{}
	for j := range c.k {
		c.k[j] = newGuarded(n, offset)
		for i := range c.k[j].s() {
			c.k[j].s()[i] = value(r, extremeRate)
		}
	}
	return c
}

func (c *guardedBatch) get() *kernel.Batch2x3 {
	b := &kernel.Batch2x3{}
	for j, p := range b.Arrays() {
		*p = c.k[j].s()
	}
	return b
}

func (c *guardedBatch) check(t *testing.T) {
	t.Helper()
	for j, g := range c.k {
		g.check(t, coeffs.Field(j))
	}
}
