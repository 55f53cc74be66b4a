package gen

import (
	"strings"
	"testing"
)

// TestKernelsCheck: every description the backends emit is well formed.
func TestKernelsCheck(t *testing.T) {
	for _, k := range Kernels() {
		if err := k.Check(); err != nil {
			t.Errorf("%s: %v", k.Name, err)
		}
	}
}

// checkKernel is a small kernel over arrays a, out, parameter p and
// constant one, with the given body.
func checkKernel(body ...Instr) *Kernel {
	return &Kernel{Name: "t", Arrays: []string{"a", "out"}, Params: []string{"p"},
		Consts: []Const{{"one", 1}}, Body: body}
}

// TestCheckRejects: each mistake a description can make is caught, with
// a message that says which.
func TestCheckRejects(t *testing.T) {
	cases := []struct {
		name string
		k    *Kernel
		want string
	}{
		{"arity", checkKernel(Instr{OpAdd, "x", []string{"a"}}), "want 2 operands"},
		{"select arity", checkKernel(Instr{OpSelect, "x", []string{"a", "p"}}), "want 3 operands"},
		{"undefined", checkKernel(Instr{OpAdd, "x", []string{"a", "nope"}}), `"nope" used before it is defined`},
		{"used before assigned", checkKernel(
			Instr{OpAdd, "x", []string{"a", "y"}},
			Instr{OpCopy, "y", []string{"a"}}), `"y" used before it is defined`},
		{"mask as number", checkKernel(
			Instr{OpLess, "m", []string{"a", "p"}},
			Instr{OpAdd, "x", []string{"m", "one"}}), `operand "m": mask/number mismatch`},
		{"number as mask", checkKernel(
			Instr{OpSelect, "x", []string{"a", "p", "one"}}), `operand "a": mask/number mismatch`},
		{"store to a variable", checkKernel(
			Instr{OpCopy, "x", []string{"a"}},
			Instr{OpStore, "x", []string{"a"}}), "store to a non-array"},
		{"store to a parameter", checkKernel(Instr{OpStore, "p", []string{"a"}}), "store to a non-array"},
		{"assign to an array", checkKernel(Instr{OpCopy, "out", []string{"a"}}), `cannot assign to "out"`},
		{"assign to a parameter", checkKernel(Instr{OpCopy, "p", []string{"a"}}), `cannot assign to "p"`},
		{"assign to a constant", checkKernel(Instr{OpCopy, "one", []string{"a"}}), `cannot assign to "one"`},
	}
	for _, c := range cases {
		err := c.k.Check()
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "t: ") {
			t.Errorf("%s: Check() = %v, want an error naming the kernel and containing %q", c.name, err, c.want)
		}
	}
	ok := checkKernel(
		Instr{OpLess, "m", []string{"a", "p"}},
		Instr{OpSelect, "x", []string{"m", "a", "one"}},
		Instr{OpStore, "out", []string{"x"}})
	if err := ok.Check(); err != nil {
		t.Errorf("a well-formed kernel: %v", err)
	}
}

// TestKindsAndUses covers the queries the backends ask of a description.
func TestKindsAndUses(t *testing.T) {
	k := Fly(false, false)
	for name, want := range map[string]Kind{"k0": KindArray, "state": KindArray, "dt": KindParam,
		"three": KindConst, "fit": KindVar, "nope": KindNone} {
		if got := k.KindOf(name); got != want {
			t.Errorf("KindOf(%s) = %d, want %d", name, got, want)
		}
	}
	if got := strings.Join(k.Carried(), " "); got != "s z w prev fit" {
		t.Errorf("Carried() = %q, want the variables the loop updates", got)
	}
	if !k.IsMask("worse") || k.IsMask("dist") {
		t.Error("IsMask: worse is a mask, dist is not")
	}
	out := &Kernel{Name: "o", Arrays: arrays("out"), Body: []Instr{{OpStore, "out", []string{"q1"}}}}
	if !out.Uses("q1") || !out.Uses("out") || out.Uses("k0") {
		t.Error("Uses: q1 and out are used, k0 is not")
	}
	if got := strings.Join(k.SliceArrays(), " "); got != "state fitness" {
		t.Errorf("SliceArrays() = %q", got)
	}
}
