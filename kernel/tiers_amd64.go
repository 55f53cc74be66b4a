//go:build amd64 && gc && !purego

package kernel

import "golang.org/x/sys/cpu"

// The assembly tiers. x/sys/cpu's HasAVX, HasAVX2 and HasAVX512F include
// the operating system's support for the wider registers (XSAVE state).
var asmImpls = []*impl{
	{tier: SSE2, lacks: func() string { return "" }, // the amd64 baseline
		step: stepSSE2, fly: flySSE2, flyUnit: flyUnitSSE2, auto: true},
	{tier: AVX2, lacks: needs(cpu.X86.HasAVX && cpu.X86.HasAVX2, "AVX and AVX2"),
		step: stepAVX2, fly: flyAVX2, flyUnit: flyUnitAVX2, auto: true},
	// auto skips avx512 until its tests have run on more AVX-512 hardware
	// than one AMD Zen 4 (where they pass, and where 512-bit operations run
	// as two 256-bit halves); Use("avx512") selects it explicitly on a CPU
	// that has AVX512F. The kernels use AVX512F instructions only (opmask
	// compares and blends, VPXORQ for negation, KMOVW for the tail mask).
	{tier: AVX512, lacks: needs(cpu.X86.HasAVX512F, "AVX512F"),
		step: stepAVX512, fly: flyAVX512, flyUnit: flyUnitAVX512, auto: false},
}

func needs(have bool, features string) func() string {
	return func() string {
		if have {
			return ""
		}
		return features
	}
}
