package sim_test

import (
	"bufio"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/evocopter/evocopter/sim"
)

// loadReference reads testdata/creatures.json and the exact fitness the
// original program computed for each (testdata/fitness.txt, %.17g).
func loadReference(t testing.TB) ([]sim.CreatureFile, []sim.Fitness) {
	t.Helper()
	cs, err := sim.ReadCreatureFile("testdata/creatures.json")
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("testdata/fitness.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var want []sim.Fitness
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) != 7 {
			t.Fatalf("fitness.txt: bad line %q", sc.Text())
		}
		var fit sim.Fitness
		for i := range fit {
			v, err := strconv.ParseFloat(fields[i+1], 64)
			if err != nil {
				t.Fatal(err)
			}
			fit[i] = v
		}
		total, _ := strconv.ParseFloat(fields[6], 64)
		if math.Float64bits(fit.Total()) != math.Float64bits(total) {
			t.Fatalf("fitness.txt line %s: total %v is not the left-to-right sum %v", fields[0], total, fit.Total())
		}
		want = append(want, fit)
	}
	if len(want) != len(cs) || len(cs) != 53 {
		t.Fatalf("%d creatures, %d fitness lines, want 53 of each", len(cs), len(want))
	}
	return cs, want
}

func sameBits(a, b sim.Fitness) bool {
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return false
		}
	}
	return true
}

// referenceMatches evaluates every reference creature with the controller
// newController builds and compares the fitness bits with the reference's.
func referenceMatches(t *testing.T, newController func(sim.Coeffs) sim.Controller) {
	t.Helper()
	cs, want := loadReference(t)
	for i, c := range cs {
		got := sim.Evaluate(newController(c.Coeffs))
		if !sameBits(got, want[i]) {
			t.Errorf("creature %d: got %v, want %v", i, got, want[i])
		}
	}
}

func TestReferenceSpecialized(t *testing.T) {
	referenceMatches(t, func(c sim.Coeffs) sim.Controller { return sim.NewSpecialized(c) })
}

func TestReferenceGeneric(t *testing.T) {
	skipUnlessGonumExact(t)
	referenceMatches(t, func(c sim.Coeffs) sim.Controller { return sim.NewGeneric2x3(c) })
}

func TestStepCounts(t *testing.T) {
	want := []int{200, 200, 200, 200, 401}
	total := 0
	for i, e := range sim.Environments {
		if got := e.Steps(); got != want[i] {
			t.Errorf("environment %d: %d steps, want %d", i, got, want[i])
		}
		total += e.Steps()
	}
	if total != 1201 {
		t.Errorf("%d steps per evaluation, want 1201", total)
	}
}
