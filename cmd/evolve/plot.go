package main

import (
	"bytes"
	"flag"
	"fmt"
	"image/color"
	"io"
	"math"
	"path/filepath"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// plotCommand draws the minimum, average and maximum fitness over the
// generations of a run log.
func plotCommand(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("plot", flag.ContinueOnError)
	out := fs.String("o", "", "draw to `OUT`: .png or .svg")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: evolve plot LOG -o OUT.png|OUT.svg\n\ndraws fitness over generations from a run log written by evolve -log\n\nflags:")
		fs.PrintDefaults()
	}
	pos, err := parseFlags(fs, args, stdout)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *out == "" {
		return usagef("plot needs one LOG and -o OUT.png|OUT.svg (see plot -h)")
	}
	format, err := imageFormat(*out)
	if err != nil {
		return usageError{fmt.Errorf("-o: %w", err)}
	}
	o, err := checkOutput("-o", *out, true)
	if err != nil {
		return err
	}
	if err := distinctFiles(namedPath{"plot", pos[0]}, namedPath{"-o", *out}); err != nil {
		return err
	}
	lines, torn, err := readRunLog(pos[0])
	if err != nil {
		return err
	}
	if torn > 0 {
		fmt.Fprintf(stderr, "evolve: plot %s: skipped %d line(s) cut short by a failed write\n", pos[0], torn)
	}
	p, legend, note, err := fitnessPlot(lines)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := render(&buf, format, fmt.Sprintf("%s: fitness over %d generations (smaller is better)%s", filepath.Base(pos[0]), len(lines), note), legend, [][]*plot.Plot{{p}}, 10*vg.Inch, 6*vg.Inch); err != nil {
		return err
	}
	return o.write(buf.Bytes())
}

// fitnessPlot draws min, avg and max over the generations. It copes with
// every number a log can hold: null (a NaN or infinite fitness) is left
// out, a log with no number at all gives an empty plot (note says so),
// positive values get a log scale however many decades they span, and
// others a linear one, however large.
func fitnessPlot(lines []logLine) (p *plot.Plot, legend []legendItem, note string, err error) {
	p = plot.New()
	p.X.Label.Text = "generation"
	p.Y.Label.Text = "fitness"
	p.Add(plotter.NewGrid())
	lo, hi := math.Inf(1), math.Inf(-1)
	series := [3]plotter.XYs{}
	for _, l := range lines {
		for s, v := range []*float64{l.Max, l.Avg, l.Min} {
			if v == nil || math.IsNaN(*v) || math.IsInf(*v, 0) { // logged as null
				continue
			}
			lo, hi = min(lo, *v), max(hi, *v)
			series[s] = append(series[s], plotter.XY{X: float64(*l.Generation), Y: *v})
		}
	}
	p.X.Min, p.X.Max = float64(*lines[0].Generation), float64(*lines[len(lines)-1].Generation)
	p.X.Tick.Marker = safeTicks{roundTicks{}}
	switch {
	case lo > hi:
		p.Y.Min, p.Y.Max = 0, 1
		p.Y.Tick.Marker = plot.ConstantTicks{}
		note = "; no finite fitness was logged"
	case lo > 0:
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = logTicks{}
		p.Y.Label.Text = "fitness (log scale)"
		p.Y.Min, p.Y.Max = lo/1.15, hi*1.15 // the lines clear of the frame
		if p.Y.Min == 0 {                   // lo was subnormal
			p.Y.Min = lo
		}
		if math.IsInf(p.Y.Max, 0) {
			p.Y.Max = math.MaxFloat64
		}
		if !(p.Y.Max > p.Y.Min) { // subnormal: the factor rounded away; an empty range would be widened below 0
			p.Y.Max = p.Y.Min * 4
		}
	default:
		p.Y.Min, p.Y.Max = lo, hi
		p.Y.Tick.Marker = safeTicks{roundTicks{}}
	}
	for s, name := range []string{"max", "avg", "min"} {
		if len(series[s]) == 0 {
			continue
		}
		l, err := line(p, series[s], []color.Color{red, gray, blue}[s], false)
		if err != nil {
			return nil, nil, "", err
		}
		legend = append(legend, legendItem{name, l})
	}
	return p, legend, note, nil
}

// safeTicks is a tick marker for any range a log's numbers can make: one
// that float64 cannot split into round steps (wider than MaxFloat64,
// empty, or too narrow for the magnitude of its ends, where a step no
// longer changes a number) gets ticks at its ends and middle only.
type safeTicks struct{ plot.Ticker }

func (s safeTicks) Ticks(lo, hi float64) []plot.Tick {
	mid := lo/2 + hi/2
	if span := hi - lo; span > 0 && !math.IsInf(span, 0) && span > 1e-9*max(math.Abs(lo), math.Abs(hi)) {
		return s.Ticker.Ticks(lo, hi)
	}
	var ticks []plot.Tick
	for _, v := range []float64{lo, mid, hi} {
		if len(ticks) == 0 || v != ticks[len(ticks)-1].Value {
			ticks = append(ticks, plot.Tick{Value: v, Label: formatTick(v)})
		}
	}
	return ticks
}

// logTicks labels 1, 2 and 5 times each power of ten, with unlabelled
// ticks between: plot.LogTicks labels only the powers of ten, and a run's
// fitness often spans less than one decade. Over more than ten decades it
// labels about ten powers of ten and marks only those.
type logTicks struct{}

func (logTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(lo > 0) || !(hi >= lo) || math.IsInf(hi, 0) {
		return nil
	}
	// Whole exponents, in the range of float64 (10^-324 is 0, 10^309 +Inf).
	e0 := max(-323, int(math.Floor(math.Log10(lo))))
	e1 := min(308, int(math.Ceil(math.Log10(hi))))
	step := (e1 - e0 + 9) / 10
	var ticks []plot.Tick
	for e := e0; e <= e1; e++ {
		pow := math.Pow(10, float64(e))
		if step > 1 {
			if (e-e0)%step == 0 && pow >= lo && pow <= hi {
				ticks = append(ticks, plot.Tick{Value: pow, Label: formatTick(pow)})
			}
			continue
		}
		for m := 1.0; m < 10; m++ {
			v := m * pow
			if v < lo || v > hi {
				continue
			}
			t := plot.Tick{Value: v}
			if m == 1 || m == 2 || m == 5 {
				t.Label = formatTick(v)
			}
			ticks = append(ticks, t)
		}
	}
	return ticks
}

// formatTick writes a tick's value: plain digits between 0.0001 and
// 10^7, else with an exponent (1e+300, not three hundred digits).
func formatTick(v float64) string {
	if a := math.Abs(v); a == 0 || (a >= 1e-4 && a < 1e7) {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}
