package sim

// NewHover3DEvaluatorSettle is the scalar evaluator of a fitness with the
// given settle weight (Task.Settle), for the tests of package sim_test.
var NewHover3DEvaluatorSettle = newHover3DEvaluator
