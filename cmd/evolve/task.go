package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/evocopter/evocopter/evolve"
	"github.com/evocopter/evocopter/sim"
)

// taskFlags choose what the creatures are evolved for: -task and
// -scenarios (the experiment; fly and show take -scenarios only).
type taskFlags struct {
	name      string
	scenarios string
}

func addTaskFlags(fs *flag.FlagSet) *taskFlags {
	f := &taskFlags{}
	fs.StringVar(&f.name, "task", sim.Vertical.Name, "what to evolve for: "+taskNames()+" (evolve tasks lists them)")
	addScenariosFlag(fs, &f.scenarios, "train on the scenarios in `FILE` (a 3-D task; default: drawn from -seed)")
	return f
}

func addScenariosFlag(fs *flag.FlagSet, p *string, usage string) {
	fs.StringVar(p, "scenarios", "", usage+`: [{"start":[x,y,alt],"setpoint":[x,y,alt],"seconds":T,"attitude":[roll,pitch,yaw]}, ...]`)
}

// resolve returns the task and the scenarios of -scenarios (nil when not
// given). Errors are the user's: exit 2.
func (f *taskFlags) resolve() (*sim.Task, []sim.Scenario, error) {
	t, err := sim.TaskByName(f.name)
	if err != nil {
		return nil, nil, usagef("-task: %v", err)
	}
	sc, err := readScenarios(t, f.scenarios)
	return t, sc, err
}

// readScenarios reads -scenarios FILE for task t (nil when path is "").
func readScenarios(t *sim.Task, path string) ([]sim.Scenario, error) {
	if path == "" {
		return nil, nil
	}
	if !t.Scenarios {
		return nil, usagef("-scenarios: task %s flies its five fixed environments; scenarios are for %s", t.Name, scenarioTasks())
	}
	sc, err := sim.ReadScenarioFile(path)
	if err != nil {
		return nil, usagef("-scenarios: %v", err)
	}
	return sc, nil
}

func scenarioTasks() string {
	var n []string
	for _, t := range sim.Tasks() {
		if t.Scenarios {
			n = append(n, t.Name)
		}
	}
	return strings.Join(n, ", ")
}

// newTaskEvaluator returns the evaluator of task t with the tier the flags
// choose (every tier gives the same bits): for vertical today's
// evaluators; for a 3-D task over sc or, when sc is nil, the training
// scenarios drawn from seed.
func newTaskEvaluator(t *sim.Task, ef *evalFlags, sc []sim.Scenario, seed uint64) (sim.TaskEvaluator, error) {
	if t == sim.Vertical {
		ev, err := ef.evaluator()
		if err != nil {
			return nil, err
		}
		return t.NewEvaluator(sim.EvalOptions{Vertical: ev})
	}
	if ef.workers < 1 {
		return nil, usagef("-workers must be at least 1, got %d", ef.workers)
	}
	tier, err := ef.tierName()
	if err != nil {
		return nil, err
	}
	ev, err := t.NewEvaluator(sim.EvalOptions{Tier: tier, Workers: ef.workers, Scenarios: sc, Seed: seed})
	if err != nil {
		return nil, usagef("-kernel: %v", err)
	}
	return ev, nil
}

// tasksCommand lists the tasks: name, shape, default strategy, what the
// controller sees and drives.
func tasksCommand(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("tasks", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print JSON")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: evolve tasks [-json]\n\nlists what creatures can be evolved for (evolve -task NAME)\n\nflags:")
		fs.PrintDefaults()
	}
	pos, err := parseFlags(fs, args, stdout)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("tasks takes no arguments")
	}
	if *asJSON {
		type taskJSON struct {
			Name         string   `json:"name"`
			Summary      string   `json:"summary"`
			S            int      `json:"S"`
			I            int      `json:"I"`
			O            int      `json:"O"`
			Coefficients int      `json:"coefficients"`
			Inputs       []string `json:"inputs"`
			Outputs      []string `json:"outputs"`
			Strategy     string   `json:"strategy"`
			Scenarios    bool     `json:"scenarios"`
			Default      bool     `json:"default"`
			// Weights of a 3-D task's training fitness (sim.Weights);
			// absent for vertical.
			Weights *sim.Weights `json:"weights,omitempty"`
		}
		var out []taskJSON
		for _, t := range sim.Tasks() {
			tj := taskJSON{t.Name, t.Summary, t.Shape.S, t.Shape.I, t.Shape.O, t.Shape.Len(),
				t.Inputs, t.Outputs, t.Strategy, t.Scenarios, t == sim.Vertical, nil}
			if t.Scenarios {
				tj.Weights = &t.Weights
			}
			out = append(out, tj)
		}
		return printJSON(stdout, out)
	}
	for i, t := range sim.Tasks() {
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		def := ""
		if t == sim.Vertical {
			def = " (default)"
		}
		fmt.Fprintf(stdout, "%s%s: %s\n", t.Name, def, t.Summary)
		fmt.Fprintf(stdout, "  shape     %v: a %dx%d matrix and %d constants, %d coefficients\n",
			t.Shape, t.Shape.Rows(), t.Shape.Cols(), t.Shape.Rows(), t.Shape.Len())
		fmt.Fprintf(stdout, "  inputs    %s\n", strings.Join(t.Inputs, " "))
		fmt.Fprintf(stdout, "  outputs   %s\n", strings.Join(t.Outputs, " "))
		fmt.Fprintf(stdout, "  strategy  %s (default)\n", t.Strategy)
		if t.Scenarios {
			fmt.Fprintf(stdout, "  flights   %d training scenarios drawn from -seed, or -scenarios FILE\n", t.TrainingScenarios)
			fmt.Fprintf(stdout, "  fitness   %s\n", fitnessText(t.Weights))
		} else {
			fmt.Fprintf(stdout, "  flights   the five environments of the original\n")
		}
	}
	return nil
}

// printJSON prints v as indented JSON and a newline.
func printJSON(w io.Writer, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}

// creaturesTask is the task of a file's creatures: all of one task, which
// -task, when given, must name.
func creaturesTask(cs []sim.CreatureFile, tf *taskFlags, fs *flag.FlagSet) (*sim.Task, error) {
	t := cs[0].TaskOf()
	for i, c := range cs {
		if c.TaskOf() != t {
			return nil, usagef("creature %d is a %s creature and creature 0 a %s one: one task per file", i, c.TaskOf().Name, t.Name)
		}
	}
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == "task" })
	if given {
		want, err := sim.TaskByName(tf.name)
		if err != nil {
			return nil, usagef("-task: %v", err)
		}
		if want != t {
			return nil, usagef("-task %s: the file holds %s creatures", want.Name, t.Name)
		}
	}
	return t, nil
}

// evalTask prints "index total" (%.17g) for creatures of a 3-D task, or
// JSON.
func evalTask(w io.Writer, t *sim.Task, cs []sim.CreatureFile, ef *evalFlags, tf *taskFlags, seed uint64, asJSON bool) error {
	sc, err := readScenarios(t, tf.scenarios)
	if err != nil {
		return err
	}
	ev, err := newTaskEvaluator(t, ef, sc, seed)
	if err != nil {
		return err
	}
	coeffs := make([][]float64, len(cs))
	for i := range cs {
		coeffs[i] = cs[i].Values()
	}
	fit := make([]float64, len(cs))
	ev.Evaluate(coeffs, fit)
	if asJSON {
		type result struct {
			Index int     `json:"index"`
			Name  string  `json:"name,omitempty"`
			ID    int64   `json:"id,omitempty"`
			Task  string  `json:"task"`
			Total float64 `json:"total"`
		}
		out := make([]result, len(cs))
		for i, c := range cs {
			out[i] = result{i, c.Name, c.ID, t.Name, fit[i]}
		}
		return printJSON(w, out)
	}
	var b []byte
	for i, f := range fit {
		b = strconv.AppendInt(b, int64(i), 10)
		b = appendG(append(b, ' '), f)
		b = append(b, '\n')
	}
	_, err = w.Write(b)
	return err
}

// fitnessText says what a 3-D task's training fitness sums per step.
func fitnessText(w sim.Weights) string {
	s := "distance"
	for _, t := range []struct {
		w    float64
		term string
	}{{w.Precision, "sqrt(distance)"}, {w.Heading, "(1-cos yaw)"}, {w.Level, "((1-cos roll)+(1-cos pitch))"}} {
		if t.w != 0 {
			s += fmt.Sprintf(" + %v*%s", t.w, t.term)
		}
	}
	if w.Settle != 0 {
		s = fmt.Sprintf("(%s) * (1 + %v*t)", s, w.Settle)
	}
	s += " per step, times dt; a crash adds the set's penalty"
	if w.Tilt != 0 {
		s += fmt.Sprintf(" (a roll or pitch of %v rad counts as one in training)", w.Tilt)
	}
	return s
}

// weightsSetting is what a new run of the task records of its fitness
// weights in its checkpoints: nil for vertical.
func weightsSetting(t *sim.Task) *sim.Weights {
	if !t.Scenarios {
		return nil
	}
	w := t.Weights
	return &w
}

// checkResumedWeights refuses to resume a run of a 3-D task that trained
// with other fitness weights than this evolve's task has (a file from
// before the weights trained with none): the strategy's state holds
// fitness values of the old weights, and the best creature would be
// judged by two fitnesses.
func checkResumedWeights(path string, s evolve.Settings, t *sim.Task) error {
	if !t.Scenarios {
		return nil
	}
	var had sim.Weights
	if s.Weights != nil {
		had = *s.Weights
	}
	if had != t.Weights {
		return usagef("-resume %s: the run trained %s with the fitness weights %+v, this evolve trains it with %+v; "+
			"resuming would mix two fitnesses: start a new run, or resume with the evolve that wrote the file", path, t.Name, had, t.Weights)
	}
	return nil
}
