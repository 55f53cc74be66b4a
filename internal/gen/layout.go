package gen

// The coefficient arrays reach every kernel as one pointer to kernel.Coeffs
// (the Go parameter named CoeffsParam), not as eight slices: the assembly
// reads each array's data pointer from the struct itself. This file is the
// one place that layout is written down; the Go backend prints the field
// names from it, the avo program reads the offsets from it, and package
// kernel's TestCoeffsLayout checks both against unsafe.Offsetof.
//
//	type Coeffs struct{ K0, K1, K2, Q0, Q1, Q2, C0, C1 []float64 }
//
// Field i is the slice of coefficientArrays[i]; a slice header is (data
// pointer, length, capacity), three words, so field i's data pointer is at
// byte 3*i*PtrSize and its length one word after that.

// CoeffsType and CoeffsParam are the Go type and parameter name of the
// coefficient block in every generated signature.
const (
	CoeffsType  = "Coeffs"
	CoeffsParam = "c"
)

// coeffsFields are the field names of Coeffs, in SPEC (and memory) order,
// parallel to coefficientArrays.
var coeffsFields = []string{"K0", "K1", "K2", "Q0", "Q1", "Q2", "C0", "C1"}

// CoeffsField is the Coeffs field holding coefficient array name and its
// index in the struct; ok is false if name is not a coefficient array.
func CoeffsField(name string) (field string, index int, ok bool) {
	for i, a := range coefficientArrays {
		if a == name {
			return coeffsFields[i], i, true
		}
	}
	return "", 0, false
}

// CoeffsFrameType is a type expression with no named types that has the
// frame layout of *Coeffs (one pointer): avo parses signatures without the
// kernel package, so the assembly's signature says this where the Go
// declaration says *Coeffs. Both are one pointer word; go vet's asmdecl
// checks the assembly against the Go declaration.
const CoeffsFrameType = "*[8][3]uintptr"

// CoeffsFields lists the Coeffs field names in memory order.
func CoeffsFields() []string { return append([]string(nil), coeffsFields...) }

// CoeffsDataOffset is the byte offset, from the start of a Coeffs, of the
// data pointer of coefficient array name on an architecture whose pointers
// are ptrSize bytes (8 for the amd64 assembly); ok as for CoeffsField.
func CoeffsDataOffset(name string, ptrSize int) (off int, ok bool) {
	_, i, ok := CoeffsField(name)
	return 3 * i * ptrSize, ok
}

// IsCoeff reports whether array name is one of the coefficient arrays,
// which reach the kernels through the Coeffs pointer.
func IsCoeff(name string) bool {
	_, _, ok := CoeffsField(name)
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
