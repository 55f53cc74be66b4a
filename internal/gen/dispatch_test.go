package gen

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGeneratedGoIsCurrent: the committed Go files of package kernel are
// what the descriptions print (make check-generate also covers the
// assembly, which needs the avo module).
func TestGeneratedGoIsCurrent(t *testing.T) {
	files, err := DispatchSources("kernel", Kernels(), ISAs())
	if err != nil {
		t.Fatal(err)
	}
	if files["soa_gen.go"], err = GoSource("kernel", Kernels()); err != nil {
		t.Fatal(err)
	}
	blocks, err := BlockDispatchSources("kernel", BlockKernels(), ISAs())
	if err != nil {
		t.Fatal(err)
	}
	for name, src := range blocks {
		files[name] = src
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join("..", "..", "kernel", name))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("kernel/%s is stale: run make generate", name)
		}
	}
}

// TestDispatchShape: every kernel of every family is called for every
// ISA and for the portable tier, and each build gets its run functions.
func TestDispatchShape(t *testing.T) {
	isas := append(ISAs(), &ISA{Name: "NEON", Tier: "neon", GOARCH: "arm64", Lanes: 2, CPU: "cpu.ARM64.HasASIMD", Features: "ASIMD"})
	files, err := DispatchSources("kernel", Kernels(), isas)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 4 {
		t.Fatalf("files %v, want dispatch_gen.go, dispatch_amd64.go, dispatch_arm64.go, dispatch_noasm.go", len(files))
	}
	common, noasm := string(files["dispatch_gen.go"]), string(files["dispatch_noasm.go"])
	if !strings.Contains(noasm, "//go:build !(amd64 || arm64) || purego || !gc\n") {
		t.Errorf("dispatch_noasm.go build line:\n%s", noasm)
	}
	if !strings.Contains(common, `NEON   Tier = "neon"`) || !strings.Contains(common, "idNEON\n") {
		t.Errorf("dispatch_gen.go lacks the neon tier:\n%s", common)
	}
	for _, k := range Kernels() {
		if !strings.Contains(common, "\t"+k.Name+"SoA(") {
			t.Errorf("dispatch_gen.go does not call %sSoA", k.Name)
		}
		if k.Family != "" && !strings.Contains(common, variantConst(k)+" ") {
			t.Errorf("dispatch_gen.go lacks the variant constant of %s", k.Name)
		}
		for _, isa := range isas {
			file := string(files["dispatch_"+isa.GOARCH+".go"])
			if !strings.Contains(file, "\t"+k.Name+isa.Name+"(") {
				t.Errorf("dispatch_%s.go does not call %s%s", isa.GOARCH, k.Name, isa.Name)
			}
		}
	}
	for _, f := range []string{"dispatch_amd64.go", "dispatch_arm64.go", "dispatch_noasm.go"} {
		for _, run := range []string{"func runStep(", "func runFly("} {
			if !strings.Contains(string(files[f]), run) {
				t.Errorf("%s lacks %s", f, run)
			}
		}
	}
	if arm := string(files["dispatch_arm64.go"]); !strings.Contains(arm, `needs(cpu.ARM64.HasASIMD, "ASIMD")`) {
		t.Errorf("dispatch_arm64.go lacks the CPU check:\n%s", arm)
	}
}

// TestFamiliesRefuse: the kernels of a family must differ in variant,
// share a signature and include a variant 0 (the default case).
func TestFamiliesRefuse(t *testing.T) {
	variant := func(k *Kernel, v int) *Kernel { k.Variant = v; return k }
	renamed := func(k *Kernel, name string) *Kernel { k.Name = name; return k }
	other := Step()
	other.Family, other.Name = "fly", "flyStep"
	for name, c := range map[string]struct {
		ks   []*Kernel
		want string
	}{
		"same variant": {[]*Kernel{Fly(false, false), renamed(Fly(false, false), "flyAgain")}, "both variant 0"},
		"signatures":   {[]*Kernel{Fly(false, false), variant(other, 4)}, "differ in signature"},
		"no default":   {[]*Kernel{Fly(true, false), Fly(false, true)}, "has no variant 0"},
	} {
		if _, err := DispatchSources("kernel", c.ks, ISAs()); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error containing %q", name, err, c.want)
		}
	}
}
