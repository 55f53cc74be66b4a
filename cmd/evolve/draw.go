package main

import (
	"fmt"
	"image/color"
	"io"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/evocopter/evocopter/sim"
)

// imageFormat is "png" or "svg", from the extension of path.
func imageFormat(path string) (string, error) {
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".png", ".svg":
		return ext[1:], nil
	}
	return "", fmt.Errorf("%s: want a .png or .svg file", path)
}

var (
	blue = color.RGBA{R: 31, G: 119, B: 180, A: 255}
	red  = color.RGBA{R: 214, G: 39, B: 40, A: 255}
	gray = color.RGBA{R: 90, G: 90, B: 90, A: 255}
)

// render draws the grid of plots with a title above it.
func render(w io.Writer, format, title string, plots [][]*plot.Plot, width, height vg.Length) error {
	var c vg.CanvasWriterTo
	switch format {
	case "png":
		c = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(96))}
	default:
		c = vgsvg.New(width, height)
	}
	dc := draw.New(c)
	head := plot.New()
	sty := head.Title.TextStyle
	sty.Font.Size = vg.Points(16)
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YTop
	dc.FillText(sty, vg.Point{X: width / 2, Y: height - vg.Points(8)}, title)
	body := draw.Crop(dc, 0, 0, 0, -vg.Points(34))
	tiles := draw.Tiles{
		Rows: len(plots), Cols: len(plots[0]),
		PadX: vg.Millimeter * 6, PadY: vg.Millimeter * 5,
		PadLeft: vg.Millimeter * 3, PadRight: vg.Millimeter * 4, PadBottom: vg.Millimeter * 3,
	}
	canvases := plot.Align(plots, tiles, body)
	for r, row := range plots {
		for col, p := range row {
			p.Draw(canvases[r][col])
		}
	}
	_, err := c.WriteTo(w)
	return err
}

// line adds xy to p as a line of the given color (dashed if asked) and
// names it in the legend.
func line(p *plot.Plot, xy plotter.XYs, col color.Color, dashed bool, name string) error {
	l, err := plotter.NewLine(xy)
	if err != nil {
		return err
	}
	l.Color = col
	l.Width = vg.Points(1.5)
	if dashed {
		l.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
	}
	p.Add(l)
	if name != "" {
		p.Legend.Add(name, l)
	}
	return nil
}

// drawFlights draws one row per environment: altitude with the setpoint,
// and the motor command.
func drawFlights(w io.Writer, format, who string, fl *flights) error {
	plots := make([][]*plot.Plot, len(fl.steps))
	for i, steps := range fl.steps {
		e := sim.Environments[i]
		alt, sp, mot := make(plotter.XYs, len(steps)), make(plotter.XYs, len(steps)), make(plotter.XYs, len(steps))
		for k, s := range steps {
			alt[k] = plotter.XY{X: s.t, Y: s.altitude}
			sp[k] = plotter.XY{X: s.t, Y: e.Z1}
			mot[k] = plotter.XY{X: s.t, Y: motor(s.pwm)}
		}
		a, m := plot.New(), plot.New()
		a.Title.Text = fmt.Sprintf("environment %d: %g m to %g m, fitness %.2f", i, e.Z0, e.Z1, fl.fitness[i])
		a.X.Label.Text = "time (s)"
		a.Y.Label.Text = "altitude (m)"
		a.Legend.Top = true
		a.X.Min, m.X.Min = 0, 0
		lo, hi := min(e.Z0, e.Z1), max(e.Z0, e.Z1)
		for _, s := range steps {
			lo, hi = min(lo, s.altitude), max(hi, s.altitude)
		}
		a.Y.Min, a.Y.Max = lo-0.05*(hi-lo), hi+0.3*(hi-lo) // room for the legend
		a.Add(plotter.NewGrid())
		if err := line(a, sp, red, true, "setpoint"); err != nil {
			return err
		}
		if err := line(a, alt, blue, false, "altitude"); err != nil {
			return err
		}
		m.Title.Text = fmt.Sprintf("environment %d: motor command", i)
		m.X.Label.Text = "time (s)"
		m.Y.Label.Text = "command (0 to 1)"
		m.Y.Min, m.Y.Max = -0.05, 1.05
		m.Add(plotter.NewGrid())
		if err := line(m, mot, gray, false, ""); err != nil {
			return err
		}
		plots[i] = []*plot.Plot{a, m}
	}
	title := fmt.Sprintf("%s: fitness %.2f (smaller is better)", who, fl.fitness.Total())
	return render(w, format, title, plots, 12*vg.Inch, 16*vg.Inch)
}
