//go:build !amd64 || purego || !gc

package kernel

import "unsafe"

// No assembly in this build: soa is the only tier.
var asmImpls []*impl

func runStep(_ tierID, c *Coeffs, s, z, a, o *float64, n int) {
	stepSoA(c, unsafe.Slice(s, n), unsafe.Slice(z, n), unsafe.Slice(a, n), unsafe.Slice(o, n))
}

func runFly(_ tierID, variant int, c *Coeffs, state, fitness []float64, f *Flight) {
	runFlySoA(variant, c, state, fitness, f)
}
