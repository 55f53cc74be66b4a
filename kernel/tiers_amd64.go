//go:build amd64 && gc && !purego

package kernel

import (
	"unsafe"

	"golang.org/x/sys/cpu"
)

// The assembly tiers. x/sys/cpu's HasAVX, HasAVX2 and HasAVX512F include
// the operating system's support for the wider registers (XSAVE state).
// Auto picks the best one the CPU runs: avx512 > avx2 > sse2. The avx512
// kernels use AVX512F instructions only (opmask compares and blends,
// VPXORQ for negation, KMOVW for the tail mask); their tests have run on
// AMD Zen 4 (AMD EPYC, AVX512F/DQ/BW/VL), where 512-bit operations run as
// two 256-bit halves and the tier is as fast as avx2 or faster.
var asmImpls = []*impl{
	{tier: SSE2, id: idSSE2, lacks: func() string { return "" }, auto: true}, // the amd64 baseline
	{tier: AVX2, id: idAVX2, lacks: needs(cpu.X86.HasAVX && cpu.X86.HasAVX2, "AVX and AVX2"), auto: true},
	{tier: AVX512, id: idAVX512, lacks: needs(cpu.X86.HasAVX512F, "AVX512F"), auto: true},
}

func needs(have bool, features string) func() string {
	return func() string {
		if have {
			return ""
		}
		return features
	}
}

// runStep calls tier id's Step kernel directly (see impl) on n >= 1
// creatures; every length has been checked.
func runStep(id tierID, c *Batch2x3, s, z, a, o *float64, n int) {
	switch id {
	case idAVX2:
		stepAVX2(c, s, z, a, o, n)
	case idAVX512:
		stepAVX512(c, s, z, a, o, n)
	case idSSE2:
		stepSSE2(c, s, z, a, o, n)
	default:
		stepSoA(c, unsafe.Slice(s, n), unsafe.Slice(z, n), unsafe.Slice(a, n), unsafe.Slice(o, n))
	}
}

// runFly calls tier id's Fly kernel of the given variant (flyUnit, flyAbs)
// directly. n >= 1 and every length has been checked.
func runFly(id tierID, variant int, c *Batch2x3, state, fitness []float64, f *Flight) {
	n := len(fitness)
	s, fit := unsafe.SliceData(state), unsafe.SliceData(fitness)
	steps, z0, zsp, dt, g, m, mf := f.Steps, f.Z0, f.Setpoint, f.Dt, f.G, f.M, f.MF
	switch id {
	case idAVX2:
		switch variant {
		case flyUnitAbs:
			flyUnitAbsAVX2(c, s, fit, n, steps, z0, zsp, dt, g, m, mf)
		case flyAbs:
			flyAbsAVX2(c, s, fit, n, steps, z0, zsp, dt, g, m, mf)
		case flyUnit:
			flyUnitAVX2(c, s, fit, n, steps, z0, zsp, dt, g, m, mf)
		default:
			flyAVX2(c, s, fit, n, steps, z0, zsp, dt, g, m, mf)
		}
	case idAVX512:
		switch variant {
		case flyUnitAbs:
			flyUnitAbsAVX512(c, s, fit, n, steps, z0, zsp, dt, g, m, mf)
		case flyAbs:
			flyAbsAVX512(c, s, fit, n, steps, z0, zsp, dt, g, m, mf)
		case flyUnit:
			flyUnitAVX512(c, s, fit, n, steps, z0, zsp, dt, g, m, mf)
		default:
			flyAVX512(c, s, fit, n, steps, z0, zsp, dt, g, m, mf)
		}
	case idSSE2:
		switch variant {
		case flyUnitAbs:
			flyUnitAbsSSE2(c, s, fit, n, steps, z0, zsp, dt, g, m, mf)
		case flyAbs:
			flyAbsSSE2(c, s, fit, n, steps, z0, zsp, dt, g, m, mf)
		case flyUnit:
			flyUnitSSE2(c, s, fit, n, steps, z0, zsp, dt, g, m, mf)
		default:
			flySSE2(c, s, fit, n, steps, z0, zsp, dt, g, m, mf)
		}
	default:
		runFlySoA(variant, c, state, fitness, f)
	}
}
