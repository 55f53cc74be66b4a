package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/evocopter/evocopter/sim"
)

// showCommand flies one creature and draws each flight, or writes it as
// CSV: by default through the five environments, the way an evaluation
// does (state carried from one environment to the next), or through the
// flights that -env gives, as the original program's viewer flew one.
func showCommand(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("show", flag.ContinueOnError)
	var outs outputsFlag
	fs.Var(&outs, "o", "draw the flights to `OUT`: .png or .svg (a 3-D creature: .html for the 3-D replay, .png or .svg for plots; -o again for more)")
	csvPath := fs.String("csv", "", "write every step to `FILE` as CSV: env,step,t,altitude,setpoint,pwm,distance (a 3-D creature: t,x,y,altitude,roll,pitch,yaw,motor1..4,distance)")
	index := fs.Int("i", 0, "which creature of a file that holds an array (0 is the first)")
	var scenarios string
	addScenariosFlag(fs, &scenarios, fmt.Sprintf("a 3-D creature: fly the scenarios in `FILE` (default: %d held-out scenarios)", heldOutShow))
	scenario := fs.Int("scenario", 1, "a 3-D creature: the scenario the plots and -csv show (1 is the first)")
	var envs envFlag
	fs.Var(&envs, "env", "fly `START,SETPOINT,SECONDS` (altitudes in m) instead of the five environments; give it again for more flights, flown in order")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), `usage: evolve show [flags] FILE.json -o OUT.png|OUT.svg [-csv FILE]

flies a creature through the five environments of an evaluation (or the
flights -env gives) and draws altitude and motor command over time, one
row per flight; the controller's state carries from one flight into the
next, starting at 0

  evolve show best.json -o flights.png
  evolve show best.json -env 5,8,4 -o climb.png   start at 5 m, hold 8 m for 4 s

a 3-D creature ({"task": "hover3d", ...}) flies scenarios (5 held-out ones,
or -scenarios FILE): -o OUT.html writes a self-contained page that replays
every flight in 3-D (no network needed to view it), -o OUT.png|OUT.svg
plots position, setpoint, attitude, motor commands and distance of one
(-scenario K); give -o more than once

  evolve show best3d.json -o flight.html -o flight.png -scenario 2

flags:`)
		fs.PrintDefaults()
	}
	pos, err := parseFlags(fs, args, stdout)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("show needs exactly one creature FILE, got %d (see show -h)", len(pos))
	}
	if len(outs) == 0 && *csvPath == "" {
		return usagef("show needs -o OUT.png|OUT.svg or -csv FILE (see show -h)")
	}
	creatures, err := sim.ReadCreatureFile(pos[0])
	if err != nil {
		return usageError{err}
	}
	if *index < 0 || *index >= len(creatures) {
		return usagef("-i %d: %s holds %d creature(s)", *index, pos[0], len(creatures))
	}
	c := creatures[*index]
	if t := c.TaskOf(); t.Scenarios {
		if len(envs) > 0 {
			return usagef("-env: a %s creature flies scenarios (-scenarios FILE), not -env", t.Name)
		}
		return show3D(c, t, creatureLabel(c, *index), show3DOptions{creature: pos[0], outs: outs, csv: *csvPath,
			scenarios: scenarios, scenario: *scenario})
	}
	if scenarios != "" {
		return usagef("-scenarios: a %s creature flies environments (-env), not scenarios", c.TaskOf().Name)
	}
	if len(outs) > 1 {
		return usagef("-o: a %s creature's flights are one picture, got %d -o", c.TaskOf().Name, len(outs))
	}
	out := new(string)
	if len(outs) == 1 {
		out = &outs[0]
	}
	var format string
	if *out != "" {
		if format, err = imageFormat(*out); err != nil {
			return usageError{fmt.Errorf("-o: %w", err)}
		}
	}
	var imageOut, csvOut *output
	if *out != "" {
		if imageOut, err = checkOutput("-o", *out, true); err != nil {
			return err
		}
	}
	if *csvPath != "" {
		if csvOut, err = checkOutput("-csv", *csvPath, true); err != nil {
			return err
		}
	}
	if err := distinctFiles(namedPath{"show", pos[0]}, namedPath{"-o", *out}, namedPath{"-csv", *csvPath}); err != nil {
		return err
	}
	fl := fly(c.Coeffs, envs)
	if *csvPath != "" {
		if err := csvOut.write(fl.csv()); err != nil {
			return err
		}
	}
	if *out != "" {
		var buf bytes.Buffer
		if err := drawFlights(&buf, format, creatureLabel(c, *index), fl); err != nil {
			return err
		}
		if err := imageOut.write(buf.Bytes()); err != nil {
			return err
		}
	}
	return nil
}

// outputsFlag is the list of -o files.
type outputsFlag []string

func (o *outputsFlag) String() string { return strings.Join(*o, ",") }

func (o *outputsFlag) Set(v string) error {
	*o = append(*o, v)
	return nil
}

// envFlag is the list of -env flights.
type envFlag []sim.Environment

// Bounds of an -env flight: a picture of up to maxFlights rows, each of up
// to maxSeconds of 100 steps a second.
const (
	maxFlights = 8
	maxSeconds = 600
)

func (e *envFlag) String() string { return "" }

// Set parses START,SETPOINT,SECONDS.
func (e *envFlag) Set(v string) error {
	parts := strings.Split(v, ",")
	if len(parts) != 3 {
		return fmt.Errorf("want START,SETPOINT,SECONDS (e.g. 5,8,4), got %q", v)
	}
	var x [3]float64
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return fmt.Errorf("%q: %q is not a finite number", v, p)
		}
		x[i] = f
	}
	switch {
	case x[0] < 0 || x[1] < 0:
		return fmt.Errorf("%q: altitudes are at least 0 (the ground)", v)
	case !(x[2] > 0 && x[2] <= maxSeconds):
		return fmt.Errorf("%q: SECONDS must be above 0 and at most %d", v, maxSeconds)
	case len(*e) == maxFlights:
		return fmt.Errorf("at most %d flights", maxFlights)
	}
	*e = append(*e, sim.Environment{Z0: x[0], Z1: x[1], TotalT: x[2], Dt: sim.DefaultDt})
	return nil
}

// sample is the quadcopter after one step of a flight.
type sample struct {
	t, altitude, pwm, distance float64
}

// flights are the trajectories and fitness of a creature's flights.
type flights struct {
	envs []sim.Environment
	// evaluation is true when envs are the five environments of an
	// evaluation (fitness then is the creature's fitness).
	evaluation bool
	steps      [][]sample
	fitness    []float64
}

// total sums the flights' fitness left to right, as sim.Fitness.Total.
func (fl *flights) total() float64 {
	t := 0.0
	for _, f := range fl.fitness {
		t += f
	}
	return t
}

// fly flies c through envs (the five environments of an evaluation when
// envs is empty) as sim.Evaluate does, recording every step.
func fly(c sim.Coeffs, envs []sim.Environment) *flights {
	fl := &flights{envs: envs}
	if len(envs) == 0 {
		fl.envs, fl.evaluation = sim.Environments[:], true
	}
	fl.steps, fl.fitness = make([][]sample, len(fl.envs)), make([]float64, len(fl.envs))
	ctl := sim.NewSpecialized(c)
	for i, e := range fl.envs {
		fl.fitness[i] = e.Run(ctl, func(q *sim.Quad, pwm, distance float64) {
			fl.steps[i] = append(fl.steps[i], sample{q.T, q.Altitude(), pwm, distance})
		})
	}
	return fl
}

// csv writes env,step,t,altitude,setpoint,pwm,distance, numbers as %.17g;
// pwm is the controller's output before the motors clip it to [0, 1].
func (fl *flights) csv() []byte {
	b := []byte("env,step,t,altitude,setpoint,pwm,distance\n")
	for i, steps := range fl.steps {
		for k, s := range steps {
			b = strconv.AppendInt(b, int64(i), 10)
			b = append(b, ',')
			b = strconv.AppendInt(b, int64(k), 10)
			for _, x := range []float64{s.t, s.altitude, fl.envs[i].Z1, s.pwm, s.distance} {
				b = append(b, ',')
				b = strconv.AppendFloat(b, x, 'g', 17, 64)
			}
			b = append(b, '\n')
		}
	}
	return b
}

// motor is the command a motor applies: the controller's output, NaN and
// negatives to 0, clipped to [0, 1] (docs/semantics.md §2).
func motor(pwm float64) float64 {
	if !(pwm > 0) {
		return 0
	}
	return math.Min(pwm, 1)
}

func creatureLabel(c sim.CreatureFile, index int) string {
	switch {
	case c.Name != "":
		return c.Name
	case c.ID != 0:
		return fmt.Sprintf("creature %d", c.ID)
	}
	return fmt.Sprintf("creature #%d of the file", index)
}
