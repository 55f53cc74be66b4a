package main

import (
	"fmt"
	"io"
	"strconv"

	"github.com/evocopter/evocopter/evolve"
)

// printGeneration prints the original's report line of one generation
// (docs/semantics.md §5), with the time it took.
func printGeneration(w io.Writer, generation int, st evolve.Stats, population int, secs float64) error {
	_, err := fmt.Fprintf(w, "Generation %3d: min =%9.2f avg =%9.2f max =%9.2f  [population = %d]  [%s]\n",
		generation, st.Min, st.Avg, st.Max, population, elapsed(secs))
	return err
}

// elapsed is the time a generation took: from one second up as the
// original printed it ("1.23 secs"); below, in milliseconds, to three
// significant digits from 1 ms up ("45.6 ms") and to the microsecond
// below ("0.312 ms"), where the original's two decimals of a second read
// 0.00 for a steady generation of 500.
func elapsed(secs float64) string {
	if secs >= 0.9995 { // would print as 1000 ms
		return strconv.FormatFloat(secs, 'f', 2, 64) + " secs"
	}
	ms := secs * 1000
	decimals := 2 // three significant digits for 1 <= ms < 10
	switch {
	case ms >= 100:
		decimals = 0
	case ms >= 10:
		decimals = 1
	case ms < 1:
		decimals = 3
	}
	return strconv.FormatFloat(ms, 'f', decimals, 64) + " ms"
}
