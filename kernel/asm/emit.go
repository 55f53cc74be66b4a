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

type spillKey struct {
	j    int
	name string
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
		Commentf("Broadcast %s.", name)
		x := XMM()
		load(x)
		switch {
		case e.isa.EVEX:
			z := ZMM()
			VBROADCASTSD(x, z)
			VMOVUPD(z, slot)
		case e.isa.VEX:
			y := YMM()
			VBROADCASTSD(x, y)
			VMOVUPD(y, slot)
		default:
			UNPCKLPD(x, x)
			MOVUPD(x, slot)
		}
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

// spills lists the variables kept in stack slots: the loop invariants.
func spills(k *gen.Kernel, isa *ISA) map[string]bool {
	out := map[string]bool{}
	if k.Loop == "" {
		return out
	}
	carried := map[string]bool{}
	for _, c := range k.Carried() {
		carried[c] = true
	}
	for _, in := range k.Pre {
		if in.Op == gen.OpStore || carried[in.Dst] {
			continue
		}
		for _, b := range k.Body {
			for _, a := range b.Args {
				if a == in.Dst {
					out[in.Dst] = true
				}
			}
		}
	}
	return out
}

func (e *emitter) label(s string) string { return e.stage + "_" + s }

// loopStage runs groups of u vectors of lanes creatures while at least that
// many creatures remain.
func (e *emitter) loopStage(name string, u, lanes int, rem reg.Register) {
	e.stage, e.lanes, e.masked = name, lanes, false
	Commentf("Stage %s: %d x %d creatures per iteration.", name, u, lanes)
	Label(e.label("loop"))
	CMPQ(rem, U32(u*lanes))
	JL(LabelRef(e.label("done")))
	e.group(u)
	ADDQ(U32(u*lanes), e.idx)
	SUBQ(U32(u*lanes), rem)
	JMP(LabelRef(e.label("loop")))
	Label(e.label("done"))
}

// maskedStage runs the last rem < Lanes creatures as one vector whose array
// loads and stores are masked: lanes past the end are neither read nor
// written (AVX-512 suppresses faults on masked-off elements).
func (e *emitter) maskedStage(rem reg.Register) {
	e.stage, e.lanes, e.masked = "masked", e.isa.Lanes, true
	Comment("Stage masked: the last n%8 creatures.")
	TESTQ(rem, rem)
	JZ(LabelRef(e.label("done")))
	e.mask = K()
	table := GP64()
	LEAQ(tailMaskTable, table)
	KMOVW(Mem{Base: table, Index: rem, Scale: 2}, e.mask)
	e.group(1)
	Label(e.label("done"))
}

func (e *emitter) group(u int) {
	e.vars = make([]map[string]reg.Register, u)
	for j := range e.vars {
		e.vars[j] = map[string]reg.Register{}
	}
	run := func(part []gen.Instr) {
		for _, in := range part {
			for j := 0; j < u; j++ {
				e.instr(j, in)
			}
		}
	}
	// A spilled variable is read from its slot at the top of the loop and
	// after it: the register that held it is only valid on one path.
	forget := func() {
		for j := range e.vars {
			for name := range e.spilled {
				delete(e.vars[j], name)
			}
		}
	}
	run(e.k.Pre)
	if e.k.Loop != "" {
		// Parameters and constants the ISA keeps in registers for the loop
		// (one register shared by all interleaved vectors).
		for _, name := range e.isa.ConstRegs[e.k.FamilyName()] {
			r := e.vec()
			e.load(e.memOf(0, name), r, false)
			for j := range e.vars {
				e.vars[j][name] = r
			}
		}
		cnt := Load(Param(e.k.Loop), GP64())
		Label(e.label("step"))
		forget()
		run(e.k.Body)
		DECQ(cnt)
		JNZ(LabelRef(e.label("step")))
	} else {
		run(e.k.Body)
	}
	forget()
	run(e.k.Post)
}

// Register shapes.

func (e *emitter) vec() reg.VecVirtual {
	switch {
	case e.lanes == 1:
		return XMM()
	case e.isa.EVEX:
		return ZMM()
	case e.isa.VEX:
		return YMM()
	}
	return XMM()
}

func (e *emitter) scalar() bool { return e.lanes == 1 }

// sseVector: legacy SSE packed forms, whose memory operands must be 16-byte
// aligned, so every operand is loaded into a register first.
func (e *emitter) sseVector() bool { return !e.isa.VEX && !e.scalar() }

// Operands.

func (e *emitter) memOf(j int, name string) Mem {
	switch e.k.KindOf(name) {
	case gen.KindArray:
		return Mem{Base: e.ptr[name], Index: e.idx, Scale: 8, Disp: 8 * e.lanes * j}
	case gen.KindParam, gen.KindConst:
		return e.slots[name]
	case gen.KindVar:
		if e.spilled[name] {
			key := spillKey{j, name}
			if _, ok := e.spillSlot[key]; !ok {
				e.spillSlot[key] = AllocLocal(8 * e.isa.Lanes)
			}
			return e.spillSlot[key]
		}
	}
	panic("no memory for " + name)
}

// load moves m into register r with the width of the group.
func (e *emitter) load(m Mem, r reg.Register, array bool) {
	switch {
	case e.scalar() && e.isa.VEX:
		VMOVSD(m, r)
	case e.scalar():
		MOVSD(m, r)
	case e.isa.EVEX && e.masked && array:
		VMOVUPD_Z(m, e.mask, r)
	case e.isa.VEX:
		VMOVUPD(m, r)
	default:
		MOVUPD(m, r)
	}
}

// store moves register r to m; array stores of the AVX-512 tail are masked.
func (e *emitter) store(r reg.Register, m Mem, array bool) {
	switch {
	case e.scalar() && e.isa.VEX:
		VMOVSD(r, m)
	case e.scalar():
		MOVSD(r, m)
	case e.isa.EVEX && e.masked && array:
		VMOVUPD(r, e.mask, m)
	case e.isa.VEX:
		VMOVUPD(r, m)
	default:
		MOVUPD(r, m)
	}
}

func (e *emitter) move(src, dst reg.Register) {
	if e.isa.VEX {
		VMOVAPD(src, dst)
	} else {
		MOVAPD(src, dst)
	}
}

// reg returns name's value in a register, loading it if it lives in memory.
func (e *emitter) reg(j int, name string) reg.Register {
	if r, ok := e.vars[j][name]; ok {
		return r
	}
	r := e.vec()
	e.load(e.memOf(j, name), r, e.k.KindOf(name) == gen.KindArray)
	return r
}

// operand returns name's value as a register or, where the instruction
// form allows it, a memory operand.
func (e *emitter) operand(j int, name string) Op {
	if r, ok := e.vars[j][name]; ok {
		return r
	}
	array := e.k.KindOf(name) == gen.KindArray
	if e.sseVector() || (e.masked && array) {
		return e.reg(j, name)
	}
	return e.memOf(j, name)
}

// inMemory reports whether name's value for vector j would be read from memory.
func (e *emitter) inMemory(j int, name string) bool {
	_, ok := e.vars[j][name]
	return !ok
}

// dest is the register that variable name is assigned to in vector j.
func (e *emitter) dest(j int, name string, mask bool) reg.Register {
	if r, ok := e.vars[j][name]; ok {
		return r
	}
	var r reg.Register
	if mask && e.isa.EVEX {
		r = K()
	} else {
		r = e.vec()
	}
	e.vars[j][name] = r
	return r
}

// Instructions.

type binaryForms struct {
	pd, sd   func(src, dst Op) // SSE: dst = dst OP src
	vpd, vsd func(...Op)       // VEX/EVEX: OP src2, src1, dst
}

var binary = map[gen.Op]binaryForms{
	gen.OpAdd: {ADDPD, ADDSD, VADDPD, VADDSD},
	gen.OpSub: {SUBPD, SUBSD, VSUBPD, VSUBSD},
	gen.OpMul: {MULPD, MULSD, VMULPD, VMULSD},
	gen.OpDiv: {DIVPD, DIVSD, VDIVPD, VDIVSD},
	// x86 MAXPD/MINPD return the second source when either is NaN or both
	// are zero: exactly gen's definition, with A the first source.
	gen.OpMax: {MAXPD, MAXSD, VMAXPD, VMAXSD},
	gen.OpMin: {MINPD, MINSD, VMINPD, VMINSD},
}

// cmpLT is the compare predicate A < B, false when either is NaN.
const cmpLT = U8(1)

func (e *emitter) instr(j int, in gen.Instr) {
	e.lower(j, in)
	if in.Op != gen.OpStore && e.spilled[in.Dst] {
		e.store(e.vars[j][in.Dst], e.memOf(j, in.Dst), false)
	}
}

func (e *emitter) lower(j int, in gen.Instr) {
	a := in.Args
	switch in.Op {
	case gen.OpStore:
		e.store(e.reg(j, a[0]), e.memOf(j, in.Dst), true)
	case gen.OpCopy:
		if r, ok := e.vars[j][a[0]]; ok {
			e.move(r, e.dest(j, in.Dst, false))
		} else {
			e.load(e.memOf(j, a[0]), e.dest(j, in.Dst, false), e.k.KindOf(a[0]) == gen.KindArray)
		}
	case gen.OpNeg:
		e.neg(j, in)
	case gen.OpSqrt:
		e.sqrt(j, in)
	case gen.OpAbs:
		e.abs(j, in)
	case gen.OpLess:
		e.less(j, in)
	case gen.OpSelect:
		e.sel(j, in)
	default:
		f, ok := binary[in.Op]
		if !ok {
			panic(fmt.Sprintf("%s: no lowering for %v", e.k.Name, in))
		}
		e.binary(j, in, f)
	}
}

func (e *emitter) binary(j int, in gen.Instr, f binaryForms) {
	a, b := in.Args[0], in.Args[1]
	// Addition and multiplication are commutative (only which of two NaN
	// payloads survives depends on the order, and the Go compiler swaps
	// these operands freely too): put a register first so the other
	// operand can stay in memory instead of taking a load and a register.
	if e.isa.VEX && (in.Op == gen.OpAdd || in.Op == gen.OpMul) && e.inMemory(j, a) && !e.inMemory(j, b) {
		a, b = b, a
	}
	ra := e.reg(j, a)
	rb := e.operand(j, b)
	if e.isa.VEX {
		rd := e.dest(j, in.Dst, false)
		if e.scalar() {
			f.vsd(rb, ra, rd)
		} else {
			f.vpd(rb, ra, rd)
		}
		return
	}
	op := f.pd
	if e.scalar() {
		op = f.sd
	}
	e.sseTwoOperand(j, in.Dst, a, b, ra, rb, func(src Op, dst reg.Register) { op(src, dst) })
}

// sseTwoOperand emits dst = a OP b with a destructive SSE form
// (OP src, dst: dst = dst OP src), keeping b intact when dst is b.
func (e *emitter) sseTwoOperand(j int, dst, a, b string, ra reg.Register, rb Op, op func(Op, reg.Register)) {
	rd := e.dest(j, dst, false)
	switch {
	case dst == a:
		op(rb, rd)
	case dst == b:
		t := XMM()
		MOVAPD(ra, t)
		op(rb, t)
		MOVAPD(t, rd)
	default:
		MOVAPD(ra, rd)
		op(rb, rd)
	}
}

func (e *emitter) neg(j int, in gen.Instr) {
	ra := e.reg(j, in.Args[0])
	rd := e.dest(j, in.Dst, false)
	sign := e.slots[signSlot]
	switch {
	case e.isa.EVEX:
		VPXORQ(sign, ra, rd)
	case e.isa.VEX:
		VXORPD(sign, ra, rd)
	default:
		s := XMM()
		MOVUPD(sign, s)
		if in.Dst != in.Args[0] {
			MOVAPD(ra, rd)
		}
		XORPD(s, rd)
	}
}

func (e *emitter) sqrt(j int, in gen.Instr) {
	ra := e.reg(j, in.Args[0])
	rd := e.dest(j, in.Dst, false)
	switch {
	case e.scalar() && e.isa.VEX:
		VSQRTSD(ra, ra, rd)
	case e.scalar():
		SQRTSD(ra, rd)
	case e.isa.VEX:
		VSQRTPD(ra, rd)
	default:
		SQRTPD(ra, rd)
	}
}

// cmpGT is the compare predicate A > B (GT_OQ), false when either is NaN.
const cmpGT = U8(0x1e)

func (e *emitter) less(j int, in gen.Instr) {
	a, b := in.Args[0], in.Args[1]
	if e.isa.VEX && e.inMemory(j, a) && !e.inMemory(j, b) {
		// a < b is b > a: the memory operand goes second.
		if e.isa.EVEX {
			VCMPPD(cmpGT, e.operand(j, a), e.reg(j, b), e.dest(j, in.Dst, true))
		} else if e.scalar() {
			VCMPSD(cmpGT, e.operand(j, a), e.reg(j, b), e.dest(j, in.Dst, true))
		} else {
			VCMPPD(cmpGT, e.operand(j, a), e.reg(j, b), e.dest(j, in.Dst, true))
		}
		return
	}
	ra := e.reg(j, in.Args[0])
	switch {
	case e.isa.EVEX:
		VCMPPD(cmpLT, e.operand(j, in.Args[1]), ra, e.dest(j, in.Dst, true))
	case e.isa.VEX && e.scalar():
		VCMPSD(cmpLT, e.operand(j, in.Args[1]), ra, e.dest(j, in.Dst, true))
	case e.isa.VEX:
		VCMPPD(cmpLT, e.operand(j, in.Args[1]), ra, e.dest(j, in.Dst, true))
	default:
		rb := e.reg(j, in.Args[1])
		rd := e.dest(j, in.Dst, true)
		MOVAPD(ra, rd)
		if e.scalar() {
			CMPSD(rb, rd, cmpLT)
		} else {
			CMPPD(rb, rd, cmpLT)
		}
	}
}

// sel emits Dst = M ? X : Y.
func (e *emitter) sel(j int, in gen.Instr) {
	m := e.vars[j][in.Args[0]]
	x, y := in.Args[1], in.Args[2]
	switch {
	case e.isa.EVEX:
		ry := e.reg(j, y)
		VBLENDMPD(e.operand(j, x), ry, m, e.dest(j, in.Dst, false))
	case e.isa.VEX:
		ry := e.reg(j, y)
		VBLENDVPD(m, e.operand(j, x), ry, e.dest(j, in.Dst, false))
	default:
		// SSE2 has no blend: (m AND x) OR (NOT m AND y), the first half
		// dropped when x is +0. Logic forms need registers (alignment).
		ry := e.reg(j, y)
		t := XMM()
		MOVAPD(m, t)
		ANDNPD(ry, t)
		if v, ok := e.k.ConstValue(x); !ok || v != 0 || 1/v < 0 {
			rx := e.reg(j, x)
			u := XMM()
			MOVAPD(m, u)
			ANDPD(rx, u)
			ORPD(u, t)
		}
		MOVAPD(t, e.dest(j, in.Dst, false))
	}
}

// abs emits Dst = |A|: an AND with all bits but the sign.
func (e *emitter) abs(j int, in gen.Instr) {
	ra := e.reg(j, in.Args[0])
	rd := e.dest(j, in.Dst, false)
	mask := e.slots[absSlot]
	switch {
	case e.isa.EVEX:
		VPANDQ(mask, ra, rd)
	case e.isa.VEX && e.scalar():
		m := XMM()
		VMOVSD(mask, m)
		VANDPD(m, ra, rd)
	case e.isa.VEX:
		VANDPD(mask, ra, rd)
	default:
		m := XMM()
		MOVUPD(mask, m)
		if in.Dst != in.Args[0] {
			MOVAPD(ra, rd)
		}
		ANDPD(m, rd)
	}
}
