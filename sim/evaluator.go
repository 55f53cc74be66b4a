package sim

// Evaluator computes the fitness of many creatures: out[i] receives the
// five environments' fitness of coeffs[i], each creature starting with
// state 0. Implementations must give the bits of Evaluate.
type Evaluator interface {
	Evaluate(coeffs []Coeffs, out []Fitness)
}

// PerCreature evaluates one creature at a time on the full model, with the
// controller the function builds.
type PerCreature func(Coeffs) Controller

// Evaluate implements Evaluator.
func (f PerCreature) Evaluate(coeffs []Coeffs, out []Fitness) {
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
