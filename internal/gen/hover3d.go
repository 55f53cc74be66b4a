package gen

import (
	"fmt"
	"math"
)

// Hover3D is the whole flight of the 3-D task (package sim's hover3d) for
// the controller shape (S, I, O) = (1, 12, 4), fused into one kernel: the
// inputs, the controller (unrolled for the shape), the mixer and the
// motors' rules, forces and moments, the project's own sin/cos, the
// rigid-body derivatives, explicit Euler, the ground, the distance, the
// crash rule and the fitness, for `steps` steps of one scenario.
//
// Every operation is the scalar model's (sim/hover3d.go, sim/quad.go,
// sim/trig.go, sim/linear.go), in its order, with the same rounding; where
// the scalar code multiplies by a Go constant the compiler folds (an
// inertia of 1, a mass of 1), the description says what it computes
// instead and why that is the same bits. The tests in package sim compare
// every tier with the scalar model bit for bit.
//
// The creatures' data is in blocks (see Block): the 70 coefficients, then
// the fitness the kernel writes. The scenario is the same for every
// creature of a call: its start, setpoint, distance bound, crash penalty,
// dt, the fitness's weights and the flip angle of the crash rule are
// parameters.
func Hover3D() *Block {
	const S, I, O = 1, 12, 4
	b := &hb{k: &Kernel{
		Name:   "hover3d",
		Doc:    "a whole hover3d flight of one scenario: inputs, controller, mixer, 6-DOF model with sin/cos, Euler, ground, crash rule and fitness for steps steps",
		Loop:   "steps",
		Params: []string{"x0", "y0", "z0", "phi0", "theta0", "psi0", "spx", "spy", "spz", "bound", "dt", "penalty", "settle", "precision", "heading", "level", "effort", "flip"},
	}, consts: map[uint64]string{}}
	k := b.k
	rows, cols := S+O, S+I
	for r := range rows {
		for c := range cols {
			k.Arrays = append(k.Arrays, fmt.Sprintf("a%d_%d", r, c))
		}
	}
	for r := range rows {
		k.Arrays = append(k.Arrays, fmt.Sprintf("c%d", r))
	}
	k.Arrays = append(k.Arrays, "fitness")

	// Before the flight: the model at rest at the start, the controller's
	// state 0, alive, no fitness yet.
	b.part = &k.Pre
	zero := b.c(0)
	for _, v := range []string{"u", "v", "w", "p", "q", "r", "s", "fit", "t"} {
		b.set(v, OpCopy, zero)
	}
	b.set("x", OpCopy, "x0")
	b.set("y", OpCopy, "y0")
	b.set("z", OpCopy, "z0")
	b.set("phi", OpCopy, "phi0")
	b.set("theta", OpCopy, "theta0")
	b.set("psi", OpCopy, "psi0")
	b.set("alive", OpLess, zero, b.c(1)) // true

	b.part = &k.Body
	b.step(rows, cols)

	// Once a flight has crashed, a step only advances the time and adds
	// the largest term: Body with alive false gives alive false and
	// fit + (term(bound, 2, 4, 1)*weight)*dt.
	blk := &Block{Kernel: k, Lanes: BlockLanes, Live: "alive"}
	b.part = &blk.Dead
	b.set("fit", OpAdd, "fit", b.mul(b.mul(b.term("bound", b.c(2), b.c(4), b.c(1)), b.weight()), "dt"))

	// After the flight: the fitness, the crash penalty added if it crashed.
	b.part = &k.Post
	pen := b.op(OpSelect, "alive", zero, "penalty")
	b.set("total", OpAdd, "fit", pen)
	b.emit(OpStore, "fitness", "total")
	return blk
}

// Constants of the model (sim/quad.go) and of sin/cos (sim/trig.go);
// package sim's tests check them against its own.
const (
	h3Gravity    = 9.81
	h3MotorForce = 1.0 * 9.81 // motor_thrust * g
	h3DragLever  = 10.0
	h3Hover      = 0.5

	TrigToInt = 1.5 * (1 << 52)
	TrigInvPi = 6.36619772367581382433e-01
	TrigPio21 = 1.57079632673412561417e+00
	TrigPio22 = 6.07710050630396597660e-11
	TrigPio2t = 2.02226624879595063154e-21
	TrigTiny  = 0x1p-27
	TrigMax   = 1 << 20
)

// TrigSin and TrigCos are the minimax coefficients S1..S6 and C1..C6.
var (
	TrigSin = [6]float64{-1.66666666666666324348e-01, 8.33333333332248946124e-03, -1.98412698298579493134e-04,
		2.75573137070700676789e-06, -2.50507602534068634195e-08, 1.58969099521155010221e-10}
	TrigCos = [6]float64{4.16666666666666019037e-02, -1.38888888888741095749e-03, 2.48015872894767294178e-05,
		-2.75573143513906633035e-07, 2.08757232129817482790e-09, -1.13596475577881948265e-11}
)

// hb builds a description: fresh temporaries, constants by value.
type hb struct {
	k      *Kernel
	part   *[]Instr
	n      int
	consts map[uint64]string // constant name by bits
}

func (b *hb) emit(op Op, dst string, args ...string) {
	*b.part = append(*b.part, Instr{op, dst, args})
}

// op appends a fresh temporary = op(args) and returns its name.
func (b *hb) op(op Op, args ...string) string {
	b.n++
	t := fmt.Sprintf("t%d", b.n)
	b.emit(op, t, args...)
	return t
}

// set assigns a named variable.
func (b *hb) set(dst string, op Op, args ...string) { b.emit(op, dst, args...) }

// c is the name of a constant of value v (one per bit pattern).
func (b *hb) c(v float64) string {
	key := math.Float64bits(v)
	if name, ok := b.consts[key]; ok {
		return name
	}
	name := fmt.Sprintf("k%d", len(b.k.Consts))
	b.consts[key] = name
	b.k.Consts = append(b.k.Consts, Const{name, v})
	return name
}

func (b *hb) mul(x, y string) string { return b.op(OpMul, x, y) }
func (b *hb) add(x, y string) string { return b.op(OpAdd, x, y) }
func (b *hb) sub(x, y string) string { return b.op(OpSub, x, y) }

// sinCos is sim.SinCos(x), operation for operation.
func (b *hb) sinCos(x string) (sin, cos string) {
	ax := b.op(OpAbs, x)
	// Quadrant: t = x*2/pi + 1.5*2^52 rounds to n and keeps n mod 4 in its
	// low bits.
	t := b.add(b.mul(x, b.c(TrigInvPi)), b.c(TrigToInt))
	n := b.sub(t, b.c(TrigToInt))
	// Cody-Waite reduction.
	r := b.sub(b.sub(b.sub(x, b.mul(n, b.c(TrigPio21))), b.mul(n, b.c(TrigPio22))), b.mul(n, b.c(TrigPio2t)))
	z := b.mul(r, r)
	w := b.mul(z, z)
	S, C := TrigSin, TrigCos
	// k_sin.
	sr := b.add(b.add(b.c(S[1]), b.mul(z, b.add(b.c(S[2]), b.mul(z, b.c(S[3]))))),
		b.mul(b.mul(z, w), b.add(b.c(S[4]), b.mul(z, b.c(S[5])))))
	v := b.mul(z, r)
	ks := b.add(r, b.mul(v, b.add(b.c(S[0]), b.mul(z, sr))))
	// k_cos, Evans' form.
	cr := b.add(b.mul(z, b.add(b.c(C[0]), b.mul(z, b.add(b.c(C[1]), b.mul(z, b.c(C[2])))))),
		b.mul(b.mul(w, w), b.add(b.c(C[3]), b.mul(z, b.add(b.c(C[4]), b.mul(z, b.c(C[5])))))))
	hz := b.mul(b.c(0.5), z)
	one := b.sub(b.c(1), hz)
	kc := b.add(one, b.add(b.sub(b.sub(b.c(1), one), hz), b.mul(z, cr)))
	// Quadrant selects, with the bit tests written as "bit clear":
	// swap when bit 0 is set, sin negated when bit 1 is, cos negated when
	// (n+1)&2 is, i.e. when bits 0 and 1 differ.
	even := b.op(OpBitClear, t, b.c(math.Float64frombits(1)))
	low := b.op(OpBitClear, t, b.c(math.Float64frombits(2)))
	s1 := b.op(OpSelect, even, ks, kc)
	c1 := b.op(OpSelect, even, kc, ks)
	s2 := b.op(OpSelect, low, s1, b.op(OpNeg, s1))
	c2 := b.op(OpSelect, b.op(OpXor, even, low), b.op(OpNeg, c1), c1)
	// Tiny arguments, then the covered range (NaN, Inf and beyond give NaN).
	tiny := b.op(OpLess, ax, b.c(TrigTiny))
	s3 := b.op(OpSelect, tiny, x, s2)
	c3 := b.op(OpSelect, tiny, b.c(1), c2)
	in := b.op(OpLessEq, ax, b.c(TrigMax))
	nan := b.c(math.NaN())
	return b.op(OpSelect, in, s3, nan), b.op(OpSelect, in, c3, nan)
}

// step is one step of the hover3d flight (sim's hover3dFlight.step with a
// living flight; a crashed one is stepped too and masked).
func (b *hb) step(rows, cols int) {
	zero, one := b.c(0), b.c(1)
	// Inputs: sin and cos of yaw serve the heading frame here and the
	// model below (the same yaw, so the same values).
	spsi, cpsi := b.sinCos("psi")
	ex, ey := b.sub("spx", "x"), b.sub("spy", "y")
	in := []string{
		b.add(b.mul(cpsi, ex), b.mul(spsi, ey)),
		b.sub(b.mul(cpsi, ey), b.mul(spsi, ex)),
		// setpoint altitude - altitude = spz - (-z), which IEEE defines
		// as spz + z.
		b.add("spz", "z"),
		"u", "v", "w", "phi", "theta", "psi", "p", "q", "r",
	}
	// The controller (sim.StepLinear), unrolled for the shape.
	x := append([]string{"s"}, in...)
	out := make([]string, rows)
	for r := range rows {
		acc := b.mul(fmt.Sprintf("a%d_0", r), x[0])
		for c := 1; c < cols; c++ {
			acc = b.add(acc, b.mul(fmt.Sprintf("a%d_%d", r, c), x[c]))
		}
		out[r] = b.add(acc, fmt.Sprintf("c%d", r))
	}
	// The mixer, then each motor's rules: a command not > 0 is 0
	// (SetMotors: max(a, 0) as x86 MAXSD, NaN to 0), then clipped to at
	// most 1 (clip01 on a command already >= 0).
	base := b.add(b.c(h3Hover), out[1])
	roll, pitch, yaw := out[2], out[3], out[4]
	m := []string{
		b.sub(b.add(base, pitch), yaw),
		b.add(b.sub(base, roll), yaw),
		b.sub(b.sub(base, pitch), yaw),
		b.add(b.add(base, roll), yaw),
	}
	sq := make([]string, 4)
	effort := "" // the sum of (o - hover)^2 over the motors, in order
	for i, a := range m {
		o := b.op(OpMin, b.op(OpMax, a, zero), one)
		sq[i] = b.mul(o, o)
		dev := b.sub(o, b.c(h3Hover))
		if e := b.mul(dev, dev); i == 0 {
			effort = e
		} else {
			effort = b.add(effort, e)
		}
	}
	// Forces and moments: Z = (-mf)*sum, L = (1*mf)*(sq4-sq2) with 1*mf =
	// mf exactly, M likewise, N = (10*mf)*(...), 10*mf rounded once here
	// as the scalar model rounds it.
	mf := h3MotorForce
	Z := b.mul(b.c(-mf), b.add(b.add(b.add(sq[0], sq[1]), sq[2]), sq[3]))
	L := b.mul(b.c(mf), b.sub(sq[3], sq[1]))
	M := b.mul(b.c(mf), b.sub(sq[0], sq[2]))
	N := b.mul(b.c(h3DragLever*mf), b.sub(b.sub(b.add(sq[1], sq[3]), sq[0]), sq[2]))

	sphi, cphi := b.sinCos("phi")
	sth, cth := b.sinCos("theta")
	tth := b.op(OpDiv, sth, cth)
	g := b.c(h3Gravity)
	u, v, w, p, q, r := "u", "v", "w", "p", "q", "r"
	// du = ((X/m - g*sth) - q*w) + r*v with X/m the constant 0.
	du := b.add(b.sub(b.sub(zero, b.mul(g, sth)), b.mul(q, w)), b.mul(r, v))
	gcth := b.mul(g, cth)
	dv := b.add(b.sub(b.add(zero, b.mul(gcth, sphi)), b.mul(r, u)), b.mul(p, w))
	// Z/m with m = 1 is Z exactly.
	dw := b.add(b.sub(b.add(Z, b.mul(gcth, cphi)), b.mul(p, v)), b.mul(q, u))
	// With Ix = Iy = 1, Iz = 2, Izx = 0 (the constants fold in the scalar
	// code; an untyped -Izx is +0):
	//   e  = (L - (q*r)*1) + (0*p)*q             (x*1 = x exactly)
	//   f  = (N - (p*q)*0) - (0*q)*r
	//   dp = (2*e - 0*f) / 2                     (x/2 = x*0.5)
	//   dr = (0*e - 1*f) / (0 - 2)               (1*f = f, x/-2 = x*-0.5)
	//   dq = ((M - (r*p)*(-1)) + 0*(p*p - r*r)) / 1   (x*-1 = -x, x/1 = x)
	// Products by 0 are kept: they decide the signs of zeros and make NaN
	// of infinities, as in the scalar model.
	e := b.add(b.sub(L, b.mul(q, r)), b.mul(b.mul(zero, p), q))
	f := b.sub(b.sub(N, b.mul(b.mul(p, q), zero)), b.mul(b.mul(zero, q), r))
	// Division by ±2 is multiplication by ±0.5: both round the same
	// exact quotient once, and a multiplication is several times faster.
	dp := b.mul(b.sub(b.mul(b.c(2), e), b.mul(zero, f)), b.c(0.5))
	dr := b.mul(b.sub(b.mul(zero, e), f), b.c(-0.5))
	dq := b.add(b.sub(M, b.op(OpNeg, b.mul(r, p))), b.mul(zero, b.sub(b.mul(p, p), b.mul(r, r))))

	qsr := b.add(b.mul(q, sphi), b.mul(r, cphi))
	dphi := b.add(p, b.mul(qsr, tth))
	dtheta := b.sub(b.mul(q, cphi), b.mul(r, sphi))
	dpsi := b.op(OpDiv, qsr, cth)

	sphisth, cphisth := b.mul(sphi, sth), b.mul(cphi, sth)
	dx := b.add(b.add(b.mul(b.mul(u, cth), cpsi), b.mul(v, b.sub(b.mul(sphisth, cpsi), b.mul(cphi, spsi)))),
		b.mul(w, b.add(b.mul(cphisth, cpsi), b.mul(sphi, spsi))))
	dy := b.add(b.add(b.mul(b.mul(u, cth), spsi), b.mul(v, b.add(b.mul(sphisth, spsi), b.mul(cphi, cpsi)))),
		b.mul(w, b.sub(b.mul(cphisth, spsi), b.mul(sphi, cpsi))))
	dz := b.add(b.add(b.mul(b.op(OpNeg, u), sth), b.mul(b.mul(v, sphi), cth)), b.mul(b.mul(w, cphi), cth))

	// Explicit Euler: every derivative is from the state at the start.
	for _, sd := range [][2]string{{"u", du}, {"v", dv}, {"w", dw}, {"p", dp}, {"q", dq}, {"r", dr},
		{"phi", dphi}, {"theta", dtheta}, {"psi", dpsi}, {"x", dx}, {"y", dy}, {"z", dz}} {
		b.set(sd[0], OpAdd, sd[0], b.mul(sd[1], "dt"))
	}
	// The controller's next state.
	b.set("s", OpCopy, out[0])
	// Ground: z > 0 puts z and w back to 0. min(0, z) is that select for z
	// exactly (OpMin gives z when z is NaN or a zero).
	hit := b.op(OpLess, zero, "z")
	b.set("w", OpSelect, hit, zero, "w")
	b.set("z", OpMin, zero, "z")
	// Distance to the setpoint: squares of x, y, altitude summed in order.
	ddx, ddy, ddz := b.sub("spx", "x"), b.sub("spy", "y"), b.add("spz", "z")
	d := b.op(OpSqrt, b.add(b.add(b.mul(ddx, ddx), b.mul(ddy, ddy)), b.mul(ddz, ddz)))
	// Crash rule: alive stays true while the step did not hit the ground,
	// roll and pitch stay below the flip angle and the distance within the
	// bound; every compare is false for NaN.
	// (flip is the flip angle, or the fitness's stricter tilt limit.)
	upright := b.op(OpAnd, b.op(OpLess, b.op(OpAbs, "phi"), "flip"), b.op(OpLess, b.op(OpAbs, "theta"), "flip"))
	near := b.op(OpLessEq, d, "bound")
	b.set("alive", OpAnd, b.op(OpAndNot, "alive", hit), b.op(OpAnd, upright, near))
	// The heading error 1 - cos(psi) and the tilt (1 - cos(phi)) +
	// (1 - cos(theta)) are the step's start's (the cosines the inputs and
	// the model used), the effort this step's motors'; their largest, 2, 4
	// and 1, once crashed.
	dist := b.op(OpSelect, "alive", d, "bound")
	head := b.op(OpSelect, "alive", b.sub(one, cpsi), b.c(2))
	tilt := b.op(OpSelect, "alive", b.add(b.sub(one, cphi), b.sub(one, cth)), b.c(4))
	eff := b.op(OpSelect, "alive", effort, one)
	b.set("fit", OpAdd, "fit", b.mul(b.mul(b.term(dist, head, tilt, eff), b.weight()), "dt"))
}

// term is what a step counts of the distance x, the heading error h, the
// tilt l and the effort e: (((x + precision*sqrt(x)) + heading*h) +
// level*l) + effort*e (sim's Weights.term). With the weights 0 it is x
// exactly: x >= 0, h in [0, 2], l in [0, 4] and e in [0, 1] are finite
// here (a distance within the bound, or the bound), so the products by 0
// are +0 and adding +0 changes nothing.
func (b *hb) term(x, h, l, e string) string {
	t := b.add(b.add(b.add(x, b.mul("precision", b.op(OpSqrt, x))), b.mul("heading", h)), b.mul("level", l))
	return b.add(t, b.mul("effort", e))
}

// weight advances the flight's time t by dt and returns the step's
// time weight 1 + settle*t (sim's weight). With settle
// 0 it is exactly 1, and a product by 1 is exact, so the fitness has the
// bits of the unweighted sum distance*dt.
func (b *hb) weight() string {
	b.set("t", OpAdd, "t", "dt")
	return b.add(b.c(1), b.mul("settle", "t"))
}
