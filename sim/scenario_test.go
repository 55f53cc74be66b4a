package sim_test

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/evocopter/evocopter/sim"
)

func TestParseScenarios(t *testing.T) {
	sc, err := sim.ParseScenarios([]byte(`[
		{"start":[1,2,3],"setpoint":[4,5,6],"seconds":8,"attitude":[0.1,-0.1,0.5]},
		{"start":[0,0,0],"setpoint":[0,0,1],"seconds":0.5}]`))
	if err != nil {
		t.Fatal(err)
	}
	want := []sim.Scenario{
		{Start: [3]float64{1, 2, 3}, Setpoint: [3]float64{4, 5, 6}, Seconds: 8, Attitude: [3]float64{0.1, -0.1, 0.5}},
		{Setpoint: [3]float64{0, 0, 1}, Seconds: 0.5},
	}
	if len(sc) != 2 || sc[0] != want[0] || sc[1] != want[1] {
		t.Fatalf("got %+v, want %+v", sc, want)
	}
}

func TestParseScenariosRefusesBadInput(t *testing.T) {
	ok := `"start":[0,0,5],"setpoint":[0,0,6]`
	for _, c := range []struct{ in, want string }{
		{``, "empty file"},
		{`{"start":[0,0,5]}`, "not a JSON array"},
		{`[]`, "empty array"},
		{`[{` + ok + `}]`, `missing "seconds"`},
		{`[{"setpoint":[0,0,6],"seconds":1}]`, `missing "start"`},
		{`[{` + ok + `,"seconds":-1}]`, "seconds must be > 0"},
		{`[{` + ok + `,"seconds":0}]`, "seconds must be > 0"},
		{`[{` + ok + `,"seconds":1e9}]`, "at most 3600"},
		{`[{` + ok + `,"seconds":1e999}]`, "scenario 1"},
		{`[{` + ok + `,"seconds":"NaN"}]`, "wrong JSON type"},
		{`[{` + ok + `,"seconds":null}]`, `missing "seconds"`},
		{`[{"start":[0,0],"setpoint":[0,0,6],"seconds":1}]`, `"start" has 2 numbers, want 3`},
		{`[{"start":[0,0,1,2],"setpoint":[0,0,6],"seconds":1}]`, `"start" has 4 numbers, want 3`},
		{`[{"start":[0,null,1],"setpoint":[0,0,6],"seconds":1}]`, `"start" entry 1 is null`},
		{`[{"start":[0,0,-1],"setpoint":[0,0,6],"seconds":1}]`, "start altitude must be >= 0"},
		{`[{"start":[0,0,1],"setpoint":[0,0,0],"seconds":1}]`, "setpoint altitude must be above the ground"},
		{`[{"start":[1e7,0,1],"setpoint":[0,0,1],"seconds":1}]`, "start x must be a number within"},
		{`[{` + ok + `,"seconds":1,"attitude":[1.2,0,0]}]`, "attitude roll must be within"},
		{`[{` + ok + `,"seconds":1,"attitude":[0,0,7]}]`, "attitude yaw must be within"},
		{`[{` + ok + `,"seconds":1,"speed":3}]`, `unknown field "speed"`},
		{`[{` + ok + `,"seconds":1}] x`, "trailing data"},
		{`[{` + ok + `,"seconds":1},]`, "malformed JSON"},
		{`[{` + ok + `,"seconds":1},null]`, "scenario 2: scenario is null"},
		{`[{` + ok + `,"seconds":1}`, "truncated JSON"},
	} {
		_, err := sim.ParseScenarios([]byte(c.in))
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: error %v, want one line containing %q", c.in, err, c.want)
		}
	}
	many := "[" + strings.Repeat(`{`+ok+`,"seconds":1},`, sim.MaxScenarios) + `{` + ok + `,"seconds":1}]`
	if _, err := sim.ParseScenarios([]byte(many)); err == nil || !strings.Contains(err.Error(), "at most") {
		t.Errorf("too many scenarios: error %v", err)
	}
}

func TestReadScenarioFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "s.json")
	if err := os.WriteFile(p, []byte(`[{"start":[0,0,5],"setpoint":[1,1,6],"seconds":2}]`), 0o644); err != nil {
		t.Fatal(err)
	}
	if sc, err := sim.ReadScenarioFile(p); err != nil || len(sc) != 1 {
		t.Fatalf("%v %v", sc, err)
	}
	if _, err := sim.ReadScenarioFile(dir); err == nil || !strings.Contains(err.Error(), "is a folder") {
		t.Errorf("folder: %v", err)
	}
	big := filepath.Join(dir, "big.json")
	if err := os.WriteFile(big, make([]byte, sim.MaxScenarioFile+1), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := sim.ReadScenarioFile(big); err == nil || !strings.Contains(err.Error(), "too big") {
		t.Errorf("big file: %v", err)
	}
}

func TestRandomScenarios(t *testing.T) {
	a, b := sim.TrainingScenarios(1, 50), sim.TrainingScenarios(1, 50)
	c := sim.TrainingScenarios(2, 50)
	h := sim.HeldOutScenarios(50)
	r := sim.Hover3DRange
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("seed 1 drew two different scenario %d", i)
		}
		if a[i] == c[i] || a[i] == h[i] {
			t.Fatalf("scenario %d is the same for two seeds or in the held-out set", i)
		}
		if err := a[i].Validate(); err != nil {
			t.Fatalf("scenario %d: %v", i, err)
		}
		for k := range 3 {
			if d := a[i].Start[k] - a[i].Setpoint[k]; math.Abs(d) > r.Offset+1e-9 { // start = setpoint + offset, rounded
				t.Errorf("scenario %d starts %v m from the setpoint in axis %d", i, d, k)
			}
		}
		if a[i].Seconds != 8 || a[i].Start[2] < 1 {
			t.Errorf("scenario %d: %+v", i, a[i])
		}
	}
	// The first training scenario of seed 1, pinned: the draws are a
	// function of the seed on every machine.
	if got := a[0]; got.Setpoint[0] != sim.TrainingScenarios(1, 1)[0].Setpoint[0] {
		t.Errorf("a shorter draw changed the first scenario")
	}
}

func TestTrainingScenariosHaveTheCorners(t *testing.T) {
	sc := sim.TrainingScenarios(5, 32)
	seen := map[[5]float64]bool{}
	for k, s := range sc[:16] {
		var key [5]float64
		for b := range 3 {
			d := s.Start[b] - s.Setpoint[b]
			if math.Abs(math.Abs(d)-sim.Hover3DRange.Offset) > 1e-9 {
				t.Errorf("corner %d starts %v m off in axis %d", k, d, b)
			}
			key[b] = math.Copysign(1, d)
		}
		if math.Abs(s.Attitude[0]) != sim.Hover3DRange.Tilt || math.Abs(s.Attitude[1]) != sim.Hover3DRange.Tilt {
			t.Errorf("corner %d: attitude %v", k, s.Attitude)
		}
		key[3], key[4] = s.Attitude[0], s.Attitude[1]
		seen[key] = true
	}
	if len(seen) != 16 {
		t.Errorf("%d different corners, want 16", len(seen))
	}
	if random := sc[16]; random == sim.Hover3DRange.RandomScenarios(5, 0, 32)[16] {
		t.Errorf("the scenarios after the corners are not the run's draws")
	}
}
