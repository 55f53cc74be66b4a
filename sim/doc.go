// Package sim holds the quadcopter model of the evolvingcopter experiment,
// the environments a creature flies through and the evaluation that turns a
// flight into a fitness. It is the reference every fast path is tested
// against.
package sim
