//go:build amd64 && gc && !purego

package kernel

// runHover3D calls tier id's fused 3-D flight directly.
func runHover3D(id tierID, data []float64, n int, sc *Hover3DScenario) {
	switch id {
	case idSoA:
		hover3dSoAFly(data, n, sc)
	default:
		panic("kernel: no hover3d assembly for tier " + string(allTiers[id]))
	}
}

// hasHover3D reports whether tier id has an assembly 3-D flight.
func hasHover3D(id tierID) bool { return id == idSoA }
