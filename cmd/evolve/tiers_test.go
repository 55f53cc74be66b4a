package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/evocopter/evocopter/evolve"
	"github.com/evocopter/evocopter/kernel"
	"github.com/evocopter/evocopter/sim"
)

// typedTierNames are the ways a user may write tier t: any case, with
// surrounding space.
func typedTierNames(t string) []string {
	return []string{strings.ToUpper(t), " " + t + "\t", strings.ToUpper(t[:1]) + t[1:] + " "}
}

// exactTiers are the tiers this machine runs with the reference bits:
// generic only on amd64 (gonum sums left to right only there, docs/semantics.md §1).
func exactTiers() []string {
	var out []string
	for _, name := range sim.AvailableTiers() {
		if name != sim.TierGeneric || runtime.GOARCH == "amd64" {
			out = append(out, name)
		}
	}
	return out
}

// TestTierNameAsTyped: a tier name -kernel accepts is the tier it runs,
// whatever its case and spacing (-kernel AVX2 used to panic).
func TestTierNameAsTyped(t *testing.T) {
	want, err := os.ReadFile(referenceFitness)
	if err != nil {
		t.Fatal(err)
	}
	for _, tier := range append(exactTiers(), "auto") {
		for _, typed := range typedTierNames(tier) {
			code, out, errs := runCmd(t, "eval", "-kernel", typed, referenceCreatures)
			if code != 0 || out != string(want) {
				t.Errorf("eval -kernel %q: exit %d, stderr %q; output differs from fitness.txt", typed, code, errs)
			}
		}
	}
}

// TestTierFromEnv: EVOCOPTER_KERNEL accepts every tier -kernel does, the
// per-creature ones included, and a bad value is one clear line that does
// not claim to be ignored.
func TestTierFromEnv(t *testing.T) {
	want, err := os.ReadFile(referenceFitness)
	if err != nil {
		t.Fatal(err)
	}
	for _, tier := range exactTiers() {
		t.Setenv(kernel.EnvVar, strings.ToUpper(tier))
		code, out, errs := runCmd(t, "eval", referenceCreatures)
		if code != 0 || out != string(want) {
			t.Errorf("%s=%s eval: exit %d, stderr %q; output differs from fitness.txt", kernel.EnvVar, strings.ToUpper(tier), code, errs)
		}
		code, out, errs = runCmd(t, "cpu")
		if code != 0 || !strings.Contains(out, "in use:    "+tier+" (from "+kernel.EnvVar) {
			t.Errorf("%s=%s cpu: exit %d, stderr %q, output:\n%s", kernel.EnvVar, strings.ToUpper(tier), code, errs, out)
		}
	}
	t.Setenv(kernel.EnvVar, "cuda")
	code, out, errs := runCmd(t, "eval", referenceCreatures)
	if code != 2 || out != "" || strings.Count(errs, "\n") != 1 || strings.Contains(errs, "ignored") ||
		!strings.Contains(errs, kernel.EnvVar) || !strings.Contains(errs, "generic scalar soa") {
		t.Errorf("%s=cuda eval: exit %d, stdout %q, stderr %q; want exit 2, one line naming the variable and every tier", kernel.EnvVar, code, out, errs)
	}
	// -kernel overrides the variable, a bad one included.
	if code, out, errs := runCmd(t, "eval", "-kernel", "scalar", referenceCreatures); code != 0 || out != string(want) {
		t.Errorf("%s=cuda eval -kernel scalar: exit %d, stderr %q", kernel.EnvVar, code, errs)
	}
}

// TestTierListsNameEveryTier: the help and the errors list the
// per-creature tiers with the kernel tiers.
func TestTierListsNameEveryTier(t *testing.T) {
	all := strings.Join(sim.Tiers(), " ")
	if !strings.HasPrefix(all, "generic scalar soa") {
		t.Fatalf("sim.Tiers() = %q, want generic and scalar first, then soa", all)
	}
	code, _, errs := runCmd(t, "eval", "-kernel", "cuda", referenceCreatures)
	if code != 2 || !strings.Contains(errs, "known: generic scalar soa sse2 avx2 avx512") {
		t.Errorf("-kernel cuda: exit %d, stderr %q; want the known list of every tier", code, errs)
	}
	code, out, _ := runCmd(t, "cpu")
	if code != 0 || !strings.Contains(out, "tiers:     "+all+" (built in)") {
		t.Errorf("cpu: exit %d, output:\n%s", code, out)
	}
}

// TestCheckpointKernelAsAccepted: the kernel a checkpoint records is the
// accepted name in its one spelling, and the resumed run uses it.
func TestCheckpointKernelAsAccepted(t *testing.T) {
	dir := t.TempDir()
	ck := filepath.Join(dir, "run.ckpt")
	straight := mustRun(t, "-n", "20", "-seed", "3", "-generations", "4", "-dir", dir)
	first := mustRun(t, "-n", "20", "-seed", "3", "-generations", "2", "-dir", dir, "-checkpoint", ck, "-kernel", " SCALAR ")
	data, err := os.ReadFile(ck)
	if err != nil {
		t.Fatal(err)
	}
	_, settings, err := evolve.ResumeCheckpoint(data)
	if err != nil || settings.Kernel != sim.TierScalar {
		t.Fatalf("checkpoint kernel %q, %v; want %q", settings.Kernel, err, sim.TierScalar)
	}
	// A checkpoint written before names were normalised may hold any
	// spelling: it resumes with the tier that spelling names.
	settings.Kernel = "SoA"
	u, _, err := evolve.ResumeCheckpoint(data)
	if err != nil {
		t.Fatal(err)
	}
	old, err := u.MarshalCheckpoint(settings)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(ck, old, 0o644); err != nil {
		t.Fatal(err)
	}
	second := mustRun(t, "-resume", ck, "-generations", "4", "-dir", dir)
	if first+second != straight {
		t.Fatalf("resumed run differs:\n%s\nstraight:\n%s", first+second, straight)
	}
}
