//go:build !amd64 || purego || !gc

package kernel

// No assembly in this build: soa is the only tier.
var asmImpls []*impl

func runStep(_ tierID, c *Coeffs, state, in0, in1, out []float64) {
	stepSoA(c, state, in0, in1, out)
}

func runFly(_ tierID, unitMass bool, c *Coeffs, state, fitness []float64, f *Flight) {
	if unitMass {
		flyUnitSoA(c, state, fitness, f.Steps, f.Z0, f.Setpoint, f.Dt, f.G, f.M, f.MF)
		return
	}
	flySoA(c, state, fitness, f.Steps, f.Z0, f.Setpoint, f.Dt, f.G, f.M, f.MF)
}
