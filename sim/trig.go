package sim

import "math"

// The project's own sine and cosine.
//
// math.Sin and math.Cos are assembly on s390x and plain Go elsewhere, where
// the compiler may fuse their multiply-adds (arm64, ppc64le, s390x,
// GOAMD64=v3): the 3-D model would give other bits on other machines. Sin,
// Cos and SinCos below give the same bits everywhere: every product that
// feeds a sum is wrapped in float64(...), the only operations are +, -, *,
// comparisons and selects, and the constants are fixed. They are written as
// straight-line code (every branch is a select between two computed values)
// so that the kernel generator can express them as vector operations and
// every tier computes the same bits.
//
// Algorithm (fdlibm, as in FreeBSD's e_rem_pio2.c, k_sin.c and k_cos.c):
//
//  1. n = round(x * 2/pi) by adding and subtracting 1.5*2^52, which also
//     leaves n mod 4 (the quadrant) in the low bits of the sum;
//  2. Cody-Waite reduction with a fixed three-part split of pi/2:
//     r = ((x - n*pio2_1) - n*pio2_2) - n*pio2_2t, where pio2_1 and pio2_2
//     hold 33 significant bits each, so n*pio2_1 and n*pio2_2 are exact for
//     |n| < 2^20, and x - n*pio2_1 is exact (Sterbenz);
//  3. fdlibm's minimax polynomials for sin and cos on [-pi/4, pi/4]
//     (degree 13 and 14), cos in Bruce Evans' branch-free form;
//  4. the quadrant picks sin or cos of r and its sign.
//
// Covered range: |x| <= TrigMax (2^20 radians). There the results are
// within 1 ulp of math.Sin/Cos for |x| <= 100 and within 2 ulp up to
// TrigMax (trig_test.go measures both); against correctly rounded values
// (200-bit arithmetic) within 1 ulp up to 100 and 2 ulp beyond, where the
// two roundings of the reduction add up. Beyond it, and for Inf and NaN,
// Sin and Cos return NaN: a model whose angle has wound up to a million radians has long
// crashed, and NaN makes the crash rule end the episode (every comparison
// the rule makes is false for NaN). |x| < 2^-27 returns x for the sine and 1
// for the cosine exactly, so Sin(±0) = ±0 and Cos(0) = 1.

// TrigMax is the largest |x| Sin and Cos reduce; beyond it they return NaN.
const TrigMax = 1 << 20

// Constants of the reduction (e_rem_pio2.c); the bits are checked in
// trig_test.go.
const (
	trigToInt = 1.5 * (1 << 52)            // 0x4338000000000000: x + toInt rounds x to an integer
	invPio2   = 6.36619772367581382433e-01 // 0x3FE45F306DC9C883: 2/pi
	pio2_1    = 1.57079632673412561417e+00 // 0x3FF921FB54400000: first 33 bits of pi/2
	pio2_2    = 6.07710050630396597660e-11 // 0x3DD0B4611A600000: next 33 bits
	pio2_2t   = 2.02226624879595063154e-21 // 0x3BA3198A2E037073: pi/2 - pio2_1 - pio2_2
	trigTiny  = 0x1p-27                    // below it sin x = x and cos x = 1 in float64
)

// Coefficients of the minimax polynomials (k_sin.c, k_cos.c).
const (
	sinS1 = -1.66666666666666324348e-01 // 0xBFC5555555555549
	sinS2 = 8.33333333332248946124e-03  // 0x3F8111111110F8A6
	sinS3 = -1.98412698298579493134e-04 // 0xBF2A01A019C161D5
	sinS4 = 2.75573137070700676789e-06  // 0x3EC71DE357B1FE7D
	sinS5 = -2.50507602534068634195e-08 // 0xBE5AE5E68A2B9CEB
	sinS6 = 1.58969099521155010221e-10  // 0x3DE5D93A5ACFD57C

	cosC1 = 4.16666666666666019037e-02  // 0x3FA555555555554C
	cosC2 = -1.38888888888741095749e-03 // 0xBF56C16C16C15177
	cosC3 = 2.48015872894767294178e-05  // 0x3EFA01A019CB1590
	cosC4 = -2.75573143513906633035e-07 // 0xBE927E4F809C52AD
	cosC5 = 2.08757232129817482790e-09  // 0x3E21EE9EBDB4B1C4
	cosC6 = -1.13596475577881948265e-11 // 0xBDA8FAE9BE8838D4
)

// trigNaN is the result beyond the covered range (a variable so that the
// select below stays a select of two values).
var trigNaN = math.NaN()

// Sin returns the sine of x (see the comment at the top of this file).
func Sin(x float64) float64 {
	s, _ := SinCos(x)
	return s
}

// Cos returns the cosine of x (see the comment at the top of this file).
func Cos(x float64) float64 {
	_, c := SinCos(x)
	return c
}

// SinCos returns the sine and cosine of x with one shared reduction. The
// operations below are in the order the kernels must repeat.
func SinCos(x float64) (sin, cos float64) {
	ax := math.Abs(x) // clears the sign bit

	// 1. Quadrant: t = x*2/pi + 1.5*2^52 rounds to the integer n and keeps
	// n mod 4 (two's complement) in its low mantissa bits.
	t := float64(x*invPio2) + trigToInt
	n := t - trigToInt
	quadrant := math.Float64bits(t) & 3

	// 2. Cody-Waite reduction to r in [-pi/4, pi/4].
	r := float64(float64(x-float64(n*pio2_1))-float64(n*pio2_2)) - float64(n*pio2_2t)

	// 3. Polynomials.
	z := float64(r * r)
	w := float64(z * z)
	// k_sin: r + r^3*(S1 + z*(S2 + z*(S3 + z*S4)) + z*w*(S5 + z*S6))
	sr := float64(sinS2+float64(z*float64(sinS3+float64(z*sinS4)))) +
		float64(float64(z*w)*float64(sinS5+float64(z*sinS6)))
	v := float64(z * r)
	ks := r + float64(v*float64(sinS1+float64(z*sr)))
	// k_cos: 1 - z/2 + z^2*(C1 + ... ), with the rounding error of 1 - z/2
	// recovered (Evans' form, no branch).
	cr := float64(z*float64(cosC1+float64(z*float64(cosC2+float64(z*cosC3))))) +
		float64(float64(w*w)*float64(cosC4+float64(z*float64(cosC5+float64(z*cosC6)))))
	hz := float64(0.5 * z)
	one := 1 - hz
	kc := one + float64(float64(float64(1-one)-hz)+float64(z*cr))

	// 4. Quadrant selects: sin(x) = [s, c, -s, -c][n mod 4],
	// cos(x) = [c, -s, -c, s][n mod 4].
	swap := quadrant&1 != 0
	sin = selectFloat(swap, kc, ks)
	cos = selectFloat(swap, ks, kc)
	sin = selectFloat(quadrant&2 != 0, -sin, sin)
	cos = selectFloat((quadrant+1)&2 != 0, -cos, cos)

	// Tiny arguments: exact sin x = x (keeps the sign of zero), cos x = 1.
	tiny := ax < trigTiny
	sin = selectFloat(tiny, x, sin)
	cos = selectFloat(tiny, 1, cos)
	// Beyond the covered range, Inf and NaN: NaN (!(ax <= TrigMax) is
	// true for NaN).
	out := !(ax <= TrigMax)
	sin = selectFloat(out, trigNaN, sin)
	cos = selectFloat(out, trigNaN, cos)
	return sin, cos
}

// selectFloat is the select of the kernels' IR: a if mask, else b. Both
// values are computed before it is called.
func selectFloat(mask bool, a, b float64) float64 {
	if mask {
		return a
	}
	return b
}
