package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"image/color"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// logLine is one line of a run log (-log).
type logLine struct {
	Generation *int     `json:"generation"`
	Min        *float64 `json:"min"`
	Avg        *float64 `json:"avg"`
	Max        *float64 `json:"max"`
	Evaluated  int      `json:"evaluated"`
	Seconds    float64  `json:"seconds"`
}

// readRunLog reads a run log. A generation logged twice (a run resumed
// from a checkpoint older than its last logged generation) keeps its last
// line. The result is in generation order.
func readRunLog(path string) ([]logLine, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	byGen := map[int]logLine{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		text := bytes.TrimSpace(sc.Bytes())
		if len(text) == 0 {
			continue
		}
		var l logLine
		dec := json.NewDecoder(bytes.NewReader(text))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&l); err != nil || dec.More() {
			if err == nil {
				err = errors.New("trailing data")
			}
			return nil, fmt.Errorf("%s line %d: not a run log line: %w", path, n, err)
		}
		if l.Generation == nil || *l.Generation < 1 {
			return nil, fmt.Errorf("%s line %d: no generation", path, n)
		}
		byGen[*l.Generation] = l
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(byGen) == 0 {
		return nil, fmt.Errorf("%s: no generation logged", path)
	}
	out := make([]logLine, 0, len(byGen))
	for _, l := range byGen {
		out = append(out, l)
	}
	slices.SortFunc(out, func(a, b logLine) int { return *a.Generation - *b.Generation })
	return out, nil
}

// plotCommand draws the minimum, average and maximum fitness over the
// generations of a run log.
func plotCommand(args []string, stdout io.Writer) error {
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
	if err := checkOutput("-o", *out); err != nil {
		return err
	}
	lines, err := readRunLog(pos[0])
	if err != nil {
		return usageError{err}
	}
	p := plot.New()
	p.X.Label.Text = "generation"
	p.Y.Label.Text = "fitness"
	p.Add(plotter.NewGrid())
	positive, lo, hi := true, math.Inf(1), math.Inf(-1)
	series := [3]plotter.XYs{}
	for _, l := range lines {
		for s, v := range []*float64{l.Max, l.Avg, l.Min} {
			if v == nil { // NaN or infinite fitness, logged as null
				continue
			}
			positive = positive && *v > 0
			lo, hi = min(lo, *v), max(hi, *v)
			series[s] = append(series[s], plotter.XY{X: float64(*l.Generation), Y: *v})
		}
	}
	if positive {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = logTicks{}
		p.Y.Label.Text = "fitness (log scale)"
		p.Y.Min, p.Y.Max = lo/1.15, hi*1.15 // the lines clear of the frame
	}
	var legend []legendItem
	for s, name := range []string{"max", "avg", "min"} {
		if len(series[s]) == 0 {
			continue
		}
		l, err := line(p, series[s], []color.Color{red, gray, blue}[s], false)
		if err != nil {
			return err
		}
		legend = append(legend, legendItem{name, l})
	}
	p.X.Tick.Marker = roundTicks{}
	if !positive {
		p.Y.Tick.Marker = roundTicks{}
	}
	var buf bytes.Buffer
	if err := render(&buf, format, fmt.Sprintf("%s: fitness over %d generations (smaller is better)", filepath.Base(pos[0]), len(lines)), legend, [][]*plot.Plot{{p}}, 10*vg.Inch, 6*vg.Inch); err != nil {
		return err
	}
	return writeFileAtomic(*out, buf.Bytes())
}

// logTicks labels 1, 2 and 5 times each power of ten, with unlabelled
// ticks between: plot.LogTicks labels only the powers of ten, and a run's
// fitness often spans less than one decade.
type logTicks struct{}

func (logTicks) Ticks(lo, hi float64) []plot.Tick {
	var ticks []plot.Tick
	for e := math.Floor(math.Log10(lo)); math.Pow(10, e) <= hi; e++ {
		for m := 1.0; m < 10; m++ {
			v := m * math.Pow(10, e)
			if v < lo || v > hi {
				continue
			}
			t := plot.Tick{Value: v}
			if m == 1 || m == 2 || m == 5 {
				t.Label = strconv.FormatFloat(v, 'f', -1, 64)
			}
			ticks = append(ticks, t)
		}
	}
	return ticks
}
