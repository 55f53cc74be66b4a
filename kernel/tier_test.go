package kernel_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/evocopter/evocopter/kernel"
)

func TestUseRejectsUnknownTier(t *testing.T) {
	before := kernel.Current()
	err := kernel.Use("avx1024")
	if err == nil || !strings.Contains(err.Error(), `unknown tier "avx1024"`) {
		t.Fatalf("Use(avx1024) = %v, want an unknown-tier error", err)
	}
	if kernel.Current() != before {
		t.Fatalf("a failed Use changed the tier to %s", kernel.Current())
	}
}

func TestUseUnavailableTier(t *testing.T) {
	for _, tier := range []kernel.Tier{kernel.SoA, kernel.SSE2, kernel.AVX2, kernel.AVX512} {
		err := kernel.Use(string(tier))
		switch {
		case slices.Contains(kernel.Available(), tier):
			if err != nil {
				t.Errorf("Use(%s) = %v, but it is available", tier, err)
			}
		case slices.Contains(kernel.Tiers(), tier):
			if err == nil || !strings.Contains(err.Error(), "which this CPU lacks") {
				t.Errorf("Use(%s) = %v, want a missing-feature error", tier, err)
			}
		default:
			if err == nil || !strings.Contains(err.Error(), "not built into this binary") {
				t.Errorf("Use(%s) = %v, want a not-built-in error", tier, err)
			}
		}
	}
	if err := kernel.Use("auto"); err != nil {
		t.Fatal(err)
	}
}

func TestAutoPicksFastestAutoTier(t *testing.T) {
	if err := kernel.Use(" AUTO "); err != nil {
		t.Fatal(err)
	}
	got := kernel.Current()
	if best := kernel.Best(); best != got {
		t.Fatalf("Use(auto) chose %s, Best says %s", got, best)
	}
	if !got.Auto() {
		t.Fatalf("auto picked %s, which auto must skip", got)
	}
	// Every exact tier is an auto candidate, avx512 included (verified on
	// AMD Zen 4): auto is the fastest tier the CPU runs.
	for _, tier := range kernel.Tiers() {
		if !tier.Auto() {
			t.Errorf("auto skips %s", tier)
		}
	}
	if slices.Contains(kernel.Available(), kernel.AVX512) && got != kernel.AVX512 {
		t.Errorf("auto picked %s on a CPU with AVX-512, want avx512", got)
	}
	av := kernel.Available()
	for i := len(av) - 1; i >= 0; i-- {
		if av[i].Auto() {
			if av[i] != got {
				t.Fatalf("auto picked %s, want %s", got, av[i])
			}
			break
		}
	}
}

func TestTierListsAreConsistent(t *testing.T) {
	tiers, avail := kernel.Tiers(), kernel.Available()
	if len(tiers) == 0 || tiers[0] != kernel.SoA {
		t.Fatalf("Tiers() = %v, want soa first", tiers)
	}
	for _, a := range avail {
		if !slices.Contains(tiers, a) {
			t.Errorf("available tier %s is not built in", a)
		}
	}
	if !slices.Contains(avail, kernel.Current()) {
		t.Errorf("current tier %s not available", kernel.Current())
	}
	t.Logf("features %v, tiers %v, available %v, current %s", kernel.Features(), tiers, avail, kernel.Current())
}

func TestUnavailableTierStepPanics(t *testing.T) {
	for _, tier := range []kernel.Tier{kernel.AVX512, kernel.AVX2, kernel.SSE2, "bogus"} {
		if tier.Err() == nil {
			continue
		}
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s.Step did not panic", tier)
				}
			}()
			tier.Step(&kernel.Batch2x3{}, nil, nil, nil, nil)
		}()
	}
}

// TestTierSpellings: a tier value in any spelling Err accepts runs (the
// batched evaluator takes a Tier from outside; "AVX2" used to panic).
func TestTierSpellings(t *testing.T) {
	c := &kernel.Batch2x3{K0: []float64{1}, K1: []float64{2}, K2: []float64{3}, Q0: []float64{4}, Q1: []float64{5}, Q2: []float64{6}, C0: []float64{7}, C1: []float64{8}}
	for _, tier := range append(kernel.Available(), kernel.Auto) {
		for _, typed := range []kernel.Tier{kernel.Tier(strings.ToUpper(string(tier))), " " + tier + " "} {
			if err := typed.Err(); err != nil {
				t.Fatalf("%q.Err() = %v", typed, err)
			}
			state, out := []float64{1}, []float64{0}
			typed.Step(c, state, []float64{1}, []float64{1}, out)
			// ((1*1 + 1*2) + 1*3) + 7 and ((1*4 + 1*5) + 1*6) + 8, exact.
			if state[0] != 13 || out[0] != 23 {
				t.Fatalf("%q.Step: state %v, out %v; want 13, 23", typed, state[0], out[0])
			}
		}
	}
}
