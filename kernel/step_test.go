package kernel_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/evocopter/evocopter/kernel"
)

// refStep is docs/semantics.md §1 written out for one creature, every product converted
// to float64 so no compiler may fuse it into a multiply-add.
func refStep(c *kernel.Batch2x3, i int, s, zsp, z float64) (next, out float64) {
	next = ((float64(s*c.K0[i]) + float64(zsp*c.K1[i])) + float64(z*c.K2[i])) + c.C0[i]
	out = ((float64(s*c.Q0[i]) + float64(zsp*c.Q1[i])) + float64(z*c.Q2[i])) + c.C1[i]
	return next, out
}

// stepMatchesReference runs tier.Step on the arrays and fails the test,
// saying what (label), at the first creature whose state or output
// differs from refStep's bits.
func stepMatchesReference(t *testing.T, label string, tier kernel.Tier, c *kernel.Batch2x3, state, in0, in1, out []float64) {
	t.Helper()
	n := len(state)
	wantState, wantOut := make([]float64, n), make([]float64, n)
	for i := range n {
		wantState[i], wantOut[i] = refStep(c, i, state[i], in0[i], in1[i])
	}
	tier.Step(c, state, in0, in1, out)
	for i := range n {
		if !sameBits(state[i], wantState[i]) || !sameBits(out[i], wantOut[i]) {
			t.Fatalf("%s creature %d: got state %v out %v (%#x %#x), want %v %v (%#x %#x)",
				label, i, state[i], out[i], math.Float64bits(state[i]), math.Float64bits(out[i]),
				wantState[i], wantOut[i], math.Float64bits(wantState[i]), math.Float64bits(wantOut[i]))
		}
	}
}

func checkStep(t *testing.T, tier kernel.Tier, n, offset int, r *rand.Rand, extremeRate float64) {
	t.Helper()
	c := newGuardedBatch(n, offset, r, extremeRate)
	state, in0, in1, out := newGuarded(n, offset), newGuarded(n, offset), newGuarded(n, offset), newGuarded(n, offset)
	for i := 0; i < n; i++ {
		state.s()[i], in0.s()[i], in1.s()[i] = value(r, extremeRate), value(r, extremeRate), value(r, extremeRate)
	}
	stepMatchesReference(t, fmt.Sprintf("%s n=%d offset=%d", tier, n, offset), tier, c.get(), state.s(), in0.s(), in1.s(), out.s())
	c.check(t)
	for _, g := range []struct {
		name string
		g    *guarded
	}{{"state", state}, {"in0", in0}, {"in1", in1}, {"out", out}} {
		g.g.check(t, g.name)
	}
}

func TestStepMatchesReference(t *testing.T) {
	tiersToTest(t, func(t *testing.T, tier kernel.Tier) {
		r := rand.New(rand.NewPCG(1, 2))
		for _, rate := range []float64{0, 0.3, 1} {
			for n := 0; n <= 67; n++ {
				for offset := 0; offset <= 1; offset++ {
					checkStep(t, tier, n, offset, r, rate)
				}
			}
			checkStep(t, tier, 10007, 1, r, rate)
		}
	})
}

func TestStepEveryExtremePair(t *testing.T) {
	// Every extreme value in every position of one creature's step, against
	// every other extreme: 19*19 creatures per position, all tiers.
	tiersToTest(t, func(t *testing.T, tier kernel.Tier) {
		for pos := 0; pos < 11; pos++ {
			n := len(extremes) * len(extremes)
			c := newGuardedBatch(n, 1, rand.New(rand.NewPCG(3, 4)), 0)
			state, in0, in1, out := newGuarded(n, 1), newGuarded(n, 1), newGuarded(n, 1), newGuarded(n, 1)
			all := append(c.k[:], state, in0, in1)
			for i := 0; i < n; i++ {
				for _, g := range all {
					g.s()[i] = extremes[i%len(extremes)]
				}
				all[pos].s()[i] = extremes[i/len(extremes)]
			}
			stepMatchesReference(t, fmt.Sprintf("%s position %d", tier, pos), tier, c.get(), state.s(), in0.s(), in1.s(), out.s())
		}
	})
}

func TestStepNilAndEmpty(t *testing.T) {
	tiersToTest(t, func(t *testing.T, tier kernel.Tier) {
		tier.Step(&kernel.Batch2x3{}, nil, nil, nil, nil)
		e := []float64{}
		tier.Step(&kernel.Batch2x3{K0: e, K1: e, K2: e, Q0: e, Q1: e, Q2: e, C0: e, C1: e}, e, e, e, e)
	})
	kernel.Step(&kernel.Batch2x3{}, nil, nil, nil, nil)
}

func TestStepLengthMismatchPanics(t *testing.T) {
	c := newGuardedBatch(4, 0, rand.New(rand.NewPCG(5, 6)), 0).get()
	s := make([]float64, 4)
	cases := map[string]func(){
		"short out": func() { kernel.Step(c, s, s, s, s[:3]) },
		"short in0": func() { kernel.Step(c, s, s[:3], s, s) },
		"short K2": func() {
			c2 := *c
			c2.K2 = c2.K2[:3]
			kernel.Step(&c2, s, s, s, s)
		},
		"long state": func() { kernel.Step(c, make([]float64, 5), s, s, s) },
	}
	for name, f := range cases {
		t.Run(name, func(t *testing.T) {
			defer func() {
				msg, _ := recover().(string)
				if !strings.Contains(msg, "kernel: Step: slice lengths differ") {
					t.Fatalf("panic = %q, want a length message", msg)
				}
			}()
			f()
		})
	}
}

func TestStepDoesNotAllocate(t *testing.T) {
	c := newGuardedBatch(100, 0, rand.New(rand.NewPCG(7, 8)), 0).get()
	s := make([]float64, 100)
	for _, tier := range kernel.Available() {
		if a := testing.AllocsPerRun(10, func() { tier.Step(c, s, s, s, s) }); a != 0 {
			t.Errorf("%s: %v allocations per Step", tier, a)
		}
	}
	if a := testing.AllocsPerRun(10, func() { kernel.Step(c, s, s, s, s) }); a != 0 {
		t.Errorf("Step: %v allocations", a)
	}
}

func FuzzStep(f *testing.F) {
	f.Add(uint64(1), uint64(2), uint8(13), 0.3)
	f.Add(uint64(3), uint64(4), uint8(67), 1.0)
	f.Fuzz(func(t *testing.T, seed1, seed2 uint64, n uint8, rate float64) {
		for _, tier := range kernel.Available() {
			checkStep(t, tier, int(n), int(seed1%2), rand.New(rand.NewPCG(seed1, seed2)), rate)
		}
	})
}
