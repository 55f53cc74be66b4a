package main

import (
	"flag"

	"github.com/evocopter/evocopter/sim"
)

// evalFlags are the flags that choose how creatures are evaluated; the
// experiment and eval share them.
type evalFlags struct {
	kernel   string
	creature string
}

func addEvalFlags(fs *flag.FlagSet) *evalFlags {
	f := &evalFlags{}
	fs.StringVar(&f.kernel, "kernel", "scalar", "evaluation tier: generic|scalar")
	fs.StringVar(&f.creature, "creature", "", "controller form, the original's names: generic|specialized (same as -kernel generic|scalar)")
	return f
}

// evaluator maps the flags to an evaluator.
func (f *evalFlags) evaluator() (sim.Evaluator, error) {
	name := f.kernel
	switch f.creature {
	case "":
	case "generic", "specialized":
		name = map[string]string{"generic": "generic", "specialized": "scalar"}[f.creature]
	default:
		return nil, usagef("unknown -creature %q: want generic or specialized", f.creature)
	}
	switch name {
	case "scalar":
		return sim.ScalarEvaluator, nil
	case "generic":
		return sim.GenericEvaluator, nil
	}
	return nil, usagef("unknown -kernel %q: want generic or scalar", name)
}

// name is the tier the flags ask for, -creature's names mapped to
// -kernel's (valid once evaluator has accepted the flags).
func (f *evalFlags) name() string {
	if n, ok := map[string]string{"generic": "generic", "specialized": "scalar"}[f.creature]; ok {
		return n
	}
	return f.kernel
}
