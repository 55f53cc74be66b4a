package history

import (
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/evocopter/evocopter/evolve"
	"github.com/evocopter/evocopter/sim"
)

// hover3dPop is a population of hover3d creatures with odd coefficients.
func hover3dPop(n int, salt float64) []evolve.Creature {
	pop := make([]evolve.Creature, n)
	for i := range pop {
		v := make([]float64, sim.Hover3D.Shape.Len())
		for k := range v {
			v[k] = salt + float64(i*100+k)/7
		}
		v[0] = math.Copysign(0, -1)
		v[1] = math.SmallestNonzeroFloat64
		pop[i] = evolve.Creature{ID: int64(i + 1), Born: 1, Evaluated: true, Fitness: float64(100 - i), Coeffs: v}
	}
	return pop
}

// TestHover3DHistory: creatures of another task are recorded with their
// task and every bit of their coefficients (-0 too), the best one comes
// back as a hover3d creature, and resuming checks the coefficients.
func TestHover3DHistory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.db")
	h, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	pop := hover3dPop(5, 0)
	if err := h.Record(pop, nil, 0); err != nil {
		t.Fatal(err)
	}
	next := hover3dPop(2, 1)
	next[0].ID, next[0].Born, next[0].Fitness = 6, 2, 0.5
	next[1].ID, next[1].Born = 7, 2
	if err := h.Record(next, pop[:2], 1); err != nil {
		t.Fatal(err)
	}
	b, err := h.Best()
	if err != nil {
		t.Fatal(err)
	}
	if b.TaskOf() != sim.Hover3D || b.ID != 6 || *b.Fitness != 0.5 {
		t.Fatalf("best: %+v", b)
	}
	for k, x := range b.Values() {
		if math.Float64bits(x) != math.Float64bits(next[0].Coeffs[k]) {
			t.Fatalf("coefficient %d: %v, recorded %v", k, x, next[0].Coeffs[k])
		}
	}
	h.Close()

	// Resuming at generation 1 with the run's population forgets generation 2.
	h, err = Resume(path, 1, pop)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := h.Best(); err != nil || b.ID != 5 {
		t.Errorf("after resuming at 1: best %+v %v, want creature 5", b, err)
	}
	h.Close()
	// Another run's population (other coefficients) is refused.
	if _, err := Resume(path, 1, hover3dPop(5, 3)); err == nil || !strings.Contains(err.Error(), "another run") {
		t.Errorf("another run's population: %v", err)
	}
}
