package gen

// ISA is one assembly tier: its names, its vector width and what it needs
// from the CPU. This is the list package kernel's tiers are generated from
// (the Tier constants, the CPU checks and the dispatch, see DispatchSources);
// the avo program in kernel/asm adds, per ISA, how it encodes and places
// each kernel (kernel/asm/isa.go).
type ISA struct {
	Name   string // Go identifier part: the functions' suffix (stepAVX2) and the Tier constant (AVX2)
	Tier   string // the tier's name, as users write it: "avx2"
	GOARCH string // the architecture of the assembly
	Lanes  int    // float64 lanes per vector register
	Doc    string // what the tier is, for the Tier constant's comment
	// CPU is a Go expression over golang.org/x/sys/cpu that is true when
	// this CPU runs the tier ("" for the architecture's baseline), and
	// Features names what it checks, for messages.
	CPU, Features string
	// Auto says whether automatic selection may pick the tier.
	Auto bool
}

// The portable tier: every build has it, and it is the dispatch's default.
const (
	PortableName = "SoA" // the Tier constant and the generated functions' suffix
	PortableTier = "soa"
	PortableDoc  = "generated portable Go, every architecture"
)

// ISAs lists the assembly tiers, slowest first (Use("auto") takes the last
// one the CPU runs).
//
// x/sys/cpu's HasAVX, HasAVX2 and HasAVX512F include the operating
// system's support for the wider registers (XSAVE state). The avx512
// kernels use AVX512F instructions only (opmask compares and blends, VPXORQ
// for negation, KMOVW for the tail mask); their tests have run on AMD Zen 4
// (AMD EPYC, AVX512F/DQ/BW/VL), where 512-bit operations run as two 256-bit
// halves and the tier is as fast as avx2 or faster.
func ISAs() []*ISA {
	return []*ISA{
		{Name: "SSE2", Tier: "sse2", GOARCH: "amd64", Lanes: 2, Auto: true,
			Doc: "amd64 assembly, 2 creatures per instruction"}, // the amd64 baseline
		{Name: "AVX2", Tier: "avx2", GOARCH: "amd64", Lanes: 4, Auto: true,
			Doc: "amd64 assembly, 4 creatures per instruction",
			CPU: "cpu.X86.HasAVX && cpu.X86.HasAVX2", Features: "AVX and AVX2"},
		{Name: "AVX512", Tier: "avx512", GOARCH: "amd64", Lanes: 8, Auto: true,
			Doc: "amd64 assembly, 8 creatures per instruction",
			CPU: "cpu.X86.HasAVX512F", Features: "AVX512F"},
	}
}

// AsmBuild is the build constraint of the assembly of architecture goarch.
func AsmBuild(goarch string) string { return goarch + " && gc && !purego" }
