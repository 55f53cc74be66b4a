package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/evocopter/evocopter/kernel"
)

// hover3dKernelCreatures are creatures of every kind the fused flight must
// give the scalar model's bits for: the LQR creature, zero, random ones
// of every scale from subnormal to overflowing, signed zeros, infinities
// and NaN among the coefficients.
func hover3dKernelCreatures(t testing.TB, n int, seed uint64) [][]float64 {
	r := rand.New(rand.NewPCG(seed, 15))
	out := [][]float64{ReadLQRCreature(t), make([]float64, Hover3DShape.Len())}
	specials := []float64{0, math.Copysign(0, -1), 5e-324, -4e-320, math.MaxFloat64, -math.MaxFloat64,
		math.Inf(1), math.Inf(-1), math.NaN(), 1e-300, 1e300}
	lqr := out[0]
	for len(out) < n {
		c := make([]float64, Hover3DShape.Len())
		kind := len(out) % 6
		for j := range c {
			switch kind {
			case 0: // near LQR: flies, sometimes crashes
				c[j] = lqr[j] * (1 + 0.3*r.NormFloat64())
			case 1: // small random
				c[j] = r.NormFloat64() * 0.05
			case 2: // any scale
				c[j] = r.NormFloat64() * math.Ldexp(1, r.IntN(80)-40)
			case 3: // huge and tiny exponents
				c[j] = (r.Float64() - 0.5) * math.Ldexp(1, r.IntN(2000)-1000)
			case 4: // LQR with a few specials
				c[j] = lqr[j]
				if r.IntN(10) == 0 {
					c[j] = specials[r.IntN(len(specials))]
				}
			default: // specials everywhere
				c[j] = specials[r.IntN(len(specials))]
			}
		}
		out = append(out, c)
	}
	return out
}

// hover3dKernelScenarios are short flights: drawn training scenarios, a
// start on the ground, a start at the flip angle's edge and a wound-up yaw.
func hover3dKernelScenarios() []Scenario {
	sc := TrainingScenarios(7, 4)
	for i := range sc {
		sc[i].Seconds = 1.5
	}
	return append(sc,
		Scenario{Start: [3]float64{0, 0, 0}, Setpoint: [3]float64{1, -2, 3}, Seconds: 1},
		Scenario{Start: [3]float64{5, 5, 5}, Setpoint: [3]float64{-5, 5, 1}, Seconds: 0.5,
			Attitude: [3]float64{math.Nextafter(1, 0), -0.99, 2 * math.Pi}},
		Scenario{Start: [3]float64{0, 0, 1e6}, Setpoint: [3]float64{1e6, -1e6, 1e-3}, Seconds: 0.3,
			Attitude: [3]float64{0, 0, -2 * math.Pi}},
	)
}

// TestHover3DKernelMatchesScalarModel flies random creatures through
// every scenario with every tier's fused flight and compares each
// flight's fitness with the scalar model's, bit for bit, for creature
// counts that leave every kind of partial block; lanes and values the
// kernel must not touch are watched.
func TestHover3DKernelMatchesScalarModel(t *testing.T) {
	// Every tier this CPU runs, the ones not verified yet included: this
	// is the test that verifies them.
	tiers := kernel.Available()
	creatures := hover3dKernelCreatures(t, 29, 1)
	e, err := NewHover3DEvaluator(hover3dKernelScenarios(), 1)
	if err != nil {
		t.Fatal(err)
	}
	// Flights no scenario file may ask for (Validate refuses them), which
	// the kernel must still fly as the scalar model does: yaw beyond the
	// range sin/cos reduce (NaN from the first step: the crash rule ends
	// the flight), at its edge, large but inside it; roll and pitch at and
	// beyond the flip angle (crashed at once); NaN and infinite starts.
	for _, sc := range []Scenario{
		{Start: [3]float64{1, 2, 3}, Setpoint: [3]float64{0, 0, 2}, Seconds: 0.2, Attitude: [3]float64{0, 0, 3e6}},
		{Start: [3]float64{1, 2, 3}, Setpoint: [3]float64{0, 0, 2}, Seconds: 0.2, Attitude: [3]float64{0, 0, -TrigMax}},
		{Start: [3]float64{1, 2, 3}, Setpoint: [3]float64{0, 0, 2}, Seconds: 0.2, Attitude: [3]float64{0, 0, math.Nextafter(TrigMax, math.Inf(1))}},
		{Start: [3]float64{1, 2, 3}, Setpoint: [3]float64{0, 0, 2}, Seconds: 0.2, Attitude: [3]float64{1e-310, -0.5, 12345.678}},
		{Start: [3]float64{1, 2, 3}, Setpoint: [3]float64{0, 0, 2}, Seconds: 0.2, Attitude: [3]float64{1, 0, 0}},
		{Start: [3]float64{1, 2, 3}, Setpoint: [3]float64{0, 0, 2}, Seconds: 0.2, Attitude: [3]float64{0, -7, 0}},
		{Start: [3]float64{math.NaN(), 2, 3}, Setpoint: [3]float64{0, 0, 2}, Seconds: 0.1},
		{Start: [3]float64{0, 0, math.Inf(1)}, Setpoint: [3]float64{0, 0, 2}, Seconds: 0.1},
		{Start: [3]float64{0, 0, 3}, Setpoint: [3]float64{0, 0, 2}, Seconds: 0.1, Attitude: [3]float64{0, math.Inf(-1), math.NaN()}},
	} {
		e.plans = append(e.plans, planScenario(sc, e.dt, Weights{}))
	}
	// The fitness's weights: 0 (the plain integral), weights a task may
	// use, and ones no task may (tiny, beyond MaxWeight, infinite, NaN),
	// each on a few scenarios.
	// The penalty stays the finite one of the first weights, so that a
	// crashed flight's own sum is not hidden behind an infinite one.
	var finite []hover3dPlan
	for i := range e.plans {
		e.plans[i].w = Weights{
			Settle:    []float64{0, 0.75, 3, 5e-324, 1e300, math.Inf(1), math.NaN()}[i%7],
			Precision: []float64{0, 2, 0, 0.5, 1e-300, 3, 0, math.NaN(), math.Inf(1)}[i%9],
		}
		e.plans[i].w.Heading = []float64{0, 0, 1.5, 1e-310, math.Inf(1), 0.25}[i%6]
		e.plans[i].w.Level = []float64{0, 3, 0.5, 0}[i%4]
		e.plans[i].w.Effort = []float64{0, 0, 2, 0.1, 7}[i%5]
		e.plans[i].flip = []float64{FlipAngle, 0.3, 0.7, 0, math.NaN()}[i%5]
		if i%7 < 4 && i%9 < 7 && i%6 != 4 {
			finite = append(finite, e.plans[i])
		}
	}
	e.penalty = crashPenalty(finite, e.dt)
	// A second set that crashes early, every creature: whole groups of
	// crashed flights, which the kernels finish with the crashed body
	// (gen.Block.Dead).
	var crashers [][]float64
	f := newHover3DFlight()
	for _, c := range hover3dKernelCreatures(t, 200, 4) {
		if f.fly(c, e.plans[0], e.dt, 0); !f.alive && len(crashers) < 29 {
			crashers = append(crashers, c)
		}
	}
	if len(crashers) < 29 {
		t.Fatalf("only %d crashing creatures", len(crashers))
	}
	for set, creatures := range map[string][][]float64{"mixed": creatures, "crashing": crashers} {
		checkKernelFlights(t, set, tiers, creatures, e)
	}
}

// checkKernelFlights compares every tier's flights of the first n
// creatures with the scalar model's, for many n.
func checkKernelFlights(t *testing.T, set string, tiers []kernel.Tier, creatures [][]float64, e *Hover3DEvaluator) {
	f := newHover3DFlight()
	want := make([][]float64, len(e.plans)) // [scenario][creature]
	for s, p := range e.plans {
		for _, c := range creatures {
			want[s] = append(want[s], f.fly(c, p, e.dt, e.penalty))
		}
	}
	const guard = 37
	sentinel := math.Float64frombits(0x7ff4dead0000beef)
	for _, tier := range tiers {
		for _, n := range []int{1, 2, 3, 4, 5, 7, 8, 9, 12, 13, 15, 16, 17, 24, 29} {
			t.Run(fmt.Sprintf("%s/%s/n=%d", set, tier, n), func(t *testing.T) {
				buf := make([]float64, kernel.Hover3DLen(n)+2*guard)
				for i := range buf {
					buf[i] = sentinel
				}
				data := buf[guard : guard+kernel.Hover3DLen(n)]
				for i, c := range creatures[:n] {
					kernel.Hover3DPack(data, i, c)
				}
				before := append([]float64(nil), buf...)
				for s, p := range e.plans {
					ks := kernelScenario(p, e.dt, e.penalty)
					kernel.FlyHover3D(tier, data, n, &ks)
					for i := range n {
						got := kernel.Hover3DFitnessOf(data, i)
						if math.Float64bits(got) != math.Float64bits(want[s][i]) {
							t.Errorf("scenario %d creature %d: %v (%#x), scalar model %v (%#x)",
								s, i, got, math.Float64bits(got), want[s][i], math.Float64bits(want[s][i]))
						}
					}
				}
				// Only the fitness of the first n creatures may change.
				for k := range buf {
					j := k - guard
					if j >= 0 && j < len(data) {
						field := j / kernel.Hover3DLanes % kernel.Hover3DFields
						creature := j/(kernel.Hover3DLanes*kernel.Hover3DFields)*kernel.Hover3DLanes + j%kernel.Hover3DLanes
						if field == kernel.Hover3DFitness && creature < n {
							continue
						}
					}
					if math.Float64bits(buf[k]) != math.Float64bits(before[k]) {
						t.Fatalf("value %d (data[%d]) changed: %v", k, k-guard, buf[k])
					}
				}
			})
		}
	}
}

// TestHover3DBatchMatchesEvaluator: the batched evaluator's totals are the
// scalar evaluator's bits for every tier and number of workers.
func TestHover3DBatchMatchesEvaluator(t *testing.T) {
	creatures := hover3dKernelCreatures(t, 41, 2)
	sc := hover3dKernelScenarios()
	ref, err := NewHover3DEvaluator(sc, 1)
	if err != nil {
		t.Fatal(err)
	}
	want := make([]float64, len(creatures))
	ref.Evaluate(creatures, want)
	for _, tier := range kernel.Hover3DTiers() {
		for _, workers := range []int{1, 2, 5} {
			b, err := NewHover3DBatch(sc, tier, workers)
			if err != nil {
				t.Fatal(err)
			}
			got := make([]float64, len(creatures))
			b.Evaluate(creatures, got)
			for i := range got {
				if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
					t.Errorf("%s x%d: creature %d: %v, scalar %v", tier, workers, i, got[i], want[i])
				}
			}
		}
	}
}

// TestHover3DEvaluatorFor: every name picks an evaluator of the same bits;
// bad names and unverified tiers say why.
func TestHover3DEvaluatorFor(t *testing.T) {
	creatures := hover3dKernelCreatures(t, 11, 3)
	sc := hover3dKernelScenarios()[:2]
	var want []float64
	for _, name := range append([]string{"", " AUTO ", "scalar", "Generic"}, kernel.TierNames(kernel.Hover3DTiers())...) {
		ev, err := Hover3DEvaluatorFor(name, sc, 2)
		if err != nil {
			t.Fatalf("%q: %v", name, err)
		}
		got := make([]float64, len(creatures))
		ev.Evaluate(creatures, got)
		if want == nil {
			want = got
		}
		for i := range got {
			if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
				t.Errorf("%q: creature %d: %v, want %v", name, i, got[i], want[i])
			}
		}
	}
	if _, ok := mustHover3D(t, "auto", sc).(*Hover3DBatch); !ok {
		t.Error("auto does not fly the fused kernel")
	}
	for _, bad := range []string{"avx1024", "fastest"} {
		if _, err := Hover3DEvaluatorFor(bad, sc, 1); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if _, err := Hover3DEvaluatorFor("soa", sc, 0); err == nil {
		t.Error("0 workers accepted")
	}
	for _, tier := range kernel.Available() {
		if err := kernel.Hover3DErr(tier); err != nil {
			if _, err2 := Hover3DEvaluatorFor(string(tier), sc, 1); err2 == nil || err2.Error() != err.Error() {
				t.Errorf("%s: %v, want %v", tier, err2, err)
			}
		}
	}
}

func mustHover3D(t *testing.T, name string, sc []Scenario) TaskEvaluator {
	ev, err := Hover3DEvaluatorFor(name, sc, 1)
	if err != nil {
		t.Fatal(err)
	}
	return ev
}
