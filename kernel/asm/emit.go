package main

import (
	"fmt"

	"github.com/evocopter/evocopter/internal/gen"
	"github.com/mmcloughlin/avo/attr"
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// emitter walks one kernel description and emits it for one ISA.
//
// Layout of every function: load the array bases, broadcast parameters and
// constants into stack slots (one full vector each), then run stages over
// the creatures: a main loop taking Unroll vectors at a time, a loop taking
// one vector, and a tail (scalar instructions, or one masked vector for
// AVX-512). Each stage runs the description once per creature group, with
// every instruction emitted once per interleaved vector.
type emitter struct {
	k   *gen.Kernel
	isa *ISA

	ptr   map[string]reg.Register // array base pointers
	idx   reg.GPVirtual           // index of the first creature of the group
	slots map[string]Mem          // broadcast parameters and constants
	// spilled variables live in per-vector stack slots: the loop
	// invariants (computed before the loop, only read in it), which would
	// otherwise hold registers the interleaved vectors need. (Spilling
	// carried variables too was measured slower.)
	spilled   map[string]bool
	spillSlot map[spillKey]Mem

	// Per group.
	lanes  int                       // 1 (scalar instructions) or isa.Lanes
	masked bool                      // AVX-512 tail: array loads and stores under mask
	mask   reg.Register              // the tail's opmask
	vars   []map[string]reg.Register // per interleaved vector: variable -> register
	stage  string
}

// signSlot is the slot of the sign-bit mask that negation XORs with.
const signSlot = "·sign"

// absSlot is the slot of the mask that clears the sign bit.
const absSlot = "·abs"

func emitKernel(k *gen.Kernel, isa *ISA) {
	name := funcName(k, isa)
	// A kernel without stack slots is a leaf with no frame: NOSPLIT saves
	// the stack check. The slots of the others make the AVX-512 frames too
	// big for NOSPLIT.
	attr := attr.Attribute(0)
	if k.Loop == "" && len(k.Params) == 0 && len(k.Consts) == 0 {
		attr = NOSPLIT
	}
	TEXT(name, attr, "func"+gen.FrameSignature(k))
	doc := fmt.Sprintf("%s runs %s, %d creatures per vector.", name, k.Doc, isa.Lanes)
	if k.Loop != "" {
		doc += fmt.Sprintf(" The caller guarantees %s >= 1.", k.Loop)
	}
	stubs = append(stubs, stub{name: name, signature: gen.AsmSignature(k),
		doc: []string{doc, "Every array, the coefficients' included, holds " + gen.CountParam + " >= 1 elements; the caller checks."}})
	e := &emitter{k: k, isa: isa, ptr: map[string]reg.Register{}, slots: map[string]Mem{},
		spilled: spills(k, isa), spillSlot: map[spillKey]Mem{}}
	// The coefficient arrays' data pointers are read from the Batch2x3 the
	// first parameter points to, at the offsets internal/gen defines.
	coeffs := Load(Param(gen.BatchParam), GP64())
	for _, a := range k.Arrays {
		if off, ok := gen.BatchDataOffset(a, 8); ok {
			if !k.Uses(a) {
				continue // a coefficient the kernel does not read
			}
			e.ptr[a] = GP64()
			MOVQ(Mem{Base: coeffs, Disp: off}, e.ptr[a])
		} else {
			e.ptr[a] = Load(Param(a), GP64())
		}
	}
	rem := Load(Param(gen.CountParam), GP64())
	e.idx = GP64()
	XORQ(e.idx, e.idx)
	e.broadcast()

	u := max(isa.Unroll[k.FamilyName()], 1)
	e.loopStage("wide", u, isa.Lanes, rem)
	if u > 1 {
		e.loopStage("vector", 1, isa.Lanes, rem)
	}
	if isa.EVEX {
		e.maskedStage(rem)
	} else {
		e.loopStage("scalar", 1, 1, rem)
	}
	if isa.VEX {
		VZEROUPPER()
	}
	RET()
}

// broadcast copies every parameter and constant the kernel uses into a
// stack slot holding it in every lane, so instructions can read it as a
// memory operand (VEX/EVEX) or load it (SSE2).
func (e *emitter) broadcast() {
	size := 8 * e.isa.Lanes
	uses := map[string]bool{}
	for _, part := range [][]gen.Instr{e.k.Pre, e.k.Body, e.k.Post} {
		for _, in := range part {
			for _, a := range in.Args {
				uses[a] = true
			}
			if in.Op == gen.OpNeg {
				uses[signSlot] = true
			}
			if in.Op == gen.OpAbs {
				uses[absSlot] = true
			}
		}
	}
	fill := func(name string, load func(x reg.VecVirtual)) {
		slot := AllocLocal(size)
		e.slots[name] = slot
		broadcastInto(e.isa, slot, name, load)
	}
	for _, p := range e.k.Params {
		if !uses[p] {
			continue
		}
		b, err := Param(p).Resolve()
		if err != nil {
			panic(err)
		}
		fill(p, func(x reg.VecVirtual) { MOVSD(b.Addr, x) })
	}
	constant := func(name string, bits U64) {
		fill(name, func(x reg.VecVirtual) {
			t := GP64()
			MOVQ(bits, t)
			MOVQ(t, x)
		})
	}
	for _, c := range e.k.Consts {
		if uses[c.Name] {
			constant(c.Name, f64(c.Value))
		}
	}
	if uses[signSlot] {
		constant(signSlot, U64(1<<63))
	}
	if uses[absSlot] {
		constant(absSlot, U64(1<<63-1))
	}
}
