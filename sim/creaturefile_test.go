package sim_test

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/evocopter/evocopter/sim"
)

func TestCreatureRoundTrip(t *testing.T) {
	fit := 123.25
	c := sim.CreatureFile{Name: "x", ID: 7, Fitness: &fit,
		Coeffs: sim.Coeffs{0.1, -0.2, 5e-324, math.Copysign(0, -1), 1e308, -1, 0, 0.5}}
	data, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	got, err := sim.ParseCreatures(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Name != "x" || got[0].ID != 7 || *got[0].Fitness != fit {
		t.Fatalf("round trip: %+v", got)
	}
	for i := range c.Coeffs {
		if math.Float64bits(got[0].Coeffs[i]) != math.Float64bits(c.Coeffs[i]) {
			t.Fatalf("coefficient %d: %v, want %v", i, got[0].Coeffs[i], c.Coeffs[i])
		}
	}
}

func TestCreatureFileErrors(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.json")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(sim.MaxCreatureFile + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	deep := filepath.Join(dir, "deep.json")
	os.WriteFile(deep, []byte(strings.Repeat("[", 100000)), 0o644)
	for path, want := range map[string]string{
		big:  "too big",
		deep: "deep.json",
		dir:  "is a folder",
	} {
		_, err := sim.ReadCreatureFile(path)
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), path) {
			t.Errorf("%s: error %v, want one naming the file and saying %q", path, err, want)
		}
	}
}

// FuzzParseCreatures: no input makes the reader panic, and whatever it
// accepts writes back and reads again to the same creatures.
func FuzzParseCreatures(f *testing.F) {
	for _, seed := range []string{
		`{"matrix": [[1,2,3],[4,5,6]], "constant": [7,8]}`,
		`[{"matrix": [[1,2,3],[4,5,6]], "constant": [7,8], "name": "a", "id": 3, "fitness": 1.5}]`,
		`{"matrix": [[1,2],[4,5,6]], "constant": [7,8]}`,
		`{"matrix": [[1,null,3],[4,5,6]], "constant": [7,8]}`,
		`[null]`, `[]`, ``, `{`, `[[[[`, `{"matrix": 5}`,
	} {
		f.Add([]byte(seed))
	}
	if data, err := os.ReadFile("testdata/creatures.json"); err == nil {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cs, err := sim.ParseCreatures(data)
		if err != nil {
			if cs != nil || err.Error() == "" || strings.Contains(err.Error(), "\n") {
				t.Fatalf("error %q with result %v", err, cs)
			}
			return
		}
		out, err := json.Marshal(cs)
		if err != nil {
			t.Fatal(err)
		}
		again, err := sim.ParseCreatures(out)
		if err != nil {
			t.Fatalf("re-reading %s: %v", out, err)
		}
		a, _ := json.Marshal(again)
		if !bytes.Equal(a, out) {
			t.Fatalf("round trip changed %s into %s", out, a)
		}
	})
}

func TestCreatureFileWithTask(t *testing.T) {
	v := make([]float64, sim.Hover3D.Shape.Len())
	for i := range v {
		v[i] = float64(i) - 0.5
	}
	c := sim.NewCreatureFile(sim.Hover3D, v)
	c.Name = "x"
	data, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(data), `{"task":"hover3d","name":"x","matrix":[[-0.5,0.5,`) {
		t.Errorf("file form %s", data)
	}
	back, err := sim.ParseCreatures(data)
	if err != nil {
		t.Fatal(err)
	}
	if back[0].TaskOf() != sim.Hover3D || !slices.Equal(back[0].Values(), v) {
		t.Errorf("round trip: %+v", back[0])
	}
	// A vertical creature is written without "task", as always.
	vert := sim.NewCreatureFile(sim.Vertical, []float64{1, 2, 3, 4, 5, 6, 7, 8})
	data, _ = json.Marshal(vert)
	if string(data) != `{"matrix":[[1,2,3],[4,5,6]],"constant":[7,8]}` {
		t.Errorf("vertical file form %s", data)
	}
	for _, c := range []struct{ in, want string }{
		{`{"task":"hover3d","matrix":[[1,2,3],[4,5,6]],"constant":[7,8]}`, `"matrix" has 2 rows, want 5 rows of 13`},
		{`{"task":"vertical","matrix":[[1,2,3],[4,5,6,7]],"constant":[7,8]}`, `"matrix" row 1 has 4 entries, want 3`},
		{`{"task":"fly","matrix":[[1,2,3],[4,5,6]],"constant":[7,8]}`, `unknown task "fly"`},
	} {
		if _, err := sim.ParseCreatures([]byte(c.in)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.in, err, c.want)
		}
	}
}
