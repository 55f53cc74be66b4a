package evolve_test

import (
	"math"
	"testing"

	"github.com/evocopter/evocopter/evolve"
	"github.com/evocopter/evocopter/sim"
)

// cheap is a fast stand-in evaluator for tests of the evolution mechanics:
// a fitness that depends on every coefficient.
type cheap struct{ calls int }

func (c *cheap) Evaluate(coeffs []sim.Coeffs, out []sim.Fitness) {
	c.calls += len(coeffs)
	for i, k := range coeffs {
		out[i] = sim.Fitness{}
		for j, x := range k {
			out[i][j%5] += math.Abs(x - 0.1*float64(j))
		}
	}
}

func TestNewPopulation(t *testing.T) {
	if _, err := evolve.New(1, 1); err == nil {
		t.Fatal("P = 1 accepted")
	}
	u, err := evolve.New(500, 7)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range u.Pop {
		if c.ID != int64(i+1) || c.Born != 1 || c.Evaluated {
			t.Fatalf("creature %d: %+v", i, c)
		}
		for _, x := range c.Coeffs {
			if x < -0.5 || x >= 0.5 {
				t.Fatalf("coefficient %v outside [-0.5, 0.5)", x)
			}
		}
	}
}

func TestSplit(t *testing.T) {
	for _, tc := range []struct{ p, best, half, n int }{
		{500, 5, 250, 75}, {2, 0, 1, 0}, {10, 0, 5, 2}, {150, 2, 75, 23}, {1000, 10, 500, 150}, {501, 5, 251, 75},
	} {
		best, half, n := evolve.Split(tc.p)
		if best != tc.best || half != tc.half || n != tc.n {
			t.Errorf("Split(%d) = %d %d %d, want %d %d %d", tc.p, best, half, n, tc.best, tc.half, tc.n)
		}
	}
}

// TestGenerations checks docs/semantics.md §5's bookkeeping: generation 1 evaluates P,
// later generations only the children; P stays constant for odd and tiny
// populations; ids are never reused; the best creature always survives
// when the top pool is not empty.
func TestGenerations(t *testing.T) {
	for _, p := range []int{2, 3, 4, 5, 7, 10, 99, 500, 501} {
		u, err := evolve.New(p, 3)
		if err != nil {
			t.Fatal(err)
		}
		ev := &cheap{}
		if n := u.Evaluate(ev); n != p {
			t.Fatalf("P=%d: generation 1 evaluated %d", p, n)
		}
		top, half, _ := evolve.Split(p)
		seen := map[int64]bool{}
		for g := 2; g <= 20; g++ {
			best := u.Best()
			dead := u.Advance()
			if len(u.Pop) != p || len(dead) != p-half {
				t.Fatalf("P=%d gen %d: %d living, %d dead", p, g, len(u.Pop), len(dead))
			}
			// With round(0.01P) = 0 even the best is in the "good" pool.
			if top > 0 && u.Pop[0].ID != best.ID {
				t.Fatalf("P=%d gen %d: best %d did not survive first", p, g, best.ID)
			}
			if n := u.Evaluate(ev); n != p-half {
				t.Fatalf("P=%d gen %d: evaluated %d, want %d children", p, g, n, p-half)
			}
			for _, c := range u.Pop {
				if !c.Evaluated {
					t.Fatalf("creature %d not evaluated", c.ID)
				}
				if c.Born == g {
					if seen[c.ID] || c.Parent == 0 {
						t.Fatalf("child %+v reused an id or has no parent", c)
					}
					seen[c.ID] = true
				}
			}
			if u.Generation != g {
				t.Fatalf("generation %d, want %d", u.Generation, g)
			}
		}
	}
}

// TestSameSeedSameRun: a seed fixes the whole run; another seed changes it.
func TestSameSeedSameRun(t *testing.T) {
	run := func(seed uint64) []evolve.Creature {
		u, _ := evolve.New(60, seed)
		for g := 0; g < 30; g++ {
			u.Evaluate(&cheap{})
			u.Advance()
		}
		return u.Pop
	}
	a, b, c := run(5), run(5), run(6)
	for i := range a {
		if !evolve.SameCreature(a[i], b[i]) {
			t.Fatalf("same seed, creature %d differs: %+v vs %+v", i, a[i], b[i])
		}
	}
	same := true
	for i := range a {
		same = same && evolve.SameCreature(a[i], c[i])
	}
	if same {
		t.Fatal("seeds 5 and 6 gave the same run")
	}
}

func TestStats(t *testing.T) {
	u, _ := evolve.New(4, 1)
	u.Evaluate(evolve.ConstEvaluator{1, 2, 3, 10})
	if st := u.Stats(); st.Min != 1 || st.Max != 10 || st.Avg != 4 {
		t.Fatalf("stats %+v", st)
	}
	if b := u.Best(); b.Fitness != 1 || b.ID != 1 {
		t.Fatalf("best %+v", b)
	}
}

// TestRankOrder: selection ranks by fitness, ties by id, NaN last.
func TestRankOrder(t *testing.T) {
	nan := math.NaN()
	u, _ := evolve.New(6, 1)
	u.Evaluate(evolve.ConstEvaluator{3, nan, 1, 3, -2, 1})
	u.Advance()
	// P=6: best 0, half 3, n 1: the survivors are 3 of the ranked
	// 5(-2) 3(1) 6(1) | 1(3) 4(3) 2(NaN), in rank order.
	order := map[int64]int{5: 0, 3: 1, 6: 2, 1: 3, 4: 4, 2: 5}
	last := -1
	for _, c := range u.Pop[:3] {
		if order[c.ID] <= last {
			t.Fatalf("survivors out of rank order: %+v", u.Pop[:3])
		}
		last = order[c.ID]
	}
}
