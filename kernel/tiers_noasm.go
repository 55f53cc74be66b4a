//go:build !amd64 || purego || !gc

package kernel

import "unsafe"

// No assembly in this build: soa is the only tier.
var asmImpls []*impl

func runStep(_ tierID, c *Batch2x3, s, z, a, o *float64, n int) {
	stepSoA(c, unsafe.Slice(s, n), unsafe.Slice(z, n), unsafe.Slice(a, n), unsafe.Slice(o, n))
}

func runFly(_ tierID, variant int, c *Batch2x3, state, fitness []float64, f *Flight) {
	runFlySoA(variant, c, state, fitness, f)
}
