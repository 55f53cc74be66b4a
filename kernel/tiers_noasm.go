//go:build !amd64 || purego || !gc

package kernel

// No assembly in this build: soa is the only tier.
var asmImpls []*impl

func runStep(_ tierID, c *Coeffs, state, in0, in1, out []float64) {
	stepSoA(c, state, in0, in1, out)
}

func runFly(_ tierID, variant int, c *Coeffs, state, fitness []float64, f *Flight) {
	steps, z0, zsp, dt, g, m, mf := f.Steps, f.Z0, f.Setpoint, f.Dt, f.G, f.M, f.MF
	switch variant {
	case flyUnitAbs:
		flyUnitAbsSoA(c, state, fitness, steps, z0, zsp, dt, g, m, mf)
	case flyAbs:
		flyAbsSoA(c, state, fitness, steps, z0, zsp, dt, g, m, mf)
	case flyUnit:
		flyUnitSoA(c, state, fitness, steps, z0, zsp, dt, g, m, mf)
	default:
		flySoA(c, state, fitness, steps, z0, zsp, dt, g, m, mf)
	}
}
