// Command strategytable measures what an evolution strategy reaches after
// given amounts of CPU time: the table "ga and cmaes after the same CPU
// time" of docs/strategies.md.
//
//	go run ./bench/strategytable -task hover3d -strategy cmaes -seed 1 -at 30s,2m,10m
//
// It drives the strategy and the task's evaluator as `evolve` does (Ask,
// evaluate through the best kernel tier, Tell) and at each time of -at
// prints one row: the process's CPU time (user + system, so two workers
// count twice), the generations, the best fitness so far and, for a task
// that flies scenarios, how the best creature flies scenarios it never
// trained on: the 100 held-out ones of sim.HeldOutScenarios and -further
// more from the same distribution (crashes, and how many stayed within
// 0.1 m and 0.01 m of the setpoint over the last 2 s). Judging the best
// creature is not counted in the CPU time. With -o DIR the best creature
// at each time is saved as DIR/TASK-STRATEGY-seedN-AT.json (a 3-D task's
// name adds its training scenarios and fitness weights). -train, -settle,
// -precision, -heading, -level, -effort and -tilt change a 3-D task's training scenarios and fitness
// weights (sim.Task.TrainingScenarios, sim.Weights) for this run.
//
// CPU time, not wall-clock time, makes runs comparable that shared a
// loaded machine; run one process per core and -workers 1.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/evocopter/evocopter/evolve"
	"github.com/evocopter/evocopter/sim"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "strategytable:", err)
		os.Exit(2)
	}
}

// Row is what the table says of one run at one CPU time.
type Row struct {
	Task        string       `json:"task"`
	Strategy    string       `json:"strategy"`
	Seed        uint64       `json:"seed"`
	Weights     *sim.Weights `json:"weights,omitempty"`
	Training    int          `json:"training_scenarios,omitempty"`
	CPUSeconds  float64      `json:"cpu_seconds"`
	Generations int          `json:"generations"`
	Best        float64      `json:"best"`
	Restarts    int          `json:"restarts,omitempty"`
	HeldOut     *Judged      `json:"held_out,omitempty"`
	Further     *Judged      `json:"further,omitempty"`
}

// Judged is how a creature flew a set of scenarios.
type Judged struct {
	Scenarios int `json:"scenarios"`
	Crashed   int `json:"crashed"`
	Within01  int `json:"within_0.1m"`
	Within001 int `json:"within_0.01m"`
}

type options struct {
	task     *sim.Task
	strategy string
	seed     uint64
	at       []time.Duration
	workers  int
	tier     string
	further  int
	out      string
	json     bool
}

func parse(args []string) (*options, error) {
	fs := flag.NewFlagSet("strategytable", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	task := fs.String("task", "vertical", "task: "+strings.Join(taskNames(), " or "))
	o := &options{}
	fs.StringVar(&o.strategy, "strategy", "", "ga or cmaes (default: the task's)")
	fs.Uint64Var(&o.seed, "seed", 1, "the run's seed")
	at := fs.String("at", "30s,2m,10m", "CPU times to report at, comma-separated, increasing")
	fs.IntVar(&o.workers, "workers", 1, "goroutines that evaluate a generation")
	fs.StringVar(&o.tier, "kernel", "auto", "evaluation tier")
	fs.IntVar(&o.further, "further", 1000, "random scenarios to judge on besides the 100 held-out ones (0: none)")
	train := fs.Int("train", 0, "training scenarios a 3-D task draws from the seed (default: the task's)")
	settle := fs.String("settle", "", "the fitness's settle weight of a 3-D task (default: the task's; see sim.Weights)")
	heading := fs.String("heading", "", "the fitness's heading weight of a 3-D task (default: the task's; see sim.Weights)")
	level := fs.String("level", "", "the fitness's level weight of a 3-D task (default: the task's; see sim.Weights)")
	effort := fs.String("effort", "", "the fitness's effort weight of a 3-D task (default: the task's; see sim.Weights)")
	tilt := fs.String("tilt", "", "the fitness's tilt limit of a 3-D task, at most 1 (default: the task's; see sim.Weights)")
	precision := fs.String("precision", "", "the fitness's precision weight of a 3-D task (default: the task's; see sim.Weights)")
	fs.StringVar(&o.out, "o", "", "folder to save the best creature in at each time")
	fs.BoolVar(&o.json, "json", false, "print JSON lines")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	var err error
	if o.task, err = sim.TaskByName(*task); err != nil {
		return nil, err
	}
	if o.strategy == "" {
		o.strategy = o.task.Strategy
	}
	if *train != 0 {
		if *train < 1 || *train > sim.MaxScenarios || !o.task.Scenarios {
			return nil, fmt.Errorf("-train %d: want 1 to %d for a task that flies scenarios", *train, sim.MaxScenarios)
		}
		t := *o.task
		t.TrainingScenarios = *train
		o.task = &t
	}
	for _, f := range []struct {
		name, value string
		to          func(*sim.Weights) *float64
	}{
		{"settle", *settle, func(w *sim.Weights) *float64 { return &w.Settle }},
		{"precision", *precision, func(w *sim.Weights) *float64 { return &w.Precision }},
		{"heading", *heading, func(w *sim.Weights) *float64 { return &w.Heading }},
		{"level", *level, func(w *sim.Weights) *float64 { return &w.Level }},
		{"effort", *effort, func(w *sim.Weights) *float64 { return &w.Effort }},
		{"tilt", *tilt, func(w *sim.Weights) *float64 { return &w.Tilt }},
	} {
		if f.value == "" {
			continue
		}
		w, err := strconv.ParseFloat(f.value, 64)
		t := *o.task // tasks are data: this run's task weighs differently
		*f.to(&t.Weights) = w
		if err == nil {
			err = t.Weights.Validate()
		}
		if err != nil || !o.task.Scenarios {
			return nil, fmt.Errorf("-%s %q: %v (for a task that flies scenarios)", f.name, f.value, err)
		}
		o.task = &t
	}
	if o.strategy != "ga" && o.strategy != "cmaes" {
		return nil, fmt.Errorf("unknown -strategy %q: want ga or cmaes", o.strategy)
	}
	for f := range strings.SplitSeq(*at, ",") {
		d, err := time.ParseDuration(strings.TrimSpace(f))
		if err != nil || d <= 0 {
			return nil, fmt.Errorf("-at: %q is not a positive duration", f)
		}
		if len(o.at) > 0 && d <= o.at[len(o.at)-1] {
			return nil, errors.New("-at: times must increase")
		}
		o.at = append(o.at, d)
	}
	if o.workers < 1 || o.workers > 1024 {
		return nil, fmt.Errorf("-workers must be 1 to 1024, got %d", o.workers)
	}
	if o.further < 0 || o.further > sim.MaxScenarios {
		return nil, fmt.Errorf("-further must be 0 to %d, got %d", sim.MaxScenarios, o.further)
	}
	return o, nil
}

func taskNames() []string {
	var n []string
	for _, t := range sim.Tasks() {
		n = append(n, t.Name)
	}
	return n
}

func run(args []string, stdout io.Writer) error {
	o, err := parse(args)
	if err != nil {
		return err
	}
	if o.out != "" {
		if err := os.MkdirAll(o.out, 0o755); err != nil {
			return err
		}
	}
	eo := sim.EvalOptions{Workers: o.workers, Tier: o.tier, Seed: o.seed}
	if !o.task.Scenarios {
		if eo.Vertical, err = sim.EvaluatorFor(o.tier, o.workers); err != nil {
			return err
		}
	}
	ev, err := o.task.NewEvaluator(eo)
	if err != nil {
		return err
	}
	s, err := newStrategy(o)
	if err != nil {
		return err
	}
	var judge func([]float64) (held, further *Judged)
	if o.task.Scenarios {
		if judge, err = newJudge(o.further); err != nil {
			return err
		}
	}

	var fit []float64
	var judging time.Duration // CPU time spent judging, not counted
	start := cpuTime()
	for _, at := range o.at {
		for cpuTime()-start-judging < at {
			xs := s.Ask()
			fit = slices.Grow(fit[:0], len(xs))[:len(xs)]
			ev.Evaluate(xs, fit)
			if err := s.Tell(fit); err != nil {
				return err
			}
		}
		best := s.Best()
		row := Row{Task: o.task.Name, Strategy: o.strategy, Seed: o.seed, Training: o.task.TrainingScenarios,
			CPUSeconds: (cpuTime() - start - judging).Seconds(), Generations: s.Gen(), Best: best.Fitness}
		if o.task.Scenarios {
			row.Weights = &o.task.Weights
		}
		if c, ok := s.(*evolve.CMAES); ok {
			row.Restarts = c.Restarts()
		}
		j0 := cpuTime()
		if judge != nil {
			row.HeldOut, row.Further = judge(best.Coeffs)
		}
		if o.out != "" {
			if err := save(o, at, best.Coeffs); err != nil {
				return err
			}
		}
		judging += cpuTime() - j0
		if err := printRow(stdout, o.json, row, at); err != nil {
			return err
		}
	}
	return nil
}

func newStrategy(o *options) (evolve.Strategy, error) {
	n := o.task.Shape.Len()
	if o.strategy == "ga" {
		return evolve.NewShaped(500, o.seed, evolve.Shape{Coeffs: n, Constants: o.task.Shape.Rows()})
	}
	return evolve.NewCMAES(n, evolve.CMAOptions{}, o.seed)
}

// newJudge flies a creature through the held-out scenarios and further
// random ones (a stream no run trains on) on the scalar path.
func newJudge(further int) (func([]float64) (*Judged, *Judged), error) {
	held, err := sim.NewHover3DEvaluator(sim.HeldOutScenarios(100), 1)
	if err != nil {
		return nil, err
	}
	var more *sim.Hover3DEvaluator
	if further > 0 {
		if more, err = sim.NewHover3DEvaluator(sim.Hover3DRange.RandomScenarios(999, 12345, further), 1); err != nil {
			return nil, err
		}
	}
	return func(c []float64) (*Judged, *Judged) {
		h := judged(held.Fly(c, nil))
		if more == nil {
			return h, nil
		}
		return h, judged(more.Fly(c, nil))
	}, nil
}

func judged(reps []sim.FlightReport) *Judged {
	c := sim.CountFlights(reps)
	return &Judged{Scenarios: c.Scenarios, Crashed: c.Crashed, Within001: c.Held[0], Within01: c.Held[1]}
}

func save(o *options, at time.Duration, coeffs []float64) error {
	name := fmt.Sprintf("%s-%s-seed%d-%s.json", o.task.Name, o.strategy, o.seed, at)
	if o.task.Scenarios {
		w := o.task.Weights
		name = fmt.Sprintf("%s-%s-train%d-s%v-p%v-h%v-l%v-e%v-t%v-seed%d-%s.json", o.task.Name, o.strategy,
			o.task.TrainingScenarios, w.Settle, w.Precision, w.Heading, w.Level, w.Effort, w.Tilt, o.seed, at)
	}
	b, err := json.MarshalIndent(sim.NewCreatureFile(o.task, coeffs), "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(o.out, name), append(b, '\n'), 0o644)
}

func printRow(w io.Writer, asJSON bool, r Row, at time.Duration) error {
	if asJSON {
		b, err := json.Marshal(r)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(w, "%s\n", b)
		return err
	}
	line := fmt.Sprintf("%-8s %-6s seed %d  at %-5s cpu %7.1fs  gen %9d  best %s", r.Task, r.Strategy, r.Seed, at,
		r.CPUSeconds, r.Generations, fmtFitness(r.Best))
	if r.Weights != nil {
		w := r.Weights
		line += fmt.Sprintf("  train %d weights %+v", r.Training, *w)
	}
	if r.Restarts > 0 {
		line += fmt.Sprintf("  restarts %d", r.Restarts)
	}
	for _, j := range []struct {
		name string
		j    *Judged
	}{{"held-out", r.HeldOut}, {"further", r.Further}} {
		if j.j != nil {
			line += fmt.Sprintf("  %s %d: crashed %d, within 0.1 m %d, within 0.01 m %d",
				j.name, j.j.Scenarios, j.j.Crashed, j.j.Within01, j.j.Within001)
		}
	}
	_, err := fmt.Fprintln(w, line)
	return err
}

func fmtFitness(f float64) string {
	if math.Abs(f) >= 1e6 || math.IsNaN(f) || math.IsInf(f, 0) {
		return fmt.Sprintf("%g", f)
	}
	return fmt.Sprintf("%.2f", f)
}
