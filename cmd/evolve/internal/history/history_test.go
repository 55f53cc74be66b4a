package history

import (
	"path/filepath"
	"testing"

	"github.com/evocopter/evocopter/evolve"
	"github.com/evocopter/evocopter/sim"
)

// BenchmarkRecordGeneration writes what a steady generation of a
// population of 500 writes: 250 children and 250 dead.
func BenchmarkRecordGeneration(b *testing.B) {
	h, err := Create(filepath.Join(b.TempDir(), "h.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer h.Close()
	u, _ := evolve.New(500, 1)
	u.Evaluate(sim.ScalarEvaluator)
	if err := h.Record(u.Pop, nil, 0); err != nil {
		b.Fatal(err)
	}
	born := make([]evolve.Creature, 250)
	dead := u.Pop[:250]
	next := int64(501)
	for b.Loop() {
		for i := range born {
			born[i] = evolve.Creature{ID: next, Parent: 1, Born: 2, Evaluated: true, Fitness: float64(next), Coeffs: u.Pop[i].Coeffs}
			next++
		}
		if err := h.Record(born, dead, 1); err != nil {
			b.Fatal(err)
		}
	}
}
