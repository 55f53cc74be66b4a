//go:build !amd64 || purego || !gc

package kernel

// No assembly in this build: soa is the only tier.
var asmImpls []*impl

func runStep(_ tierID, c *Coeffs, state, in0, in1, out []float64) {
	stepSoA(c, state, in0, in1, out)
}

func runFly(_ tierID, variant int, c *Coeffs, state, fitness []float64, f *Flight) {
	runFlySoA(variant, c, state, fitness, f)
}
