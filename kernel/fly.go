package kernel

// Flight is one environment of SPEC §3 in its vertical form: four equal
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
// Fly panics if the coefficient slices or fitness differ in length from
// state; n = 0 does nothing; Steps <= 0 sets every fitness to 0 and leaves
// state as it is. It does not allocate.
//
// When M == 1 the division by the mass is left out (x/1 == x exactly for
// every float64), which gives the same bits faster.
func Fly(c *Coeffs, state, fitness []float64, f *Flight) {
	flyWith(current.Load(), c, state, fitness, f)
}

// Fly is Fly on tier t. It panics if t is not available on this CPU (see
// Available).
func (t Tier) Fly(c *Coeffs, state, fitness []float64, f *Flight) {
	flyWith(t.mustImpl(), c, state, fitness, f)
}

func flyWith(im *impl, c *Coeffs, state, fitness []float64, f *Flight) {
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
	runFly(im.id, f.M == 1, c, state, fitness, f)
}
