package gen

import (
	"bytes"
	"fmt"
	"go/format"
	"math"
	"strconv"
)

func negInf() float64 { return math.Inf(-1) }

// GoSource prints the portable structure-of-arrays Go version of kernels as
// one file of package pkg. Function names are the kernel name plus "SoA".
//
// Every product is written float64(a * b): the explicit conversion forbids
// the compiler to fuse it with a following addition into a fused
// multiply-add (arm64, ppc64le, s390x, GOAMD64=v3), which would change the
// bits. A helper function would not (it is inlined, then fused).
func GoSource(pkg string, kernels []*Kernel) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(generatedBy)
	fmt.Fprintf(&b, "package %s\n\nimport \"math\"\n\n", pkg)
	for _, k := range kernels {
		if err := k.Check(); err != nil {
			return nil, err
		}
		writeGoKernel(&b, k)
	}
	b.WriteString(goHelpers)
	out, err := format.Source(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("gofmt generated code: %w\n%s", err, b.Bytes())
	}
	return out, nil
}

// The x86 MAXSD/MINSD semantics the descriptions are written in: the second
// operand wins when either is NaN or both are zero.
const goHelpers = `
// maxsd is x86 MAXSD: a > b ? a : b.
func maxsd(a, b float64) float64 {
	if a > b {
		return a
	}
	return b
}

// minsd is x86 MINSD: a < b ? a : b.
func minsd(a, b float64) float64 {
	if a < b {
		return a
	}
	return b
}

// selsd is a lane select: m ? a : b.
func selsd(m bool, a, b float64) float64 {
	if m {
		return a
	}
	return b
}

`

// GoSignature is the parameter list of k's portable Go function: the
// coefficient block as one pointer (see layout.go), then the other arrays
// as slices, the loop count and the parameters.
func GoSignature(k *Kernel) string { return signature(k, "*"+BatchType, false) }

// AsmSignature is the parameter list of k's assembly functions: as
// GoSignature, but the other arrays are passed as data pointers followed
// by one count n (CountParam), so that the whole argument block fits in
// registers up to the assembly's ABI wrapper. The caller has checked every
// length.
func AsmSignature(k *Kernel) string { return signature(k, "*"+BatchType, true) }

// FrameSignature is AsmSignature with the coefficient pointer's type
// written as BatchFrameType, for tools that parse it without package
// kernel's types (the frame layout is the same).
func FrameSignature(k *Kernel) string { return signature(k, BatchFrameType, true) }

// CountParam is the creature count parameter of AsmSignature.
const CountParam = "n"

func signature(k *Kernel, coeffsType string, pointers bool) string {
	var b bytes.Buffer
	fmt.Fprintf(&b, "(%s %s", BatchParam, coeffsType)
	if s := k.SliceArrays(); len(s) > 0 {
		b.WriteString(", ")
		for i, a := range s {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(a)
		}
		if pointers {
			fmt.Fprintf(&b, " *float64, %s int", CountParam)
		} else {
			b.WriteString(" []float64")
		}
	}
	if k.Loop != "" {
		fmt.Fprintf(&b, ", %s int", k.Loop)
	}
	if len(k.Params) > 0 {
		b.WriteString(", ")
		for i, p := range k.Params {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(p)
		}
		b.WriteString(" float64")
	}
	b.WriteString(")")
	return b.String()
}

func writeGoKernel(b *bytes.Buffer, k *Kernel) {
	slices := k.SliceArrays()
	n := slices[len(slices)-1]
	fmt.Fprintf(b, "// %sSoA runs %s, one creature after another.\n", k.Name, k.Doc)
	fmt.Fprintf(b, "// Every slice, the coefficients' included, has the length of %s; the caller checks.\n", n)
	fmt.Fprintf(b, "func %sSoA%s {\n", k.Name, GoSignature(k))
	for _, c := range k.Consts {
		if math.IsInf(c.Value, 0) {
			fmt.Fprintf(b, "%s := math.Inf(%d)\n", c.Name, int(math.Copysign(1, c.Value)))
		} else {
			fmt.Fprintf(b, "const %s float64 = %s\n", c.Name, strconv.FormatFloat(c.Value, 'g', -1, 64))
		}
	}
	// Reslicing to one length lets the compiler drop the bounds checks.
	fmt.Fprintf(b, "count := len(%s)\n", n)
	for _, a := range k.Arrays {
		if field, _, ok := BatchField(a); ok {
			// Every kernel receives the whole Batch2x3; a coefficient it
			// does not read gets no local (Go rejects an unused one).
			if k.Uses(a) {
				fmt.Fprintf(b, "%s := %s.%s[:count]\n", a, BatchParam, field)
			}
		} else {
			fmt.Fprintf(b, "%s = %s[:count]\n", a, a)
		}
	}
	fmt.Fprintf(b, "for i := 0; i < count; i++ {\n")
	declared := map[string]bool{}
	for _, in := range k.Pre {
		writeGoInstr(b, k, in, declared)
	}
	if k.Loop != "" {
		fmt.Fprintf(b, "for step := 0; step < %s; step++ {\n", k.Loop)
		inner := map[string]bool{}
		for name := range declared {
			inner[name] = true
		}
		for _, in := range k.Body {
			writeGoInstr(b, k, in, inner)
		}
		b.WriteString("}\n")
	} else {
		for _, in := range k.Body {
			writeGoInstr(b, k, in, declared)
		}
	}
	for _, in := range k.Post {
		writeGoInstr(b, k, in, declared)
	}
	b.WriteString("}\n}\n\n")
}

func goOperand(k *Kernel, name string) string {
	if k.KindOf(name) == KindArray {
		return name + "[i]"
	}
	return name
}

func writeGoInstr(b *bytes.Buffer, k *Kernel, in Instr, declared map[string]bool) {
	writeGoInstrWith(b, k, in, declared, func(name string) string { return goOperand(k, name) })
}

// writeGoInstrWith prints in with operand(name) as each operand's Go
// expression.
func writeGoInstrWith(b *bytes.Buffer, k *Kernel, in Instr, declared map[string]bool, operand func(string) string) {
	a := make([]string, len(in.Args))
	for i, arg := range in.Args {
		a[i] = operand(arg)
	}
	var expr string
	switch in.Op {
	case OpCopy:
		expr = a[0]
	case OpNeg:
		expr = "-" + a[0]
	case OpAdd:
		expr = a[0] + " + " + a[1]
	case OpSub:
		expr = a[0] + " - " + a[1]
	case OpMul:
		expr = "float64(" + a[0] + " * " + a[1] + ")"
	case OpDiv:
		expr = a[0] + " / " + a[1]
	case OpMax:
		expr = "maxsd(" + a[0] + ", " + a[1] + ")"
	case OpMin:
		expr = "minsd(" + a[0] + ", " + a[1] + ")"
	case OpSqrt:
		expr = "math.Sqrt(" + a[0] + ")"
	case OpAbs:
		expr = "math.Abs(" + a[0] + ")"
	case OpLess:
		expr = a[0] + " < " + a[1]
	case OpSelect:
		expr = "selsd(" + a[0] + ", " + a[1] + ", " + a[2] + ")"
	case OpLessEq:
		expr = a[0] + " <= " + a[1]
	case OpAnd:
		expr = a[0] + " && " + a[1]
	case OpAndNot:
		expr = a[0] + " && !" + a[1]
	case OpXor:
		expr = a[0] + " != " + a[1]
	case OpBitClear:
		v, _ := k.ConstValue(in.Args[1])
		expr = fmt.Sprintf("math.Float64bits(%s)&%#x == 0", a[0], math.Float64bits(v))
	case OpStore:
		fmt.Fprintf(b, "%s[i] = %s\n", in.Dst, a[0])
		return
	}
	op := "="
	if !declared[in.Dst] {
		op = ":="
		declared[in.Dst] = true
	}
	fmt.Fprintf(b, "%s %s %s\n", in.Dst, op, expr)
}
