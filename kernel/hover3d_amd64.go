//go:build amd64 && gc && !purego

package kernel

import "unsafe"

// runHover3D calls tier id's fused 3-D flight directly.
func runHover3D(id tierID, data []float64, n int, sc *Hover3DScenario) {
	p := unsafe.SliceData(data)
	st, a, sp := &sc.Start, &sc.Attitude, &sc.Setpoint
	switch id {
	case idSSE2:
		hover3dSSE2(p, n, sc.Steps, st[0], st[1], st[2], a[0], a[1], a[2], sp[0], sp[1], sp[2], sc.Bound, sc.Dt, sc.Penalty)
	case idAVX2:
		hover3dAVX2(p, n, sc.Steps, st[0], st[1], st[2], a[0], a[1], a[2], sp[0], sp[1], sp[2], sc.Bound, sc.Dt, sc.Penalty)
	case idAVX512:
		hover3dAVX512(p, n, sc.Steps, st[0], st[1], st[2], a[0], a[1], a[2], sp[0], sp[1], sp[2], sc.Bound, sc.Dt, sc.Penalty)
	default:
		hover3dSoAFly(data, n, sc)
	}
}

// hover3dVerified reports whether tier id's fused 3-D flight has been
// compared with the scalar model on a CPU that runs it. The avx512 kernel
// is generated and assembled but has not run yet (no machine with
// AVX-512 was at hand): the evaluators do not pick it until
// TestHover3DKernelMatchesScalarModel has passed on one.
func hover3dVerified(id tierID) bool { return id != idAVX512 }
