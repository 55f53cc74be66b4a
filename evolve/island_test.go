package evolve_test

import (
	"math"
	"testing"

	"github.com/evocopter/evocopter/evolve"
)

func TestIslandSeeds(t *testing.T) {
	seen := map[uint64]bool{}
	for seed := uint64(0); seed < 50; seed++ {
		for i := range 50 {
			s := evolve.IslandSeed(seed, i)
			if seen[s] {
				t.Fatalf("seed %d island %d: seed %#x again", seed, i, s)
			}
			seen[s] = true
		}
	}
}

// TestMigration: the best leave as copies, in rank order; immigrants
// replace the worst (the worst by the first), get new ids, are born into
// the current generation and fly again on their new island.
func TestMigration(t *testing.T) {
	src, err := evolve.New(20, 1)
	if err != nil {
		t.Fatal(err)
	}
	src.Evaluate(&cheap{})
	ms := src.Emigrants(3)
	for i, m := range ms {
		if i > 0 && m.Fitness < ms[i-1].Fitness {
			t.Fatalf("emigrants not best first: %v", ms)
		}
		m.Coeffs[0] = math.NaN() // a copy: the source keeps its own
	}
	if ms[0].Fitness != src.Best().Fitness || math.IsNaN(src.Best().Coeffs[0]) {
		t.Fatalf("first emigrant %v; best %+v", ms[0], src.Best())
	}
	ms = src.Emigrants(3)

	dst, err := evolve.New(20, 2)
	if err != nil {
		t.Fatal(err)
	}
	dst.Evaluate(&cheap{})
	worst := dst.Pop[0]
	for _, c := range dst.Pop {
		if c.Fitness > worst.Fitness {
			worst = c
		}
	}
	next := dst.NextID
	arrived, replaced, err := dst.Immigrate(ms)
	if err != nil {
		t.Fatal(err)
	}
	if len(arrived) != 3 || len(replaced) != 3 || replaced[0].ID != worst.ID {
		t.Fatalf("arrived %v, replaced %v; the worst is %d", arrived, replaced, worst.ID)
	}
	for i, c := range arrived {
		if c.ID != next+int64(i) || c.Parent != 0 || c.Born != 1 || c.Evaluated || c.Coeffs[0] != ms[i].Coeffs[0] {
			t.Fatalf("immigrant %d: %+v", i, c)
		}
	}
	if n := dst.Evaluate(&cheap{}); n != 3 {
		t.Fatalf("%d evaluated after the migration, want the 3 immigrants", n)
	}
	if _, _, err := dst.Immigrate(src.Emigrants(11)); err == nil {
		t.Fatal("11 migrants into a population of 20 accepted")
	}
}

func TestMigrantsMessage(t *testing.T) {
	ms := []evolve.Migrant{{ID: 7, Fitness: math.Inf(1), Coeffs: []float64{math.Copysign(0, -1), math.NaN(), 1e-310}}}
	data, err := evolve.MarshalMigrants("r", 2, 5, ms)
	if err != nil {
		t.Fatal(err)
	}
	got, err := evolve.UnmarshalMigrants(data, "r", 2, 5)
	if err != nil || len(got) != 1 || got[0].ID != 7 || !math.IsInf(got[0].Fitness, 1) {
		t.Fatalf("%v %v", got, err)
	}
	for i, x := range ms[0].Coeffs {
		if math.Float64bits(got[0].Coeffs[i]) != math.Float64bits(x) {
			t.Fatalf("coefficient %d: %v, want %v", i, got[0].Coeffs[i], x)
		}
	}
	for _, c := range []struct {
		run           string
		island, epoch int
	}{{"s", 2, 5}, {"r", 1, 5}, {"r", 2, 4}} {
		if _, err := evolve.UnmarshalMigrants(data, c.run, c.island, c.epoch); err == nil {
			t.Errorf("message of r/2/5 accepted as %v", c)
		}
	}
	if _, err := evolve.UnmarshalMigrants(data[:len(data)-1], "r", 2, 5); err == nil {
		t.Error("cut message accepted")
	}
}
