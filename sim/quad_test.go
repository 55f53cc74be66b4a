package sim_test

import (
	"math"
	"testing"

	"github.com/evocopter/evocopter/sim"
)

const (
	g  = sim.Gravity
	dt = sim.DefaultDt
)

// near reports whether a and b agree to a relative 1e-12 (for closed forms
// that a float recurrence only approximates).
func near(a, b float64) bool {
	return math.Abs(a-b) <= 1e-12*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

func TestFreeFall(t *testing.T) {
	q := sim.NewQuad(100)
	q.SetThrust(0)
	q.Step(dt)
	// Explicit Euler: the first step changes the speed, not yet the position.
	if q.W != g*dt || q.Z != -100 {
		t.Fatalf("after one step w=%v z=%v, want w=%v z=-100", q.W, q.Z, g*dt)
	}
	for n := 2; n <= 300; n++ {
		q.Step(dt)
		wantW := float64(n) * g * dt
		wantAlt := 100 - g*dt*dt*float64(n*(n-1)/2)
		if !near(q.W, wantW) || !near(q.Altitude(), wantAlt) {
			t.Fatalf("step %d: w=%v alt=%v, want %v %v", n, q.W, q.Altitude(), wantW, wantAlt)
		}
	}
	for name, v := range map[string]float64{"u": q.U, "v": q.V, "p": q.P, "q": q.Q, "r": q.R,
		"phi": q.Phi, "theta": q.Theta, "psi": q.Psi, "x": q.X, "y": q.Y} {
		if v != 0 {
			t.Errorf("free fall moved %s to %v", name, v)
		}
	}
}

func TestFullThrustLiftsAtThreeG(t *testing.T) {
	q := sim.NewQuad(10)
	q.SetThrust(1)
	for n := 1; n <= 100; n++ {
		q.Step(dt)
		// Four motors give 4g up, gravity 1g down: net 3g up (w is down).
		wantW := -3 * g * dt * float64(n)
		wantAlt := 10 + 3*g*dt*dt*float64(n*(n-1)/2)
		if !near(q.W, wantW) || !near(q.Altitude(), wantAlt) {
			t.Fatalf("step %d: w=%v alt=%v, want %v %v", n, q.W, q.Altitude(), wantW, wantAlt)
		}
	}
	// Commands above 1 are clipped: the same flight with thrust 7.
	q2 := sim.NewQuad(10)
	q2.SetThrust(7)
	for n := 1; n <= 100; n++ {
		q2.Step(dt)
	}
	if *q2 != (sim.Quad{T: q.T, W: q.W, Z: q.Z, Motor: [4]float64{7, 7, 7, 7}}) {
		t.Errorf("thrust 7 flew differently from thrust 1: %+v vs %+v", q2, q)
	}
}

func TestYawWithTwoMotors(t *testing.T) {
	q := sim.NewQuad(10)
	q.SetMotors(0, 1, 0, 1) // motors 2 and 4 spin one way: pure yaw torque
	q.Step(dt)
	// N = d*mf*(o2²+o4²-o1²-o3²) = 20 mf; dr = N/Iz = 10 mf.
	wantR := 10 * sim.MotorForce * dt
	if !near(q.R, wantR) {
		t.Errorf("r = %v, want %v", q.R, wantR)
	}
	// Half thrust: 2 mf up against 1 g: net 1 g up.
	if !near(q.W, -g*dt) {
		t.Errorf("w = %v, want %v", q.W, -g*dt)
	}
	q.Step(dt)
	if !near(q.Psi, wantR*dt) || !near(q.R, 2*wantR) {
		t.Errorf("psi = %v r = %v, want %v %v", q.Psi, q.R, wantR*dt, 2*wantR)
	}
	if q.P != 0 || q.Q != 0 || q.Phi != 0 || q.Theta != 0 || q.X != 0 || q.Y != 0 {
		t.Errorf("yaw tilted or moved the quad: %+v", q)
	}
}

func TestRollWithOneMotor(t *testing.T) {
	q := sim.NewQuad(10)
	q.SetMotors(0, 0, 0, 1)
	q.Step(dt)
	// L = b*mf*o4² = mf; dp = Iz*L/(Ix*Iz) = mf. N = d*mf = 10 mf; dr = 5 mf.
	if !near(q.P, sim.MotorForce*dt) || !near(q.R, 5*sim.MotorForce*dt) || q.Q != 0 {
		t.Errorf("p=%v q=%v r=%v, want %v 0 %v", q.P, q.Q, q.R, sim.MotorForce*dt, 5*sim.MotorForce*dt)
	}
	q.Step(dt)
	if !(q.Phi > 0) {
		t.Errorf("phi = %v after rolling, want > 0", q.Phi)
	}
	for i := 0; i < 50; i++ {
		q.Step(dt)
	}
	// Rolled and pushed sideways: y moves, the model is no longer vertical.
	if q.Y == 0 {
		t.Errorf("a rolled quad did not drift sideways: %+v", q)
	}
}

func TestGroundContact(t *testing.T) {
	q := sim.NewQuad(0)
	q.SetThrust(0)
	// Each step gravity adds g*dt of downward speed; the position moves
	// with the old speed (explicit Euler), so every second step the quad
	// would sink below ground, and the ground puts it back and stops it.
	for i := 0; i < 10; i++ {
		q.Step(dt)
		if q.Z != 0 || (q.W != 0 && q.W != g*dt) {
			t.Fatalf("step %d on the ground: z=%v w=%v", i+1, q.Z, q.W)
		}
	}
	// Falling from just above the ground: it lands and stops, no wind-up.
	q = sim.NewQuad(0.001)
	for i := 0; i < 100; i++ {
		q.Step(dt)
		if q.Altitude() < 0 {
			t.Fatalf("altitude %v below ground", q.Altitude())
		}
	}
	if q.Z != 0 || q.W > g*dt {
		t.Fatalf("after landing: z=%v w=%v", q.Z, q.W)
	}
	// Full thrust lifts it off within three steps (no accumulated downward
	// speed to work off: at most one step of g*dt, cancelled by the ground).
	q.SetThrust(1)
	q.Step(dt)
	q.Step(dt)
	q.Step(dt)
	if !(q.Altitude() > 0) {
		t.Errorf("full thrust did not lift off: alt %v", q.Altitude())
	}
}

func TestSetThrust(t *testing.T) {
	q := sim.NewQuad(1)
	for _, a := range []float64{math.NaN(), math.Copysign(0, -1), -3, math.Inf(-1)} {
		q.SetThrust(a)
		for _, m := range q.Motor {
			if math.Float64bits(m) != 0 {
				t.Errorf("SetThrust(%v) gave %v, want +0", a, m)
			}
		}
	}
	q.SetThrust(0.25)
	if q.Motor != [4]float64{0.25, 0.25, 0.25, 0.25} {
		t.Errorf("SetThrust(0.25) = %v", q.Motor)
	}
}
