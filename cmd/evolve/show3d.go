package main

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/evocopter/evocopter/cmd/evolve/internal/viewer"
	"github.com/evocopter/evocopter/sim"
)

// show3DOptions are show's flags as a 3-D creature uses them.
type show3DOptions struct {
	creature  string   // the creature file (no output may overwrite it)
	outs      []string // .html: the 3-D page; .png, .svg: the plots
	csv       string
	scenarios string // -scenarios FILE, or "" for held-out scenarios
	scenario  int    // which scenario the plots and the CSV show (1 is the first)
}

// flight3D is a creature's recorded flights.
type flight3D struct {
	who       string
	scenarios []sim.Scenario
	reports   []sim.FlightReport
	tracks    []viewer.Track
	source    string
}

// record3D flies c through the scenarios and records every step.
func record3D(c sim.CreatureFile, who string, sc []sim.Scenario, source string) (*flight3D, error) {
	e, err := sim.NewHover3DEvaluator(sc, 1)
	if err != nil {
		return nil, usageError{err}
	}
	fl := &flight3D{who: who, scenarios: sc, source: source, tracks: make([]viewer.Track, len(sc))}
	finite := make([]bool, len(sc))
	for i, s := range sc {
		fl.tracks[i] = viewer.Track{Name: fmt.Sprintf("scenario %d", i+1), Setpoint: s.Setpoint, Dt: sim.DefaultDt,
			Samples: []viewer.Sample{{X: s.Start[0], Y: s.Start[1], Altitude: s.Start[2],
				Roll: s.Attitude[0], Pitch: s.Attitude[1], Yaw: s.Attitude[2]}}}
		finite[i] = true
	}
	fl.reports = e.Fly(c.Values(), func(i int, q *sim.Quad, _ float64, _ bool) {
		smp := viewer.Sample{T: q.T, X: q.X, Y: q.Y, Altitude: q.Altitude(), Roll: q.Phi, Pitch: q.Theta, Yaw: q.Psi}
		for k, m := range q.Motor {
			smp.Motors[k] = motor(m)
		}
		// A crash can leave the model non-finite; the track ends before.
		for _, v := range []float64{smp.X, smp.Y, smp.Altitude, smp.Roll, smp.Pitch, smp.Yaw} {
			finite[i] = finite[i] && !math.IsNaN(v) && !math.IsInf(v, 0)
		}
		if finite[i] {
			fl.tracks[i].Samples = append(fl.tracks[i].Samples, smp)
		}
	})
	for i, r := range fl.reports {
		tr := &fl.tracks[i]
		tr.Crashed = r.Crashed
		tr.Verdict = verdict(r)
	}
	return fl, nil
}

// verdict is one line on a flight.
func verdict(r sim.FlightReport) string {
	switch {
	case r.Crashed:
		return fmt.Sprintf("crashed at %.2f s", r.CrashTime)
	case r.MaxDistanceLast2s <= 0.1:
		return fmt.Sprintf("held within 0.1 m over the last 2 s (%.3f m), fitness %.2f", r.MaxDistanceLast2s, r.Fitness)
	}
	return fmt.Sprintf("within %.3f m over the last 2 s, fitness %.2f", r.MaxDistanceLast2s, r.Fitness)
}

// show3D writes a 3-D creature's page, plots and CSV.
func show3D(c sim.CreatureFile, t *sim.Task, who string, o show3DOptions) error {
	sc, err := readScenarios(t, o.scenarios)
	if err != nil {
		return err
	}
	source := o.scenarios
	if sc == nil {
		sc, source = sim.HeldOutScenarios(heldOutShow), fmt.Sprintf("%d held-out scenarios", heldOutShow)
	}
	if o.scenario < 1 || o.scenario > len(sc) {
		return usagef("-scenario %d: there are %d scenarios (1 to %d)", o.scenario, len(sc), len(sc))
	}
	outs := make([]*output, len(o.outs))
	files := []namedPath{{"show", o.creature}, {"-csv", o.csv}}
	for i, path := range o.outs {
		if err := show3DFormat(path); err != nil {
			return err
		}
		if outs[i], err = checkOutput("-o", path, true); err != nil {
			return err
		}
		files = append(files, namedPath{"-o", path})
	}
	var csvOut *output
	if o.csv != "" {
		if csvOut, err = checkOutput("-csv", o.csv, true); err != nil {
			return err
		}
	}
	if err := distinctFiles(files...); err != nil {
		return err
	}
	fl, err := record3D(c, who, sc, source)
	if err != nil {
		return err
	}
	for i, out := range o.outs {
		var buf bytes.Buffer
		switch ext := strings.ToLower(filepath.Ext(out)); ext {
		case ".html", ".htm":
			err = viewer.WritePage(&buf, viewer.Flight{Title: fmt.Sprintf("%s (%s): %s", who, t.Name, source), Tracks: fl.tracks})
		default:
			err = fl.draw(&buf, ext[1:], o.scenario-1)
		}
		if err != nil {
			return err
		}
		if err := outs[i].write(buf.Bytes()); err != nil {
			return err
		}
	}
	if csvOut != nil {
		return csvOut.write(fl.csv(o.scenario - 1))
	}
	return nil
}

// show3DFormat checks an -o file of a 3-D show: a page or a picture.
func show3DFormat(path string) error {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".html", ".htm", ".png", ".svg":
		return nil
	}
	return usagef("-o %s: want .html (the 3-D flight), .png or .svg (plots)", path)
}

// csv writes scenario k's steps: t,x,y,altitude,roll,pitch,yaw,motor1..4,
// distance, numbers %.17g.
func (fl *flight3D) csv(k int) []byte {
	b := []byte("t,x,y,altitude,roll,pitch,yaw,motor1,motor2,motor3,motor4,distance\n")
	sp := fl.scenarios[k].Setpoint
	for _, s := range fl.tracks[k].Samples {
		d := math.Sqrt((sp[0]-s.X)*(sp[0]-s.X) + (sp[1]-s.Y)*(sp[1]-s.Y) + (sp[2]-s.Altitude)*(sp[2]-s.Altitude))
		for i, x := range []float64{s.T, s.X, s.Y, s.Altitude, s.Roll, s.Pitch, s.Yaw,
			s.Motors[0], s.Motors[1], s.Motors[2], s.Motors[3], d} {
			if i > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendFloat(b, x, 'g', 17, 64)
		}
		b = append(b, '\n')
	}
	return b
}

// Colours of the plots' series: the first, second, third and fourth series
// of each panel (x, roll, motor 1; y, pitch, motor 2; ...).
var series = []color.Color{blue, red, color.RGBA{R: 44, G: 160, B: 44, A: 255}, color.RGBA{R: 148, G: 103, B: 189, A: 255}}

// draw draws scenario k: position with the setpoint, attitude, motor
// commands and the distance to the setpoint over time.
func (fl *flight3D) draw(w *bytes.Buffer, format string, k int) error {
	tr, sc, r := fl.tracks[k], fl.scenarios[k], fl.reports[k]
	n := len(tr.Samples)
	get := func(f func(viewer.Sample) float64) plotter.XYs {
		xy := make(plotter.XYs, n)
		for i, s := range tr.Samples {
			xy[i] = plotter.XY{X: s.T, Y: f(s)}
		}
		return xy
	}
	constant := func(v float64) plotter.XYs {
		return plotter.XYs{{X: 0, Y: v}, {X: tr.Samples[n-1].T, Y: v}}
	}
	panel := func(title, ylabel string) *plot.Plot {
		p := plot.New()
		p.Title.Text = title
		p.X.Label.Text, p.Y.Label.Text = "time (s)", ylabel
		p.X.Min = 0
		p.Add(plotter.NewGrid())
		p.X.Tick.Marker, p.Y.Tick.Marker = roundTicks{}, roundTicks{}
		return p
	}
	pos := panel("position (solid) and setpoint (dashed)", "m")
	att := panel("attitude", "rad")
	mot := panel("motor commands (clipped to [0, 1])", "command")
	mot.Y.Min, mot.Y.Max = -0.05, 1.05
	dist := panel("distance to the setpoint", "m")
	dist.Y.Min = 0
	var legend []legendItem
	names := [][]string{{"x", "y", "altitude"}, {"roll", "pitch", "yaw"}, {"motor 1 (front)", "motor 2 (right)", "motor 3 (back)", "motor 4 (left)"}}
	posF := []func(viewer.Sample) float64{
		func(s viewer.Sample) float64 { return s.X }, func(s viewer.Sample) float64 { return s.Y },
		func(s viewer.Sample) float64 { return s.Altitude }}
	attF := []func(viewer.Sample) float64{
		func(s viewer.Sample) float64 { return s.Roll }, func(s viewer.Sample) float64 { return s.Pitch },
		func(s viewer.Sample) float64 { return s.Yaw }}
	for i := range 4 {
		var ls []string
		var thumb *plotter.Line
		if i < 3 {
			if _, err := line(pos, constant(sc.Setpoint[i]), series[i], true); err != nil {
				return err
			}
			l, err := line(pos, get(posF[i]), series[i], false)
			if err != nil {
				return err
			}
			if _, err := line(att, get(attF[i]), series[i], false); err != nil {
				return err
			}
			thumb, ls = l, []string{names[0][i], names[1][i]}
		}
		m := i
		l, err := line(mot, get(func(s viewer.Sample) float64 { return s.Motors[m] }), series[i], false)
		if err != nil {
			return err
		}
		if thumb == nil {
			thumb = l
		}
		legend = append(legend, legendItem{strings.Join(append(ls, names[2][i]), ", "), thumb})
	}
	dl, err := line(dist, get(func(s viewer.Sample) float64 {
		dx, dy, dz := sc.Setpoint[0]-s.X, sc.Setpoint[1]-s.Y, sc.Setpoint[2]-s.Altitude
		return math.Sqrt(dx*dx + dy*dy + dz*dz)
	}), gray, false)
	if err != nil {
		return err
	}
	legend = append(legend, legendItem{"distance", dl})
	pos.Title.Text = fmt.Sprintf("position from (%.1f, %.1f, %.1f) to the setpoint (%.1f, %.1f, %.1f) m, dashed",
		sc.Start[0], sc.Start[1], sc.Start[2], sc.Setpoint[0], sc.Setpoint[1], sc.Setpoint[2])
	title := fmt.Sprintf("%s, scenario %d: %s", fl.who, k+1, verdict(r))
	return render(w, format, title, legend, [][]*plot.Plot{{pos, att}, {mot, dist}}, 13*vg.Inch, 8*vg.Inch)
}
