package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestStrategyCMAESResume: a cmaes run stopped at a checkpoint and
// resumed prints the lines of the run that never stopped, and saves the
// same best creature.
func TestStrategyCMAESResume(t *testing.T) {
	dir := t.TempDir()
	ck := filepath.Join(dir, "run.ckpt")
	run := []string{"-strategy", "cmaes", "-seed", "3", "-stall", "6", "-dir", dir}
	straight := mustRun(t, append(run, "-generations", "40")...)
	first := mustRun(t, append(run, "-generations", "13", "-checkpoint", ck, "-checkpoint-every", "5")...)
	second := mustRun(t, "-resume", ck, "-generations", "27", "-dir", dir)
	third := mustRun(t, "-resume", ck, "-generations", "40", "-dir", dir, "-kernel", "generic", "-workers", "1")
	if got := first + second + third; got != straight || strings.Count(got, "\n") != 40 {
		t.Fatalf("resumed run differs:\n%s\nstraight:\n%s", got, straight)
	}
	if !strings.Contains(straight, "[population = 10]") {
		t.Fatalf("cmaes's default population for 8 coefficients is 10:\n%s", straight)
	}
}

// TestStrategiesCommand lists both strategies with their flags.
func TestStrategiesCommand(t *testing.T) {
	out := mustRun(t, "strategies")
	for _, want := range []string{"ga (default of vertical)", "cmaes", "-sigma", "-mean", "-stall", "-n"} {
		if !strings.Contains(out, want) {
			t.Fatalf("evolve strategies lacks %q:\n%s", want, out)
		}
	}
	var list []struct {
		Name    string
		Options []struct{ Flag, Default string }
	}
	if err := json.Unmarshal([]byte(mustRun(t, "strategies", "-json")), &list); err != nil || len(list) != 2 || list[1].Name != "cmaes" {
		t.Fatalf("strategies -json: %v %+v", err, list)
	}
}

// TestStrategyBadOptions: one line and exit 2 for each bad option.
func TestStrategyBadOptions(t *testing.T) {
	dir := t.TempDir()
	ck := filepath.Join(dir, "c.ckpt")
	mustRun(t, "-strategy", "cmaes", "-generations", "1", "-dir", dir, "-checkpoint", ck)
	cases := map[string][]string{
		"population must be at least 2": {"-strategy", "cmaes", "-n", "1", "-dir", dir},
		"-sigma must be positive":       {"-strategy", "cmaes", "-sigma", "-0.5", "-dir", dir},
		"got NaN":                       {"-strategy", "cmaes", "-sigma", "NaN", "-dir", dir},
		"not ga":                        {"-strategy", "ga", "-stall", "5", "-dir", dir},
		"unknown -strategy":             {"-strategy", "de", "-dir", dir},
		"-mean: 3 numbers":              {"-strategy", "cmaes", "-mean", "1,2,3", "-dir", dir},
		"not a finite number":           {"-strategy", "cmaes", "-mean", "1,2,3,4,5,6,7,inf", "-dir", dir},
		"-stall 0":                      {"-strategy", "cmaes", "-stall", "0", "-dir", dir},
		"-sigma cannot be given":        {"-resume", ck, "-sigma", "0.2", "-dir", dir},
		"-strategy cannot be given":     {"-resume", ck, "-strategy", "ga", "-dir", dir},
	}
	expectUsageErrors(t, cases)
	for want, args := range cases {
		if _, _, errs := runCmd(t, args...); !strings.Contains(errs, want) {
			t.Errorf("evolve %s: %q does not say %q", strings.Join(args, " "), errs, want)
		}
	}
}

// TestGoldenCMAES: a fixed-seed cmaes run prints the same lines (apart
// from the seconds) on every architecture, kernel and worker count; with
// -stall 8 it restarts three times, and says so on stderr, one line each.
// The golden file was written on amd64:
//
//	go run ./cmd/evolve -strategy cmaes -stall 8 -generations 60 -seed 1
func TestGoldenCMAES(t *testing.T) {
	want, err := os.ReadFile("testdata/golden-cmaes-seed1-60gen.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, tier := range []string{"scalar", "auto"} {
		for _, workers := range []string{"1", "3"} {
			code, out, errs := runCmd(t, "-strategy", "cmaes", "-stall", "8", "-generations", "60", "-seed", "1", "-dir", t.TempDir(), "-kernel", tier, "-workers", workers)
			if out = secs.ReplaceAllString(out, ""); code != 0 || out != string(want) {
				t.Fatalf("kernel %s, %s workers: exit %d, lines differ from the golden run:\n%s", tier, workers, code, out)
			}
			restarts := regexp.MustCompile(`(?m)^evolve: cmaes restart (\d) after generation (\d+): no progress \(the search begun at generation \d+ reached [0-9.]+, step size [0-9.e+-]+\)$`).FindAllStringSubmatch(errs, -1)
			if len(restarts) != 3 || restarts[0][1] != "1" || restarts[2][1] != "3" || restarts[0][2] != "25" || restarts[2][2] != "50" {
				t.Errorf("kernel %s, %s workers: want restarts 1-3 after generations 25, 34 and 50 on stderr, got:\n%s", tier, workers, errs)
			}
		}
	}
}
