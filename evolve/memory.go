package evolve

// BytesPerCreature is the memory a run needs per member of the population,
// all buffers and the garbage collector's headroom included: measured as
// the peak resident size of `evolve -n 1000000 -generations 2` (about
// 1,010 bytes per creature), rounded up.
const BytesPerCreature = 1100

// MemoryNeeded estimates the memory a run with population p needs.
// New does not check it: a program decides what memory it may use (the
// evolve command compares it with the machine's memory and its cgroup's
// limit before calling New).
func MemoryNeeded(p int) float64 {
	return float64(p)*BytesPerCreature + 16<<20
}
