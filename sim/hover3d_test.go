package sim_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/evocopter/evocopter/kernel"
	"github.com/evocopter/evocopter/sim"
)

func TestStepLinearIsSpecializedOnTheVerticalShape(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	sh := sim.Vertical.Shape
	state, out, x := make([]float64, 1), make([]float64, 2), make([]float64, 3)
	for range 1000 {
		var c sim.Coeffs
		for k := range c {
			c[k] = (r.Float64() - 0.5) * math.Ldexp(1, r.IntN(40)-20)
		}
		s := sim.NewSpecialized(c)
		state[0] = 0
		for range 5 {
			in := []float64{r.NormFloat64() * 100, r.NormFloat64() * 100}
			want := s.Step(in[0], in[1])
			sim.StepLinear(sh, c[:], state, in, out, x)
			if math.Float64bits(out[1]) != math.Float64bits(want) || math.Float64bits(state[0]) != math.Float64bits(s.State) {
				t.Fatalf("StepLinear %v %v, Specialized %v %v", out[1], state[0], want, s.State)
			}
		}
	}
}

func TestTasks(t *testing.T) {
	for _, name := range []string{"vertical", " Hover3D ", "HOVER3D", ""} {
		if _, err := sim.TaskByName(name); err != nil {
			t.Errorf("%q: %v", name, err)
		}
	}
	if tk, _ := sim.TaskByName(""); tk != sim.Vertical {
		t.Errorf("the default task is %s", tk.Name)
	}
	if _, err := sim.TaskByName("hover"); err == nil || err.Error() != `unknown task "hover": want vertical or hover3d` {
		t.Errorf("unknown task: %v", err)
	}
	for _, tk := range sim.Tasks() {
		if len(tk.Inputs) != tk.Shape.I || len(tk.Outputs) != tk.Shape.O || tk.Strategy == "" {
			t.Errorf("task %s: %d inputs and %d outputs named for %v", tk.Name, len(tk.Inputs), len(tk.Outputs), tk.Shape)
		}
	}
	lens := map[int]bool{}
	for _, tk := range sim.Tasks() {
		if got, err := sim.TaskOfLen(tk.Shape.Len()); got != tk || err != nil || lens[tk.Shape.Len()] {
			t.Errorf("task %s: two tasks have %d coefficients", tk.Name, tk.Shape.Len())
		}
		lens[tk.Shape.Len()] = true
	}
	if _, err := sim.TaskOfLen(9); err == nil {
		t.Error("a task of 9 coefficients")
	}
	if sim.Hover3D.Shape.Len() != 70 || sim.Vertical.Shape.Len() != 8 {
		t.Errorf("coefficients: hover3d %d, vertical %d", sim.Hover3D.Shape.Len(), sim.Vertical.Shape.Len())
	}
}

func TestVerticalTaskEvaluatorGivesTodaysTotals(t *testing.T) {
	cs, fit := loadReference(t)
	e, err := sim.Vertical.NewEvaluator(sim.EvalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	flat := make([][]float64, len(cs))
	for i, c := range cs {
		flat[i] = append([]float64(nil), c.Coeffs[:]...)
	}
	out := make([]float64, len(cs))
	e.Evaluate(flat, out)
	for i := range cs {
		if want := fit[i].Total(); math.Float64bits(out[i]) != math.Float64bits(want) {
			t.Errorf("creature %d: %v, want %v", i, out[i], want)
		}
	}
	if _, err := sim.Vertical.NewEvaluator(sim.EvalOptions{Scenarios: sim.HeldOutScenarios(1)}); err == nil {
		t.Error("the vertical task accepted scenarios")
	}
}

// randomHover3D returns creatures of every kind: small, huge, zero, NaN.
func randomHover3D(r *rand.Rand, n int) [][]float64 {
	out := make([][]float64, n)
	for i := range out {
		c := make([]float64, sim.Hover3DShape.Len())
		scale := math.Ldexp(1, r.IntN(12)-10)
		for k := range c {
			c[k] = (r.Float64() - 0.5) * scale
		}
		switch i % 7 {
		case 3:
			c[r.IntN(len(c))] = math.NaN()
		case 5:
			c[r.IntN(len(c))] = math.Inf(1)
		case 6:
			clear(c)
		}
		out[i] = c
	}
	return out
}

func TestHover3DEvaluatorSameBitsForAnyWorkers(t *testing.T) {
	cs := randomHover3D(rand.New(rand.NewPCG(5, 6)), 40)
	var want []float64
	for _, w := range []int{1, 2, 3, 8, 64} {
		e, err := sim.NewHover3DEvaluator(sim.TrainingScenarios(7, 4), w)
		if err != nil {
			t.Fatal(err)
		}
		out := make([]float64, len(cs))
		e.Evaluate(cs, out)
		if want == nil {
			want = out
			continue
		}
		for i := range out {
			if math.Float64bits(out[i]) != math.Float64bits(want[i]) {
				t.Fatalf("workers %d: creature %d %v, with 1 worker %v", w, i, out[i], want[i])
			}
		}
	}
	for i, f := range want {
		if math.IsNaN(f) || f <= 0 {
			t.Errorf("creature %d: fitness %v", i, f)
		}
	}
}

func TestHover3DCrashAlwaysLoses(t *testing.T) {
	for _, w := range []sim.Weights{{}, {Settle: 2}, {Precision: 3}, {Settle: 0.5, Precision: 1}} {
		t.Run(fmt.Sprintf("%+v", w), func(t *testing.T) { testCrashAlwaysLoses(t, w) })
	}
}

func testCrashAlwaysLoses(t *testing.T, w sim.Weights) {
	sc := sim.TrainingScenarios(3, 6)
	e, err := sim.NewHover3DEvaluatorWeights(sc, w, 1)
	if err != nil {
		t.Fatal(err)
	}
	cs := randomHover3D(rand.New(rand.NewPCG(8, 9)), 60)
	worstFlying, bestCrashed := 0.0, math.Inf(1)
	for _, c := range cs {
		f := e.Fitness(c)
		crashed := false
		for _, r := range e.Fly(c, nil) {
			crashed = crashed || r.Crashed
		}
		if crashed {
			bestCrashed = math.Min(bestCrashed, f)
			if !(f >= e.Penalty()) {
				t.Errorf("a crashed creature scores %v, below the penalty %v", f, e.Penalty())
			}
		} else {
			worstFlying = math.Max(worstFlying, f)
		}
	}
	if !(worstFlying < bestCrashed) {
		t.Errorf("a creature that did not crash scored %v, one that crashed %v", worstFlying, bestCrashed)
	}
}

func TestHover3DCrashRule(t *testing.T) {
	sh := sim.Hover3DShape
	at := func(row, col int) int { return row*sh.Cols() + col }
	constant := func(row int) int { return sh.Rows()*sh.Cols() + row }
	sc := []sim.Scenario{{Start: [3]float64{0, 0, 5}, Setpoint: [3]float64{0, 0, 5}, Seconds: 3}}
	e, err := sim.NewHover3DEvaluator(sc, 1)
	if err != nil {
		t.Fatal(err)
	}
	fly := func(c []float64) sim.FlightReport { return e.Fly(c, nil)[0] }

	zero := make([]float64, sh.Len())
	if r := fly(zero); r.Crashed || r.FinalDistance != 0 || r.Fitness != 0 || r.TimeToReach != 0.01 {
		t.Errorf("the zero creature does not hover in place: %+v", r)
	}
	// Motors off: it falls 5 m and hits the ground in about 1 s.
	off := make([]float64, sh.Len())
	off[constant(1)] = -1
	if r := fly(off); !r.Crashed || r.CrashTime < 0.9 || r.CrashTime > 1.1 || !math.IsInf(r.MaxDistanceLast2s, 1) {
		t.Errorf("falling: %+v", r)
	}
	// Full roll (one motor off, its opposite at full: the unbalanced yaw
	// moment spins it too): flips within about a second.
	roll := make([]float64, sh.Len())
	roll[constant(2)] = 0.5
	if r := fly(roll); !r.Crashed || r.CrashTime > 1.5 {
		t.Errorf("rolling: %+v", r)
	}
	// Climbing away: the distance bound ends it.
	climb := make([]float64, sh.Len())
	climb[constant(1)] = 0.2
	if r := fly(climb); !r.Crashed {
		t.Errorf("climbing away: %+v", r)
	}
	// NaN in the controller: motors get NaN commands, which are 0: a fall.
	nan := make([]float64, sh.Len())
	nan[at(1, 1)] = math.NaN()
	if r := fly(nan); !r.Crashed {
		t.Errorf("NaN controller: %+v", r)
	}
	// A yaw that spins forever is no crash: it hovers while spinning.
	yaw := make([]float64, sh.Len())
	yaw[constant(4)] = 0.01
	if r := fly(yaw); r.Crashed {
		t.Errorf("spinning: %+v", r)
	}
}

func TestHover3DHeadingFrame(t *testing.T) {
	// The LQR creature flies a scenario and the same scenario turned by a
	// yaw of 2 rad about the setpoint (start rotated, yaw added) equally
	// well: the inputs are in the heading frame. (Not equal: the controller
	// also turns the yaw back to 0 on the way, which bends the path.)
	c := sim.ReadLQRCreature(t)
	base := sim.Scenario{Start: [3]float64{3, -2, 8}, Setpoint: [3]float64{0, 0, 10}, Seconds: 8}
	turned := base
	s, co := math.Sincos(2)
	turned.Start[0], turned.Start[1] = co*3-s*(-2), s*3+co*(-2)
	turned.Attitude[2] = 2
	e, err := sim.NewHover3DEvaluator([]sim.Scenario{base, turned}, 1)
	if err != nil {
		t.Fatal(err)
	}
	r := e.Fly(c, nil)
	for i := range r {
		if r[i].Crashed || r[i].MaxDistanceLast2s > 0.1 {
			t.Errorf("scenario %d: %+v", i, r[i])
		}
	}
	if d := math.Abs(r[0].Fitness - r[1].Fitness); d > 0.2*r[0].Fitness {
		t.Errorf("yawed scenario fitness %v, straight %v", r[1].Fitness, r[0].Fitness)
	}
}

// TestHover3DGoldenFitness pins the fitness bits of the LQR creature and
// of random creatures (NaN, Inf and zero among them) on four training
// scenarios: run under qemu it proves that the 3-D model, the own sin/cos
// and the evaluator give the same bits on every architecture.
// TestHover3DGoldenFitness pins the bits of the plain fitness (what
// evolve fly reports) and of the hover3d task's weighted training fitness
// on every architecture.
func TestHover3DGoldenFitness(t *testing.T) {
	plain, err := sim.NewHover3DEvaluator(sim.TrainingScenarios(1, 4), 2)
	if err != nil {
		t.Fatal(err)
	}
	weighted, err := sim.Hover3D.NewEvaluator(sim.EvalOptions{Tier: "scalar", Workers: 2, Scenarios: sim.TrainingScenarios(1, 4)})
	if err != nil {
		t.Fatal(err)
	}
	checkGoldenFitness(t, "testdata/hover3d-golden.txt", plain, "")
	checkGoldenFitness(t, "testdata/hover3d-weighted-golden.txt", weighted, fmt.Sprintf(", task weights %+v", sim.Hover3D.Weights))
}

func checkGoldenFitness(t *testing.T, path string, e sim.TaskEvaluator, what string) {
	cs := append([][]float64{sim.ReadLQRCreature(t)}, randomHover3D(rand.New(rand.NewPCG(11, 12)), 20)...)
	out := make([]float64, len(cs))
	e.Evaluate(cs, out)
	var b strings.Builder
	fmt.Fprintf(&b, "# fitness bits of the LQR creature and 20 random ones on TrainingScenarios(1, 4)%s; go test ./sim -run TestHover3DGoldenFitness -update-golden\n", what)
	for _, f := range out {
		fmt.Fprintf(&b, "%016x %v\n", math.Float64bits(f), f)
	}
	if *updateGolden {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(want) != b.String() {
		t.Errorf("fitness differs from %s:\n%s", path, b.String())
	}
}

// TestHover3DFitnessWeights checks the weighted fitness against its
// definition: a flight's fitness is the sum over its steps of
// ((((d + precision*sqrt(d)) + heading*(1 - cos(yaw))) +
// level*((1 - cos(roll)) + (1 - cos(pitch))))*(1 + settle*t))*dt, t
// accumulated step by step, the angles the step's start's, and with the
// weights 0 exactly the plain sum of d*dt. Every tier
// flies a task with those weights to the same bits.
func TestHover3DFitnessWeights(t *testing.T) {
	lqr := sim.ReadLQRCreature(t)
	sc := sim.TrainingScenarios(4, 3)
	const dt = sim.DefaultDt
	prev := 0.0
	for _, wt := range []sim.Weights{{}, {Settle: 0.5}, {Settle: 2}, {Settle: 2, Precision: 0.5}, {Settle: 2, Precision: 3},
		{Settle: 2, Precision: 3, Heading: 4}, {Settle: 2, Precision: 3, Heading: 4, Level: 5},
		{Settle: 2, Precision: 3, Heading: 4, Level: 5, Effort: 6}} {
		e, err := sim.NewHover3DEvaluatorWeights(sc, wt, 1)
		if err != nil {
			t.Fatal(err)
		}
		flights := make([]float64, len(sc))
		plain := make([]float64, len(sc))
		clock := make([]float64, len(sc))
		att := make([][3]float64, len(sc)) // at the step's start
		for s := range sc {
			att[s] = sc[s].Attitude
		}
		reports := e.Fly(lqr, func(s int, q *sim.Quad, d float64, alive bool) {
			clock[s] += dt
			w := 1 + float64(wt.Settle*clock[s])
			_, cphi := sim.SinCos(att[s][0])
			_, cth := sim.SinCos(att[s][1])
			_, cpsi := sim.SinCos(att[s][2])
			att[s] = [3]float64{q.Phi, q.Theta, q.Psi}
			effort := 0.0
			for _, m := range q.Motor {
				o := math.Min(m, 1) - sim.HoverCommand // Motor is >= 0
				effort += float64(o * o)
			}
			term := float64(float64(d+float64(wt.Precision*math.Sqrt(d)))+float64(wt.Heading*(1-cpsi))) + float64(wt.Level*((1-cphi)+(1-cth)))
			term += float64(wt.Effort * effort)
			flights[s] += float64(float64(term*w) * dt)
			plain[s] += float64(d * dt)
		})
		want, wantPlain := 0.0, 0.0
		for s, r := range reports {
			if r.Crashed {
				t.Fatalf("the LQR creature crashed in scenario %d", s)
			}
			want += flights[s]
			wantPlain += plain[s]
		}
		got := e.Fitness(lqr)
		if math.Float64bits(got) != math.Float64bits(want) {
			t.Errorf("%+v: fitness %v, the weighted sum of its distances %v", wt, got, want)
		}
		if wt == (sim.Weights{}) && math.Float64bits(got) != math.Float64bits(wantPlain) {
			t.Errorf("no weights: fitness %v, the plain sum of distance*dt %v", got, wantPlain)
		}
		if !(got > prev) {
			t.Errorf("%+v: fitness %v, not above the smaller weights' %v", wt, got, prev)
		}
		prev = got
		task := *sim.Hover3D
		task.Weights = wt
		for _, tier := range append([]string{"scalar"}, tierNames(kernel.Hover3DTiers())...) {
			ev, err := task.NewEvaluator(sim.EvalOptions{Tier: tier, Scenarios: sc, Workers: 2})
			if err != nil {
				t.Fatal(err)
			}
			out := make([]float64, 1)
			ev.Evaluate([][]float64{lqr}, out)
			if math.Float64bits(out[0]) != math.Float64bits(got) {
				t.Errorf("%+v, tier %s: %v, the scalar evaluator %v", wt, tier, out[0], got)
			}
		}
	}
	for _, bad := range []float64{-1, math.NaN(), math.Inf(1), 2 * sim.MaxWeight} {
		for _, w := range []sim.Weights{{Settle: bad}, {Precision: bad}, {Heading: bad}, {Level: bad}, {Effort: bad}, {Tilt: bad}} {
			if _, err := sim.NewHover3DEvaluatorWeights(sc, w, 1); err == nil {
				t.Errorf("%+v accepted", w)
			}
		}
	}
}

func tierNames(ts []kernel.Tier) []string {
	var out []string
	for _, t := range ts {
		out = append(out, string(t))
	}
	return out
}

func TestCountFlights(t *testing.T) {
	reps := []sim.FlightReport{
		{Crashed: true, MaxDistanceLast2s: math.Inf(1)},
		{MaxDistanceLast2s: 0.005}, {MaxDistanceLast2s: 0.01}, {MaxDistanceLast2s: 0.05},
		{MaxDistanceLast2s: 0.1}, {MaxDistanceLast2s: 0.3}, {MaxDistanceLast2s: 0.7},
		{MaxDistanceLast2s: math.NaN()},
	}
	got := sim.CountFlights(reps)
	want := sim.FlightCounts{Scenarios: 8, Crashed: 1, Held: [3]int{2, 4, 5}}
	if got != want {
		t.Errorf("CountFlights: %+v, want %+v", got, want)
	}
}
