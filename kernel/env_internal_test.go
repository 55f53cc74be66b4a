package kernel

import (
	"os"
	"strings"
	"testing"
)

func TestFromEnv(t *testing.T) {
	for _, v := range []string{"", "auto", "AUTO"} {
		im, err := fromEnv(v)
		if err != nil || im != best() {
			t.Errorf("fromEnv(%q) = %s, %v; want the automatic choice", v, im.tier, err)
		}
	}
	im, err := fromEnv("soa")
	if err != nil || im.tier != SoA {
		t.Errorf("fromEnv(soa) = %s, %v", im.tier, err)
	}
	for _, v := range []string{"avx9", "sse", "fast"} {
		im, err := fromEnv(v)
		if err == nil || !strings.Contains(err.Error(), EnvVar) || !strings.Contains(err.Error(), "unknown tier") {
			t.Errorf("fromEnv(%q) error = %v, want an unknown-tier error naming %s", v, err, EnvVar)
		}
		if im != best() {
			t.Errorf("fromEnv(%q) fell back to %s, want %s", v, im.tier, best().tier)
		}
	}
	for _, im := range compiled {
		if im.lacks() != "" {
			got, err := fromEnv(string(im.tier))
			if err == nil || got != best() {
				t.Errorf("fromEnv(%s) on a CPU without it = %s, %v", im.tier, got.tier, err)
			}
		}
	}
}

func TestEnvErrorAtInit(t *testing.T) {
	// Run with EVOCOPTER_KERNEL=bogus to see the error path at init too.
	_, want := fromEnv(os.Getenv(EnvVar))
	if (want == nil) != (EnvError() == nil) {
		t.Fatalf("EnvError() = %v, want %v", EnvError(), want)
	}
	if want != nil && Current() != best().tier && envTierUnchanged {
		t.Fatalf("bad %s did not fall back to auto: current %s", EnvVar, Current())
	}
}

// envTierUnchanged is true while no test has called Use yet.
var envTierUnchanged = true
