package evolve

import "testing"

// TestMemoryNeededCoversMeasuredRuns: the estimate is above the peak
// resident sizes measured for a million creatures of the vertical task
// (866 bytes each) and of hover3d (1,694), and grows with the creature.
func TestMemoryNeededCoversMeasuredRuns(t *testing.T) {
	for _, c := range []struct {
		coeffs   int
		measured float64 // bytes per creature
	}{{8, 866}, {70, 1694}} {
		if got := MemoryNeeded(1_000_000, c.coeffs); got < 1_000_000*c.measured*1.1 {
			t.Errorf("%d coefficients: %.0f bytes for a million creatures, measured %.0f each (want 10%% more)", c.coeffs, got, c.measured)
		}
	}
	if !(MemoryNeeded(500, 70) > MemoryNeeded(500, 8)) {
		t.Error("a bigger creature needs no more memory")
	}
}
