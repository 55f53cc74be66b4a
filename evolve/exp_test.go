package evolve_test

import (
	"math"
	"testing"

	"github.com/evocopter/evocopter/evolve"
)

// TestExp: the portable exp agrees with math.Exp to within two units in
// the last place (math.Exp is assembly with its own algorithm on amd64 and
// s390x) over the range CMA-ES's step-size update uses and beyond,
// handles the special cases, and gives these exact bits (the same on every
// architecture: run it under qemu).
func TestExp(t *testing.T) {
	r := evolve.NewTestRand(3)
	for i := 0; i < 100000; i++ {
		x := float64(r.Float64()*60) - 30
		got, want := evolve.Exp(x), math.Exp(x)
		if math.Abs(got-want) > want*0x1p-51 {
			t.Fatalf("exp(%v) = %v, math.Exp %v", x, got, want)
		}
	}
	for x, want := range map[float64]float64{0: 1, 1e-300: 1, 800: math.Inf(1), -800: 0, math.Inf(1): math.Inf(1), math.Inf(-1): 0} {
		if got := evolve.Exp(x); got != want {
			t.Errorf("exp(%v) = %v, want %v", x, got, want)
		}
	}
	if got := evolve.Exp(math.NaN()); got == got {
		t.Errorf("exp(NaN) = %v", got)
	}
	for x, bits := range map[float64]uint64{
		1:     0x4005bf0a8b145769,
		-0.37: 0x3fe61a7ee209faff,
		0.01:  0x3ff0292a5d2f2226,
		12.5:  0x411060c52565ba66,
	} {
		if got := math.Float64bits(evolve.Exp(x)); got != bits {
			t.Errorf("exp(%v) bits %#x, want %#x", x, got, bits)
		}
	}
}
