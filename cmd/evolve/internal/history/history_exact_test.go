package history

import (
	"math"
	"path/filepath"
	"testing"

	"github.com/evocopter/evocopter/evolve"
)

// TestCoefficientsExact: coefficients come back with their bits, except
// that SQLite stores -0 as 0 (see the package comment).
func TestCoefficientsExact(t *testing.T) {
	h, err := Create(filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	c := evolve.Creature{ID: 1, Born: 1, Evaluated: true, Fitness: 1, Coeffs: make([]float64, 8)}
	c.Coeffs[0] = math.Copysign(0, -1)
	c.Coeffs[1] = math.SmallestNonzeroFloat64
	c.Coeffs[2] = math.MaxFloat64
	c.Coeffs[3] = 0.1
	if err := h.Record([]evolve.Creature{c}, nil, 0); err != nil {
		t.Fatal(err)
	}
	b, err := h.Best()
	if err != nil {
		t.Fatal(err)
	}
	want := append([]float64(nil), c.Coeffs...)
	want[0] = 0
	for i := range c.Coeffs {
		if math.Float64bits(b.Coeffs[i]) != math.Float64bits(want[i]) {
			t.Errorf("coefficient %d: %v -> %v", i, c.Coeffs[i], b.Coeffs[i])
		}
	}
}
