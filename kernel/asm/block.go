package main

import (
	"fmt"
	"sort"

	"github.com/evocopter/evocopter/internal/gen"
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// Block kernels (gen.Block: the fused 3-D flight) are too big for the
// emitter in emit.go, which keeps every variable of a kernel in a register
// for the whole loop: one step of the 3-D flight has about 400 operations
// and 15 variables that live from step to step, and reads 70 coefficients.
// blockEmitter instead allocates registers itself, over the straight-line
// sequence of one segment (the code before the loop, one loop iteration,
// the code after it) with Belady's rule: when a value needs a register and
// none is left, the value whose next use is farthest away goes to its
// memory home (a stack slot; arrays, parameters and constants are always
// in memory already). Variables that live across the loop are written to
// their slots when assigned (write-through), so every segment starts with
// nothing in registers and the loop's back edge carries no register. avo
// then maps the virtual registers to physical ones; at most budget values
// plus one instruction's temporaries are live at any point, so it always
// can, within the 16 registers SSE and VEX encode.
//
// Placement changes only where values live, never an operation or its
// operands: the tiers compute what the description says, in its order.

// blockPlacement is how an ISA runs block kernels: how many vectors one
// group interleaves, and how many values the allocator keeps in vector
// and (AVX-512) opmask registers.
type blockPlacement struct {
	unroll     int
	vecBudget  int
	maskBudget int // AVX-512 opmask registers (K1-K7, one holds the tail mask)
}

// The budgets leave room for one instruction's temporaries: an SSE2 select
// or bit test needs up to six registers beyond the values kept (operands
// loaded for this instruction only, scratch, the result), a VEX one three,
// an opmask operation three (one more opmask holds the tail mask).
// TestNoEVEXRegistersOutsideAVX512 (package kernel) checks that the sse2
// and avx2 functions stay within X0-X15.
//
// Measured on the loaded 2-core AMD EPYC (Zen 4) with the best of 25
// evaluations of 16 creatures x 8 scenarios, avx2 at 18-21 ns per
// creature-step: one vector per group instead of two (latency-bound: a
// step's chain is ~150 cycles, see internal/gen's TestHover3DCriticalPath)
// and, for sse2, four vectors (more spills) were slower; the vectors of a
// group taking turns by chunks of 32 to 128 instructions instead of one
// made no measurable difference; an avx2 budget of 14 was no faster than 13
// (and 13 is the most the counting above allows).
var blockPlacements = map[string]blockPlacement{
	"SSE2":   {unroll: 2, vecBudget: 10},
	"AVX2":   {unroll: 2, vecBudget: 13},
	"AVX512": {unroll: 1, vecBudget: 28, maskBudget: 3},
}

type vkey struct {
	j    int // vector of the group; -1 for parameters and constants (shared)
	name string
}

type blockEmitter struct {
	k   *gen.Block
	isa *ISA
	pl  blockPlacement

	frame     reg.Register // 64-byte aligned base of the stack slots
	frameSize int
	blk, off  reg.Register    // the group's block and the byte offset of its first lane in it
	slots     map[string]Mem  // broadcast parameters and constants (and the sign masks)
	homes     map[vkey]Mem    // stack slots of variables
	carried   map[string]bool // variables assigned before the loop: written through
	uses      map[vkey][]int  // positions in the segment where a value is read
	res       map[vkey]reg.Register
	dirty     map[vkey]bool // assigned and not yet stored in its home
	pinned    map[vkey]bool // operands of the instruction being lowered
	order     []vkey        // residents in the order they became resident (deterministic eviction ties)
	pos       int

	// Per group.
	u      int
	lanes  int // 1 (scalar instructions) or isa.Lanes
	masked bool
	mask   reg.Register
	stage  string
}

// Pseudo-constants: the masks negation, |x| and the bit tests use.
const (
	bSign = "·sign"
	bAbs  = "·abs"
	bZero = "·zero"
)

func emitBlockKernel(k *gen.Block, isa *ISA) {
	if err := k.Check(); err != nil {
		panic(err)
	}
	pl, ok := blockPlacements[isa.Name]
	if !ok {
		panic("no block placement for " + isa.Name)
	}
	if gen.BlockLanes%isa.Lanes != 0 {
		panic("block lanes must be a multiple of the ISA's")
	}
	name := k.Name + isa.Name
	TEXT(name, 0, "func"+gen.BlockSignature(k, true))
	stubs = append(stubs, stub{name: name, signature: gen.BlockSignature(k, true), doc: []string{
		fmt.Sprintf("%s runs %s, %d creatures per vector.", name, k.Doc, isa.Lanes),
		fmt.Sprintf("data holds n >= 1 creatures in blocks of %d (internal/gen.Block), the last block", k.Lanes),
		"whole; only the fitness of the first n creatures is written. steps >= 1.",
	}})
	e := &blockEmitter{k: k, isa: isa, pl: pl, slots: map[string]Mem{}, homes: map[vkey]Mem{}, carried: map[string]bool{}}
	for _, in := range k.Pre {
		if in.Op != gen.OpStore {
			e.carried[in.Dst] = true
		}
	}
	// Stack slots are aligned to 64 bytes from a base register: a vector
	// that crosses a cache line costs a split load, and a reload of a
	// split store may not be forwarded from the store buffer.
	e.frame = GP64()
	LEAQ(AllocLocal(64), e.frame)
	ADDQ(U32(63), e.frame)
	ANDQ(I32(-64), e.frame)
	e.blk = Load(Param("data"), GP64())
	rem := Load(Param("n"), GP64())
	e.off = GP64()
	XORQ(e.off, e.off)
	e.broadcast()

	L := isa.Lanes
	e.stage = "wide"
	e.loop(rem, pl.unroll, L)
	if pl.unroll > 1 {
		e.stage = "vector"
		e.loop(rem, 1, L)
	}
	if isa.EVEX {
		// The last n%8 creatures: one vector whose stores are masked. Its
		// loads read the whole block, which the data holds.
		e.stage = "masked"
		Comment("Stage masked: the last n%8 creatures, stores under a mask.")
		TESTQ(rem, rem)
		JZ(LabelRef("masked_done"))
		e.mask = K()
		table := GP64()
		LEAQ(tailMaskTable, table)
		KMOVW(Mem{Base: table, Index: rem, Scale: 2}, e.mask)
		e.u, e.lanes, e.masked = 1, L, true
		e.group()
		Label("masked_done")
	} else {
		e.stage = "scalar"
		e.loop(rem, 1, 1)
	}
	if isa.VEX {
		VZEROUPPER()
	}
	RET()
	// The slots handed out by local follow the first 64 bytes.
	AllocLocal((e.frameSize + 7) / 8 * 8)
}

// local is a stack slot of size bytes, aligned to its size (up to 64).
func (e *blockEmitter) local(size int) Mem {
	align := min(size, 64)
	e.frameSize = (e.frameSize + align - 1) / align * align
	m := Mem{Base: e.frame, Disp: e.frameSize}
	e.frameSize += size
	return m
}

// loop runs groups of u vectors of lanes creatures while that many remain.
// A group tiles its block (u*lanes divides BlockLanes) or whole blocks
// (u*lanes a multiple of it).
func (e *blockEmitter) loop(rem reg.Register, u, lanes int) {
	g := u * lanes
	if g%e.k.Lanes != 0 && e.k.Lanes%g != 0 {
		panic("a group must tile blocks")
	}
	e.u, e.lanes, e.masked = u, lanes, false
	Commentf("Stage %s: %d x %d creatures per iteration.", e.stage, u, lanes)
	Label(e.stage + "_loop")
	CMPQ(rem, U32(g))
	JL(LabelRef(e.stage + "_done"))
	e.group()
	SUBQ(U32(g), rem)
	stride := e.k.Stride() * 8
	if g >= e.k.Lanes {
		ADDQ(U32(g/e.k.Lanes*stride), e.blk)
	} else {
		ADDQ(U32(8*g), e.off)
		CMPQ(e.off, U32(8*e.k.Lanes))
		JL(LabelRef(e.stage + "_loop"))
		XORQ(e.off, e.off)
		ADDQ(U32(stride), e.blk)
	}
	JMP(LabelRef(e.stage + "_loop"))
	Label(e.stage + "_done")
}

// broadcast copies every parameter and constant, and the masks, into a
// stack slot holding it in every lane.
func (e *blockEmitter) broadcast() {
	size := 8 * e.isa.Lanes
	fill := func(name string, load func(x reg.VecVirtual)) {
		slot := e.local(size)
		e.slots[name] = slot
		broadcastInto(e.isa, slot, name, load)
	}
	for _, p := range e.k.Params {
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
		constant(c.Name, f64(c.Value))
	}
	constant(bSign, U64(1<<63))
	constant(bAbs, U64(1<<63-1))
	constant(bZero, U64(0))
}

// group runs the kernel on one group of e.u vectors: before the loop, the
// loop, after it.
//
// When the kernel has a Dead body, the loop checks after each step whether
// Live is false in every lane of the group, and if so runs Dead for the
// remaining steps: a group of crashed flights costs one addition a step
// instead of the whole model.
func (e *blockEmitter) group() {
	e.segment(e.k.Pre)
	cnt := Load(Param(e.k.Loop), GP64())
	Label(e.stage + "_step")
	e.segment(e.k.Body)
	DECQ(cnt)
	if e.k.Live == "" {
		JNZ(LabelRef(e.stage + "_step"))
	} else {
		JZ(LabelRef(e.stage + "_end"))
		e.anyLive()
		JNZ(LabelRef(e.stage + "_step"))
		Label(e.stage + "_dead")
		e.segment(e.k.Dead)
		DECQ(cnt)
		JNZ(LabelRef(e.stage + "_dead"))
		Label(e.stage + "_end")
	}
	e.segment(e.k.Post)
}

// anyLive clears the zero flag if Live is true in some lane of the group
// (of the first n creatures, in the masked stage). Live is a carried
// variable, so it is in its home.
func (e *blockEmitter) anyLive() {
	if e.isa.EVEX {
		var acc reg.Register
		for j := 0; j < e.u; j++ {
			k := K()
			KMOVW(e.home(vkey{j, e.k.Live}), k)
			if acc != nil {
				KORW(k, acc, acc)
			} else {
				acc = k
			}
		}
		if e.masked {
			KANDW(e.mask, acc, acc)
		}
		KORTESTW(acc, acc)
		return
	}
	acc := GP32()
	XORL(acc, acc)
	for j := 0; j < e.u; j++ {
		// The sign bits of the lanes; a scalar load leaves the upper lane 0.
		r, bits := e.newReg(false), GP32()
		e.loadReg(vkey{j, e.k.Live}, e.home(vkey{j, e.k.Live}), r)
		if e.isa.VEX {
			VMOVMSKPD(r, bits)
		} else {
			MOVMSKPD(r, bits)
		}
		ORL(bits, acc)
	}
	TESTL(acc, acc)
}

// Values.

func (e *blockEmitter) kind(name string) gen.Kind {
	if _, ok := e.slots[name]; ok {
		return gen.KindConst // parameters, constants, masks: broadcast slots
	}
	return e.k.KindOf(name)
}

func (e *blockEmitter) key(j int, name string) vkey {
	if e.kind(name) == gen.KindConst {
		return vkey{-1, name}
	}
	return vkey{j, name}
}

// isMask: the value lives in an opmask register (AVX-512 masks).
func (e *blockEmitter) isMask(name string) bool { return e.isa.EVEX && e.k.IsMask(name) }

// home is where value key lives in memory.
func (e *blockEmitter) home(key vkey) Mem {
	switch e.kind(key.name) {
	case gen.KindConst:
		return e.slots[key.name]
	case gen.KindArray:
		lane := key.j * e.lanes
		disp := e.k.Field(key.name)*8*e.k.Lanes + lane/e.k.Lanes*e.k.Stride()*8 + lane%e.k.Lanes*8
		return Mem{Base: e.blk, Index: e.off, Scale: 1, Disp: disp}
	}
	m, ok := e.homes[key]
	if !ok {
		if e.isMask(key.name) {
			m = e.local(2) // KMOVW
		} else {
			m = e.local(8 * e.isa.Lanes)
		}
		e.homes[key] = m
	}
	return m
}

// segment lowers part for every vector of the group, allocating registers.
func (e *blockEmitter) segment(part []gen.Instr) {
	type item struct {
		j  int
		in gen.Instr
	}
	// The group's vectors take turns instruction by instruction.
	var stream []item
	for _, in := range part {
		for j := 0; j < e.u; j++ {
			stream = append(stream, item{j, in})
		}
	}
	e.uses = map[vkey][]int{}
	for pos, it := range stream {
		for _, a := range it.in.Args {
			k := e.key(it.j, a)
			e.uses[k] = append(e.uses[k], pos)
		}
	}
	e.res, e.dirty, e.order = map[vkey]reg.Register{}, map[vkey]bool{}, nil
	for pos, it := range stream {
		e.pos = pos
		e.pinned = map[vkey]bool{}
		for _, a := range it.in.Args {
			e.pinned[e.key(it.j, a)] = true
		}
		e.lower(it.j, it.in)
		dst := vkey{-2, ""}
		if it.in.Op != gen.OpStore {
			dst = e.key(it.j, it.in.Dst)
			if e.carried[it.in.Dst] && e.dirty[dst] {
				e.storeReg(dst, e.res[dst], e.home(dst))
				e.dirty[dst] = false
			}
		}
		// Values read here for the last time leave the registers (the
		// result, when it reuses an operand's name, is a new value).
		for _, a := range it.in.Args {
			if k := e.key(it.j, a); k != dst && e.nextUse(k) < 0 {
				e.drop(k)
			}
		}
		if dst.j != -2 && e.nextUse(dst) < 0 {
			e.drop(dst)
		}
	}
	for k := range e.dirty {
		if e.dirty[k] && e.carried[k.name] {
			panic("unsaved " + k.name)
		}
	}
}

// nextUse is the next position after the current one that reads k, or -1.
func (e *blockEmitter) nextUse(k vkey) int {
	u := e.uses[k]
	i := sort.SearchInts(u, e.pos+1)
	if i == len(u) {
		return -1
	}
	return u[i]
}

func (e *blockEmitter) drop(k vkey) {
	if _, ok := e.res[k]; !ok {
		return
	}
	delete(e.res, k)
	for i, o := range e.order {
		if o == k {
			e.order = append(e.order[:i], e.order[i+1:]...)
			break
		}
	}
}

// makeRoom evicts values until one more of the class (mask or not) fits.
func (e *blockEmitter) makeRoom(mask bool) {
	budget := e.pl.vecBudget
	if mask {
		budget = e.pl.maskBudget
	}
	for {
		count := 0
		var victim vkey
		far := -2
		for _, k := range e.order {
			if e.isMask(k.name) != mask {
				continue
			}
			count++
			if e.pinned[k] {
				continue
			}
			nu := e.nextUse(k)
			if nu < 0 {
				nu = 1 << 30
			}
			if nu > far {
				far, victim = nu, k
			}
		}
		if count < budget {
			return
		}
		if far == -2 {
			panic(fmt.Sprintf("%s: no register to free", e.k.Name))
		}
		if e.dirty[victim] {
			e.storeReg(victim, e.res[victim], e.home(victim))
			e.dirty[victim] = false
		}
		e.drop(victim)
	}
}

func (e *blockEmitter) newReg(mask bool) reg.Register {
	switch {
	case mask:
		return K()
	case e.lanes == 1:
		return XMM()
	case e.isa.EVEX:
		return ZMM()
	case e.isa.VEX:
		return YMM()
	}
	return XMM()
}

func (e *blockEmitter) resident(k vkey, r reg.Register) {
	e.makeRoom(e.isMask(k.name))
	e.res[k] = r
	e.order = append(e.order, k)
}

// reg is name's value for vector j in a register.
func (e *blockEmitter) reg(j int, name string) reg.Register {
	k := e.key(j, name)
	if r, ok := e.res[k]; ok {
		return r
	}
	mask := e.isMask(name)
	r := e.newReg(mask)
	e.loadReg(k, e.home(k), r)
	if e.nextUse(k) >= 0 {
		e.resident(k, r)
	}
	return r
}

// operand is name's value as a register or, when mem allows it and the
// value is not in a register, its memory home.
func (e *blockEmitter) operand(j int, name string, mem bool) Op {
	k := e.key(j, name)
	if r, ok := e.res[k]; ok {
		return r
	}
	// A packed form in the scalar stage reads 16 bytes: not from an array,
	// whose next lane may be past the data.
	if mem && !e.isMask(name) && !(e.lanes == 1 && e.kind(name) == gen.KindArray) {
		return e.home(k)
	}
	return e.reg(j, name)
}

func (e *blockEmitter) inReg(j int, name string) bool {
	_, ok := e.res[e.key(j, name)]
	return ok
}

// dest is a fresh register for variable name of vector j.
func (e *blockEmitter) dest(j int, name string) reg.Register {
	k := e.key(j, name)
	e.drop(k)
	r := e.newReg(e.isMask(name))
	e.resident(k, r)
	e.dirty[k] = true
	return r
}

// Moves.

func (e *blockEmitter) loadReg(k vkey, m Mem, r reg.Register) {
	switch {
	case e.isMask(k.name):
		KMOVW(m, r)
	case e.lanes == 1 && e.isa.VEX:
		VMOVSD(m, r)
	case e.lanes == 1:
		MOVSD(m, r)
	case e.isa.VEX:
		VMOVUPD(m, r)
	default:
		MOVUPD(m, r)
	}
}

func (e *blockEmitter) storeReg(k vkey, r reg.Register, m Mem) {
	switch {
	case e.isMask(k.name):
		KMOVW(r, m)
	case e.lanes == 1 && e.isa.VEX:
		VMOVSD(r, m)
	case e.lanes == 1:
		MOVSD(r, m)
	case e.isa.VEX:
		VMOVUPD(r, m)
	default:
		MOVUPD(r, m)
	}
}

func (e *blockEmitter) move(src, dst reg.Register) {
	if e.isa.VEX {
		VMOVAPD(src, dst)
	} else {
		MOVAPD(src, dst)
	}
}

// Instructions.

// Compare predicates, false when either operand is NaN.
const (
	predLT = U8(1) // LT_OS
	predLE = U8(2) // LE_OS
)

func (e *blockEmitter) lower(j int, in gen.Instr) {
	a := in.Args
	scalar := e.lanes == 1
	vex := e.isa.VEX
	// SSE packed forms need aligned memory: their operands are loaded.
	memOK := vex || scalar
	switch in.Op {
	case gen.OpStore:
		r := e.reg(j, a[0])
		m := e.home(e.key(j, in.Dst))
		switch {
		case e.masked:
			VMOVUPD(r, e.mask, m)
		default:
			e.storeReg(vkey{j, a[0]}, r, m)
		}
	case gen.OpCopy:
		if e.inReg(j, a[0]) {
			r := e.reg(j, a[0])
			e.move(r, e.dest(j, in.Dst))
		} else {
			m := e.home(e.key(j, a[0]))
			e.loadReg(e.key(j, in.Dst), m, e.dest(j, in.Dst))
		}
	case gen.OpNeg, gen.OpAbs:
		ra := e.reg(j, a[0])
		slot := bSign
		if in.Op == gen.OpAbs {
			slot = bAbs
		}
		m := e.operand(j, slot, vex)
		rd := e.dest(j, in.Dst)
		switch {
		case e.isa.EVEX && in.Op == gen.OpNeg:
			VPXORQ(m, ra, rd)
		case e.isa.EVEX:
			VPANDQ(m, ra, rd)
		case vex && in.Op == gen.OpNeg:
			VXORPD(m, ra, rd)
		case vex:
			VANDPD(m, ra, rd)
		default:
			MOVAPD(ra, rd)
			if in.Op == gen.OpNeg {
				XORPD(m, rd)
			} else {
				ANDPD(m, rd)
			}
		}
	case gen.OpSqrt:
		ra := e.reg(j, a[0])
		rd := e.dest(j, in.Dst)
		switch {
		case scalar && vex:
			VSQRTSD(ra, ra, rd)
		case scalar:
			SQRTSD(ra, rd)
		case vex:
			VSQRTPD(ra, rd)
		default:
			SQRTPD(ra, rd)
		}
	case gen.OpLess, gen.OpLessEq:
		pred := predLT
		if in.Op == gen.OpLessEq {
			pred = predLE
		}
		ra := e.reg(j, a[0])
		rb := e.operand(j, a[1], memOK)
		rd := e.dest(j, in.Dst)
		switch {
		case e.isa.EVEX, vex && !scalar:
			VCMPPD(pred, rb, ra, rd)
		case vex:
			VCMPSD(pred, rb, ra, rd)
		case scalar:
			MOVAPD(ra, rd)
			CMPSD(rb, rd, pred)
		default:
			MOVAPD(ra, rd)
			CMPPD(rb, rd, pred)
		}
	case gen.OpAnd, gen.OpAndNot, gen.OpXor:
		e.logic(j, in)
	case gen.OpBitClear:
		e.bitClear(j, in)
	case gen.OpSelect:
		e.sel(j, in)
	default:
		f, ok := binary[in.Op]
		if !ok {
			panic(fmt.Sprintf("%s: no lowering for %v", e.k.Name, in))
		}
		x, y := a[0], a[1]
		if vex && (in.Op == gen.OpAdd || in.Op == gen.OpMul) && !e.inReg(j, x) && e.inReg(j, y) {
			// Commutative (only which NaN payload survives depends on the
			// order): the register first, the other operand from memory.
			x, y = y, x
		}
		ra := e.reg(j, x)
		rb := e.operand(j, y, memOK)
		rd := e.dest(j, in.Dst)
		switch {
		case vex && scalar:
			f.vsd(rb, ra, rd)
		case vex:
			f.vpd(rb, ra, rd)
		case scalar:
			MOVAPD(ra, rd)
			f.sd(rb, rd)
		default:
			MOVAPD(ra, rd)
			f.pd(rb, rd)
		}
	}
}

// logic: mask operations. AndNot is A && !B.
func (e *blockEmitter) logic(j int, in gen.Instr) {
	x, y := in.Args[0], in.Args[1]
	switch {
	case e.isa.EVEX:
		ra, rb := e.reg(j, x), e.reg(j, y)
		rd := e.dest(j, in.Dst)
		switch in.Op {
		case gen.OpAnd:
			KANDW(rb, ra, rd)
		case gen.OpAndNot:
			KANDNW(ra, rb, rd) // (NOT rb) AND ra
		default:
			KXORW(rb, ra, rd)
		}
	case e.isa.VEX:
		switch in.Op {
		case gen.OpAnd:
			ra, rb := e.reg(j, x), e.operand(j, y, true)
			VANDPD(rb, ra, e.dest(j, in.Dst))
		case gen.OpAndNot:
			ra, rb := e.operand(j, x, true), e.reg(j, y)
			VANDNPD(ra, rb, e.dest(j, in.Dst)) // (NOT rb) AND ra
		default:
			ra, rb := e.reg(j, x), e.operand(j, y, true)
			VXORPD(rb, ra, e.dest(j, in.Dst))
		}
	default:
		ra, rb := e.reg(j, x), e.reg(j, y)
		rd := e.dest(j, in.Dst)
		switch in.Op {
		case gen.OpAnd:
			MOVAPD(ra, rd)
			ANDPD(rb, rd)
		case gen.OpAndNot:
			MOVAPD(rb, rd)
			ANDNPD(ra, rd) // (NOT rb) AND ra
		default:
			MOVAPD(ra, rd)
			XORPD(rb, rd)
		}
	}
}

// bitClear: a mask of the lanes where A's bits and the constant's share
// none. The constants are small integers, so only the low 32 bits of each
// lane can be set after the AND.
func (e *blockEmitter) bitClear(j int, in gen.Instr) {
	ra := e.reg(j, in.Args[0])
	switch {
	case e.isa.EVEX:
		c := e.operand(j, in.Args[1], true)
		VPTESTNMQ(c, ra, e.dest(j, in.Dst))
	case e.isa.VEX:
		c := e.operand(j, in.Args[1], true)
		z := e.operand(j, bZero, true)
		t := e.newReg(false)
		VPAND(c, ra, t)
		VPCMPEQQ(z, t, e.dest(j, in.Dst))
	default:
		// SSE2 has no 64-bit compare: compare the 32-bit halves with 0 (the
		// high half is 0 after the AND), then copy each low half's result
		// over its lane.
		c := e.reg(j, in.Args[1])
		t := XMM()
		MOVAPD(ra, t)
		PAND(c, t)
		z := XMM()
		PXOR(z, z)
		PCMPEQL(z, t)
		PSHUFL(U8(0xa0), t, e.dest(j, in.Dst))
	}
}

// sel: Dst = M ? X : Y.
func (e *blockEmitter) sel(j int, in gen.Instr) {
	m, x, y := in.Args[0], in.Args[1], in.Args[2]
	switch {
	case e.isa.EVEX:
		rm := e.reg(j, m)
		ry := e.reg(j, y)
		rx := e.operand(j, x, true)
		// avo reads the destination of the merging form (lanes the mask
		// leaves alone keep it), which would keep it live from the start
		// of the function: define it first. A blend writes every lane.
		rd := e.dest(j, in.Dst)
		VMOVAPD(ry, rd)
		VBLENDMPD(rx, ry, rm, rd)
	case e.isa.VEX:
		rm := e.reg(j, m)
		ry := e.reg(j, y)
		rx := e.operand(j, x, true)
		VBLENDVPD(rm, rx, ry, e.dest(j, in.Dst))
	default:
		// (m AND x) OR (NOT m AND y).
		rm, rx, ry := e.reg(j, m), e.reg(j, x), e.reg(j, y)
		rd := e.dest(j, in.Dst)
		MOVAPD(rm, rd)
		ANDNPD(ry, rd)
		t := XMM()
		MOVAPD(rm, t)
		ANDPD(rx, t)
		ORPD(t, rd)
	}
}
