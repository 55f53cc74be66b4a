package sim

// Physical constants of the original model (docs/semantics.md §2).
const (
	Gravity     = 9.81
	Mass        = 1.0
	MotorThrust = 1.0
	// MotorForce is the largest force one motor can give: motor_thrust*g.
	MotorForce = MotorThrust * Gravity

	armLength = 1.0  // b
	dragLever = 10.0 // d
	inertiaX  = 1.0  // Ix
	inertiaY  = 1.0  // Iy
	inertiaZ  = 2.0  // Iz
	inertiaZX = 0.0  // Izx
)

// motorForce is MotorForce as a run-time value (see Step).
var motorForce = MotorForce

// Quad is the rigid-body quadrotor of docs/semantics.md §2: six degrees of freedom,
// explicit Euler integration. Its internal z axis points down; Altitude
// returns -Z.
//
// Every product that feeds an addition is written float64(a*b): the explicit
// conversion forbids the compiler from fusing it into a multiply-add (which
// arm64, ppc64le, s390x and GOAMD64=v3 would otherwise do), so the model
// gives the original's bits on every architecture. A product stored in a
// variable that is added later needs the conversion too (Z below: Z/m with
// m = 1 folds to Z itself, and Z + ... would fuse).
type Quad struct {
	T               float64 // time
	U, V, W         float64 // body velocities
	P, Q, R         float64 // body rates
	Phi, Theta, Psi float64 // Euler angles
	X, Y, Z         float64 // position, z down
	Motor           [4]float64
}

// NewQuad returns a quadcopter at rest at the given altitude.
func NewQuad(altitude float64) *Quad {
	return &Quad{Z: -altitude}
}

// Altitude is the height above ground, -Z.
func (s *Quad) Altitude() float64 { return -s.Z }

// SetThrust sets all four motor commands as the original's set_thrust:
// a command is a if a > 0, else 0 (so NaN and -0 become +0).
func (s *Quad) SetThrust(a float64) {
	s.SetMotors(a, a, a, a)
}

// SetMotors sets each motor's command with the same rule as SetThrust.
func (s *Quad) SetMotors(a1, a2, a3, a4 float64) {
	for i, a := range [4]float64{a1, a2, a3, a4} {
		if !(a > 0) {
			a = 0
		}
		s.Motor[i] = a
	}
}

// clip01 limits a motor command to [0, 1].
func clip01(a float64) float64 {
	if a > 1 {
		return 1
	}
	if a < 0 {
		return 0
	}
	return a
}

// Step advances the model by dt, exactly as docs/semantics.md §2 steps 1-6.
func (s *Quad) Step(dt float64) {
	s.step(dt)
}

// step is Step; it also reports whether the step took the quadcopter
// below the ground (before the ground put it back), the 3-D task's crash.
func (s *Quad) step(dt float64) (hitGround bool) {
	o1, o2, o3, o4 := clip01(s.Motor[0]), clip01(s.Motor[1]), clip01(s.Motor[2]), clip01(s.Motor[3])
	sq1, sq2, sq3, sq4 := float64(o1*o1), float64(o2*o2), float64(o3*o3), float64(o4*o4)

	// Forces and moments (body frame).
	const X, Y = 0.0, 0.0
	// mf is a variable, not a constant, so that b*mf and d*mf are rounded
	// float64 products as in the original, not exact constant arithmetic.
	mf := motorForce
	Z := float64(-mf * (((sq1 + sq2) + sq3) + sq4))
	L := float64(armLength * mf * (sq4 - sq2))
	M := float64(armLength * mf * (sq1 - sq3))
	N := float64(dragLever * mf * (((sq2 + sq4) - sq1) - sq3))

	// The project's own sine and cosine (trig.go): the same bits on every
	// architecture. Sin 0 = 0 and cos 0 = 1 exactly, as math's, so the
	// vertical experiment (all angles 0) keeps the original's bits.
	sphi, cphi := SinCos(s.Phi)
	sth, cth := SinCos(s.Theta)
	spsi, cpsi := SinCos(s.Psi)
	tth := sth / cth

	u, v, w := s.U, s.V, s.W
	p, q, r := s.P, s.Q, s.R
	const g, m = Gravity, Mass
	const Ix, Iy, Iz, Izx = inertiaX, inertiaY, inertiaZ, inertiaZX

	du := float64(float64(X/m-float64(g*sth))-float64(q*w)) + float64(r*v)
	dv := float64(float64(Y/m+float64(g*cth*sphi))-float64(r*u)) + float64(p*w)
	dw := float64(float64(Z/m+float64(g*cth*cphi))-float64(p*v)) + float64(q*u)

	// Roll and yaw rates couple through Izx; solved by Cramer's rule.
	e := float64(L-float64(q*r*(Iz-Iy))) + float64(Izx*p*q)
	f := float64(N-float64(p*q*(Iy-Ix))) - float64(Izx*q*r)
	dp := float64(float64(Iz*e)-float64((-Izx)*f)) / float64(float64(Ix*Iz)-float64((-Izx)*(-Izx)))
	dr := float64(float64((-Izx)*e)-float64(Ix*f)) / float64(float64((-Izx)*(-Izx))-float64(Ix*Iz))
	dq := float64(float64(M-float64(r*p*(Ix-Iz)))+float64(Izx*float64(float64(p*p)-float64(r*r)))) / Iy

	qsr := float64(q*sphi) + float64(r*cphi)
	dphi := p + float64(qsr*tth)
	dtheta := float64(q*cphi) - float64(r*sphi)
	dpsi := qsr / cth

	dx := float64(float64(u*cth*cpsi)+float64(v*float64(float64(sphi*sth*cpsi)-float64(cphi*spsi)))) +
		float64(w*float64(float64(cphi*sth*cpsi)+float64(sphi*spsi)))
	dy := float64(float64(u*cth*spsi)+float64(v*float64(float64(sphi*sth*spsi)+float64(cphi*cpsi)))) +
		float64(w*float64(float64(cphi*sth*spsi)-float64(sphi*cpsi)))
	dz := float64(float64(-u*sth)+float64(v*sphi*cth)) + float64(w*cphi*cth)

	// Explicit Euler: every derivative above comes from the state at the
	// start of the step.
	s.U += float64(du * dt)
	s.V += float64(dv * dt)
	s.W += float64(dw * dt)
	s.P += float64(dp * dt)
	s.Q += float64(dq * dt)
	s.R += float64(dr * dt)
	s.Phi += float64(dphi * dt)
	s.Theta += float64(dtheta * dt)
	s.Psi += float64(dpsi * dt)
	s.X += float64(dx * dt)
	s.Y += float64(dy * dt)
	s.Z += float64(dz * dt)

	// Ground: altitude never goes below 0, and hitting it stops the fall.
	hitGround = s.Z > 0
	if hitGround {
		s.Z = 0
		s.W = 0
	}
	s.T += dt
	return hitGround
}
