package gen

import "github.com/evocopter/evocopter/internal/coeffs"

// Kernels lists every kernel description, in the order the backends emit them.
func Kernels() []*Kernel {
	return []*Kernel{Step(), Fly(false, false), Fly(true, false), Fly(false, true), Fly(true, true)}
}

// dot appends dst = ((x0*a0 + x1*a1) + x2*a2) + c: the docs/semantics.md §1 row, left to
// right, every product rounded on its own. Temporaries are named dst_0...
func dot(dst string, x, a [3]string, c string) []Instr {
	t := func(i int) string { return dst + "_" + string(rune('0'+i)) }
	return []Instr{
		{OpMul, t(0), []string{x[0], a[0]}},
		{OpMul, t(1), []string{x[1], a[1]}},
		{OpAdd, t(2), []string{t(0), t(1)}},
		{OpMul, t(3), []string{x[2], a[2]}},
		{OpAdd, t(4), []string{t(2), t(3)}},
		{OpAdd, dst, []string{t(4), c}},
	}
}

// arrays are a 2x3 controller kernel's arrays: the coefficients in the
// order of docs/semantics.md §1 (internal/coeffs, reached through the Batch2x3 pointer), then extra.
func arrays(extra ...string) []string {
	names := coeffs.Names()
	return append(names[:], extra...)
}

// Step is one controller step (docs/semantics.md §1) for every creature:
// state, out = row k, row q of [state, in0, in1] plus c.
func Step() *Kernel {
	k := &Kernel{
		Name:   "step",
		Doc:    "one controller step: state, out <- ((state*k0 + in0*k1) + in1*k2) + c0, ((state*q0 + in0*q1) + in1*q2) + c1",
		Arrays: arrays("state", "in0", "in1", "out"),
	}
	// Each input is read once and used by both rows.
	k.Body = []Instr{
		{OpCopy, "s", []string{"state"}},
		{OpCopy, "zsp", []string{"in0"}},
		{OpCopy, "z", []string{"in1"}},
	}
	k.Body = append(k.Body, dot("next", [3]string{"s", "zsp", "z"}, [3]string{"k0", "k1", "k2"}, "c0")...)
	k.Body = append(k.Body, dot("pwm", [3]string{"s", "zsp", "z"}, [3]string{"q0", "q1", "q2"}, "c1")...)
	k.Body = append(k.Body,
		Instr{OpStore, "state", []string{"next"}},
		Instr{OpStore, "out", []string{"pwm"}},
	)
	return k
}

// Fly is one environment run of docs/semantics.md §3 in its vertical form (four equal
// motors, angles and rates zero), fused: controller, physics and fitness for
// `steps` steps. The internal z axis points down; altitude is -z.
//
// unitMass drops the division by m: x/1 == x exactly for every x (a NaN
// keeps its payload), so the "flyUnit" kernel gives the same bits as "fly"
// when m == 1, without the slowest instruction of the step.
//
// Signed zeros: z starts at -z0 (a sign flip, so z0 = +0 gives z = -0, as
// in a model that stores altitude as -z); w starts at +0 and an addition
// can only produce -0 from two -0 operands, so w is never -0 and the full
// model's dz = ((-u*sinθ) + v*sinφ*cosθ) + w*cosφ*cosθ equals w bit for bit.
//
// absDist computes the distance as |d| instead of sqrt(d*d) (the "Abs"
// kernels): the same bits when d is ±0 or 2^-500 < |d| < 2^500 (docs/design.md),
// no product and no square root. The caller guarantees that range for
// every step of every creature (package kernel proves it from the flight's
// parameters: see absDistExact).
func Fly(unitMass, absDist bool) *Kernel {
	k := &Kernel{
		Name:   "fly",
		Doc:    "a whole vertical flight: controller, physics and fitness for steps steps",
		Arrays: arrays("state", "fitness"),
		Loop:   "steps",
		Params: []string{"z0", "zsp", "dt", "grav", "m", "mf"},
		Consts: []Const{{"zero", 0}, {"one", 1}, {"three", 3}, {"negInf", negInf()}},
	}
	// The variant numbers are bit sets, so package kernel can compose
	// them (flyUnit|flyAbs is flyUnitAbs).
	k.Family = "fly"
	if unitMass {
		k.Name = "flyUnit"
		k.Doc += " (mass 1: no division)"
		k.Variant |= 1
	}
	if absDist {
		k.Name += "Abs"
		k.Doc += " (distance |d|: the caller proved it exact)"
		k.Variant |= 2
	}
	k.Pre = []Instr{
		{OpCopy, "s", []string{"state"}},
		{OpNeg, "z", []string{"z0"}},
		{OpCopy, "w", []string{"zero"}},
		{OpCopy, "prev", []string{"negInf"}},
		{OpCopy, "fit", []string{"zero"}},
	}
	// Loop invariants, computed once per creature. zsp*q1 and zsp*k1 are
	// the same rounded products the per-step formula computes. The
	// altitude is -z; rounding is symmetric, so alt*q2 = (-z)*q2 equals
	// z*(-q2) bit for bit, and -(mf*sum) equals (-mf)*sum: negating the
	// invariant factor once takes two negations out of every step.
	k.Pre = append(k.Pre,
		Instr{OpMul, "zq1", []string{"zsp", "q1"}},
		Instr{OpMul, "zk1", []string{"zsp", "k1"}},
		Instr{OpNeg, "nq2", []string{"q2"}},
		Instr{OpNeg, "nk2", []string{"k2"}},
		Instr{OpNeg, "nmf", []string{"mf"}},
	)
	// Both controller rows read the state from before this step.
	row := func(dst, a0, x1a1, na2, c string) []Instr {
		return []Instr{
			{OpMul, dst + "_0", []string{"s", a0}},
			{OpAdd, dst + "_2", []string{dst + "_0", x1a1}},
			{OpMul, dst + "_3", []string{"z", na2}},
			{OpAdd, dst + "_4", []string{dst + "_2", dst + "_3"}},
			{OpAdd, dst, []string{dst + "_4", c}},
		}
	}
	b := row("pwm", "q0", "zq1", "nq2", "c1")
	b = append(b, row("s", "k0", "zk1", "nk2", "c0")...)
	b = append(b,
		// set_thrust: pwm > 0 ? pwm : 0 (NaN and -0 become +0), then clip to [0, 1].
		Instr{OpMax, "thrust", []string{"pwm", "zero"}},
		Instr{OpMin, "o", []string{"thrust", "one"}},
		// Z = -mf*(o²+o²+o²+o²), summed left to right as the four motors
		// are. o is in [0, 1], so sq+sq = 2*sq is exact and (sq+sq)+sq,
		// one rounding of 3*sq, is sq*3: one multiplication instead of two
		// dependent additions, the same bits.
		Instr{OpMul, "sq", []string{"o", "o"}},
		Instr{OpMul, "sum3", []string{"sq", "three"}},
		Instr{OpAdd, "sum4", []string{"sum3", "sq"}},
		Instr{OpMul, "fz", []string{"nmf", "sum4"}},
	)
	// dw = Z/m + g*cos*cos, with cos = 1.
	if unitMass {
		b = append(b, Instr{OpAdd, "dw", []string{"fz", "grav"}})
	} else {
		b = append(b,
			Instr{OpDiv, "accel", []string{"fz", "m"}},
			Instr{OpAdd, "dw", []string{"accel", "grav"}},
		)
	}
	b = append(b,
		// Explicit Euler: z moves with the w from before this step.
		Instr{OpMul, "dz", []string{"w", "dt"}},
		Instr{OpMul, "dv", []string{"dw", "dt"}},
		Instr{OpAdd, "w", []string{"w", "dv"}},
		Instr{OpAdd, "z", []string{"z", "dz"}},
		// Ground: if z > 0 { z = 0; w = 0 }. For z, min(zero, z) is that
		// select exactly (OpMin: zero < z ? zero : z, and z when z is NaN
		// or a zero, so -0 stays -0): one operation on the chain that
		// carries z from step to step instead of a compare and a blend.
		Instr{OpLess, "below", []string{"zero", "z"}},
		Instr{OpSelect, "w", []string{"below", "zero", "w"}},
		Instr{OpMin, "z", []string{"zero", "z"}},
		// distance = sqrt(d*d), d = setpoint - altitude = zsp - (-z),
		// written z + zsp: IEEE defines a - b as a + (-b), and -(-z) is z,
		// so this is the same value with one operation less (only a NaN's
		// payload may differ, which is not part of the contract). The x and
		// y terms of the 3-D distance add +0 to d*d, which changes nothing.
		Instr{OpAdd, "d", []string{"z", "zsp"}},
	)
	if absDist {
		b = append(b, Instr{OpAbs, "dist", []string{"d"}})
	} else {
		b = append(b,
			Instr{OpMul, "dd", []string{"d", "d"}},
			Instr{OpSqrt, "dist", []string{"dd"}},
		)
	}
	b = append(b,
		// Overshoot penalty: cost = dist*k, k = distance > prev ? 3 : 1.
		// dist*1 is dist exactly, so cost = worse ? dist*3 : dist: the
		// product no longer waits for the compare.
		Instr{OpLess, "worse", []string{"prev", "dist"}},
		Instr{OpMul, "dist3", []string{"dist", "three"}},
		Instr{OpSelect, "cost", []string{"worse", "dist3", "dist"}},
		Instr{OpAdd, "fit", []string{"fit", "cost"}},
		Instr{OpCopy, "prev", []string{"dist"}},
	)
	k.Body = b
	k.Post = []Instr{
		{OpStore, "state", []string{"s"}},
		{OpStore, "fitness", []string{"fit"}},
	}
	return k
}
