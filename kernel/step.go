package kernel

import "unsafe"

// Step advances n = len(out) controllers by one step (docs/semantics.md §1) with the
// current tier: for every i,
//
//	state[i], out[i] = ((state[i]*K0[i] + in0[i]*K1[i]) + in1[i]*K2[i]) + C0[i],
//	                   ((state[i]*Q0[i] + in0[i]*Q1[i]) + in1[i]*Q2[i]) + C1[i]
//
// with in0 the setpoint and in1 the altitude, each product rounded on its
// own, summed left to right. Step panics if the lengths of the coefficient
// slices, state, in0 and in1 differ from len(out); n = 0 (nil slices
// included) does nothing. It does not allocate.
func Step(c *Batch2x3, state, in0, in1, out []float64) {
	stepWith(current.Load(), c, state, in0, in1, out)
}

// Step is Step on tier t. It panics if t is not available on this CPU
// (see Available).
func (t Tier) Step(c *Batch2x3, state, in0, in1, out []float64) {
	stepWith(t.mustImpl(), c, state, in0, in1, out)
}

func stepWith(im *impl, c *Batch2x3, state, in0, in1, out []float64) {
	n := len(out)
	// One branch for all twelve lengths; the message is built elsewhere.
	if (len(state)^n)|(len(in0)^n)|(len(in1)^n)|c.lenDiff(n) != 0 {
		panic(lengthError("Step", c, [4]string{"state", "in0", "in1", "out"}, [4][]float64{state, in0, in1, out}))
	}
	if n == 0 {
		return
	}
	// Data pointers and n, not slice headers: seven arguments fit the
	// register ABI, twelve words of headers would go through the stack.
	runStep(im.id, c, unsafe.SliceData(state), unsafe.SliceData(in0), unsafe.SliceData(in1), unsafe.SliceData(out), n)
}
