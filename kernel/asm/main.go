// Command asm writes the amd64 assembly of package kernel (SSE2, AVX2 and
// AVX-512 tiers) and its Go declarations. It walks the kernel descriptions
// of internal/gen, the same ones the portable Go tier is printed from, so
// every tier performs the same operations in the same order.
//
//	go run . -out ../kernel_amd64.s -stubs ../kernel_amd64.go -pkg kernel
package main

import (
	"fmt"
	"math"

	"github.com/evocopter/evocopter/internal/gen"
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
)

func main() {
	ConstraintExpr("amd64,gc,!purego")
	tailMasks()
	for _, k := range gen.Kernels() {
		if err := k.Check(); err != nil {
			panic(err)
		}
		for _, isa := range isas {
			emitKernel(k, isa)
		}
	}
	Generate()
}

// tailMaskTable holds, at index r, the 16-bit opmask selecting lanes [0, r):
// the AVX-512 tail runs the last n%8 creatures under it.
var tailMaskTable Mem

func tailMasks() {
	tailMaskTable = GLOBL("tailmask", RODATA|NOPTR)
	for r := 0; r < 8; r++ {
		DATA(2*r, U16(1<<r-1))
	}
}

// f64 is a float64 constant as its bits: avo v0.5.0 prints F64 values in a
// form the assembler reads as an integer.
func f64(x float64) U64 { return U64(math.Float64bits(x)) }

func funcName(k *gen.Kernel, isa *ISA) string { return fmt.Sprintf("%s%s", k.Name, isa.Name) }
