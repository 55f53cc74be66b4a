package sim_test

import (
	"runtime"
	"testing"
)

// skipUnlessGonumExact skips tests that need gonum's MulVec to sum left to
// right without fused multiply-adds, which holds for its amd64 assembly
// only (docs/semantics.md §1).
func skipUnlessGonumExact(t *testing.T) {
	t.Helper()
	if runtime.GOARCH != "amd64" {
		t.Skipf("gonum's pure-Go MulVec may fuse multiply-adds on %s", runtime.GOARCH)
	}
}
