package main

import (
	"github.com/evocopter/evocopter/internal/gen"
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// Registers and operands: where a value is, and how it is loaded, stored
// and moved at the width of the current group.

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

func (e *emitter) memOf(j int, name string) Mem {
	switch e.k.KindOf(name) {
	case gen.KindArray:
		return Mem{Base: e.ptr[name], Index: e.idx, Scale: 8, Disp: 8 * e.lanes * j}
	case gen.KindParam, gen.KindConst:
		return e.slots[name]
	case gen.KindVar:
		if e.spilled[name] {
			return e.spillSlotOf(j, name)
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

// broadcastInto loads one float64 with load and stores it to slot repeated
// in every lane of the isa's vector: the kernels' parameters (a flight's
// constants) live in such slots, read as memory operands. Both emitters,
// the vertical kernels' and the block kernels', use it.
func broadcastInto(isa *ISA, slot Mem, name string, load func(x reg.VecVirtual)) {
	Commentf("Broadcast %s.", name)
	x := XMM()
	load(x)
	switch {
	case isa.EVEX:
		z := ZMM()
		VBROADCASTSD(x, z)
		VMOVUPD(z, slot)
	case isa.VEX:
		y := YMM()
		VBROADCASTSD(x, y)
		VMOVUPD(y, slot)
	default:
		UNPCKLPD(x, x)
		MOVUPD(x, slot)
	}
}
