package kernel

import (
	"runtime"

	"golang.org/x/sys/cpu"
)

const goarch = runtime.GOARCH

// Features lists the CPU features golang.org/x/sys/cpu reports on this
// machine that matter to floating-point kernels, for the running GOARCH.
// It shows what the detection saw, not what the tiers use: on amd64 the
// avx2 tier needs AVX and AVX2, avx512 needs AVX512F. An architecture for
// which x/sys/cpu detects nothing relevant gives an empty list.
func Features() []string {
	var fs []string
	add := func(have bool, name string) {
		if have {
			fs = append(fs, name)
		}
	}
	switch goarch {
	case "amd64", "386":
		x := &cpu.X86
		add(x.HasSSE2, "SSE2")
		add(x.HasSSE3, "SSE3")
		add(x.HasSSSE3, "SSSE3")
		add(x.HasSSE41, "SSE4.1")
		add(x.HasSSE42, "SSE4.2")
		add(x.HasAVX, "AVX")
		add(x.HasAVX2, "AVX2")
		add(x.HasFMA, "FMA")
		add(x.HasAVX512F, "AVX512F")
		add(x.HasAVX512DQ, "AVX512DQ")
		add(x.HasAVX512BW, "AVX512BW")
		add(x.HasAVX512VL, "AVX512VL")
	case "arm64":
		a := &cpu.ARM64
		add(a.HasFP, "FP")
		add(a.HasASIMD, "ASIMD")
		add(a.HasFPHP, "FPHP")
		add(a.HasASIMDHP, "ASIMDHP")
		add(a.HasASIMDDP, "ASIMDDP")
		add(a.HasASIMDFHM, "ASIMDFHM")
		add(a.HasSVE, "SVE")
		add(a.HasSVE2, "SVE2")
	case "arm":
		a := &cpu.ARM
		add(a.HasVFP, "VFP")
		add(a.HasVFPv3, "VFPv3")
		add(a.HasVFPv4, "VFPv4")
		add(a.HasNEON, "NEON")
	case "ppc64", "ppc64le":
		p := &cpu.PPC64
		add(p.IsPOWER8, "POWER8")
		add(p.IsPOWER9, "POWER9")
	case "s390x":
		s := &cpu.S390X
		add(s.HasZARCH, "ZARCH")
		add(s.HasVX, "VX")
		add(s.HasVXE, "VXE")
	}
	return fs
}
