package sim

import (
	"math"
	"strings"
	"testing"
)

// TestBatchFallsBackToFullModel swaps in environments the vertical form
// does not cover (an infinite start altitude, a NaN setpoint) and checks
// that the batch flies those on the full model, with the same bits as the
// one-creature evaluator, the state still carrying across environments.
func TestBatchFallsBackToFullModel(t *testing.T) {
	saved := Environments
	defer func() { Environments = saved }()
	Environments[1].Z0 = math.Inf(1)
	Environments[3].Z1 = math.NaN()
	if _, ok := verticalFlight(Environments[1]); ok {
		t.Fatal("infinite start altitude taken as vertical")
	}
	if _, ok := verticalFlight(Environments[0]); !ok {
		t.Fatal("ordinary environment not taken as vertical")
	}
	coeffs := []Coeffs{{0.1, 0.2, -0.3, 0.05, 0.1, -0.1, 0.01, 0.5}, {}, {0, 0, 0, 0, 0.1, -0.1, 0, 0.5}}
	want := make([]Fitness, len(coeffs))
	ScalarEvaluator.Evaluate(coeffs, want)
	got := make([]Fitness, len(coeffs))
	(&Batch{Workers: 1}).Evaluate(coeffs, got)
	for i := range got {
		for e := range got[i] {
			if math.Float64bits(got[i][e]) != math.Float64bits(want[i][e]) {
				t.Errorf("creature %d env %d: %v, want %v", i, e, got[i][e], want[i][e])
			}
		}
	}
}

// TestWorkerPanicReachesTheCaller: a panic in a worker goroutine is
// raised again in the caller's, where it can be recovered (a panic left
// in a goroutine ends the process).
func TestWorkerPanicReachesTheCaller(t *testing.T) {
	defer func() {
		r := recover()
		if s, ok := r.(string); !ok || !strings.HasPrefix(s, "boom") || !strings.Contains(s, "in a worker goroutine") {
			t.Fatalf("recovered %v", r)
		}
	}()
	runWorkers(4, func(w int) {
		if w == 2 {
			panic("boom")
		}
	})
	t.Fatal("no panic")
}
