package kernel

import (
	"fmt"
	"unsafe"
)

// The fused 3-D flight (internal/gen.Hover3D): one call flies n creatures
// of the hover3d task through one scenario, every step of it, in one
// kernel, and writes each creature's flight fitness (the crash penalty
// included) into its block.
//
// The creatures' coefficients live in blocks of Hover3DLanes creatures
// (internal/gen.Block): coefficient j of creature i is at
// data[(i/8*Hover3DFields + j)*8 + i%8], j = 0..69 in the task's flat
// order, and the flight's fitness at field Hover3DFitness. Hover3DPack
// and Hover3DFitnessOf move creatures in and out.

// Hover3DCoeffs is the number of a hover3d creature's coefficients (shape
// S=1, I=12, O=4: a 5x13 matrix and 5 constants).
const Hover3DCoeffs = 70

// Block layout of the fused 3-D flight.
const (
	Hover3DLanes   = 8                 // creatures per block
	Hover3DFitness = Hover3DCoeffs     // the fitness field
	Hover3DFields  = Hover3DCoeffs + 1 // fields per creature
)

// Hover3DLen is the length of the data of n creatures.
func Hover3DLen(n int) int {
	return (n + Hover3DLanes - 1) / Hover3DLanes * Hover3DFields * Hover3DLanes
}

// Hover3DAlloc returns zeroed data for n creatures whose blocks start on
// 64-byte boundaries (each array of a block is then one cache line).
func Hover3DAlloc(n int) []float64 {
	size := Hover3DLen(n)
	buf := make([]float64, size+7)
	skip := int(uintptr(unsafe.Pointer(unsafe.SliceData(buf)))%64) / 8
	if skip != 0 {
		skip = 8 - skip
	}
	return buf[skip : skip+size : skip+size]
}

// Hover3DPack writes creature i's coefficients into data.
func Hover3DPack(data []float64, i int, coeffs []float64) {
	if len(coeffs) != Hover3DCoeffs {
		panic(fmt.Sprintf("kernel: a hover3d creature has %d coefficients, got %d", Hover3DCoeffs, len(coeffs)))
	}
	blk := data[i/Hover3DLanes*Hover3DFields*Hover3DLanes+i%Hover3DLanes:]
	for j, c := range coeffs {
		blk[j*Hover3DLanes] = c
	}
}

// Hover3DFitnessOf is creature i's flight fitness after FlyHover3D.
func Hover3DFitnessOf(data []float64, i int) float64 {
	return data[(i/Hover3DLanes*Hover3DFields+Hover3DFitness)*Hover3DLanes+i%Hover3DLanes]
}

// Hover3DScenario is one flight as the kernel flies it: the start (z
// down, so z = -altitude), the attitude, the setpoint [x, y, altitude],
// the distance bound of the crash rule, the crash penalty, dt, the
// number of steps (at least 1) and the fitness's weights: step k (k = 1..Steps, at time t = k*dt, accumulated) adds
// (distance + Precision*sqrt(distance) + Heading*(1 - cos(yaw)) +
// Level*((1 - cos(roll)) + (1 - cos(pitch))) + Effort*sum((motor - 0.5)²))
// * (1 + Settle*t) * dt (sim.Weights), so with the weights 0 it adds
// distance*dt; and Flip, the roll or pitch at which a flight counts as
// crashed.
type Hover3DScenario struct {
	Start     [3]float64
	Attitude  [3]float64
	Setpoint  [3]float64
	Bound     float64
	Penalty   float64
	Dt        float64
	Steps     int
	Settle    float64
	Precision float64
	Heading   float64
	Level     float64
	Effort    float64
	Flip      float64
}

// FlyHover3D flies the first n creatures of data through sc with tier t
// (any tier this binary holds and this CPU runs: see Tier.Err). It panics
// if data is too short, n < 0 or sc.Steps < 1.
func FlyHover3D(t Tier, data []float64, n int, sc *Hover3DScenario) {
	im := t.mustImpl()
	if n < 0 || len(data) < Hover3DLen(n) {
		panic(fmt.Sprintf("kernel: FlyHover3D: %d creatures need %d values, got %d", n, Hover3DLen(n), len(data)))
	}
	if sc.Steps < 1 {
		panic("kernel: FlyHover3D: a scenario has at least one step")
	}
	if n == 0 {
		return
	}
	// runHover3d is generated (block_dispatch_*.go) from internal/gen's
	// block kernels and ISAs, like runStep and runFly.
	st, a, sp := &sc.Start, &sc.Attitude, &sc.Setpoint
	runHover3d(im.id, unsafe.SliceData(data), n, sc.Steps, st[0], st[1], st[2], a[0], a[1], a[2],
		sp[0], sp[1], sp[2], sc.Bound, sc.Dt, sc.Penalty, sc.Settle, sc.Precision, sc.Heading, sc.Level, sc.Effort, sc.Flip)
}

// hover3dUnverified are the tiers whose fused 3-D flight has not been
// compared with the scalar model on a CPU that runs it. The avx512 kernel
// is generated and assembled, but no machine with AVX-512 was at hand:
// the evaluators do not pick it until TestHover3DKernelMatchesScalarModel
// (package sim) has passed on one; then remove it here.
var hover3dUnverified = map[Tier]bool{AVX512: true}

// Hover3DTiers lists the tiers whose fused 3-D flight has been verified
// against the scalar model and that this CPU runs, slowest first: the
// tiers a hover3d evaluator may use. FlyHover3D itself runs any tier this
// CPU runs (the tests use it on every one).
func Hover3DTiers() []Tier {
	var out []Tier
	for _, t := range Available() {
		if !hover3dUnverified[t] {
			out = append(out, t)
		}
	}
	return out
}

// Hover3DBest is the best of Hover3DTiers, the one automatic selection
// picks for the 3-D task.
func Hover3DBest() Tier {
	ts := Hover3DTiers()
	for i := len(ts) - 1; i >= 0; i-- {
		if ts[i].Auto() {
			return ts[i]
		}
	}
	return SoA
}

// Hover3DErr says why tier t cannot fly the 3-D task here, or nil.
func Hover3DErr(t Tier) error {
	if err := t.Err(); err != nil {
		return err
	}
	if hover3dUnverified[t] {
		return fmt.Errorf("tier %s: its 3-D flight kernel has not been verified on a CPU yet; use %s", t, Hover3DBest())
	}
	return nil
}
