package gen

import (
	"math"
	"strings"
	"testing"
)

// demoKernel has every part the Go backend prints: a coefficient array it
// reads (k0) and one it does not (k1), slice arrays, a parameter, a finite
// and an infinite constant, a loop with a carried variable, a mask and a
// select, and stores after the loop.
func demoKernel() *Kernel {
	return &Kernel{
		Name: "demo", Doc: "a demonstration",
		Arrays: []string{"k0", "k1", "x", "y"},
		Params: []string{"p"},
		Consts: []Const{{"two", 2}, {"ninf", math.Inf(-1)}},
		Loop:   "steps",
		Pre:    []Instr{{OpMul, "acc", []string{"x", "k0"}}, {OpCopy, "lo", []string{"ninf"}}},
		Body: []Instr{
			{OpMul, "t", []string{"acc", "two"}},
			{OpAdd, "acc", []string{"t", "p"}},
			{OpLess, "m", []string{"lo", "acc"}},
			{OpSelect, "lo", []string{"m", "acc", "lo"}},
		},
		Post: []Instr{{OpSqrt, "r", []string{"lo"}}, {OpStore, "y", []string{"r"}}},
	}
}

// wantDemo is demoKernel in Go: every product wrapped in float64(...) (no
// fused multiply-add), temporaries declared once per scope, carried
// variables assigned in the loop, the unused coefficient left out.
const wantDemo = `// demoSoA runs a demonstration, one creature after another.
// Every slice, the coefficients' included, has the length of y; the caller checks.
func demoSoA(c *Batch2x3, x, y []float64, steps int, p float64) {
	const two float64 = 2
	ninf := math.Inf(-1)
	count := len(y)
	k0 := c.K0[:count]
	x = x[:count]
	y = y[:count]
	for i := 0; i < count; i++ {
		acc := float64(x[i] * k0[i])
		lo := ninf
		for step := 0; step < steps; step++ {
			t := float64(acc * two)
			acc = t + p
			m := lo < acc
			lo = selsd(m, acc, lo)
		}
		r := math.Sqrt(lo)
		y[i] = r
	}
}
`

func TestGoSourceDemo(t *testing.T) {
	src, err := GoSource("kernel", []*Kernel{demoKernel()})
	if err != nil {
		t.Fatal(err)
	}
	s := string(src)
	if !strings.HasPrefix(s, generatedBy+"package kernel\n\nimport \"math\"\n\n") {
		t.Errorf("header:\n%s", s[:min(len(s), 200)])
	}
	if !strings.Contains(s, wantDemo) {
		t.Errorf("GoSource(demo) =\n%s\nwant it to contain\n%s", s, wantDemo)
	}
	for _, helper := range []string{"func maxsd(", "func minsd(", "func selsd("} {
		if !strings.Contains(s, helper) {
			t.Errorf("GoSource lacks %s", helper)
		}
	}
}

// TestGoSourceOps: each operation prints as its Go form.
func TestGoSourceOps(t *testing.T) {
	for op, want := range map[Op]string{
		OpCopy: "v := a[i]", OpNeg: "v := -a[i]", OpAdd: "v := a[i] + b[i]", OpSub: "v := a[i] - b[i]",
		OpMul: "v := float64(a[i] * b[i])", OpDiv: "v := a[i] / b[i]", OpMax: "v := maxsd(a[i], b[i])",
		OpMin: "v := minsd(a[i], b[i])", OpSqrt: "v := math.Sqrt(a[i])", OpAbs: "v := math.Abs(a[i])",
	} {
		args := []string{"a", "b"}[:op.Arity()]
		k := &Kernel{Name: "op", Arrays: []string{"a", "b", "out"},
			Body: []Instr{{op, "v", args}, {OpStore, "out", []string{"v"}}}}
		src, err := GoSource("p", []*Kernel{k})
		if err != nil {
			t.Fatalf("%v: %v", op, err)
		}
		if !strings.Contains(string(src), "\t\t"+want+"\n") {
			t.Errorf("%v: want %q in\n%s", op, want, src)
		}
	}
}

// TestGoSourceRefusesBadKernel: a description that fails Check prints
// nothing.
func TestGoSourceRefusesBadKernel(t *testing.T) {
	bad := &Kernel{Name: "bad", Arrays: []string{"out"}, Body: []Instr{{OpStore, "out", []string{"nope"}}}}
	if src, err := GoSource("p", []*Kernel{demoKernel(), bad}); err == nil || src != nil {
		t.Fatalf("GoSource(bad) = %d bytes, %v; want an error", len(src), err)
	}
}

func TestSignatures(t *testing.T) {
	k := demoKernel()
	for _, c := range []struct{ got, want string }{
		{GoSignature(k), "(c *Batch2x3, x, y []float64, steps int, p float64)"},
		{AsmSignature(k), "(c *Batch2x3, x, y *float64, n int, steps int, p float64)"},
		{FrameSignature(k), "(c *[8][3]uintptr, x, y *float64, n int, steps int, p float64)"},
	} {
		if c.got != c.want {
			t.Errorf("signature %s, want %s", c.got, c.want)
		}
	}
}
