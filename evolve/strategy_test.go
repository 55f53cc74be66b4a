package evolve_test

import (
	"bytes"
	"testing"

	"github.com/evocopter/evocopter/evolve"
	"github.com/evocopter/evocopter/sim"
)

// verticalFitness adapts a vertical evaluator to ask/tell.
func verticalFitness(ev sim.Evaluator, xs [][]float64) []float64 {
	cs := make([]sim.Coeffs, len(xs))
	for i, x := range xs {
		cs[i] = sim.Coeffs(x)
	}
	fit := make([]sim.Fitness, len(xs))
	ev.Evaluate(cs, fit)
	out := make([]float64, len(xs))
	for i := range fit {
		out[i] = fit[i].Total()
	}
	return out
}

// TestGAAskTellIsTheUniverse: ga through ask/tell makes exactly the run
// of Evaluate and Advance (the vertical task's bits).
func TestGAAskTellIsTheUniverse(t *testing.T) {
	a, _ := evolve.New(30, 9)
	b, _ := evolve.New(30, 9)
	set := evolve.Settings{Population: 30, Seed: 9, Kernel: "scalar"}
	for g := 1; g <= 6; g++ {
		if g > 1 {
			a.Advance()
		}
		a.Evaluate(sim.ScalarEvaluator)
		xs := b.Ask()
		if err := b.Tell(verticalFitness(sim.ScalarEvaluator, xs)); err != nil {
			t.Fatal(err)
		}
		if g > 1 && len(b.Dead()) != 15 {
			t.Fatalf("generation %d: %d dead", g, len(b.Dead()))
		}
		da, _ := a.MarshalCheckpoint(set)
		db, _ := b.MarshalCheckpoint(set)
		if !bytes.Equal(da, db) || b.Gen() != g {
			t.Fatalf("generation %d differs", g)
		}
	}
}

// TestGAShaped: ga over a 70-coefficient creature with 5 constants
// mutates either the first 65 or the last 5 in each child, and its
// checkpoint resumes to the same bytes.
func TestGAShaped(t *testing.T) {
	shape := evolve.Shape{Coeffs: 70, Constants: 5}
	u, err := evolve.NewShaped(20, 4, shape)
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		xs := u.Ask()
		if len(xs[0]) != 70 {
			t.Fatalf("%d coefficients", len(xs[0]))
		}
		fit := make([]float64, len(xs))
		for k, x := range xs {
			fit[k] = sphere(x)
		}
		if err := u.Tell(fit); err != nil {
			t.Fatal(err)
		}
	}
	parents := map[int64][]float64{}
	for _, c := range u.Pop {
		parents[c.ID] = append([]float64(nil), c.Coeffs...)
	}
	u.Ask()
	for _, c := range u.Pop {
		p, ok := parents[c.Parent]
		if c.Born != u.Gen() || !ok {
			continue
		}
		changed := [2]bool{}
		for i := range c.Coeffs {
			if c.Coeffs[i] != p[i] {
				changed[min(i/65, 1)] = true
			}
		}
		if changed[0] && changed[1] {
			t.Fatalf("child %d changed matrix and constant", c.ID)
		}
	}
	if _, err := evolve.NewShaped(20, 4, evolve.Shape{Coeffs: 5, Constants: 5}); err == nil {
		t.Fatal("a shape without a matrix accepted")
	}
	u.Tell(make([]float64, len(u.Ask())))
	set := evolve.Settings{Population: 20, Seed: 4, Task: "hover3d"}
	data, err := u.MarshalCheckpoint(set)
	if err != nil {
		t.Fatal(err)
	}
	r, _, err := evolve.ResumeCheckpoint(data)
	if err != nil {
		t.Fatal(err)
	}
	if r.Shape() != shape {
		t.Fatalf("shape %+v", r.Shape())
	}
	again, _ := r.MarshalCheckpoint(set)
	if !bytes.Equal(data, again) {
		t.Fatal("a shaped checkpoint resumes to other bytes")
	}
	set.Task = ""
	vertical, _ := u.MarshalCheckpoint(set)
	if _, _, err := evolve.ResumeCheckpoint(vertical); err == nil {
		t.Fatal("70 coefficients accepted for the vertical task")
	}
}
