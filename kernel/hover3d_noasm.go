//go:build !amd64 || purego || !gc

package kernel

// runHover3D: without assembly, every tier is the portable kernel.
func runHover3D(_ tierID, data []float64, n int, sc *Hover3DScenario) {
	hover3dSoAFly(data, n, sc)
}

func hover3dVerified(tierID) bool { return true }
