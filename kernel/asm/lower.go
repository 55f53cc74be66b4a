package main

import (
	"fmt"

	"github.com/evocopter/evocopter/internal/gen"
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// Lowering: each operation of a description as SSE2, VEX or EVEX
// instructions.

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
