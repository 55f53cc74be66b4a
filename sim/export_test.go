package sim

// NewHover3DEvaluatorWeights is the scalar evaluator of a fitness with the
// given weights (Task.Weights), for the tests of package sim_test.
var NewHover3DEvaluatorWeights = newHover3DEvaluator
