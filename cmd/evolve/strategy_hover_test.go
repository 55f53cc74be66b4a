package main

import (
	"testing"

	"github.com/evocopter/evocopter/sim"
)

// TestCMAESHover3DCreatures: the creatures that `evolve -task hover3d
// -strategy cmaes -seed N`, stopped by SIGTERM after 2 minutes on a loaded
// 2-core machine, saved (testdata/cmaes-hover3d-seedN.json) hold at least
// 90% of the held-out scenarios (sim.HeldOutScenarios(100): starts up to
// 4 m away in each axis, tilts up to 0.15 rad, 8 s) within 0.1 m over
// their last 2 s, and none crashes. docs/strategies.md has the runs.
func TestCMAESHover3DCreatures(t *testing.T) {
	ev, err := sim.NewHover3DEvaluator(sim.HeldOutScenarios(100), 2)
	if err != nil {
		t.Fatal(err)
	}
	for _, seed := range []string{"1", "2", "3"} {
		cs, err := sim.ReadCreatureFile("testdata/cmaes-hover3d-seed" + seed + ".json")
		if err != nil {
			t.Fatal(err)
		}
		held, crashed := 0, 0
		for _, r := range ev.Fly(cs[0].Values(), nil) {
			switch {
			case r.Crashed:
				crashed++
			case r.MaxDistanceLast2s <= 0.1:
				held++
			}
		}
		t.Logf("seed %s: %d of 100 held within 0.1 m, %d crashed", seed, held, crashed)
		if held < 90 || crashed > 0 {
			t.Errorf("seed %s: %d of 100 held within 0.1 m, %d crashed", seed, held, crashed)
		}
	}
}
