package kernel

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"sync/atomic"
)

// Tier names one implementation of the kernels.
type Tier string

// The Tier constants, allTiers and the tier ids are generated from
// internal/gen's ISAs (dispatch_gen.go), as are each build's assembly
// tiers (asmImpls) and the run functions that dispatch to the kernels.

// Auto is the name Use accepts for "the best tier this CPU runs".
const Auto = "auto"

// EnvVar is the environment variable read at init to override the tier.
const EnvVar = "EVOCOPTER_KERNEL"

// impl is a tier compiled into this binary.
//
// The kernels are not held as function values: the generated run functions
// (runStep, runFly; one set per architecture) switch on id and call them
// directly. A call through a function value makes every pointer argument
// escape (the compiler cannot see the callee), while the direct calls of
// the noescape assembly stubs keep a caller's Batch2x3 and slice headers
// where the caller put them.
type impl struct {
	tier Tier
	id   tierID
	// lacks names the CPU features the tier needs that this CPU lacks
	// ("" when it can run).
	lacks func() string
	// ok caches lacks() == "" (the CPU does not change).
	ok bool
	// auto says whether Use("auto") may pick the tier.
	auto bool
}

// needs is a lacks function: features when have is false.
func needs(have bool, features string) func() string {
	return func() string {
		if have {
			return ""
		}
		return features
	}
}

var soaImpl = &impl{tier: SoA, id: idSoA, lacks: func() string { return "" }, auto: true}

// compiled lists the tiers of this binary, slowest first; asmImpls comes
// from the architecture's file.
var compiled = func() []*impl {
	all := append([]*impl{soaImpl}, asmImpls...)
	for _, im := range all {
		im.ok = im.lacks() == ""
	}
	return all
}()

var (
	current  atomic.Pointer[impl]
	envError error
)

func init() {
	im, err := fromEnv(os.Getenv(EnvVar))
	current.Store(im)
	envError = err
}

// fromEnv resolves the value of EVOCOPTER_KERNEL: empty or "auto" is the
// best tier; anything else must be a tier this CPU runs. On error it still
// returns the best tier, so a bad value never breaks a program.
func fromEnv(v string) (*impl, error) {
	if v == "" {
		return best(), nil
	}
	im, err := lookup(v)
	if err != nil {
		return best(), fmt.Errorf("%s=%q ignored, using %s: %w", EnvVar, v, best().tier, err)
	}
	return im, nil
}

// EnvError reports why the EVOCOPTER_KERNEL value seen at init was not
// used (nil if it was, or was unset); the tier then is the automatic choice.
func EnvError() error { return envError }

// Best is the tier "auto" means on this CPU: the fastest available tier
// that automatic selection may pick.
func Best() Tier { return best().tier }

// best is the fastest available tier auto may pick.
func best() *impl {
	for i := len(compiled) - 1; i >= 0; i-- {
		if im := compiled[i]; im.auto && im.ok {
			return im
		}
	}
	return soaImpl
}

// NormalName is a tier name as lookups compare it: lower case, without
// surrounding space. Every layer that accepts tier names (Use,
// EVOCOPTER_KERNEL, package sim's registry) normalises with it.
func NormalName(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

func lookup(name string) (*impl, error) {
	name = NormalName(name)
	if name == Auto {
		return best(), nil
	}
	for _, im := range compiled {
		if string(im.tier) == name {
			if missing := im.lacks(); missing != "" {
				return nil, &TierError{Name: name, Known: true, BuiltIn: true, Missing: missing}
			}
			return im, nil
		}
	}
	return nil, &TierError{Name: name, Known: slices.Contains(allTiers, Tier(name))}
}

// AllTiers lists every kernel tier of any build, slowest first (Tiers are
// those of this binary).
func AllTiers() []Tier { return slices.Clone(allTiers) }

// TierError says why a tier name cannot be used here: it names no tier
// (!Known), a tier this binary lacks (!BuiltIn: another GOARCH, or the
// purego tag), or one whose CPU features this CPU lacks (Missing).
type TierError struct {
	Name           string // the name, normalised
	Known, BuiltIn bool
	Missing        string // the CPU features the tier needs that this CPU lacks
}

func (e *TierError) Error() string {
	return "kernel: " + e.Describe(TierNames(allTiers), TierNames(Tiers()))
}

// Describe is the error's message without the package prefix, with the
// lists of known and built-in names given: a layer that adds tiers of its
// own (package sim) lists them too.
func (e *TierError) Describe(known, builtIn []string) string {
	switch {
	case !e.Known:
		return fmt.Sprintf("unknown tier %q (known: %s, or %s)", e.Name, strings.Join(known, " "), Auto)
	case !e.BuiltIn:
		return fmt.Sprintf("tier %q is not built into this binary (GOARCH=%s, or the purego tag; built in: %s)", e.Name, goarch, strings.Join(builtIn, " "))
	}
	return fmt.Sprintf("tier %q needs %s, which this CPU lacks", e.Name, e.Missing)
}

// TierNames are the tiers' names.
func TierNames(ts []Tier) []string {
	s := make([]string, len(ts))
	for i, t := range ts {
		s[i] = string(t)
	}
	return s
}

// Use makes the tier called name the one Step and Fly run ("auto" picks the
// best). It returns an error, and changes nothing, if the name is unknown,
// the tier is not built into this binary or the CPU lacks what it needs.
// Use is safe to call concurrently with Step and Fly; calls already running
// finish on the previous tier.
func Use(name string) error {
	im, err := lookup(name)
	if err != nil {
		return err
	}
	current.Store(im)
	return nil
}

// Current is the tier Step and Fly run.
func Current() Tier { return current.Load().tier }

// Tiers lists the tiers built into this binary, slowest first.
func Tiers() []Tier {
	ts := make([]Tier, len(compiled))
	for i, im := range compiled {
		ts[i] = im.tier
	}
	return ts
}

// Available lists the tiers of this binary the CPU can run, slowest first.
func Available() []Tier {
	var ts []Tier
	for _, im := range compiled {
		if im.lacks() == "" {
			ts = append(ts, im.tier)
		}
	}
	return ts
}

// Err says why t cannot run here (nil if it can). Like Use, it takes any
// spelling of a tier's name (case, surrounding space) and "auto"; Step and
// Fly on such a Tier run the tier it names. The error is a *TierError.
func (t Tier) Err() error {
	_, err := lookup(string(t))
	return err
}

// Auto reports whether automatic selection may pick t.
func (t Tier) Auto() bool {
	for _, im := range compiled {
		if im.tier == t {
			return im.auto
		}
	}
	return false
}

// mustImpl is t's implementation; it panics if t cannot run here. It is on
// every Tier.Step call, so the common case is a short scan; a name in
// another spelling (" AVX2", "auto") is resolved as Err resolves it, so
// that every tier Err accepts runs.
func (t Tier) mustImpl() *impl {
	for _, im := range compiled {
		if im.tier == t && im.ok {
			return im
		}
	}
	im, err := lookup(string(t))
	if err != nil {
		panic(err)
	}
	return im
}
