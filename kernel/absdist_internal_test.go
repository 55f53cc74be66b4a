package kernel

import (
	"math"
	"strconv"
	"testing"
)

func TestAbsDistExact(t *testing.T) {
	spec := Flight{Z0: 3, Setpoint: 5, Steps: 200, Dt: 0.01, G: 9.81, M: 1, MF: 9.81}
	with := func(change func(f *Flight)) Flight {
		f := spec
		change(&f)
		return f
	}
	cases := []struct {
		name string
		f    Flight
		want bool
	}{
		{"spec env 0", spec, true},
		{"spec env 4", with(func(f *Flight) { f.Z0, f.Setpoint, f.Steps = 50, 60, 401 }), true},
		{"heavy", with(func(f *Flight) { f.M = 1.7 }), true},
		{"negative setpoint", with(func(f *Flight) { f.Setpoint = -1 }), true},
		{"setpoint 2^-400", with(func(f *Flight) { f.Setpoint = 0x1p-400 }), true},
		{"setpoint below 2^-400", with(func(f *Flight) { f.Setpoint = 0x1p-401 }), false},
		{"setpoint 0", with(func(f *Flight) { f.Setpoint = 0 }), false},
		{"setpoint -0", with(func(f *Flight) { f.Setpoint = math.Copysign(0, -1) }), false},
		{"setpoint NaN", with(func(f *Flight) { f.Setpoint = math.NaN() }), false},
		{"setpoint huge", with(func(f *Flight) { f.Setpoint = 0x1p495 }), false},
		{"z0 huge", with(func(f *Flight) { f.Z0 = 1e150 }), false},
		{"z0 Inf", with(func(f *Flight) { f.Z0 = math.Inf(-1) }), false},
		{"mf huge", with(func(f *Flight) { f.MF = 4e300 }), false},
		{"m 0", with(func(f *Flight) { f.M = 0 }), false},
		{"m tiny", with(func(f *Flight) { f.M = 1e-300 }), false},
		{"dt NaN", with(func(f *Flight) { f.Dt = math.NaN() }), false},
		{"g -Inf", with(func(f *Flight) { f.G = math.Inf(-1) }), false},
		// 2^63-1 steps are more than the proof allows; 2^31-1 (a 32-bit
		// int's limit) are fine.
		{"max int steps", with(func(f *Flight) { f.Steps = math.MaxInt }), strconv.IntSize == 32},
		{"long but bounded", with(func(f *Flight) { f.Steps = 1 << 30 }), true},
	}
	for _, tc := range cases {
		if got := absDistExact(&tc.f); got != tc.want {
			t.Errorf("%s: absDistExact(%+v) = %v, want %v", tc.name, tc.f, got, tc.want)
		}
	}
}
