package border

import (
	"math"
	"time"

	"github.com/evocopter/evocopter/bench/border/internal/cgoborder"
)

// Form is one way of calling an empty function: across a border (Via:
// "go", "asm" or "cgo") with one argument list (Args: "none", "pointer",
// "int", "slice" or "12slices").
type Form struct {
	Via  string `json:"via"`
	Args string `json:"args"`
	// Skip says why this binary cannot call the form ("" when it can):
	// no assembly for this GOARCH or build, or cgo off.
	Skip string `json:"skipped,omitempty"`
	loop func(n int)
}

// Name is "via/args", the sub-benchmark's name.
func (f Form) Name() string { return f.Via + "/" + f.Args }

// Forms lists every form, the Go baseline first, then assembly, then cgo,
// each with the argument lists in the same order.
func Forms() []Form {
	borders := []struct {
		via, skip string
		loops     *[numShapes]func(n int)
	}{{"go", "", &goLoops}, {"asm", asmSkip, &asmLoops}, {"cgo", cgoborder.Skip, &cgoborder.Loops}}
	var fs []Form
	for _, b := range borders {
		for i, args := range shapeNames {
			fs = append(fs, Form{Via: b.via, Args: args, Skip: b.skip, loop: b.loops[i]})
		}
	}
	return fs
}

// Run calls the form's empty function n times, one call per iteration of
// a plain counted loop (the arguments are set up once, before it). It
// panics if the form is skipped here.
func (f Form) Run(n int) {
	if f.Skip != "" {
		panic("border: " + f.Name() + ": " + f.Skip)
	}
	f.loop(n)
}

// NsPerCall times the form for at least minTime and returns the ns per
// call of the fastest batch (see measure). It panics if the form is
// skipped here.
func (f Form) NsPerCall(minTime time.Duration) float64 {
	if f.Skip != "" {
		panic("border: " + f.Name() + ": " + f.Skip)
	}
	return measure(minTime, f.loop)
}

// batchTime is the shortest batch measure times: long enough that reading
// the clock twice is noise, short enough for hundreds of batches a second.
const batchTime = time.Millisecond

// measure runs run(n) with n doubled until one batch takes batchTime, then
// repeats such batches for at least minTime (and at least 3 times) and
// returns the fastest batch's ns per unit of n. The fastest, not the
// median: the work is fixed and has no slow path to miss, so anything
// that makes a batch slower (another process on the core, an interrupt)
// is noise, and on a shared machine most batches have some.
func measure(minTime time.Duration, run func(n int)) float64 {
	n := 1
	for {
		t0 := time.Now()
		run(n)
		if time.Since(t0) >= batchTime {
			break
		}
		n *= 2
	}
	best := math.Inf(1)
	start := time.Now()
	for i := 0; i < 3 || time.Since(start) < minTime; i++ {
		t0 := time.Now()
		run(n)
		best = min(best, float64(time.Since(t0).Nanoseconds())/float64(n))
	}
	return best
}

// payload is what the pointer and slice forms pass: Go memory without
// pointers, as the kernels' float64 arrays are.
var payload [8]float64
