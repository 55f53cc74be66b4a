package main

import (
	"github.com/evocopter/evocopter/internal/gen"
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
)

// The spill policy: which variables live in stack slots instead of
// registers, and where.

type spillKey struct {
	j    int
	name string
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

func (e *emitter) instr(j int, in gen.Instr) {
	e.lower(j, in)
	if in.Op != gen.OpStore && e.spilled[in.Dst] {
		e.store(e.vars[j][in.Dst], e.memOf(j, in.Dst), false)
	}
}

// spillSlotOf is the stack slot of spilled variable name in vector j,
// allocated on first use (one full vector per interleaved vector).
func (e *emitter) spillSlotOf(j int, name string) Mem {
	key := spillKey{j, name}
	if _, ok := e.spillSlot[key]; !ok {
		e.spillSlot[key] = AllocLocal(8 * e.isa.Lanes)
	}
	return e.spillSlot[key]
}
