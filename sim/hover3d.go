package sim

import "math"

// The 3-D task hover3d: a linear controller of the original's kind flies
// the full model (quad.go) from a start anywhere to a setpoint in 3-D and
// holds it there.
//
// Inputs (I = 12), in this order, all read before the step:
//
//	err_x, err_y  the horizontal error to the setpoint (setpoint - position)
//	              in the heading frame: the world's x/y axes turned by the
//	              yaw angle, so "ahead" and "to the right" of the nose;
//	err_alt       the altitude error (setpoint altitude - altitude), up;
//	u, v, w       the body velocities (the model's own state: forward,
//	              right, down), what a real quadcopter's velocity estimate
//	              gives in its own frame;
//	roll, pitch, yaw   the Euler angles phi, theta, psi;
//	p, q, r       the body rates (the gyroscope).
//
// Why the heading frame: a linear controller maps "the setpoint is ahead"
// to "pitch forward" with fixed gains only if "ahead" turns with the
// quadcopter. In the world frame the same gains fly the wrong way once the
// quadcopter has yawed (a scenario may start with any yaw), and a linear
// controller cannot undo the rotation itself. Near hover the heading,
// body and world frames coincide, so the linearised model (and LQR) is the
// same in all three; only the heading frame keeps it right at any yaw. It
// costs one sine and cosine of yaw per step, which the model computes
// anyway.
//
// Outputs (O = 4) through a fixed mixer: collective, roll, pitch, yaw.
//
//	motor1 = ((0.5 + collective) + pitch) - yaw
//	motor2 = ((0.5 + collective) - roll) + yaw
//	motor3 = ((0.5 + collective) - pitch) - yaw
//	motor4 = ((0.5 + collective) + roll) + yaw
//
// The signs follow the model's moments: L (roll) = b*mf*(o4²-o2²),
// M (pitch) = b*mf*(o1²-o3²), N (yaw) = d*mf*(o2²+o4²-o1²-o3²). 0.5 is
// hover: 4*mf*0.5² = m*g. Why a mixer: with four independent motors a
// creature must discover the common and differential modes itself, and a
// small change of one coefficient tilts and yaws at once; through the
// mixer each output moves one degree of freedom, the all-zero creature
// hovers in place, and the coefficients of a flying controller are of
// comparable size. It loses nothing: the mixer is invertible, so any
// linear controller of the four motors (around hover) is one of this
// family. Each motor command then goes through the model's rule (a command
// that is not > 0 is 0, then clipped to [0, 1]).
//
// State: S = 1 hidden variable, as the original's creature has.
//
// The crash rule, checked after every step: the step took the quadcopter
// below the ground, or roll or pitch reached FlipAngle, or the distance to
// the setpoint exceeded the start's distance by FlyAwayMargin, or anything
// became NaN (every comparison is written so that NaN counts as a crash).
// A crash ends the episode by masking: from the crash step on, every step
// counts the largest distance a flight that did not crash could have had
// (the bound), and the flight gets the crash penalty once (see
// Hover3DEvaluator): crashing always loses to not crashing.
//
// The fitness of one flight is the integral over time of the distance to
// the setpoint, sum(d*dt) in metre-seconds (the original's "distance over
// time"; smaller is better), shaped in training by the task's Weights
// (see there: terms for precision, heading, tilt and effort, a time
// weight and a stricter flip angle); with no weights it is that plain
// integral, bit for bit.

// Hover3DShape is the hover3d controller's shape: 5x13 matrix + 5
// constants = 70 coefficients.
var Hover3DShape = Shape{S: 1, I: 12, O: 4}

// Names of hover3d's inputs and outputs, in the controller's order.
var (
	Hover3DInputs  = []string{"err_x", "err_y", "err_alt", "u", "v", "w", "roll", "pitch", "yaw", "p", "q", "r"}
	Hover3DOutputs = []string{"collective", "roll", "pitch", "yaw"}
)

// Constants of the hover3d task.
const (
	// FlipAngle is the roll or pitch (radians, about 57°) at which the
	// flight counts as a flip; a scenario must start below it.
	FlipAngle = 1.0
	// FlyAwayMargin is how much farther than at the start (metres) the
	// quadcopter may get from the setpoint before the flight counts as a
	// crash: it bounds a flight's distance, so the crash penalty can be
	// larger than any flight that did not crash.
	FlyAwayMargin = 10.0
	// HoverCommand is the motor command that holds the model's weight.
	HoverCommand = 0.5
	// ReportWindow is the window of the fly report's max_distance_last_2s,
	// and ReachDistance the distance of its time_to_0.5m.
	ReportWindow  = 2.0
	ReachDistance = 0.5
)

// hover3dPlan is what a flight needs to know about its scenario before the
// first step: the number of steps, the distance bound, the fitness's
// weights.
type hover3dPlan struct {
	sc    Scenario
	steps int
	bound float64
	w     Weights
	flip  float64 // the crash rule's flip angle: FlipAngle, or w.Tilt
}

func planScenario(sc Scenario, dt float64, w Weights) hover3dPlan {
	q := sc.quad()
	return hover3dPlan{sc: sc, steps: stepsFor(sc.Seconds, dt),
		bound: setpointDistance(&q, sc.Setpoint) + FlyAwayMargin, w: w, flip: w.flip()}
}

// weights is the sum of the flight's time weights (see weight): the
// largest fitness of a flight that does not crash is
// term(bound, 2, 4)*weights*dt. With settle 0 it is exactly the number of
// steps.
func (p hover3dPlan) weights(dt float64) float64 {
	sum, t := 0.0, 0.0
	for range p.steps {
		t += dt
		sum += weight(p.w.Settle, t)
	}
	return sum
}

// weight is the time weight of the step that ends at time t,
// 1 + settle*t (internal/gen's hb.weight computes the same).
func weight(settle, t float64) float64 { return 1 + float64(settle*t) }

// term is what a step counts of the distance x >= 0, the heading error
// h = 1 - cos(yaw) in [0, 2], the tilt l = (1 - cos(roll)) +
// (1 - cos(pitch)) in [0, 4] and the effort e in [0, 1] (see motorEffort;
// 2, 4 and 1 once crashed): (((x + precision*sqrt(x)) + heading*h) +
// level*l) + effort*e (internal/gen's hb.term). With the weights 0 it is
// x exactly.
//
// A weight of exactly 0 skips its term: 0*v is +0 for the finite v here
// and t + 0 is t, so the bits are those of computing it, and the plain
// fitness costs what it did before the weights.
func (w Weights) term(x, h, l, e float64) float64 {
	t := x
	if w.Precision != 0 {
		t += float64(w.Precision * math.Sqrt(x))
	}
	if w.Heading != 0 {
		t += float64(w.Heading * h)
	}
	if w.Level != 0 {
		t += float64(w.Level * l)
	}
	if w.Effort != 0 {
		t += float64(w.Effort * e)
	}
	return t
}

// motorEffort is the sum over the motors, in order, of (command - hover)²,
// the commands as the model flies them (clipped to [0, 1]): 0 in a
// steady hover, at most 1.
func motorEffort(q *Quad) float64 {
	e := 0.0
	for i, a := range q.Motor {
		d := clip01(a) - HoverCommand
		if i == 0 {
			e = float64(d * d)
		} else {
			e += float64(d * d)
		}
	}
	return e
}

// stepsFor is the number of steps a flight of total seconds runs: the time
// is accumulated by t += dt as the original's environments do (see
// Environment.Steps).
func stepsFor(total, dt float64) int {
	return Environment{TotalT: total, Dt: dt}.Steps()
}

// quad is the model at the scenario's start: at rest, motors off.
func (sc Scenario) quad() Quad {
	return Quad{X: sc.Start[0], Y: sc.Start[1], Z: -sc.Start[2],
		Phi: sc.Attitude[0], Theta: sc.Attitude[1], Psi: sc.Attitude[2]}
}

// setpointDistance is the Euclidean distance from the model to the
// setpoint, the squares rounded and summed x, y, altitude.
func setpointDistance(q *Quad, sp [3]float64) float64 {
	dx, dy, dz := sp[0]-q.X, sp[1]-q.Y, sp[2]-q.Altitude()
	return math.Sqrt(float64(float64(dx*dx)+float64(dy*dy)) + float64(dz*dz))
}

// hover3dInputs writes the controller's inputs for the model's state and
// returns the cosine of its yaw.
func hover3dInputs(q *Quad, sp [3]float64, in []float64) (cpsi float64) {
	spsi, cpsi := SinCos(q.Psi)
	ex, ey := sp[0]-q.X, sp[1]-q.Y
	in[0] = float64(cpsi*ex) + float64(spsi*ey)
	in[1] = float64(cpsi*ey) - float64(spsi*ex)
	in[2] = sp[2] - q.Altitude()
	in[3], in[4], in[5] = q.U, q.V, q.W
	in[6], in[7], in[8] = q.Phi, q.Theta, q.Psi
	in[9], in[10], in[11] = q.P, q.Q, q.R
	return cpsi
}

// hover3dMix turns the outputs collective, roll, pitch, yaw into the four
// motor commands.
func hover3dMix(out []float64) (m1, m2, m3, m4 float64) {
	collective, roll, pitch, yaw := out[0], out[1], out[2], out[3]
	base := HoverCommand + collective
	return (base + pitch) - yaw, (base - roll) + yaw, (base - pitch) - yaw, (base + roll) + yaw
}

// hover3dFlight is one creature flying one scenario on the scalar path.
type hover3dFlight struct {
	plan    hover3dPlan
	q       Quad
	state   []float64 // S
	inputs  []float64 // I
	out     []float64 // S+O
	x       []float64 // S+I scratch
	alive   bool
	fitness float64
	dist    float64 // distance after the last step
	t       float64 // the flight's time, accumulated step by step
}

func newHover3DFlight() *hover3dFlight {
	sh := Hover3DShape
	return &hover3dFlight{state: make([]float64, sh.S), inputs: make([]float64, sh.I),
		out: make([]float64, sh.Rows()), x: make([]float64, sh.Cols())}
}

func (f *hover3dFlight) reset(plan hover3dPlan) {
	f.plan, f.q, f.alive, f.fitness, f.t = plan, plan.sc.quad(), true, 0, 0
	clear(f.state)
	f.dist = setpointDistance(&f.q, plan.sc.Setpoint)
}

// step advances the flight by one step of dt: time and weight, inputs,
// controller, mixer, model, distance, crash rule, weighted fitness, in
// that order. A flight that has crashed still counts its bound (the
// kernels compute the step and mask it; here the model is not stepped,
// the sum is the same).
func (f *hover3dFlight) step(coeffs []float64, dt float64) {
	f.t += dt
	w := weight(f.plan.w.Settle, f.t)
	if !f.alive {
		f.fitness += float64(float64(f.plan.w.term(f.plan.bound, 2, 4, 1)*w) * dt)
		return
	}
	q, sp := &f.q, f.plan.sc.Setpoint
	cpsi := hover3dInputs(q, sp, f.inputs)
	// The tilt's cosines of the step's start, as the model computes them;
	// without a level weight the tilt counts 0*l = 0 for any finite l.
	cphi, cth := 1.0, 1.0
	if f.plan.w.Level != 0 {
		_, cphi = SinCos(q.Phi)
		_, cth = SinCos(q.Theta)
	}
	StepLinear(Hover3DShape, coeffs, f.state, f.inputs, f.out, f.x)
	q.SetMotors(hover3dMix(f.out[Hover3DShape.S:]))
	hitGround := q.step(dt)
	d := setpointDistance(q, sp)
	upright := math.Abs(q.Phi) < f.plan.flip && math.Abs(q.Theta) < f.plan.flip
	near := d <= f.plan.bound
	f.alive = !hitGround && upright && near
	f.dist = d
	x, h := selectFloat(f.alive, d, f.plan.bound), selectFloat(f.alive, 1-cpsi, 2)
	l := selectFloat(f.alive, (1-cphi)+(1-cth), 4)
	e := 1.0
	if f.plan.w.Effort != 0 { // else skipped, as term skips it
		e = selectFloat(f.alive, motorEffort(q), 1)
	}
	f.fitness += float64(float64(f.plan.w.term(x, h, l, e)*w) * dt)
}

// fly flies the whole scenario and returns its fitness, the crash penalty
// added if it crashed.
func (f *hover3dFlight) fly(coeffs []float64, plan hover3dPlan, dt, penalty float64) float64 {
	f.reset(plan)
	for range plan.steps {
		f.step(coeffs, dt)
	}
	return f.fitness + selectFloat(f.alive, 0, penalty)
}
