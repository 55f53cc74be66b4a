package main

import (
	"flag"
	"fmt"
	"io"
	"math"

	"github.com/evocopter/evocopter/sim"
)

// heldOutFly is how many of the task's held-out scenarios fly and show use
// when -scenarios is not given.
const (
	heldOutFly  = 100
	heldOutShow = 5
)

// flyCommand flies a 3-D creature through scenarios and reports on each:
// crashed, final distance, largest distance over the last 2 s, time to
// first come within 0.5 m, fitness.
func flyCommand(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("fly", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print JSON instead of text")
	index := fs.Int("i", 0, "which creature of a file that holds an array (0 is the first)")
	var scenarios string
	addScenariosFlag(fs, &scenarios, fmt.Sprintf("fly the scenarios in `FILE` (default: %d held-out scenarios no run trains on)", heldOutFly))
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), `usage: evolve fly CREATURE.json [-scenarios FILE] [-json]

flies a creature of a 3-D task (hover3d) through each scenario and prints
per scenario: crashed, final_distance and max_distance_last_2s (m, the
largest distance to the setpoint over the last 2 s), time_to_0.5m (s, the
first time within 0.5 m; - if never) and fitness; then how many held the
setpoint within 0.1 m, 0.01 m and 0.5 m over their last 2 s without
crashing

flags:`)
		fs.PrintDefaults()
	}
	pos, err := parseFlags(fs, args, stdout)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("fly needs exactly one creature FILE, got %d (see fly -h)", len(pos))
	}
	c, t, err := readCreature3D(pos[0], *index, "fly")
	if err != nil {
		return err
	}
	sc, err := readScenarios(t, scenarios)
	if err != nil {
		return err
	}
	source := scenarios
	if sc == nil {
		sc, source = sim.HeldOutScenarios(heldOutFly), fmt.Sprintf("%d held-out scenarios", heldOutFly)
	}
	e, err := sim.NewHover3DEvaluator(sc, 1)
	if err != nil {
		return usageError{err}
	}
	reports := e.Fly(c.Values(), nil)
	sum := summarize(reports)
	if *asJSON {
		return writeFlyJSON(stdout, t, reports, sum)
	}
	fmt.Fprintf(stdout, "%s (task %s) through %s\n", creatureLabel(c, *index), t.Name, source)
	fmt.Fprintf(stdout, "%8s %7s %14s %20s %12s %12s\n", "scenario", "crashed", "final_distance", "max_distance_last_2s", "time_to_0.5m", "fitness")
	for i, r := range reports {
		crashed, last2 := "no", fmt.Sprintf("%.4f", r.MaxDistanceLast2s)
		if r.Crashed {
			crashed, last2 = fmt.Sprintf("%.2fs", r.CrashTime), "-"
		}
		reach := "-"
		if !math.IsNaN(r.TimeToReach) {
			reach = fmt.Sprintf("%.2f", r.TimeToReach)
		}
		fmt.Fprintf(stdout, "%8d %7s %14.4f %20s %12s %12.4f\n", i+1, crashed, r.FinalDistance, last2, reach, r.Fitness)
	}
	fmt.Fprintf(stdout, "held within 0.1 m over the last 2 s: %d of %d; within 0.01 m: %d; within 0.5 m: %d; crashed: %d; fitness %.4f\n",
		sum.Within01, sum.Scenarios, sum.Within001, sum.Within05, sum.Crashed, sum.Fitness)
	return nil
}

// readCreature3D reads creature index of path and checks it is of a 3-D
// task (what fly and the 3-D show need).
func readCreature3D(path string, index int, cmd string) (sim.CreatureFile, *sim.Task, error) {
	creatures, err := sim.ReadCreatureFile(path)
	if err != nil {
		return sim.CreatureFile{}, nil, usageError{err}
	}
	if index < 0 || index >= len(creatures) {
		return sim.CreatureFile{}, nil, usagef("-i %d: %s holds %d creature(s)", index, path, len(creatures))
	}
	c := creatures[index]
	t := c.TaskOf()
	if !t.Scenarios {
		return c, t, usagef("%s: a %s creature flies the five environments: use evolve eval or evolve show; %s is for %s creatures",
			path, t.Name, cmd, scenarioTasks())
	}
	return c, t, nil
}

// flySummary counts a set of flights.
type flySummary struct {
	Scenarios int     `json:"scenarios"`
	Crashed   int     `json:"crashed"`
	Within001 int     `json:"held_within_0.01m"`
	Within01  int     `json:"held_within_0.1m"`
	Within05  int     `json:"held_within_0.5m"`
	Fitness   float64 `json:"fitness"`
}

func summarize(reports []sim.FlightReport) flySummary {
	c := sim.CountFlights(reports)
	s := flySummary{Scenarios: c.Scenarios, Crashed: c.Crashed, Within001: c.Held[0], Within01: c.Held[1], Within05: c.Held[2]}
	for _, r := range reports {
		s.Fitness += r.Fitness
	}
	return s
}

// writeFlyJSON prints {"task", "scenarios": [...], "summary"}; numbers
// that do not exist (no crash, never within 0.5 m, the last 2 s of a
// crashed flight) are null.
func writeFlyJSON(w io.Writer, t *sim.Task, reports []sim.FlightReport, sum flySummary) error {
	type flight struct {
		Scenario          int      `json:"scenario"`
		Crashed           bool     `json:"crashed"`
		CrashTime         *float64 `json:"crash_time"`
		FinalDistance     *float64 `json:"final_distance"`
		MaxDistanceLast2s *float64 `json:"max_distance_last_2s"`
		TimeTo05m         *float64 `json:"time_to_0.5m"`
		Fitness           float64  `json:"fitness"`
		Steps             int      `json:"steps"`
	}
	finite := func(x float64) *float64 {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil
		}
		return &x
	}
	out := struct {
		Task      string     `json:"task"`
		Scenarios []flight   `json:"scenarios"`
		Summary   flySummary `json:"summary"`
	}{Task: t.Name, Summary: sum}
	for i, r := range reports {
		out.Scenarios = append(out.Scenarios, flight{i + 1, r.Crashed, finite(r.CrashTime), finite(r.FinalDistance),
			finite(r.MaxDistanceLast2s), finite(r.TimeToReach), r.Fitness, r.Steps})
	}
	return printJSON(w, out)
}
