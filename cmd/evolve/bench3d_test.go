package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/evocopter/evocopter/bench"
	"github.com/evocopter/evocopter/kernel"
	"github.com/evocopter/evocopter/sim"
)

// TestBench3D checks the shape of `evolve bench -task hover3d` (not its
// speed), over one short scenario so that it is quick: the scalar model
// and every verified kernel tier, each measured, speed-ups relative to
// the scalar model; the same rows in the table.
func TestBench3D(t *testing.T) {
	sc := filepath.Join(t.TempDir(), "one.json")
	if err := os.WriteFile(sc, []byte(`[{"start":[1,-1,2],"setpoint":[0,0,3],"seconds":0.05}]`), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCmd(t, "bench", "-task", "hover3d", "-scenarios", sc, "-json", "-time", "1ms")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var rs []bench.Result
	if err := json.Unmarshal([]byte(out), &rs); err != nil {
		t.Fatal(err)
	}
	want := append([]string{sim.TierScalar}, kernel.TierNames(kernel.Hover3DTiers())...)
	if len(rs) != len(want) {
		t.Fatalf("%d results, want tiers %v", len(rs), want)
	}
	for i, r := range rs {
		if r.Tier != want[i] || !(r.NsPerStep > 0) || r.Runs < 3 || !(r.SpeedupOverScalar > 0) {
			t.Errorf("result %d: %+v, want tier %s measured", i, r, want[i])
		}
	}
	if rs[0].SpeedupOverScalar != 1 {
		t.Errorf("scalar's speed-up over itself: %v", rs[0].SpeedupOverScalar)
	}
	code, out, _ = runCmd(t, "bench", "-task", "hover3d", "-scenarios", sc, "-time", "1ms")
	if code != 0 || !strings.Contains(out, "one hover3d generation: 64 creatures x 1 scenarios") {
		t.Fatalf("table: exit %d\n%s", code, out)
	}
	for _, name := range want {
		if !strings.Contains(out, "\n"+name+" ") {
			t.Errorf("table lacks %s:\n%s", name, out)
		}
	}
	if code, _, errs := runCmd(t, "bench", "-task", "hover4d"); code != 2 || !strings.Contains(errs, "unknown task") {
		t.Errorf("unknown task: exit %d, %s", code, errs)
	}
}
