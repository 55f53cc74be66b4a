package evolve

// The memory a run needs per member of the population, all buffers and the
// garbage collector's headroom included, for creatures of n coefficients:
// BytesPerCreature + n*BytesPerCoefficient. Measured as the peak resident
// size of `evolve -generations 2 -workers 1` with -n 100000 and 800000
// (the difference over 700,000 creatures): 866 bytes per creature for the
// vertical task's 8 coefficients, 1,694 for hover3d's 70 (-strategy ga,
// one scenario of 0.02 s), so about 760 + 13.4 per coefficient; rounded
// up with a margin.
const (
	BytesPerCreature    = 1000
	BytesPerCoefficient = 16
)

// MemoryNeeded estimates the memory a run with population p of creatures
// of n coefficients needs (for cmaes, p is λ: its covariance, n*n, is
// counted too). New does not check it: a program decides what memory it
// may use (the evolve command compares it with the machine's memory and
// its cgroup's limit before calling New).
func MemoryNeeded(p, n int) float64 {
	return float64(p)*float64(BytesPerCreature+n*BytesPerCoefficient) + float64(4*n*n*8) + 16<<20
}
