// Package sim holds the quadcopter model of the evolvingcopter experiment,
// the environments a creature flies through and the evaluation that turns
// a flight into a fitness. It is the reference every fast path is tested
// against; docs/semantics.md states all of it (the § numbers below are its
// sections), and what follows is the arithmetic in short. Everything is IEEE binary64, round to nearest,
// every product rounded before it is added (written float64(a*b) so that
// no architecture fuses it into a multiply-add), sums left to right.
//
// The controller (Coeffs, Specialized; §1) has one state s; with the
// setpoint zsp and the altitude z as inputs, one step is
//
//	s, pwm = ((s*k0 + zsp*k1) + z*k2) + c0, ((s*q0 + zsp*q1) + z*q2) + c1
//
// Generic computes the same for any shape with gonum (the same bits on
// amd64 only).
//
// The model (Quad; §2) is a rigid quadrotor with six degrees of freedom and
// explicit Euler steps: each motor command a becomes a if a > 0, else 0,
// is clipped to [0, 1], and gives the forces Z = -mf*(((o1²+o2²)+o3²)+o4²),
// L, M and N; every derivative is computed from the state at the start of
// the step, every variable moves by derivative*dt, and z > 0 (below the
// ground; z points down) sets z and w to 0. g = 9.81, m = 1, mf = g.
//
// A flight (Environment.Run; §3) starts at rest at altitude Z0 and runs
// while t < TotalT, t += Dt: one controller step, the four motors set to
// its output, one model step, then
//
//	distance = sqrt(((0-x)² + (0-y)²) + (Z1-altitude)²)
//	fitness += distance > prev ? distance*3 : distance;  prev = distance
//
// with prev = -Inf at the start of every flight (the original program
// never reset it; that is evocopter's one deliberate difference).
//
// An evaluation (Evaluate; §4) sets the controller's state to 0 and flies
// the five Environments in order, the state carrying from one into the
// next; the total is (((f0+f1)+f2)+f3)+f4, smaller is better.
//
// Evaluators compute many creatures' fitness: ScalarEvaluator and
// GenericEvaluator one creature at a time on the full model, Batch the
// whole population at once with the fused kernels of package kernel, which
// give the same bits (every environment flies four equal motors from rest,
// where the full model stays exactly vertical).
package sim
