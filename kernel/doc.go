// Package kernel holds the batched numeric kernels of evocopter and the
// runtime dispatch between their tiers. It knows nothing about quadcopters
// beyond the arithmetic below: every physical constant comes in as a
// parameter.
//
// The kernels work on n controllers stored as structure of arrays
// (Batch2x3: one slice per coefficient, k0 k1 k2 q0 q1 q2 c0 c1). All
// arithmetic is IEEE binary64, round to nearest, every operation rounded
// on its own: no fused multiply-add, no reassociation.
//
// Step is one controller step (docs/semantics.md §1) for every creature i,
// with in0 the setpoint and in1 the altitude:
//
//	state[i], out[i] = ((state[i]*k0 + in0[i]*k1) + in1[i]*k2) + c0,
//	                   ((state[i]*q0 + in0[i]*q1) + in1[i]*q2) + c1
//
// Fly is one whole flight (docs/semantics.md §3) in its vertical form, for
// every creature, fused: controller, physics and fitness for Steps steps,
// each creature's values in registers from the first step to the last.
// From z = -Z0 (z points down), w = 0, prev = -Inf, fitness = 0, each step
// computes, with s the controller state and zsp the setpoint:
//
//	pwm, s  = ((s*q0 + zsp*q1) + (-z)*q2) + c1, ((s*k0 + zsp*k1) + (-z)*k2) + c0
//	o       = min(max(pwm, 0), 1)              (a NaN output gives 0)
//	dw      = (-MF * (((o*o + o*o) + o*o) + o*o)) / M + G
//	z, w    = z + w*Dt, w + dw*Dt              (z moves with the old w)
//	if z > 0 { z, w = 0, 0 }                   (the ground)
//	dist    = sqrt(d*d), d = zsp - (-z)
//	fitness += dist > prev ? dist*3 : dist;  prev = dist
//
// With four equal motors from rest this gives the bits of the full 6-DOF
// model of package sim. The kernels compute some terms in another but
// exact form (zsp*k1 once per flight, sq*3 for (sq+sq)+sq, |d| for
// sqrt(d*d) where Fly proves it equal, no division when M is 1); each
// rewrite is explained where internal/gen makes it, and the tests compare
// every tier with a literal transcription of the formulas above.
//
// The tiers: soa is generated portable Go (every architecture); sse2, avx2
// and avx512 are amd64 assembly working on 2, 4 and 8 creatures per
// instruction. Every tier gives the same bits (math.Float64bits equality).
// All of them come from one description of each kernel's arithmetic
// (internal/gen): the Go generator prints soa from it and the avo program
// in kernel/asm emits the assembly from it, so the operations and their
// order match by construction.
//
// The tier is chosen once at init from the CPU: the best one Best reports,
// which is what "auto" means. The environment variable EVOCOPTER_KERNEL
// (auto, soa, sse2, avx2, avx512) overrides the choice, and Use changes it
// at run time; Tier.Step and Tier.Fly run a given tier. The purego build
// tag removes all assembly.
package kernel
