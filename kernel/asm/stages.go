package main

import (
	"github.com/evocopter/evocopter/internal/gen"
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// The loop stages: how the creatures are walked, a group of interleaved
// vectors at a time, then the tail.

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
