package evolve

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/evocopter/evocopter/sim"
)

func TestSelectionSizes(t *testing.T) {
	for _, p := range []int{2, 3, 7, 40, 500} {
		u, err := New(p, 3)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[int64]bool{}
		for g := 1; g <= 4; g++ {
			if n := u.Evaluate(sim.ScalarEvaluator); g == 1 && n != p {
				t.Fatalf("P=%d: evaluated %d in generation 1", p, n)
			}
			for _, c := range u.Pop {
				seen[c.ID] = true
			}
			before := u.NextID
			dead := u.Advance()
			born := int(u.NextID - before)
			if len(u.Pop) != p || len(dead) != born || u.Generation != g+1 {
				t.Fatalf("P=%d gen %d: pop %d, dead %d, born %d", p, g, len(u.Pop), len(dead), born)
			}
			if p == 500 && born != 250 {
				t.Fatalf("P=500: %d children, want 250", born)
			}
			for _, d := range dead {
				if !seen[d.ID] {
					t.Fatalf("dead %d never lived", d.ID)
				}
			}
		}
	}
	if _, err := New(1, 1); err == nil {
		t.Fatal("P=1 accepted")
	}
}

func TestSameSeedSameRun(t *testing.T) {
	run := func() []Creature {
		u, _ := New(30, 9)
		for range 5 {
			u.Evaluate(sim.ScalarEvaluator)
			u.Advance()
		}
		return u.Pop
	}
	a, b := run(), run()
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("creature %d differs: %+v %+v", i, a[i], b[i])
		}
	}
}

func TestPortableLog(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 100000 {
		x := r.Float64()
		if x == 0 {
			continue
		}
		got, want := portableLog(x), math.Log(x)
		if math.Abs(got-want) > 1e-15*math.Abs(want) {
			t.Fatalf("log(%v) = %v, want %v", x, got, want)
		}
	}
}
