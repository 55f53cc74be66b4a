package main

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"github.com/evocopter/evocopter/kernel"
	"github.com/evocopter/evocopter/sim"
)

const (
	referenceCreatures = "../../sim/testdata/creatures.json"
	referenceFitness   = "../../sim/testdata/fitness.txt"
)

// TestMain lets the test binary act as the evolve command, so tests can
// run it as a child process (for signals) on any architecture.
func TestMain(m *testing.M) {
	if os.Getenv("EVOLVE_TEST_MAIN") == "1" {
		main()
	}
	os.Exit(m.Run())
}

func runCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestEvalReference(t *testing.T) {
	want, err := os.ReadFile(referenceFitness)
	if err != nil {
		t.Fatal(err)
	}
	runs := [][]string{{"-creature", "specialized"}, {}}
	for _, tier := range allTiers() {
		runs = append(runs, []string{"-kernel", tier}, []string{"-kernel", tier, "-workers", "3"})
	}
	for _, flags := range runs {
		code, out, errs := runCmd(t, append(append([]string{"eval"}, flags...), referenceCreatures)...)
		if code != 0 || out != string(want) {
			t.Errorf("eval %v: exit %d, stderr %q; output differs from fitness.txt:\n%s", flags, code, errs, out)
		}
	}
}

func TestEvalJSON(t *testing.T) {
	code, out, errs := runCmd(t, "eval", referenceCreatures, "-json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got []struct {
		Index   int
		Name    string
		Fitness []float64
		Total   float64
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	_, text, _ := runCmd(t, "eval", referenceCreatures)
	lines := strings.Split(strings.TrimSpace(text), "\n")
	if len(got) != 53 || len(lines) != 53 || got[52].Name != "P-controller" {
		t.Fatalf("%d JSON results, %d lines", len(got), len(lines))
	}
	for i, r := range got {
		f := strings.Fields(lines[i])
		if want := f[6]; formatG(r.Total) != want || len(r.Fitness) != 5 || formatG(r.Fitness[4]) != f[5] {
			t.Errorf("creature %d: JSON %v %v, text %v", i, r.Fitness, r.Total, f)
		}
	}
}

// allTiers are the -kernel names this machine runs with exact results.
func allTiers() []string { return append(exactTiers(), sim.TierAuto) }

func formatG(x float64) string { return strings.TrimSpace(string(appendG(nil, x))) }

// TestBadInput: every mistake gets one line on stderr and exit status 2.
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string { return writeTestFile(t, dir, name, content) }
	good := `{"matrix": [[1,2,3],[4,5,6]], "constant": [7,8]}`
	cases := map[string][]string{
		"missing file":   {"eval", filepath.Join(dir, "nope.json")},
		"empty file":     {"eval", write("empty.json", "")},
		"not JSON":       {"eval", write("text.json", "hello")},
		"truncated":      {"eval", write("trunc.json", good[:20])},
		"row of 2":       {"eval", write("row2.json", `{"matrix": [[1,2],[4,5,6]], "constant": [7,8]}`)},
		"row of 4":       {"eval", write("row4.json", `{"matrix": [[1,2,3,4],[4,5,6]], "constant": [7,8]}`)},
		"three rows":     {"eval", write("rows3.json", `{"matrix": [[1,2,3],[4,5,6],[1,1,1]], "constant": [7,8]}`)},
		"no constant":    {"eval", write("noconst.json", `{"matrix": [[1,2,3],[4,5,6]]}`)},
		"null number":    {"eval", write("null.json", `{"matrix": [[1,null,3],[4,5,6]], "constant": [7,8]}`)},
		"string number":  {"eval", write("str.json", `{"matrix": [[1,"2",3],[4,5,6]], "constant": [7,8]}`)},
		"out of range":   {"eval", write("big.json", `{"matrix": [[1,2,1e400],[4,5,6]], "constant": [7,8]}`)},
		"null creature":  {"eval", write("nullc.json", `[`+good+`, null]`)},
		"empty array":    {"eval", write("emptyarr.json", `[]`)},
		"trailing data":  {"eval", write("trail.json", good+good)},
		"no file":        {"eval"},
		"two files":      {"eval", referenceCreatures, referenceCreatures},
		"unknown flag":   {"-bogus"},
		"eval flag":      {"eval", "-bogus", referenceCreatures},
		"P = 1":          {"-n", "1", "-generations", "1"},
		"P = 0":          {"-n", "0"},
		"P negative":     {"-n", "-5"},
		"P not a number": {"-n", "many"},
		"generations":    {"-generations", "-1"},
		"creature form":  {"-creature", "numpy"},
		"unknown kernel": {"-kernel", "cuda"},
		"kernel clash":   {"-kernel", "soa", "-creature", "generic"},
		"workers 0":      {"-workers", "0"},
		"every alone":    {"-checkpoint-every", "5"},
		"eval workers":   {"eval", "-workers", "-1", referenceCreatures},
		"cpu argument":   {"cpu", "now"},
		"extra argument": {"fly"},
		"dir missing":    {"-dir", filepath.Join(dir, "nope"), "-generations", "1"},
	}
	expectUsageErrors(t, cases)
}

var secs = regexp.MustCompile(`  \[\d+(\.\d+)? (secs|ms)\]`)

// TestSameSeedSameLines runs the experiment twice with one seed.
func TestSameSeedSameLines(t *testing.T) {
	dir := t.TempDir()
	args := []string{"-n", "40", "-generations", "6", "-seed", "11", "-dir", dir}
	_, a, _ := runCmd(t, args...)
	code, b, errs := runCmd(t, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	a, b = secs.ReplaceAllString(a, ""), secs.ReplaceAllString(b, "")
	if a != b || strings.Count(a, "\n") != 6 || !strings.HasPrefix(a, "Generation   1: min =") {
		t.Fatalf("runs differ or wrong shape:\n%s\n%s", a, b)
	}
	// The saved best creature evaluates to the fitness in its file.
	files, _ := filepath.Glob(filepath.Join(dir, "creature-*.json"))
	if len(files) != 1 {
		t.Fatalf("saved files %v", files)
	}
	cs, err := sim.ReadCreatureFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	got := sim.Evaluate(sim.NewSpecialized(cs[0].Coeffs)).Total()
	if cs[0].Fitness == nil || math.Float64bits(*cs[0].Fitness) != math.Float64bits(got) {
		t.Fatalf("saved fitness %v, evaluates to %v", cs[0].Fitness, got)
	}
	if !strings.Contains(errs, files[0]) {
		t.Errorf("stderr %q does not say where the creature went", errs)
	}
}

// TestInterrupt runs the experiment as a child process, stops it with
// SIGTERM after the first generation, and checks that it exits 0 and
// saves. (Ctrl-C: see signals_test.go.)
func TestInterrupt(t *testing.T) {
	for _, sigs := range [][]syscall.Signal{{syscall.SIGTERM}} {
		dir := t.TempDir()
		cmd, sc, errb := startChild(t, "-n", "50", "-generations", "0", "-dir", dir)
		if !sc.Scan() {
			t.Fatalf("no generation line; stderr %q", errb.String())
		}
		for _, sig := range sigs {
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
		}
		for sc.Scan() { // drain
		}
		if code := waitExit(t, cmd); code != 0 {
			t.Fatalf("%v: exit %d; stderr %q", sigs, code, errb.String())
		}
		files, _ := filepath.Glob(filepath.Join(dir, "creature-*.json"))
		if len(files) != 1 || !strings.Contains(errb.String(), "saved to") || !strings.Contains(errb.String(), "stopping after generation") {
			t.Fatalf("%v: files %v, stderr %q", sigs, files, errb.String())
		}
	}
}

func TestCPU(t *testing.T) {
	code, out, errs := runCmd(t, "cpu")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	inUse, _, err := sim.EnvTier()
	if err != nil {
		t.Skipf("%s is set to a bad value: %v", kernel.EnvVar, err)
	}
	if inUse == "" {
		inUse = string(kernel.Best())
	}
	for _, want := range []string{"arch:", "features:", "tiers:", "available:", "in use:    " + inUse} {
		if !strings.Contains(out, want) {
			t.Errorf("cpu output lacks %q:\n%s", want, out)
		}
	}
}

// TestMissingTier: asking for a tier this machine cannot run is a clear
// error (there is always one on a machine without AVX-512, or off amd64).
func TestMissingTier(t *testing.T) {
	for _, tier := range []kernel.Tier{kernel.SSE2, kernel.AVX2, kernel.AVX512} {
		if tier.Err() == nil {
			continue
		}
		code, _, errs := runCmd(t, "eval", "-kernel", string(tier), referenceCreatures)
		if code != 2 || !strings.Contains(errs, string(tier)) || strings.Count(errs, "\n") != 1 {
			t.Errorf("-kernel %s: exit %d, stderr %q", tier, code, errs)
		}
	}
}

func TestBenchCommand(t *testing.T) {
	code, out, errs := runCmd(t, "bench", "-json", "-time", "1ms")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var rs []map[string]any
	if err := json.Unmarshal([]byte(out), &rs); err != nil {
		t.Fatal(err)
	}
	if len(rs) != len(sim.AvailableTiers()) || rs[0]["tier"] != sim.TierGeneric {
		t.Fatalf("results %v", rs)
	}
	for _, r := range rs {
		for _, key := range []string{"tier", "ns_per_step", "seconds_per_generation"} {
			if _, ok := r[key]; !ok {
				t.Errorf("result %v lacks %q", r, key)
			}
		}
	}
	if strings.Count(errs, "bench: [") != len(rs) {
		t.Errorf("progress lines: %q", errs)
	}
	code, out, _ = runCmd(t, "bench", "-time", "1ms")
	if code != 0 || !strings.Contains(out, "speed-up") || !strings.Contains(out, "scalar") {
		t.Errorf("table: exit %d\n%s", code, out)
	}
	if code, _, _ := runCmd(t, "bench", "-time", "0s"); code != 2 {
		t.Errorf("-time 0s: exit %d", code)
	}
}
