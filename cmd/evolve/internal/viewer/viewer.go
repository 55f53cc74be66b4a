// Package viewer writes the 3-D replay of a flight: one self-contained
// HTML page (three.js inlined, the flight as JSON) that animates the
// quadcopter with its setpoint and needs no network to view.
package viewer

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
)

// three.min.js is the part of three.js (r187, MIT License) the page uses,
// bundled by esbuild from js/entry.js (make viewer); page.html is the page.
var (
	//go:embed three.min.js
	threeJS string
	//go:embed page.html
	pageHTML string
)

// Sample is the model at one step: time, position (x, y, altitude),
// attitude (roll, pitch, yaw) and the four motor commands.
type Sample struct {
	T                float64
	X, Y, Altitude   float64
	Roll, Pitch, Yaw float64
	Motors           [4]float64
}

// Track is one scenario's flight.
type Track struct {
	Name     string
	Setpoint [3]float64 // x, y, altitude
	Dt       float64
	Crashed  bool
	Verdict  string // one line: how it went
	Samples  []Sample
}

// Flight is what the page shows: a title and the scenarios' tracks.
type Flight struct {
	Title  string
	Tracks []Track
}

type trackJSON struct {
	Name     string        `json:"name"`
	Setpoint [3]float64    `json:"setpoint"`
	Dt       float64       `json:"dt"`
	Crashed  bool          `json:"crashed"`
	Verdict  string        `json:"verdict"`
	Samples  [][11]float64 `json:"samples"`
}

// WritePage writes the page. Samples must be finite (a crashed flight's
// track ends at the crash) and every track must have at least one.
func WritePage(w io.Writer, f Flight) error {
	if len(f.Tracks) == 0 {
		return fmt.Errorf("viewer: no flight to show")
	}
	doc := struct {
		Title     string      `json:"title"`
		Scenarios []trackJSON `json:"scenarios"`
	}{Title: f.Title}
	for i, t := range f.Tracks {
		if len(t.Samples) == 0 {
			return fmt.Errorf("viewer: scenario %d has no samples", i+1)
		}
		tj := trackJSON{Name: t.Name, Setpoint: t.Setpoint, Dt: t.Dt, Crashed: t.Crashed, Verdict: t.Verdict}
		for _, s := range t.Samples {
			row := [11]float64{s.T, s.X, s.Y, s.Altitude, s.Roll, s.Pitch, s.Yaw,
				s.Motors[0], s.Motors[1], s.Motors[2], s.Motors[3]}
			for _, v := range row {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return fmt.Errorf("viewer: scenario %d has a non-finite sample at t=%v", i+1, s.T)
				}
			}
			tj.Samples = append(tj.Samples, row)
		}
		doc.Scenarios = append(doc.Scenarios, tj)
	}
	// json.Marshal escapes <, > and &, so the data cannot close the
	// <script> element it sits in.
	data, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	before, rest, ok1 := strings.Cut(pageHTML, "/*FLIGHT*/")
	middle, after, ok2 := strings.Cut(rest, "/*THREE*/")
	if !ok1 || !ok2 {
		panic("viewer: page.html lost its /*FLIGHT*/ or /*THREE*/ marker")
	}
	for _, part := range []string{before, string(data), middle, threeJS, after} {
		if _, err := io.WriteString(w, part); err != nil {
			return err
		}
	}
	return nil
}
