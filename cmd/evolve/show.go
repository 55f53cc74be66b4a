package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/evocopter/evocopter/sim"
)

// showCommand flies one creature through the five environments, the way
// an evaluation does (state carried from one environment to the next), and
// draws each flight, or writes it as CSV.
func showCommand(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("show", flag.ContinueOnError)
	out := fs.String("o", "", "draw the flights to `OUT`: .png or .svg")
	csvPath := fs.String("csv", "", "write every step to `FILE` as CSV: env,step,t,altitude,setpoint,pwm,distance")
	index := fs.Int("i", 0, "which creature of a file that holds an array (0 is the first)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: evolve show [flags] FILE.json -o OUT.png|OUT.svg [-csv FILE]\n\nflies a creature through the five environments and draws altitude and\nmotor command over time, one row per environment\n\nflags:")
		fs.PrintDefaults()
	}
	pos, err := parseFlags(fs, args, stdout)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("show needs exactly one creature FILE, got %d (see show -h)", len(pos))
	}
	if *out == "" && *csvPath == "" {
		return usagef("show needs -o OUT.png|OUT.svg or -csv FILE (see show -h)")
	}
	var format string
	if *out != "" {
		if format, err = imageFormat(*out); err != nil {
			return usageError{fmt.Errorf("-o: %w", err)}
		}
	}
	for flagName, path := range map[string]string{"-o": *out, "-csv": *csvPath} {
		if path != "" {
			if err := checkOutput(flagName, path); err != nil {
				return err
			}
		}
	}
	creatures, err := sim.ReadCreatureFile(pos[0])
	if err != nil {
		return usageError{err}
	}
	if *index < 0 || *index >= len(creatures) {
		return usagef("-i %d: %s holds %d creature(s)", *index, pos[0], len(creatures))
	}
	c := creatures[*index]
	fl := fly(c.Coeffs)
	if *csvPath != "" {
		if err := writeFileAtomic(*csvPath, fl.csv()); err != nil {
			return err
		}
	}
	if *out != "" {
		var buf bytes.Buffer
		if err := drawFlights(&buf, format, creatureLabel(c, *index), fl); err != nil {
			return err
		}
		if err := writeFileAtomic(*out, buf.Bytes()); err != nil {
			return err
		}
	}
	return nil
}

// sample is the quadcopter after one step of a flight.
type sample struct {
	t, altitude, pwm, distance float64
}

// flights are the five environments' trajectories and fitness.
type flights struct {
	steps   [len(sim.Environments)][]sample
	fitness sim.Fitness
}

// fly evaluates c as sim.Evaluate does, recording every step.
func fly(c sim.Coeffs) *flights {
	fl := &flights{}
	ctl := sim.NewSpecialized(c)
	for i, e := range sim.Environments {
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
			for _, x := range []float64{s.t, s.altitude, sim.Environments[i].Z1, s.pwm, s.distance} {
				b = append(b, ',')
				b = strconv.AppendFloat(b, x, 'g', 17, 64)
			}
			b = append(b, '\n')
		}
	}
	return b
}

// motor is the command a motor applies: the controller's output, NaN and
// negatives to 0, clipped to [0, 1] (SPEC §2).
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
