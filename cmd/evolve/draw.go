package main

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
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

// legendItem is one entry of a picture's legend: a name and a line of
// its style.
type legendItem struct {
	name  string
	thumb plot.Thumbnailer
}

// Heights of the band above the plots: the title, and the legend's row.
const (
	titleBand  = 30 // points
	legendBand = 24 // points
)

// render draws the grid of plots under a title and a one-row legend, which
// sit above the plots so that neither covers any data.
func render(w io.Writer, format, title string, legend []legendItem, plots [][]*plot.Plot, width, height vg.Length) error {
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
	band := vg.Points(titleBand)
	if len(legend) > 0 {
		drawLegendRow(dc, height-band, width, legend)
		band += vg.Points(legendBand)
	}
	body := draw.Crop(dc, 0, 0, 0, -band)
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

// drawLegendRow draws the legend's entries side by side, centred, with
// their top at y: a short line of each entry's style, then its name.
func drawLegendRow(dc draw.Canvas, y, width vg.Length, items []legendItem) {
	sty := plot.NewLegend().TextStyle
	sty.YAlign = draw.YCenter
	thumbW, gap := vg.Points(24), vg.Points(6)
	itemW := func(it legendItem) vg.Length { return thumbW + gap + sty.Rectangle(it.name).Max.X }
	total := vg.Length(0)
	for i, it := range items {
		if i > 0 {
			total += 3 * gap
		}
		total += itemW(it)
	}
	h := vg.Points(legendBand)
	mid := y - h/3
	x := (width - total) / 2
	for _, it := range items {
		thumb := draw.Canvas{Canvas: dc.Canvas, Rectangle: vg.Rectangle{
			Min: vg.Point{X: x, Y: mid - h/4}, Max: vg.Point{X: x + thumbW, Y: mid + h/4},
		}}
		it.thumb.Thumbnail(&thumb)
		dc.FillText(sty, vg.Point{X: x + thumbW + gap, Y: mid}, it.name)
		x += itemW(it) + 3*gap
	}
}

// line adds xy to p as a line of the given color (dashed if asked) and
// returns the line, for the legend.
func line(p *plot.Plot, xy plotter.XYs, col color.Color, dashed bool) (*plotter.Line, error) {
	l, err := plotter.NewLine(xy)
	if err != nil {
		return nil, err
	}
	l.Color = col
	l.Width = vg.Points(1.5)
	if dashed {
		l.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
	}
	p.Add(l)
	return l, nil
}

// roundTicks marks an axis with labels at round numbers: a step of 1, 2
// or 5 times a power of ten that gives 3 to 9 labels, labelled with just
// the decimals the step needs ("0.5", "1", "1.5"), and unlabelled ticks
// between them.
type roundTicks struct{}

func (roundTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || math.IsInf(hi-lo, 0) {
		return plot.DefaultTicks{}.Ticks(lo, hi)
	}
	step, minor, decimals := roundStep(hi - lo)
	var ticks []plot.Tick
	for k := math.Ceil(lo / minor); k*minor <= hi; k++ {
		v := k * minor
		t := plot.Tick{Value: v}
		if r := math.Round(v / step); math.Abs(v/step-r) < 1e-9 {
			t.Value = r * step
			t.Label = strconv.FormatFloat(t.Value+0, 'f', decimals, 64) // +0: no "-0"
		}
		ticks = append(ticks, t)
	}
	return ticks
}

// roundStep chooses the labelled step for a range of width span (the
// smallest that makes at most 8 steps of it), the unlabelled step between
// labels and the decimals a label needs.
func roundStep(span float64) (step, minor float64, decimals int) {
	exp := math.Floor(math.Log10(span / 8))
	for {
		p := math.Pow(10, exp)
		for _, m := range []float64{1, 2, 5} {
			step = m * p
			if span/step <= 8 {
				// Ticks between the labels: fifths of 1 and 5, quarters of 2.
				minor = step / map[float64]float64{1: 5, 2: 4, 5: 5}[m]
				return step, minor, max(0, int(-exp))
			}
		}
		exp++
	}
}

// drawFlights draws one row per flight: altitude with the setpoint, and
// the motor command.
func drawFlights(w io.Writer, format, who string, fl *flights) error {
	plots := make([][]*plot.Plot, len(fl.steps))
	var altLine, spLine, motLine *plotter.Line
	for i, steps := range fl.steps {
		e := fl.envs[i]
		alt, sp, mot := make(plotter.XYs, len(steps)), make(plotter.XYs, len(steps)), make(plotter.XYs, len(steps))
		for k, s := range steps {
			alt[k] = plotter.XY{X: s.t, Y: s.altitude}
			sp[k] = plotter.XY{X: s.t, Y: e.Z1}
			mot[k] = plotter.XY{X: s.t, Y: motor(s.pwm)}
		}
		name := fmt.Sprintf("flight %d", i+1)
		if fl.evaluation {
			name = fmt.Sprintf("environment %d (f%d)", i, i)
		}
		a, m := plot.New(), plot.New()
		a.Title.Text = fmt.Sprintf("%s: %g m to %g m in %g s, fitness %.2f", name, e.Z0, e.Z1, e.TotalT, fl.fitness[i])
		a.X.Label.Text = "time (s)"
		a.Y.Label.Text = "altitude (m)"
		a.X.Min, m.X.Min = 0, 0
		lo, hi := min(e.Z0, e.Z1), max(e.Z0, e.Z1)
		for _, s := range steps {
			lo, hi = min(lo, s.altitude), max(hi, s.altitude)
		}
		pad := 0.05 * (hi - lo)
		if pad == 0 { // a flight that holds its start, which is the setpoint
			pad = 0.5
		}
		a.Y.Min, a.Y.Max = lo-pad, hi+pad
		a.Add(plotter.NewGrid())
		var err error
		if spLine, err = line(a, sp, red, true); err != nil {
			return err
		}
		if altLine, err = line(a, alt, blue, false); err != nil {
			return err
		}
		m.Title.Text = fmt.Sprintf("%s: motor command", name)
		m.X.Label.Text = "time (s)"
		m.Y.Label.Text = "command (0 to 1)"
		m.Y.Min, m.Y.Max = -0.05, 1.05
		m.Add(plotter.NewGrid())
		if motLine, err = line(m, mot, gray, false); err != nil {
			return err
		}
		for _, p := range []*plot.Plot{a, m} {
			p.X.Tick.Marker, p.Y.Tick.Marker = roundTicks{}, roundTicks{}
		}
		plots[i] = []*plot.Plot{a, m}
	}
	title := fmt.Sprintf("%s: fitness %.2f (smaller is better)", who, fl.total())
	if !fl.evaluation {
		title = fmt.Sprintf("%s: fitness %.2f over %d flight(s) (smaller is better)", who, fl.total(), len(fl.envs))
	}
	legend := []legendItem{{"altitude", altLine}, {"setpoint", spLine}, {"motor command (clipped to [0, 1])", motLine}}
	return render(w, format, title, legend, plots, 12*vg.Inch, vg.Length(len(plots))*3.1*vg.Inch+vg.Inch)
}
