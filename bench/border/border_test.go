package border

import (
	"strings"
	"testing"
	"time"

	"github.com/evocopter/evocopter/kernel"
)

// BenchmarkCall reports, as ns/op, what one call of each form costs: an
// empty function called once per iteration. Forms this build lacks (no
// assembly for GOARCH, cgo off) are skipped, saying why.
func BenchmarkCall(b *testing.B) {
	for _, f := range Forms() {
		b.Run(f.Name(), func(b *testing.B) {
			if f.Skip != "" {
				b.Skip(f.Skip)
			}
			f.Run(b.N)
		})
	}
}

// TestForms checks the table: every border with every argument list, the
// Go baseline always there, and every form this build has callable (which
// runs the generated assembly and C, under qemu too).
func TestForms(t *testing.T) {
	fs := Forms()
	if len(fs) != 3*numShapes {
		t.Fatalf("%d forms, want %d", len(fs), 3*numShapes)
	}
	seen := map[string]bool{}
	for i, f := range fs {
		if want := [3]string{"go", "asm", "cgo"}[i/numShapes]; f.Via != want || f.Args != shapeNames[i%numShapes] {
			t.Errorf("form %d is %s, want %s/%s", i, f.Name(), want, shapeNames[i%numShapes])
		}
		if seen[f.Name()] {
			t.Errorf("form %s twice", f.Name())
		}
		seen[f.Name()] = true
		if f.Skip != "" {
			if f.Via == "go" {
				t.Errorf("Go baseline %s skipped: %s", f.Name(), f.Skip)
			}
			t.Logf("%s skipped: %s", f.Name(), f.Skip)
			continue
		}
		f.Run(3)
	}
}

// TestSkippedFormPanics checks that a skipped form says why when run.
func TestSkippedFormPanics(t *testing.T) {
	f := Form{Via: "cgo", Args: "none", Skip: "cgo is off"}
	defer func() {
		if r, _ := recover().(string); !strings.Contains(r, "cgo/none: cgo is off") {
			t.Errorf("panic %q, want the form and the reason", r)
		}
	}()
	f.Run(1)
}

func TestBreakEven(t *testing.T) {
	for _, c := range []struct {
		w      Work
		callNs float64
		want   int
	}{
		// 10 ns < 0.05 * n * 0.5 ns: n > 400.
		{Work{NsPerCreatureStep: 0.5, StepsPerCall: 1}, 10, 401},
		{Work{NsPerCreatureStep: 0.5, StepsPerCall: 1}, 9.99, 400},
		// 200 steps per creature: 10 < 0.05 * n * 100, n > 2.
		{Work{NsPerCreatureStep: 0.5, StepsPerCall: 200}, 10, 3},
		// A call cheaper than 5% of one creature's work: one will do.
		{Work{NsPerCreatureStep: 0.5, StepsPerCall: 200}, 1, 1},
		{Work{NsPerCreatureStep: 0, StepsPerCall: 1}, 10, 0},
	} {
		if got := c.w.BreakEven(c.callNs); got != c.want {
			t.Errorf("%+v.BreakEven(%v) = %d, want %d", c.w, c.callNs, got, c.want)
		}
	}
}

// TestShortestFlight: the four 2-second environments at dt = 0.01.
func TestShortestFlight(t *testing.T) {
	if got := ShortestFlight(); got != 200 {
		t.Errorf("ShortestFlight() = %d, want 200", got)
	}
}

// TestMeasure checks the bookkeeping of measure and of the work
// measurements (not their speed, which a test cannot assert).
func TestMeasure(t *testing.T) {
	var calls, maxN int
	ns := measure(time.Millisecond, func(n int) {
		calls++
		maxN = max(maxN, n)
		time.Sleep(batchTime)
	})
	if calls < 4 || maxN != 1 || !(ns > 0) {
		t.Errorf("measure: %d calls, largest n %d, %v ns per unit", calls, maxN, ns)
	}
	for _, w := range []Work{MeasureStep(kernel.SoA, time.Nanosecond), MeasureFly(kernel.SoA, time.Nanosecond)} {
		if w.Tier != "soa" || !(w.NsPerCreatureStep > 0) || w.StepsPerCall < 1 {
			t.Errorf("work %+v", w)
		}
	}
}
