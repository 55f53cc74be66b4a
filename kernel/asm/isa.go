package main

import (
	"fmt"

	"github.com/evocopter/evocopter/internal/gen"
)

// ISA is one assembly tier as this program emits it: the names, width and
// CPU check of internal/gen's ISA, plus how its instructions are encoded
// and how each kernel is placed.
type ISA struct {
	*gen.ISA
	VEX  bool // three-operand VEX/EVEX forms; memory operands need no alignment
	EVEX bool // AVX-512: zmm registers, opmask compares and blends, a masked tail
	// Unroll is the number of independent vectors each main-loop iteration
	// carries, per kernel family (gen.Kernel.FamilyName: the variants of a
	// family share their placement). The fused flight is one long dependency
	// chain per creature (s, w and z feed the next step), so interleaving
	// independent vectors is what keeps the execution units busy; it is
	// bounded by the 16 vector registers SSE and VEX can encode (32 with
	// EVEX): avo's allocator may hand out X16-X31, which the assembler then
	// rejects for SSE/VEX instructions, so a too large unroll fails the build.
	// A kernel not listed runs one vector per iteration.
	Unroll map[string]int
	// ConstRegs lists, per kernel family, parameters and constants loaded into
	// registers for the step loop instead of read from their stack slots
	// by every instruction: with enough registers, fewer loads per step.
	ConstRegs map[string][]string
}

// The unroll and register choices were measured on an AMD EPYC (Zen 4)
// with the fused flight benchmark: loads of constants, not arithmetic, were
// the bottleneck once two or three vectors interleave.
//
// Tried and measured slower or no faster on that machine (kept out):
//   - avx2 fly with 3 vectors: it only fits 16 registers with no constant
//     registers and prev/fit in stack slots, and was ~20% slower;
//   - avx2 fly with fit in a stack slot, freeing registers for one, three:
//     no faster; a third constant register does not fit;
//   - avx512 fly with 4 vectors: avo fails to allocate registers, with 2
//     to 5 constant registers (probably the opmask registers: 8 compare
//     masks live at once);
//   - sqrt(d*d) computed as |d| with a guard in the kernel (per-group
//     min/max of |d| and a rerun of the group with the square root when a
//     lane left (2^-500, 2^500)): exact, but no faster: the guard's
//     operations and registers cost what the square root saved. The "Abs"
//     kernels do without a guard instead (package kernel proves the range
//     from the flight's parameters) and are 8-13% faster;
//   - step with 3 (avx2, sse2) or 4 (avx512) vectors: no measurable change;
//     the step is bound by its 11 loads per vector. A hand-written loop
//     doing only those loads and the 2 stores, no arithmetic, runs as fast
//     as the avx2 step (about 0.5 ns per creature at n = 256); Zen 4 loads
//     two 32-byte vectors a cycle, so at its 3.45 GHz (measured with a
//     chain of dependent adds) the floor is 11/2 cycles per 4 creatures,
//     0.40 ns per creature, before the call's fixed cost. Also no faster:
//     4 vectors per iteration, a loop tested at the bottom (one branch per
//     iteration), and PREFETCHT0 of every array 512 bytes ahead (slower,
//     0.56 ns: the prefetches take load slots and the data is in L1).
var placements = map[string]*ISA{
	"SSE2": {
		Unroll: map[string]int{"step": 2, "fly": 1}},
	"AVX2": {VEX: true,
		Unroll:    map[string]int{"step": 2, "fly": 2},
		ConstRegs: map[string][]string{"fly": {"zero", "dt"}}},
	"AVX512": {VEX: true, EVEX: true,
		Unroll:    map[string]int{"step": 2, "fly": 3},
		ConstRegs: map[string][]string{"fly": {"zero", "one", "three", "dt", "grav"}}},
}

// isas are internal/gen's amd64 ISAs with their placements.
func isas() []*ISA {
	var out []*ISA
	for _, g := range gen.ISAs() {
		if g.GOARCH != "amd64" {
			continue
		}
		p, ok := placements[g.Name]
		if !ok {
			panic(fmt.Sprintf("ISA %s: no encoding and placement in kernel/asm/isa.go", g.Name))
		}
		isa := *p
		isa.ISA = g
		out = append(out, &isa)
	}
	return out
}
