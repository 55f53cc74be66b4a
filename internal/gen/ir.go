// Package gen describes the arithmetic of each batched kernel once, as an
// ordered list of operations over named values, and prints the portable Go
// version of it. The avo program in kernel/asm walks the same descriptions to
// emit the SSE2, AVX2 and AVX-512 versions, so every tier performs the same
// operations on the same operands in the same order: the tiers are
// bit-identical by construction rather than by vigilance.
//
// The model is one creature (one lane) at a time: a kernel reads the
// creature's elements of its arrays, optionally runs a loop a parameter
// number of times, and stores results back. Backends decide how many lanes
// run side by side.
//
// A description may differ from the formulas of docs/semantics.md by rewrites that are
// exact for every input (each is explained where it is made, e.g. sq*3 for
// (sq+sq)+sq when sq is in [0, 1]); the tests compare every tier with a
// literal transcription of the formulas, so a rewrite that is not exact
// fails them.
//
// What the assembly backend adds is placement, never arithmetic: how many
// vectors to interleave, which values stay in registers and which are read
// from memory, the operand order of commutative operations. Those are the
// per-ISA knobs in kernel/asm/isa.go; the generated code was measured to be
// as fast as hand-written kernels of the same shape could be expected to be
// (the fused flight runs below one nanosecond per creature-step with AVX2),
// so there was no reason to fall back to hand-written assembly.
package gen

import "fmt"

// Op is one operation of a kernel description.
type Op uint8

// The operations. Arithmetic is IEEE binary64 with round to nearest; every
// operation rounds once (no fused multiply-add, no reassociation).
const (
	OpCopy   Op = iota // Dst = A
	OpNeg              // Dst = -A (sign flip, exact; not 0-A)
	OpAdd              // Dst = A + B
	OpSub              // Dst = A - B
	OpMul              // Dst = A * B
	OpDiv              // Dst = A / B
	OpMax              // Dst = A > B ? A : B (x86 MAXPD: B when either is NaN or both are zero)
	OpMin              // Dst = A < B ? A : B (x86 MINPD: B when either is NaN or both are zero)
	OpSqrt             // Dst = sqrt(A)
	OpAbs              // Dst = |A| (the sign bit cleared)
	OpLess             // Dst = A < B, a mask (false when either is NaN)
	OpSelect           // Dst = A ? B : C, A a mask
	OpStore            // Dst[i] = A, Dst an array
	// Masks for the 3-D flight: a compare that NaN fails, the logic of
	// masks, and a test of a number's low bits (sin/cos's quadrant).
	OpLessEq   // Dst = A <= B, a mask (false when either is NaN)
	OpAnd      // Dst = A && B, masks
	OpAndNot   // Dst = A && !B, masks
	OpXor      // Dst = A != B, masks
	OpBitClear // Dst = Float64bits(A) & Float64bits(B) == 0, a mask; B a constant whose bits are the (small) integer to test
)

var opNames = [...]string{"copy", "neg", "add", "sub", "mul", "div", "max", "min", "sqrt", "abs", "less", "select", "store",
	"lesseq", "and", "andnot", "xor", "bitclear"}

func (o Op) String() string {
	if int(o) < len(opNames) {
		return opNames[o]
	}
	return fmt.Sprintf("Op(%d)", o)
}

// Arity is the number of operands o takes.
func (o Op) Arity() int {
	switch o {
	case OpCopy, OpNeg, OpSqrt, OpAbs, OpStore:
		return 1
	case OpSelect:
		return 3
	}
	return 2
}

// Instr is one operation: Dst = Op(Args...). Dst names a variable, or an
// array for OpStore.
type Instr struct {
	Op   Op
	Dst  string
	Args []string
}

func (in Instr) String() string { return fmt.Sprintf("%s = %s %v", in.Dst, in.Op, in.Args) }

// Const is a named literal.
type Const struct {
	Name  string
	Value float64
}

// Kernel is the description of one batched kernel.
//
// Operands name an array (the current creature's element), a parameter (a
// float64 argument shared by all creatures), a constant, or a variable
// assigned by an earlier instruction. Arrays are read through operands and
// written only by OpStore; every read of an array precedes every store to it.
type Kernel struct {
	Name string // base name of the generated functions, e.g. "step"
	Doc  string // what one creature's computation is, for comments
	// Family names the dispatch function (run + Family) that calls this
	// kernel; "" means Name. The kernels of one family share a signature
	// and package kernel picks one by its Variant number (Fly's four
	// variants); the generated constant of each variant is its Name, or
	// Family+"Plain" for the kernel whose Name is the family's.
	Family  string
	Variant int
	Arrays  []string // slice arguments, in signature order; their length is the creature count n
	Params  []string // float64 arguments, in signature order after Loop
	Consts  []Const
	// Loop names the int argument (after the arrays) that counts how many
	// times Body runs; "" means no loop. Callers guarantee it is >= 1.
	Loop string
	Pre  []Instr // per creature, before the loop
	Body []Instr // the loop body (or the whole computation when Loop is "")
	Post []Instr // per creature, after the loop
}

// Kind is what a name refers to.
type Kind uint8

// The kinds of names.
const (
	KindNone Kind = iota
	KindArray
	KindParam
	KindConst
	KindVar
)

// KindOf says what name refers to in k.
func (k *Kernel) KindOf(name string) Kind {
	for _, a := range k.Arrays {
		if a == name {
			return KindArray
		}
	}
	for _, p := range k.Params {
		if p == name {
			return KindParam
		}
	}
	for _, c := range k.Consts {
		if c.Name == name {
			return KindConst
		}
	}
	if k.assigned(name) {
		return KindVar
	}
	return KindNone
}

// ConstValue is the value of the constant name.
func (k *Kernel) ConstValue(name string) (float64, bool) {
	for _, c := range k.Consts {
		if c.Name == name {
			return c.Value, true
		}
	}
	return 0, false
}

func (k *Kernel) assigned(name string) bool {
	for _, part := range [][]Instr{k.Pre, k.Body, k.Post} {
		for _, in := range part {
			if in.Op != OpStore && in.Dst == name {
				return true
			}
		}
	}
	return false
}

// Uses reports whether an instruction of k reads name or stores to it.
func (k *Kernel) Uses(name string) bool {
	for _, part := range [][]Instr{k.Pre, k.Body, k.Post} {
		for _, in := range part {
			if in.Op == OpStore && in.Dst == name {
				return true
			}
			for _, a := range in.Args {
				if a == name {
					return true
				}
			}
		}
	}
	return false
}

// Carried lists the variables assigned in Pre and reassigned in Body: they
// live across loop iterations (in registers, for the assembly backends).
func (k *Kernel) Carried() []string {
	var out []string
	seen := map[string]bool{}
	for _, in := range k.Pre {
		if in.Op == OpStore || seen[in.Dst] {
			continue
		}
		seen[in.Dst] = true
		for _, b := range k.Body {
			if b.Op != OpStore && b.Dst == in.Dst {
				out = append(out, in.Dst)
				break
			}
		}
	}
	return out
}

// IsMask reports whether variable name holds a mask (the result of a
// compare, a mask operation or a bit test).
func (k *Kernel) IsMask(name string) bool {
	for _, part := range [][]Instr{k.Pre, k.Body, k.Post} {
		for _, in := range part {
			if in.Dst == name && in.Op.MakesMask() {
				return true
			}
		}
	}
	return false
}

// MakesMask reports whether o's result is a mask.
func (o Op) MakesMask() bool {
	switch o {
	case OpLess, OpLessEq, OpAnd, OpAndNot, OpXor, OpBitClear:
		return true
	}
	return false
}

// TakesMask reports whether operand j of o is a mask.
func (o Op) TakesMask(j int) bool {
	switch o {
	case OpSelect:
		return j == 0
	case OpAnd, OpAndNot, OpXor:
		return true
	}
	return false
}

// Check verifies that every operand is defined before use, that arities
// match and that masks and numbers are not mixed up.
func (k *Kernel) Check() error {
	defined := map[string]bool{}
	for _, a := range k.Arrays {
		defined[a] = true
	}
	for _, p := range k.Params {
		defined[p] = true
	}
	for _, c := range k.Consts {
		defined[c.Name] = true
	}
	for _, part := range [][]Instr{k.Pre, k.Body, k.Post} {
		for _, in := range part {
			if len(in.Args) != in.Op.Arity() {
				return fmt.Errorf("%s: %v: want %d operands", k.Name, in, in.Op.Arity())
			}
			for j, a := range in.Args {
				if !defined[a] {
					return fmt.Errorf("%s: %v: %q used before it is defined", k.Name, in, a)
				}
				if k.IsMask(a) != in.Op.TakesMask(j) {
					return fmt.Errorf("%s: %v: operand %q: mask/number mismatch", k.Name, in, a)
				}
			}
			if in.Op == OpBitClear && k.KindOf(in.Args[1]) != KindConst {
				return fmt.Errorf("%s: %v: the bits to test must be a constant", k.Name, in)
			}
			switch in.Op {
			case OpStore:
				if k.KindOf(in.Dst) != KindArray {
					return fmt.Errorf("%s: %v: store to a non-array", k.Name, in)
				}
			default:
				if kd := k.KindOf(in.Dst); kd != KindVar {
					return fmt.Errorf("%s: %v: cannot assign to %q", k.Name, in, in.Dst)
				}
				defined[in.Dst] = true
			}
		}
	}
	return nil
}
