package gen

import "github.com/evocopter/evocopter/internal/coeffs"

// The coefficient arrays reach every kernel as one pointer to
// kernel.Batch2x3 (the Go parameter named BatchParam), not as eight
// slices: the assembly reads each array's data pointer from the struct
// itself. This file is the one place that layout is written down; the Go
// backend prints the field names from it, the avo program reads the offsets
// from it, and package kernel's TestBatch2x3Layout checks both against
// unsafe.Offsetof.
//
//	type Batch2x3 struct{ K0, K1, K2, Q0, Q1, Q2, C0, C1 []float64 }
//
// Field i is the slice of coefficient i of internal/coeffs (its array in a
// description is named coeffs.Name(i), its field coeffs.Field(i)); a slice
// header is (data pointer, length, capacity), three words, so field i's
// data pointer is at byte 3*i*PtrSize and its length one word after that.

// BatchType and BatchParam are the Go type and parameter name of the
// coefficient block in every generated signature.
const (
	BatchType  = "Batch2x3"
	BatchParam = "c"
)

// BatchField is the Batch2x3 field holding coefficient array name and its
// index in the struct; ok is false if name is not a coefficient array.
func BatchField(name string) (field string, index int, ok bool) {
	for i, a := range coeffs.Names() {
		if a == name {
			return coeffs.Field(i), i, true
		}
	}
	return "", 0, false
}

// BatchFrameType is a type expression with no named types that has the
// frame layout of *Batch2x3 (one pointer): avo parses signatures without
// the kernel package, so the assembly's signature says this where the Go
// declaration says *Batch2x3. Both are one pointer word; go vet's asmdecl
// checks the assembly against the Go declaration.
const BatchFrameType = "*[8][3]uintptr"

// BatchFields lists the Batch2x3 field names in memory order.
func BatchFields() []string {
	out := make([]string, coeffs.N)
	for i := range out {
		out[i] = coeffs.Field(i)
	}
	return out
}

// BatchDataOffset is the byte offset, from the start of a Batch2x3, of the
// data pointer of coefficient array name on an architecture whose pointers
// are ptrSize bytes (8 for the amd64 assembly); ok as for BatchField.
func BatchDataOffset(name string, ptrSize int) (off int, ok bool) {
	_, i, ok := BatchField(name)
	return 3 * i * ptrSize, ok
}

// IsCoeff reports whether array name is one of the coefficient arrays,
// which reach the kernels through the Batch2x3 pointer.
func IsCoeff(name string) bool {
	_, _, ok := BatchField(name)
	return ok
}

// SliceArrays lists k's arrays that are passed as slice parameters (the
// ones that are not coefficients), in signature order. The last one's
// length is the creature count n.
func (k *Kernel) SliceArrays() []string {
	var out []string
	for _, a := range k.Arrays {
		if !IsCoeff(a) {
			out = append(out, a)
		}
	}
	return out
}
