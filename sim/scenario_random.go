package sim

import "math/rand/v2"

// ScenarioRange is the distribution random scenarios are drawn from: each
// number uniform in its interval.
type ScenarioRange struct {
	SetpointXY     float64 // setpoint x and y in ±SetpointXY
	SetpointAltMin float64 // setpoint altitude in [min, max)
	SetpointAltMax float64
	Offset         float64 // start = setpoint + offset, each axis in ±Offset
	Tilt           float64 // roll and pitch at the start in ±Tilt
	Yaw            float64 // yaw at the start in ±Yaw
	Seconds        float64
}

// Hover3DRange is the hover3d task's distribution: starts up to 4 m from
// the setpoint in each axis, tilted up to 0.15 rad, yawed up to 0.15 rad,
// 8 s, setpoints at least 5 m up (so a start is at least 1 m up).
var Hover3DRange = ScenarioRange{SetpointXY: 10, SetpointAltMin: 5, SetpointAltMax: 15,
	Offset: 4, Tilt: 0.15, Yaw: 0.15, Seconds: 8}

// PCG streams of the scenario draws: the training scenarios of a run come
// from its seed on one stream, the held-out set from a fixed seed on
// another, so a run never trains on a held-out scenario.
const (
	trainingStream = 0x7363656e_74726169 // "scentrai"
	heldOutStream  = 0x73636e5f_686f6c64 // "scn_hold"
	heldOutSeed    = 20260814
)

// RandomScenarios draws n scenarios from r with a PCG seeded by (seed,
// stream). Per scenario the draws are, in order: setpoint x, y, altitude,
// offset x, y, altitude, roll, pitch, yaw; u in [-1, 1) is 2*Float64()-1.
// The same arguments give the same scenarios on every machine.
func (r ScenarioRange) RandomScenarios(seed, stream uint64, n int) []Scenario {
	rng := rand.New(rand.NewPCG(seed, stream))
	u := func(span float64) float64 { return float64((float64(2*rng.Float64()) - 1) * span) }
	out := make([]Scenario, n)
	for i := range out {
		sc := &out[i]
		sc.Setpoint[0] = u(r.SetpointXY)
		sc.Setpoint[1] = u(r.SetpointXY)
		sc.Setpoint[2] = r.SetpointAltMin + float64(rng.Float64()*(r.SetpointAltMax-r.SetpointAltMin))
		for k := range 3 {
			sc.Start[k] = sc.Setpoint[k] + u(r.Offset)
		}
		sc.Attitude[0] = u(r.Tilt)
		sc.Attitude[1] = u(r.Tilt)
		sc.Attitude[2] = u(r.Yaw)
		sc.Seconds = r.Seconds
	}
	return out
}

// TrainingScenarios are the n scenarios a hover3d run with this seed
// trains on (without -scenarios).
func TrainingScenarios(seed uint64, n int) []Scenario {
	return Hover3DRange.RandomScenarios(seed, trainingStream, n)
}

// HeldOutScenarios are n scenarios of the task's distribution that no
// run trains on: the tests and reports judge a creature on them.
func HeldOutScenarios(n int) []Scenario {
	return Hover3DRange.RandomScenarios(heldOutSeed, heldOutStream, n)
}
