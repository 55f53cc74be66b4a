package evolve_test

import (
	"math"
	"testing"

	"github.com/evocopter/evocopter/evolve"
)

// TestMutations checks what each of the six mutations may change.
func TestMutations(t *testing.T) {
	r := evolve.NewTestRand(9)
	orig := []float64{0.1, -0.2, 0.3, -0.4, 0.25, -0.125}
	for trial := 0; trial < 200; trial++ {
		for kind := 0; kind < evolve.NumMutations; kind++ {
			x := append([]float64(nil), orig...)
			evolve.ApplyMutation(r, kind, x)
			changed := 0
			for i := range x {
				if x[i] != orig[i] {
					changed++
				}
				ratio := x[i] / orig[i]
				switch evolve.MutationNames[kind] {
				case "random", "one", "all":
					if ratio < 0.5 || ratio >= 1.5 {
						t.Fatalf("%s: factor %v outside [0.5, 1.5)", evolve.MutationNames[kind], ratio)
					}
				case "normal":
					if ratio < -0.5 || ratio > 1.5 { // 10 sigma
						t.Fatalf("normal: factor %v", ratio)
					}
				}
			}
			switch evolve.MutationNames[kind] {
			case "one", "zero_or_one", "set_equal_to":
				if changed > 1 {
					t.Fatalf("%s changed %d entries: %v", evolve.MutationNames[kind], changed, x)
				}
			case "all":
				f := x[0] / orig[0]
				for i := range x {
					if math.Abs(x[i]/orig[i]-f) > 1e-15 {
						t.Fatalf("all: entry %d not scaled by the common factor %v: %v", i, f, x)
					}
				}
			}
			if evolve.MutationNames[kind] == "zero_or_one" {
				for i := range x {
					if x[i] != orig[i] && x[i] != 0 && x[i] != 1 {
						t.Fatalf("zero_or_one set %v", x[i])
					}
				}
			}
			if evolve.MutationNames[kind] == "set_equal_to" {
				for i := range x {
					if x[i] == orig[i] {
						continue
					}
					found := false
					for _, o := range orig {
						found = found || x[i] == o || x[i] == -o
					}
					if !found {
						t.Fatalf("set_equal_to wrote %v, not ± an entry", x[i])
					}
				}
			}
		}
	}
}

// TestLog: the portable log agrees with math.Log to within one unit in the
// last place, and gives these exact bits (the same on every architecture).
func TestLog(t *testing.T) {
	r := evolve.NewTestRand(1)
	for i := 0; i < 100000; i++ {
		x := r.Float64()
		got, want := evolve.Log(x), math.Log(x)
		if math.Abs(got-want) > math.Abs(want)*0x1p-52 {
			t.Fatalf("log(%v) = %v, math.Log %v", x, got, want)
		}
	}
	for x, bits := range map[float64]uint64{
		0.5:  0xbfe62e42fefa39ef,
		0.1:  0xc0026bb1bbb55515,
		0.9:  0xbfbaf8e8210a415c,
		1e-9: 0xc034b927f32bffb8,
	} {
		if got := math.Float64bits(evolve.Log(x)); got != bits {
			t.Errorf("log(%v) bits %#x, want %#x", x, got, bits)
		}
	}
}

// TestNormal: the polar method's draws have mean 0 and variance 1.
func TestNormal(t *testing.T) {
	r := evolve.NewTestRand(2)
	const n = 200000
	sum, sq := 0.0, 0.0
	for i := 0; i < n; i++ {
		x := evolve.Normal(r)
		sum += x
		sq += x * x
	}
	mean, variance := sum/n, sq/n-(sum/n)*(sum/n)
	if math.Abs(mean) > 0.01 || math.Abs(variance-1) > 0.01 {
		t.Fatalf("mean %v variance %v", mean, variance)
	}
}
