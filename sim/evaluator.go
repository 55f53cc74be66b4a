package sim

// Evaluator computes the fitness of many creatures: out[i] receives the
// five environments' fitness of coeffs[i], each creature starting with
// state 0. Implementations must give the bits of Evaluate, and panic (with
// a message) if out is shorter than coeffs.
type Evaluator interface {
	Evaluate(coeffs []Coeffs, out []Fitness)
}

// PerCreature evaluates one creature at a time on the full model, with the
// controller the function builds.
type PerCreature func(Coeffs) Controller

// Evaluate implements Evaluator. It panics if out is shorter than coeffs.
func (f PerCreature) Evaluate(coeffs []Coeffs, out []Fitness) {
	if len(out) < len(coeffs) {
		panic("sim: PerCreature.Evaluate: out is shorter than coeffs")
	}
	for i, c := range coeffs {
		out[i] = Evaluate(f(c))
	}
}

// The one-creature-at-a-time evaluators of the straightforward port.
var (
	// ScalarEvaluator uses the unrolled 2x3 controller (SpecializedCreature).
	ScalarEvaluator Evaluator = PerCreature(func(c Coeffs) Controller { return NewSpecialized(c) })
	// GenericEvaluator uses gonum's matrix-vector product (numpy Creature).
	GenericEvaluator Evaluator = PerCreature(func(c Coeffs) Controller { return NewGeneric2x3(c) })
)
