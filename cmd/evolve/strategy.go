package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/evocopter/evocopter/evolve"
	"github.com/evocopter/evocopter/sim"
)

// strategyFlags choose the evolution strategy and its options.
type strategyFlags struct {
	name  string
	sigma float64
	mean  string
	stall int
}

// cmaesFlags are the flags only cmaes takes.
var cmaesFlags = []string{"sigma", "mean", "stall"}

// strategyFlagNames are every flag a checkpoint fixes for a resumed run.
var strategyFlagNames = append([]string{"strategy"}, cmaesFlags...)

func addStrategyFlags(fs *flag.FlagSet) *strategyFlags {
	f := &strategyFlags{}
	fs.StringVar(&f.name, "strategy", "", "evolution `strategy`: ga or cmaes (default: the task's; see evolve strategies)")
	fs.Float64Var(&f.sigma, "sigma", 0, fmt.Sprintf("cmaes: initial step size, > 0 (default %v)", evolve.DefaultSigma))
	fs.StringVar(&f.mean, "mean", "", "cmaes: initial mean: 0 (the zero creature, default), random (new at each restart) or the task's n coefficients, comma-separated")
	fs.IntVar(&f.stall, "stall", 0, fmt.Sprintf("cmaes: restart after this many generations without progress (default %d; negative: never)", evolve.DefaultStall))
	return f
}

// strategyName resolves -strategy (case-insensitive, trimmed) or the
// task's default.
func (f *strategyFlags) strategyName(task *sim.Task) (string, error) {
	if f.name == "" {
		return task.Strategy, nil
	}
	n := strings.ToLower(strings.TrimSpace(f.name))
	var names []string
	for _, s := range evolve.Strategies() {
		if s.Name == n {
			return n, nil
		}
		names = append(names, s.Name)
	}
	return "", usagef("unknown -strategy %q: want %s", f.name, strings.Join(names, " or "))
}

// newStrategy starts a run's strategy: ga with -n creatures (default 500),
// or cmaes with -n samples per generation (default 4 + floor(3 ln n)) and
// the cmaes flags. set holds the flags given.
func (f *strategyFlags) newStrategy(task *sim.Task, p int, seed uint64, set map[string]bool) (evolve.Strategy, error) {
	name, err := f.strategyName(task)
	if err != nil {
		return nil, err
	}
	n := task.Shape.Len()
	if name == "ga" {
		for _, fl := range cmaesFlags {
			if set[fl] {
				return nil, usagef("-%s is an option of -strategy cmaes, not ga", fl)
			}
		}
		u, err := evolve.NewShaped(p, seed, evolve.Shape{Coeffs: n, Constants: task.Shape.Rows()})
		if err != nil {
			return nil, usagef("-n: %v", err)
		}
		return u, nil
	}
	opt := evolve.CMAOptions{Stall: f.stall}
	if set["n"] {
		if p < 2 {
			return nil, usagef("-n: population must be at least 2, got %d", p)
		}
		opt.Population = p
	}
	if set["sigma"] {
		if !(f.sigma > 0) || math.IsInf(f.sigma, 0) {
			return nil, usagef("-sigma must be positive and finite, got %v", f.sigma)
		}
		opt.Sigma = f.sigma
	}
	if set["stall"] && f.stall == 0 {
		return nil, usagef("-stall 0: give a number of generations, or a negative one to never restart on a stall")
	}
	if opt.Mean, opt.RandomMean, err = parseMean(f.mean, n); err != nil {
		return nil, err
	}
	s, err := evolve.NewCMAES(n, opt, seed)
	if err != nil {
		return nil, usageError{err}
	}
	return s, nil
}

// parseMean reads -mean: "" or 0 (nil: the zero creature), random, or n
// comma-separated finite numbers.
func parseMean(s string, n int) ([]float64, bool, error) {
	switch t := strings.ToLower(strings.TrimSpace(s)); t {
	case "", "0":
		return nil, false, nil
	case "random":
		return nil, true, nil
	}
	fields := strings.Split(s, ",")
	if len(fields) != n {
		return nil, false, usagef("-mean: %d numbers for the task's %d coefficients", len(fields), n)
	}
	mean := make([]float64, n)
	for i, fld := range fields {
		x, err := strconv.ParseFloat(strings.TrimSpace(fld), 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, false, usagef("-mean: coefficient %d (%q) is not a finite number", i+1, strings.TrimSpace(fld))
		}
		mean[i] = x
	}
	return mean, false, nil
}

// strategiesCommand lists the strategies and their options.
func strategiesCommand(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("strategies", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print JSON")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "usage: evolve strategies [-json]\n\nThe evolution strategies (-strategy NAME) and their options.\n\nflags:\n")
		fs.PrintDefaults()
	}
	pos, err := parseFlags(fs, args, stdout)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("strategies takes no arguments, got %q", pos)
	}
	list := evolve.Strategies()
	if *asJSON {
		b, err := json.MarshalIndent(list, "", "  ")
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(stdout, "%s\n", b)
		return err
	}
	for _, s := range list {
		var tasks []string
		for _, t := range sim.Tasks() {
			if t.Strategy == s.Name {
				tasks = append(tasks, t.Name)
			}
		}
		def := ""
		if len(tasks) > 0 {
			def = " (default of " + strings.Join(tasks, ", ") + ")"
		}
		fmt.Fprintf(stdout, "%s%s: %s\n", s.Name, def, s.About)
		for _, o := range s.Options {
			fmt.Fprintf(stdout, "  -%-10s %s (default %s)\n", o.Flag, o.About, o.Default)
		}
	}
	return nil
}

// printRestart says on stderr (the generation lines on stdout keep the
// original's form) when cmaes restarted its search after the generation
// just told, and why.
func printRestart(stderr io.Writer, s evolve.Strategy) {
	c, ok := s.(*evolve.CMAES)
	if !ok {
		return
	}
	r, ok := c.Restarted()
	if !ok {
		return
	}
	fmt.Fprintf(stderr, "evolve: cmaes restart %d after generation %d: %s (the search begun at generation %d reached %.6g, step size %.3g)\n",
		r.N, r.After, r.Why, r.Began, r.SearchBest, r.Sigma)
}
