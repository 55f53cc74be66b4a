package sim_test

import (
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/evocopter/evocopter/kernel"
	"github.com/evocopter/evocopter/sim"
)

// TestTierRegistry: the per-creature tiers come first, then the kernel
// tiers; every spelling of an available tier resolves to it, and every
// error lists all tiers.
func TestTierRegistry(t *testing.T) {
	built, avail := sim.Tiers(), sim.AvailableTiers()
	want := append([]string{sim.TierGeneric, sim.TierScalar}, kernel.TierNames(kernel.Tiers())...)
	if !slices.Equal(built, want) {
		t.Fatalf("Tiers() = %v, want %v", built, want)
	}
	for _, name := range avail {
		for _, typed := range []string{name, strings.ToUpper(name), " " + name + "\n"} {
			if got, err := sim.LookupTier(typed); err != nil || got != name {
				t.Errorf("LookupTier(%q) = %q, %v; want %q", typed, got, err, name)
			}
		}
	}
	if got, err := sim.LookupTier(" Auto"); err != nil || got != string(kernel.Best()) {
		t.Errorf("LookupTier(auto) = %q, %v; want %s", got, err, kernel.Best())
	}
	_, err := sim.LookupTier("cuda")
	if err == nil || !strings.Contains(err.Error(), "known: generic scalar soa sse2 avx2 avx512, or auto") {
		t.Errorf("LookupTier(cuda) = %v, want the list of every tier", err)
	}
	for _, tier := range kernel.AllTiers() {
		_, err := sim.LookupTier(strings.ToUpper(string(tier)))
		if runs := slices.Contains(avail, string(tier)); runs != (err == nil) {
			t.Errorf("LookupTier(%s): %v, but available = %v", tier, err, runs)
		}
		if err != nil && !slices.Contains(built, string(tier)) && !strings.Contains(err.Error(), "built in: generic scalar soa") {
			t.Errorf("LookupTier(%s) = %v, want the list of the built-in tiers", tier, err)
		}
	}
}

// TestEvaluatorForReference: every available tier, named in any spelling,
// evaluates the reference creatures to the reference bits (generic on
// amd64 only, where gonum sums left to right).
func TestEvaluatorForReference(t *testing.T) {
	cs, want := loadReference(t)
	coeffs := make([]sim.Coeffs, len(cs))
	for i, c := range cs {
		coeffs[i] = c.Coeffs
	}
	for _, name := range append(sim.AvailableTiers(), sim.TierAuto) {
		if name == sim.TierGeneric && runtime.GOARCH != "amd64" {
			continue
		}
		ev, err := sim.EvaluatorFor(" "+strings.ToUpper(name), 3)
		if err != nil {
			t.Fatalf("EvaluatorFor(%s): %v", name, err)
		}
		got := make([]sim.Fitness, len(coeffs))
		ev.Evaluate(coeffs, got)
		for i := range got {
			if !sameBits(got[i], want[i]) {
				t.Fatalf("%s: creature %d: %v, want %v", name, i, got[i], want[i])
			}
		}
	}
	if _, err := sim.EvaluatorFor("scalar", 0); err == nil {
		t.Error("EvaluatorFor(scalar, 0 workers) accepted")
	}
	if _, err := sim.EvaluatorFor("cuda", 1); err == nil {
		t.Error("EvaluatorFor(cuda) accepted")
	}
}

// TestEnvTier: EVOCOPTER_KERNEL is resolved like any other tier name.
func TestEnvTier(t *testing.T) {
	t.Setenv(kernel.EnvVar, "")
	if tier, v, err := sim.EnvTier(); tier != "" || v != "" || err != nil {
		t.Errorf("unset: %q %q %v", tier, v, err)
	}
	t.Setenv(kernel.EnvVar, " Scalar")
	if tier, v, err := sim.EnvTier(); tier != sim.TierScalar || v != " Scalar" || err != nil {
		t.Errorf("%s= Scalar: %q %q %v", kernel.EnvVar, tier, v, err)
	}
	t.Setenv(kernel.EnvVar, "cuda")
	if tier, _, err := sim.EnvTier(); tier != "" || err == nil || !strings.Contains(err.Error(), kernel.EnvVar) {
		t.Errorf("%s=cuda: %q %v", kernel.EnvVar, tier, err)
	}
}
