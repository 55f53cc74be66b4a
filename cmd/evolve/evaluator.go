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

func addEvalFlags(fs *flag.FlagSet) *evalFlags {
	f := &evalFlags{}
	fs.StringVar(&f.kernel, "kernel", "",
		"evaluation tier: "+sim.TierAuto+"|"+strings.Join(sim.Tiers(), "|")+
			" (default: $"+kernel.EnvVar+", else auto = the best this CPU runs)")
	fs.StringVar(&f.creature, "creature", "", "the original's controller forms: generic|specialized (same as -kernel generic|scalar)")
	fs.IntVar(&f.workers, "workers", runtime.NumCPU(), "goroutines that evaluate a generation (results do not depend on it)")
	return f
}

// creatureTiers maps -creature's names to the tiers they mean.
var creatureTiers = map[string]string{"generic": sim.TierGeneric, "specialized": sim.TierScalar}

// tierName resolves the flags, else EVOCOPTER_KERNEL, to one tier name as
// sim.LookupTier accepts it.
func (f *evalFlags) tierName() (string, error) {
	if f.creature != "" {
		name, ok := creatureTiers[kernel.NormalName(f.creature)]
		if !ok {
			return "", usagef("unknown -creature %q: want generic or specialized", f.creature)
		}
		if f.kernel != "" && kernel.NormalName(f.kernel) != name {
			return "", usagef("-creature %s and -kernel %s disagree: give one", f.creature, f.kernel)
		}
		return name, nil
	}
	if f.kernel != "" {
		return f.kernel, nil
	}
	tier, _, err := sim.EnvTier()
	if err != nil {
		return "", usageError{err}
	}
	if tier == "" {
		return sim.TierAuto, nil
	}
	return tier, nil
}

// evaluator maps the flags to an evaluator.
func (f *evalFlags) evaluator() (sim.Evaluator, error) {
	if err := checkWorkers(f.workers); err != nil {
		return nil, err
	}
	name, err := f.tierName()
	if err != nil {
		return nil, err
	}
	ev, err := sim.EvaluatorFor(name, f.workers)
	if err != nil {
		return nil, usagef("-kernel: %v", err)
	}
	return ev, nil
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
	fmt.Fprintf(stdout, "tiers:     %s (built in)\n", strings.Join(sim.Tiers(), " "))
	fmt.Fprintf(stdout, "available: %s\n", strings.Join(sim.AvailableTiers(), " "))
	for _, t := range kernel.Tiers() {
		if _, err := sim.LookupTier(string(t)); err != nil {
			fmt.Fprintf(stdout, "           %s unavailable: %v\n", t, err)
		} else if !t.Auto() {
			fmt.Fprintf(stdout, "           %s runs here but auto does not pick it\n", t)
		}
	}
	switch tier, value, err := sim.EnvTier(); {
	case err != nil:
		fmt.Fprintf(stdout, "in use:    none: %v (the evaluating commands refuse it)\n", err)
	case tier != "":
		fmt.Fprintf(stdout, "in use:    %s (from %s=%s)\n", tier, kernel.EnvVar, value)
	default:
		fmt.Fprintf(stdout, "in use:    %s (auto)\n", kernel.Best())
	}
	return nil
}

func orNone(s string) string {
	if s == "" {
		return "(none reported by golang.org/x/sys/cpu)"
	}
	return s
}

// name is the tier the flags ask for, in its one spelling: -creature's
// names mapped to -kernel's, "" when neither is given (valid once
// evaluator has accepted the flags). A checkpoint records it.
func (f *evalFlags) name() string {
	if n, ok := creatureTiers[kernel.NormalName(f.creature)]; ok {
		return n
	}
	return kernel.NormalName(f.kernel)
}
