package kernel_test

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/evocopter/evocopter/kernel"
)

// refFly is the vertical flight written out for one creature, literally:
// controller (both rows from the old state), set_thrust and clip, four
// equal motors summed left to right, explicit Euler (z moves with the old
// w), ground, distance and the overshoot penalty. Internal z points down.
func refFly(c *kernel.Batch2x3, i int, s float64, f *kernel.Flight) (state, fitness float64) {
	z, w := -f.Z0, 0.0
	prev, fit := math.Inf(-1), 0.0
	zsp := f.Setpoint
	for step := 0; step < f.Steps; step++ {
		alt := -z
		pwm := ((float64(s*c.Q0[i]) + float64(zsp*c.Q1[i])) + float64(alt*c.Q2[i])) + c.C1[i]
		s = ((float64(s*c.K0[i]) + float64(zsp*c.K1[i])) + float64(alt*c.K2[i])) + c.C0[i]
		a := 0.0
		if pwm > 0 {
			a = pwm
		}
		o := a
		if a > 1 {
			o = 1
		}
		sq := float64(o * o)
		sum := ((sq + sq) + sq) + sq
		Z := -float64(f.MF * sum)
		dw := Z/f.M + f.G
		dz := w
		w = w + float64(dw*f.Dt)
		z = z + float64(dz*f.Dt)
		if z > 0 {
			z, w = 0, 0
		}
		d := zsp - (-z)
		dist := math.Sqrt(float64(d * d))
		k := 1.0
		if dist > prev {
			k = 3
		}
		prev = dist
		fit = fit + float64(dist*k)
	}
	return s, fit
}

// The five environments of docs/semantics.md §4, with the constants of docs/semantics.md §2.
var envs = []kernel.Flight{
	{Z0: 3, Setpoint: 5, Steps: 200},
	{Z0: 5, Setpoint: 3, Steps: 200},
	{Z0: 100, Setpoint: 102, Steps: 200},
	{Z0: 302, Setpoint: 300, Steps: 200},
	{Z0: 50, Setpoint: 60, Steps: 401},
}

func init() {
	for i := range envs {
		envs[i].Dt, envs[i].G, envs[i].M, envs[i].MF = 0.01, 9.81, 1, 9.81
	}
}

func checkFly(t *testing.T, tier kernel.Tier, n, offset int, r *rand.Rand, extremeRate float64, f *kernel.Flight) {
	t.Helper()
	c := newGuardedBatch(n, offset, r, extremeRate)
	state, fitness := newGuarded(n, offset), newGuarded(n, offset)
	for i := 0; i < n; i++ {
		state.s()[i] = value(r, extremeRate)
	}
	wantState, wantFit := make([]float64, n), make([]float64, n)
	for i := 0; i < n; i++ {
		wantState[i], wantFit[i] = refFly(c.get(), i, state.s()[i], f)
	}
	tier.Fly(c.get(), state.s(), fitness.s(), f)
	for i := 0; i < n; i++ {
		if !sameBits(state.s()[i], wantState[i]) || !sameBits(fitness.s()[i], wantFit[i]) {
			t.Fatalf("%s n=%d offset=%d flight %+v creature %d: got state %v fitness %v (%#x %#x), want %v %v (%#x %#x)",
				tier, n, offset, *f, i, state.s()[i], fitness.s()[i], math.Float64bits(state.s()[i]), math.Float64bits(fitness.s()[i]),
				wantState[i], wantFit[i], math.Float64bits(wantState[i]), math.Float64bits(wantFit[i]))
		}
	}
	c.check(t)
	state.check(t, "state")
	fitness.check(t, "fitness")
}

func TestFlyMatchesReference(t *testing.T) {
	flights := append([]kernel.Flight(nil), envs...)
	heavy := envs[0]
	heavy.M, heavy.Steps = 1.7, 50 // the division path
	odd := kernel.Flight{Z0: 0, Setpoint: -1, Steps: 3, Dt: 0.5, G: -2, M: 3, MF: 4e300}
	// Tiny scales at the edge of the range where the kernels compute the
	// distance as |d| (setpoint 2^-400: a falling creature's d starts at
	// -2^-444 and crosses zero), and just outside it (setpoint 2^-401:
	// sqrt(d*d)), and far outside (d near 2^-560, where |d| != sqrt(d*d)).
	tiny := kernel.Flight{Z0: 0x1.00000000001p-400, Setpoint: 0x1p-400, Steps: 60, Dt: 0x1p-30, G: 0x1p-380, M: 1, MF: 0x1p-382}
	tinier := tiny
	tinier.Z0, tinier.Setpoint, tinier.G, tinier.MF = 0x1.00000000001p-401, 0x1p-401, 0x1p-381, 0x1p-383
	subnormal := tiny
	subnormal.Z0, subnormal.Setpoint, subnormal.G, subnormal.MF = 0x1.00000000001p-520, 0x1p-520, 0x1p-500, 0x1p-502
	flights = append(flights, heavy, odd, tiny, tinier, subnormal)
	tiersToTest(t, func(t *testing.T, tier kernel.Tier) {
		r := rand.New(rand.NewPCG(11, 12))
		for fi := range flights {
			f := &flights[fi]
			for _, rate := range []float64{0, 0.2, 1} {
				for n := 0; n <= 67; n++ {
					checkFly(t, tier, n, n%2, r, rate, f)
				}
			}
		}
		checkFly(t, tier, 10007, 1, r, 0.05, &envs[4])
	})
}

func TestFlyHandChecked(t *testing.T) {
	tiersToTest(t, func(t *testing.T, tier kernel.Tier) {
		// "hover": every coefficient zero except c1 = 0.5: four motors at
		// 0.5 give 4*0.25*mf = g, so it stays at z0 and the distance is 2
		// (10 in env 4) every step, tripled on the first: 3*2 + 199*2 = 404.
		// "zeros": all zero. Both are creatures of the reference fitness
		// file (50 and 51); the state carries across the five environments,
		// as in an evaluation.
		cases := []struct {
			name string
			c1   float64
			want []float64
		}{
			{"hover", 0.5, []float64{404, 404, 404, 404, 4030}},
			{"zeros", 0, []float64{1320.7294969999998, 546.91277999999988, 5123.9018999999926, 3068.5015799999646, 30532.336319999988}},
		}
		for _, tc := range cases {
			n := 11 // some lanes in the wide loop, some in the tail
			z := make([]float64, n)
			c1 := make([]float64, n)
			for i := range c1 {
				c1[i] = tc.c1
			}
			c := &kernel.Batch2x3{K0: z, K1: z, K2: z, Q0: z, Q1: z, Q2: z, C0: z, C1: c1}
			state, fitness := make([]float64, n), make([]float64, n)
			for e := range envs {
				tier.Fly(c, state, fitness, &envs[e])
				for i, got := range fitness {
					if got != tc.want[e] {
						t.Fatalf("%s env %d creature %d: fitness %v, want %v", tc.name, e, i, got, tc.want[e])
					}
				}
			}
		}
	})
}

func TestFlyZeroSteps(t *testing.T) {
	c := newGuardedBatch(5, 0, rand.New(rand.NewPCG(1, 1)), 0).get()
	state := []float64{1, 2, 3, 4, 5}
	fitness := []float64{9, 9, 9, 9, 9}
	kernel.Fly(c, state, fitness, &kernel.Flight{Steps: 0})
	for i := range state {
		if state[i] != float64(i+1) || fitness[i] != 0 {
			t.Fatalf("Steps=0: state %v fitness %v", state, fitness)
		}
	}
	kernel.Fly(&kernel.Batch2x3{}, nil, nil, &envs[0])
}

func TestFlyLengthMismatchPanics(t *testing.T) {
	c := newGuardedBatch(4, 0, rand.New(rand.NewPCG(5, 6)), 0).get()
	defer func() {
		msg, _ := recover().(string)
		if !strings.Contains(msg, "kernel: Fly: slice lengths differ") {
			t.Fatalf("panic = %q, want a length message", msg)
		}
	}()
	kernel.Fly(c, make([]float64, 4), make([]float64, 3), &envs[0])
}

func TestFlyDoesNotAllocate(t *testing.T) {
	c := newGuardedBatch(64, 0, rand.New(rand.NewPCG(7, 8)), 0).get()
	s, f := make([]float64, 64), make([]float64, 64)
	for _, tier := range kernel.Available() {
		if a := testing.AllocsPerRun(5, func() { tier.Fly(c, s, f, &envs[0]) }); a != 0 {
			t.Errorf("%s: %v allocations per Fly", tier, a)
		}
	}
}

func FuzzFly(f *testing.F) {
	f.Add(uint64(1), uint64(2), uint8(13), 0.3, 3.0, 5.0, uint16(20), 1.0)
	f.Add(uint64(3), uint64(4), uint8(67), 1.0, 0.0, -0.0, uint16(3), 0.7)
	f.Fuzz(func(t *testing.T, seed1, seed2 uint64, n uint8, rate, z0, zsp float64, steps uint16, m float64) {
		fl := &kernel.Flight{Z0: z0, Setpoint: zsp, Steps: int(steps % 512), Dt: 0.01, G: 9.81, M: m, MF: 9.81}
		for _, tier := range kernel.Available() {
			checkFly(t, tier, int(n), int(seed1%2), rand.New(rand.NewPCG(seed1, seed2)), rate, fl)
		}
	})
}
