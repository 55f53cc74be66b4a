package main

import (
	"flag"
	"fmt"
	"io"
	"runtime"
	"strings"

	"github.com/evocopter/evocopter/kernel"
	"github.com/evocopter/evocopter/sim"
)

// evalFlags are the flags that choose how creatures are evaluated; the
// experiment, eval and bench share them.
type evalFlags struct {
	kernel   string
	creature string
	workers  int
}

// The one-creature-at-a-time tiers of the straightforward port; every other
// -kernel name is a kernel tier run by the batched evaluator.
const (
	tierGeneric = "generic"
	tierScalar  = "scalar"
)

func addEvalFlags(fs *flag.FlagSet) *evalFlags {
	f := &evalFlags{}
	fs.StringVar(&f.kernel, "kernel", "",
		"evaluation tier: auto|generic|scalar|"+tierList(kernel.Tiers())+
			" (default: $"+kernel.EnvVar+", else auto = the best this CPU runs)")
	fs.StringVar(&f.creature, "creature", "", "the original's controller forms: generic|specialized (same as -kernel generic|scalar)")
	fs.IntVar(&f.workers, "workers", runtime.NumCPU(), "goroutines that evaluate a generation (results do not depend on it)")
	return f
}

func tierList(ts []kernel.Tier) string {
	s := make([]string, len(ts))
	for i, t := range ts {
		s[i] = string(t)
	}
	return strings.Join(s, "|")
}

// tierName resolves the flags to one tier name.
func (f *evalFlags) tierName() (string, error) {
	switch f.creature {
	case "":
	case "generic":
		return tierGeneric, f.conflict(tierGeneric)
	case "specialized":
		return tierScalar, f.conflict(tierScalar)
	default:
		return "", usagef("unknown -creature %q: want generic or specialized", f.creature)
	}
	if f.kernel == "" {
		if err := kernel.EnvError(); err != nil {
			return "", usageError{err}
		}
		return string(kernel.Current()), nil
	}
	return f.kernel, nil
}

func (f *evalFlags) conflict(name string) error {
	if f.kernel != "" && f.kernel != name {
		return usagef("-creature %s and -kernel %s disagree: give one", f.creature, f.kernel)
	}
	return nil
}

// evaluator maps the flags to an evaluator and the name of its tier.
func (f *evalFlags) evaluator() (sim.Evaluator, string, error) {
	if f.workers < 1 {
		return nil, "", usagef("-workers must be at least 1, got %d", f.workers)
	}
	name, err := f.tierName()
	if err != nil {
		return nil, "", err
	}
	return evaluatorFor(name, f.workers)
}

// evaluatorFor returns the evaluator of a tier name (auto resolves to the
// best tier this CPU runs).
func evaluatorFor(name string, workers int) (sim.Evaluator, string, error) {
	switch name {
	case tierGeneric:
		return sim.GenericEvaluator, name, nil
	case tierScalar:
		return sim.ScalarEvaluator, name, nil
	case kernel.Auto:
		name = string(kernel.Best())
	}
	t := kernel.Tier(name)
	if err := t.Err(); err != nil {
		return nil, "", usagef("-kernel: %v", strings.TrimPrefix(err.Error(), "kernel: "))
	}
	return &sim.Batch{Tier: t, Workers: workers}, name, nil
}

// cpuCommand prints what the machine offers and which tier runs.
func cpuCommand(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("cpu", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: evolve cpu\n\nprints the CPU features, the kernel tiers and the one in use")
	}
	pos, err := parseFlags(fs, args, stdout)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("cpu takes no arguments")
	}
	fmt.Fprintf(stdout, "arch:      %s/%s, %d CPUs\n", runtime.GOOS, runtime.GOARCH, runtime.NumCPU())
	fmt.Fprintf(stdout, "features:  %s\n", orNone(strings.Join(kernel.Features(), " ")))
	fmt.Fprintf(stdout, "tiers:     generic scalar %s (built in)\n", strings.Join(strings.Split(tierList(kernel.Tiers()), "|"), " "))
	fmt.Fprintf(stdout, "available: generic scalar %s\n", strings.Join(strings.Split(tierList(kernel.Available()), "|"), " "))
	for _, t := range kernel.Tiers() {
		if err := t.Err(); err != nil {
			fmt.Fprintf(stdout, "           %s unavailable: %v\n", t, strings.TrimPrefix(err.Error(), "kernel: "))
		} else if !t.Auto() {
			fmt.Fprintf(stdout, "           %s runs here but auto does not pick it\n", t)
		}
	}
	fmt.Fprintf(stdout, "in use:    %s", kernel.Current())
	if err := kernel.EnvError(); err != nil {
		fmt.Fprintf(stdout, " (%v)", err)
	} else if v := envKernel(); v != "" {
		fmt.Fprintf(stdout, " (from %s=%s)", kernel.EnvVar, v)
	} else {
		fmt.Fprint(stdout, " (auto)")
	}
	fmt.Fprintln(stdout)
	return nil
}

func orNone(s string) string {
	if s == "" {
		return "(none reported by golang.org/x/sys/cpu)"
	}
	return s
}

// name is the tier the flags ask for, -creature's names mapped to
// -kernel's (valid once evaluator has accepted the flags).
func (f *evalFlags) name() string {
	if n, ok := map[string]string{"generic": "generic", "specialized": "scalar"}[f.creature]; ok {
		return n
	}
	return f.kernel
}
