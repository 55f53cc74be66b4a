package sim

import (
	"errors"
	"fmt"
	"os"
	"slices"

	"github.com/evocopter/evocopter/kernel"
)

// The evaluation tiers are the one registry of names that -kernel,
// EVOCOPTER_KERNEL and a checkpoint's kernel may hold: the two
// one-creature-at-a-time tiers of the straightforward port, then every
// kernel tier (package kernel), run by the batched evaluator.
const (
	TierGeneric = "generic"   // GenericEvaluator: gonum's matrix-vector product (numpy Creature)
	TierScalar  = "scalar"    // ScalarEvaluator: the unrolled 2x3 controller (SpecializedCreature)
	TierAuto    = kernel.Auto // the best kernel tier this CPU runs
)

// perCreatureTiers are the tiers that are not kernel tiers, slowest first.
var perCreatureTiers = []string{TierGeneric, TierScalar}

// withKernelTiers is the per-creature tiers followed by the kernel tiers ts.
func withKernelTiers(ts []kernel.Tier) []string {
	return append(slices.Clone(perCreatureTiers), kernel.TierNames(ts)...)
}

// Tiers lists the evaluation tiers built into this binary, slowest first.
func Tiers() []string { return withKernelTiers(kernel.Tiers()) }

// AvailableTiers lists the tiers of Tiers this machine runs, slowest first.
func AvailableTiers() []string { return withKernelTiers(kernel.Available()) }

// LookupTier resolves a tier name as a user wrote it: case and surrounding
// space do not matter (kernel.NormalName), and "auto" is kernel.Best. It
// returns the tier's name in its one spelling, or why the name cannot be
// used here. The error's message names no package: the caller says where
// the name came from (a flag, the environment, a checkpoint).
func LookupTier(name string) (string, error) {
	n := kernel.NormalName(name)
	if slices.Contains(perCreatureTiers, n) {
		return n, nil
	}
	if n == TierAuto {
		return string(kernel.Best()), nil
	}
	if err := kernel.Tier(n).Err(); err != nil {
		var te *kernel.TierError
		if errors.As(err, &te) {
			return "", errors.New(te.Describe(withKernelTiers(kernel.AllTiers()), Tiers()))
		}
		return "", err
	}
	return n, nil
}

// EvaluatorFor returns the evaluator of the tier called name (any name
// LookupTier accepts); the batched kernel tiers spread each call over
// workers goroutines (at least 1), the per-creature tiers run on the
// caller's.
func EvaluatorFor(name string, workers int) (Evaluator, error) {
	if workers < 1 {
		return nil, fmt.Errorf("workers must be at least 1, got %d", workers)
	}
	n, err := LookupTier(name)
	if err != nil {
		return nil, err
	}
	switch n {
	case TierGeneric:
		return GenericEvaluator, nil
	case TierScalar:
		return ScalarEvaluator, nil
	}
	return &Batch{Tier: kernel.Tier(n), Workers: workers}, nil
}

// EnvTier is the tier EVOCOPTER_KERNEL (kernel.EnvVar) names, resolved by
// LookupTier, and the variable's value; both are "" when it is unset or
// empty. Package kernel reads the variable too, for its own dispatch, and
// knows only the kernel tiers; programs that evaluate through this package
// resolve it here, so that it accepts what -kernel accepts.
func EnvTier() (tier, value string, err error) {
	value = os.Getenv(kernel.EnvVar)
	if value == "" {
		return "", "", nil
	}
	tier, err = LookupTier(value)
	if err != nil {
		return "", value, fmt.Errorf("%s=%q: %w", kernel.EnvVar, value, err)
	}
	return tier, value, nil
}
