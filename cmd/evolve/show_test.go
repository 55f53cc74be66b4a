package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/evocopter/evocopter/sim"
)

// TestShowEnv: -env flies the given flights in order, the controller's
// state carried from one into the next, and the CSV holds every step of
// them, to the bit what sim's environments fly.
func TestShowEnv(t *testing.T) {
	dir := t.TempDir()
	csvPath, pngPath := filepath.Join(dir, "a.csv"), filepath.Join(dir, "a.png")
	mustRun(t, "show", referenceCreatures, "-i", "52", "-env", "5,8,4", "-env", " 0 , 2.5 ,0.5", "-csv", csvPath, "-o", pngPath)
	if st, err := os.Stat(pngPath); err != nil || st.Size() == 0 {
		t.Fatalf("no picture: %v", err)
	}

	creatures, err := sim.ReadCreatureFile(referenceCreatures)
	if err != nil {
		t.Fatal(err)
	}
	envs := []sim.Environment{{Z0: 5, Z1: 8, TotalT: 4, Dt: sim.DefaultDt}, {Z0: 0, Z1: 2.5, TotalT: 0.5, Dt: sim.DefaultDt}}
	var want [][]string
	ctl := sim.NewSpecialized(creatures[52].Coeffs)
	for i, e := range envs {
		step := 0
		e.Run(ctl, func(q *sim.Quad, pwm, distance float64) {
			row := []string{strconv.Itoa(i), strconv.Itoa(step)}
			for _, x := range []float64{q.T, q.Altitude(), e.Z1, pwm, distance} {
				row = append(row, strconv.FormatFloat(x, 'g', 17, 64))
			}
			want = append(want, row)
			step++
		})
	}
	if len(want) != envs[0].Steps()+envs[1].Steps() {
		t.Fatalf("sim flew %d steps", len(want))
	}
	f, err := os.Open(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := csv.NewReader(f).ReadAll()
	if err != nil || len(got) != len(want)+1 {
		t.Fatalf("CSV: %v, %d records, want %d", err, len(got), len(want)+1)
	}
	for i, row := range want {
		for j := range row {
			if got[i+1][j] != row[j] {
				t.Fatalf("CSV line %d: %v, want %v", i+2, got[i+1], row)
			}
		}
	}
}

func TestShowEnvBadInput(t *testing.T) {
	keep := filepath.Join(t.TempDir(), "x.png")
	cases := map[string][]string{}
	for name, v := range map[string]string{
		"two numbers":      "5,8",
		"four numbers":     "5,8,4,1",
		"not a number":     "5,eight,4",
		"infinite":         "5,8,Inf",
		"NaN":              "NaN,8,4",
		"below the ground": "-1,8,4",
		"setpoint below":   "5,-8,4",
		"no time":          "5,8,0",
		"too long":         "5,8,601",
		"empty":            "",
	} {
		cases[name] = []string{"show", referenceCreatures, "-env", v, "-o", keep}
	}
	var many []string
	for range maxFlights + 1 {
		many = append(many, "-env", "1,2,1")
	}
	cases["too many flights"] = append(append([]string{"show", referenceCreatures}, many...), "-o", keep)
	expectUsageErrors(t, cases)
	if _, err := os.Stat(keep); err == nil {
		t.Fatal("a refused show wrote its picture")
	}
}

// TestRoundTicks: 3 to 9 labels at multiples of 1, 2 or 5 times a power
// of ten, printed with the decimals the step needs, inside the range.
func TestRoundTicks(t *testing.T) {
	for _, c := range []struct {
		lo, hi float64
		want   []string
	}{
		{0, 2, []string{"0.0", "0.5", "1.0", "1.5", "2.0"}},
		{-0.05, 1.05, []string{"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"}},
		{99.9, 102.1, []string{"100.0", "100.5", "101.0", "101.5", "102.0"}},
		{49.4, 62.9, []string{"50", "52", "54", "56", "58", "60", "62"}},
		{1, 200, []string{"50", "100", "150", "200"}},
		{0, 1e6, []string{"0", "200000", "400000", "600000", "800000", "1000000"}},
		{-3, 3, []string{"-3", "-2", "-1", "0", "1", "2", "3"}},
	} {
		var got []string
		for _, tk := range (roundTicks{}).Ticks(c.lo, c.hi) {
			if tk.Value < c.lo || tk.Value > c.hi {
				t.Errorf("[%g, %g]: tick %g outside", c.lo, c.hi, tk.Value)
			}
			if tk.Label != "" {
				got = append(got, tk.Label)
			}
		}
		if len(got) != len(c.want) {
			t.Errorf("[%g, %g]: labels %q, want %q", c.lo, c.hi, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("[%g, %g]: labels %q, want %q", c.lo, c.hi, got, c.want)
				break
			}
		}
	}
	for _, span := range []float64{1e-6, 0.013, 0.9, 1, 7, 12.5, 99, 1e5, 3.7e12} {
		var n int
		for _, tk := range (roundTicks{}).Ticks(10, 10+span) {
			if tk.Label != "" {
				n++
			}
		}
		if n < 3 || n > 9 {
			t.Errorf("span %g: %d labels", span, n)
		}
	}
}
