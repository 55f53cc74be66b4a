// Package kernel holds the batched numeric kernels of evocopter and the
// runtime dispatch between their tiers.
//
// Two kernel families work on whole populations stored as structure of
// arrays (one slice per coefficient):
//
//   - Step: one controller step (SPEC §1) for n creatures at once;
//   - Fly: a whole vertical flight (controller, physics and fitness) for n
//     creatures, each creature's state kept in registers for all steps.
//
// Every tier gives the same bits (math.Float64bits equality): soa is
// portable Go, sse2, avx2 and avx512 are amd64 assembly. All of them come
// from one description of each kernel's arithmetic (internal/gen): the Go
// generator prints soa from it and the avo program in kernel/asm emits the
// assembly from it, so the operations and their order match by
// construction.
//
// The tier is chosen once at init from the CPU (see Use and Current); the
// environment variable EVOCOPTER_KERNEL (auto, soa, sse2, avx2, avx512)
// overrides the choice. The purego build tag removes all assembly.
package kernel
