package kernel

import (
	"errors"
	"os"
	"os/exec"
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

// TestEnvErrorAtInit runs the test binary again with a bad
// EVOCOPTER_KERNEL: at init the tier falls back to the automatic choice and
// EnvError says why. (A check in this process could not tell: other tests
// change the tier with Use.)
func TestEnvErrorAtInit(t *testing.T) {
	const child = "KERNEL_ENV_TEST_CHILD"
	if os.Getenv(child) == "1" {
		// The child runs this test alone: nothing has called Use yet.
		if err := EnvError(); err == nil || !strings.Contains(err.Error(), "ignored") {
			t.Fatalf("EnvError() = %v, want the bad value reported", err)
		}
		if Current() != best().tier {
			t.Fatalf("bad %s did not fall back to auto: current %s, best %s", EnvVar, Current(), best().tier)
		}
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run", "^TestEnvErrorAtInit$", "-test.count", "1")
	cmd.Env = append(os.Environ(), child+"=1", EnvVar+"=avx9")
	out, err := cmd.CombinedOutput()
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		t.Skipf("cannot run the test binary as a child here: %v", err) // e.g. under qemu-user without binfmt
	}
	if err != nil || !strings.Contains(string(out), "PASS") {
		t.Fatalf("child with %s=avx9: %v\n%s", EnvVar, err, out)
	}
}
