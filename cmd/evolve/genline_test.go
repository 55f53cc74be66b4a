package main

import (
	"strings"
	"testing"

	"github.com/evocopter/evocopter/evolve"
)

// TestElapsed: a generation's time keeps three significant digits below a
// second (a steady generation takes well under a millisecond) and the
// original's "secs" from one second up.
func TestElapsed(t *testing.T) {
	for _, c := range []struct {
		secs float64
		want string
	}{
		{0.000312, "0.312 ms"},
		{0.0000041, "0.004 ms"},
		{0, "0.000 ms"},
		{0.00456, "4.56 ms"},
		{0.0456, "45.6 ms"},
		{0.456, "456 ms"},
		{0.9996, "1.00 secs"},
		{1.234, "1.23 secs"},
		{75.5, "75.50 secs"},
	} {
		if got := elapsed(c.secs); got != c.want {
			t.Errorf("elapsed(%g) = %q, want %q", c.secs, got, c.want)
		}
	}
}

// TestGenerationLine: the original's line, and the tests' pattern for the
// time removes exactly the time.
func TestGenerationLine(t *testing.T) {
	var b strings.Builder
	printGeneration(&b, 1, evolve.Stats{Min: 11715.235, Avg: 78009.175, Max: 132560.049}, 500, 0.000312)
	want := "Generation   1: min = 11715.24 avg = 78009.18 max =132560.05  [population = 500]  [0.312 ms]\n"
	if b.String() != want {
		t.Fatalf("got  %q\nwant %q", b.String(), want)
	}
	for _, s := range []float64{0.000312, 0.0456, 3.5} {
		b.Reset()
		printGeneration(&b, 1, evolve.Stats{}, 500, s)
		if got := secs.ReplaceAllString(b.String(), ""); got != "Generation   1: min =     0.00 avg =     0.00 max =     0.00  [population = 500]\n" {
			t.Errorf("%g s: the time pattern left %q", s, got)
		}
	}
}
