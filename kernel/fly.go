package kernel

import (
	"math"
	"unsafe"
)

// Flight is one environment of docs/semantics.md §3 in its vertical form: four equal
// motors, angles and rates zero, so the quadcopter only moves along z.
type Flight struct {
	Z0, Setpoint float64 // start altitude and setpoint (altitude, up positive)
	Steps        int     // number of steps (computed by the caller from total_t, dt)
	Dt, G, M, MF float64 // time step, gravity, mass, max force per motor
}

// Fly flies every creature through f with the current tier: state[i] is
// read and left as the controller state after the flight; fitness[i]
// receives this flight's fitness (the sum of distance*k, k = 3 when the
// distance grew, 1 otherwise; prev starts at -Inf). Each creature starts
// at altitude Z0 with zero vertical speed.
//
// Fly panics if the coefficient slices or state differ in length from
// fitness; n = 0 does nothing; Steps <= 0 sets every fitness to 0 and leaves
// state as it is. It does not allocate.
//
// When M == 1 the division by the mass is left out (x/1 == x exactly for
// every float64), and when the flight's parameters bound every distance to
// where |d| == sqrt(d*d) (see absDistExact; true for the environments of docs/semantics.md §4)
// the square root is left out: the same bits, faster.
func Fly(c *Batch2x3, state, fitness []float64, f *Flight) {
	flyWith(current.Load(), c, state, fitness, f)
}

// Fly is Fly on tier t. It panics if t is not available on this CPU (see
// Available).
func (t Tier) Fly(c *Batch2x3, state, fitness []float64, f *Flight) {
	flyWith(t.mustImpl(), c, state, fitness, f)
}

func flyWith(im *impl, c *Batch2x3, state, fitness []float64, f *Flight) {
	n := len(fitness)
	if (len(state)^n)|c.lenDiff(n) != 0 {
		panic(lengthError("Fly", c, [4]string{"state", "fitness"}, [4][]float64{state, fitness}))
	}
	if n == 0 {
		return
	}
	if f.Steps <= 0 {
		clear(fitness)
		return
	}
	runFly(im.id, flyVariant(f), c, unsafe.SliceData(state), unsafe.SliceData(fitness), n,
		f.Steps, f.Z0, f.Setpoint, f.Dt, f.G, f.M, f.MF)
}

// flyVariant picks one of the four fused flight kernels of every tier
// (their variant constants are generated from internal/gen's Fly): flyUnit
// when M == 1 (no division by m), flyAbs when the distance may be computed
// as |d| (absDistExact), both, or neither (flyPlain).
func flyVariant(f *Flight) int {
	v := flyPlain
	if f.M == 1 {
		v |= flyUnit
	}
	if absDistExact(f) {
		v |= flyAbs
	}
	return v
}

// absDistExact reports whether |d| equals sqrt(d*d) for every distance of
// flight f, whatever the creatures: then the "Abs" kernels, which compute
// |d| (no product, no square root), give the same bits. sqrt(d*d) == |d|
// holds for d = ±0 and for 2^-500 < |d| < 2^500 (docs/design.md), and here
// d = z + zsp, z the internal altitude:
//
//   - Low side. If |zsp| >= 2^-400, a nonzero d is at least 2^-453: if |z|
//     is within a factor of 2 of |zsp|, both are multiples of 2^-453 (the
//     unit in the last place of a float64 >= 2^-401), so is their exact
//     sum, and a nonzero multiple of 2^-453 rounds to at least 2^-453;
//     otherwise |z + zsp| >= |zsp|/2 >= 2^-401 before rounding, and after.
//   - High side. The controller's output is clipped to o in [0, 1] (a NaN
//     gives 0), so |dw| <= A = 4|mf|/|m| + |g| up to a few roundings,
//     whatever the coefficients: |w| after k steps is at most about k*A*|dt|
//     and |z| at most about |z0| + k²*A*dt². With a factor 2 for every
//     rounding (at most a few per step, and k <= 2^40 steps), |d| <= B =
//     2*(2|z0| + 4k²*A*dt² + |zsp|); B is computed here with a few more
//     roundings, so B <= 2^490 leaves a wide margin below 2^500.
//
// A NaN or infinite parameter makes a comparison false: the exact kernels.
func absDistExact(f *Flight) bool {
	const lo, hi = 0x1p-400, 0x1p490
	zsp := math.Abs(f.Setpoint)
	if !(zsp >= lo) || int64(f.Steps) > 1<<40 {
		return false
	}
	k := float64(f.Steps)
	a := 4*math.Abs(f.MF)/math.Abs(f.M) + math.Abs(f.G)
	b := 2 * (2*math.Abs(f.Z0) + 4*k*k*a*f.Dt*f.Dt + zsp)
	return b <= hi
}
