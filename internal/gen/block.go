package gen

import (
	"bytes"
	"fmt"
	"go/format"
	"math"
	"slices"
	"strconv"
	"strings"
)

// A Block kernel reads and writes its creatures' data in blocks of
// BlockLanes creatures instead of one slice per array: a kernel with many
// per-creature values (the 3-D flight reads 70 coefficients) would
// otherwise take as many slices, and the assembly as many pointer
// registers. Block b holds creatures b*BlockLanes ... b*BlockLanes+7; in
// it, array j (the j-th of Kernel.Arrays) of lane l is at
//
//	data[(b*len(Arrays) + j)*BlockLanes + l]
//
// so each array of a block is one 64-byte vector (one AVX-512 register,
// two AVX2, four SSE2, all aligned alike), and one pointer and constant
// displacements reach every array. The last block may be partly used: the
// data still holds all of it (a kernel may read its unused lanes, whose
// values do not matter), and a kernel writes only the first n creatures.
type Block struct {
	*Kernel
	Lanes int // BlockLanes
	// Live names a mask variable of the loop: once it is false, Dead
	// computes what Body would for the rest of the loop (for the fused
	// flight: a crashed creature only adds the bound to its fitness), so
	// a backend may switch to Dead once Live is false in every lane it
	// runs together. "" means no such shortcut.
	Live string
	Dead []Instr
}

// Check verifies the kernel and its Dead body (see Kernel.Check).
func (k *Block) Check() error {
	if err := k.Kernel.Check(); err != nil {
		return err
	}
	if k.Live == "" {
		return nil
	}
	if !k.IsMask(k.Live) || !slices.Contains(k.Carried(), k.Live) {
		return fmt.Errorf("%s: Live %q is not a mask carried by the loop", k.Name, k.Live)
	}
	d := *k.Kernel
	d.Body = k.Dead
	if err := d.Check(); err != nil {
		return fmt.Errorf("%s: Dead: %w", k.Name, err)
	}
	return nil
}

// BlockLanes is the number of creatures of one block: the widest tier's
// lanes.
const BlockLanes = 8

// Field is the index of array name within a block, or -1.
func (k *Block) Field(name string) int {
	for j, a := range k.Arrays {
		if a == name {
			return j
		}
	}
	return -1
}

// Stride is the number of float64 values of one block.
func (k *Block) Stride() int { return len(k.Arrays) * k.Lanes }

// BlockSignature is the Go parameter list of a block kernel: the data, the
// creature count, the loop count and the parameters.
func BlockSignature(k *Block, pointer bool) string {
	var b bytes.Buffer
	if pointer {
		b.WriteString("(data *float64, n int")
	} else {
		b.WriteString("(data []float64, n int")
	}
	if k.Loop != "" {
		fmt.Fprintf(&b, ", %s int", k.Loop)
	}
	for _, p := range k.Params {
		b.WriteString(", " + p)
	}
	if len(k.Params) > 0 {
		b.WriteString(" float64")
	}
	b.WriteString(")")
	return b.String()
}

// BlockKernels lists the block kernels, in the order the backends emit them.
func BlockKernels() []*Block { return []*Block{Hover3D()} }

// GoBlockSource prints the portable Go versions of block kernels as one
// file of package pkg; function names are the kernel name plus "SoA".
// Products are written float64(a * b) as in GoSource.
func GoBlockSource(pkg string, kernels []*Block) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(generatedBy)
	fmt.Fprintf(&b, "package %s\n\nimport \"math\"\n\n", pkg)
	for _, k := range kernels {
		if err := k.Check(); err != nil {
			return nil, err
		}
		writeGoBlockKernel(&b, k)
	}
	out, err := format.Source(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("gofmt generated code: %v\n%s", err, b.Bytes())
	}
	return out, nil
}

func writeGoBlockKernel(b *bytes.Buffer, k *Block) {
	fmt.Fprintf(b, "// %sSoA runs %s, one creature after another.\n", k.Name, k.Doc)
	fmt.Fprintf(b, "// data holds the n creatures in blocks of %d (internal/gen.Block); the caller\n// checks its length.\n", k.Lanes)
	fmt.Fprintf(b, "func %sSoA%s {\n", k.Name, BlockSignature(k, false))
	for _, c := range k.Consts {
		// Constants whose decimal form would not be their bits (NaN) are
		// written as bits.
		if math.IsNaN(c.Value) || math.IsInf(c.Value, 0) {
			fmt.Fprintf(b, "%s := math.Float64frombits(%#x)\n", c.Name, math.Float64bits(c.Value))
		} else {
			fmt.Fprintf(b, "const %s float64 = %s\n", c.Name, strconv.FormatFloat(c.Value, 'g', -1, 64))
		}
	}
	fmt.Fprintf(b, "data = data[:(n+%d)/%d*%d]\n", k.Lanes-1, k.Lanes, k.Stride())
	fmt.Fprintf(b, "for i := 0; i < n; i++ {\n")
	fmt.Fprintf(b, "blk := data[i/%d*%d+i%%%d:]\n", k.Lanes, k.Stride(), k.Lanes)
	// Arrays that are read become locals, read once per creature.
	read := map[string]bool{}
	for _, part := range [][]Instr{k.Pre, k.Body, k.Post} {
		for _, in := range part {
			for _, a := range in.Args {
				if k.KindOf(a) == KindArray {
					read[a] = true
				}
			}
		}
	}
	for j, a := range k.Arrays {
		if read[a] {
			fmt.Fprintf(b, "%s := blk[%d]\n", a, j*k.Lanes)
		}
	}
	operand := func(name string) string { return name }
	declared := map[string]bool{}
	write := func(in Instr, declared map[string]bool) {
		if in.Op == OpStore {
			fmt.Fprintf(b, "blk[%d] = %s\n", k.Field(in.Dst)*k.Lanes, in.Args[0])
			return
		}
		writeGoInstrWith(b, k.Kernel, in, declared, operand)
	}
	for _, in := range k.Pre {
		write(in, declared)
	}
	fmt.Fprintf(b, "for step := 0; step < %s; step++ {\n", k.Loop)
	inner := map[string]bool{}
	for name := range declared {
		inner[name] = true
	}
	for _, in := range k.Body {
		write(in, inner)
	}
	if k.Live != "" {
		fmt.Fprintf(b, "if !%s {\nfor step++; step < %s; step++ {\n", k.Live, k.Loop)
		dead := map[string]bool{}
		for name := range declared {
			dead[name] = true
		}
		for _, in := range k.Dead {
			write(in, dead)
		}
		b.WriteString("}\n}\n")
	}
	b.WriteString("}\n")
	for _, in := range k.Post {
		write(in, declared)
	}
	b.WriteString("}\n}\n\n")
}

// BlockDispatchSources prints the dispatch of block kernels, like
// DispatchSources does for the others, and their portable kernels, one
// source per file name:
//
//   - block_soa_gen.go: the portable kernels (GoBlockSource);
//   - block_dispatch_gen.go, every build: run<Name>SoA, which calls the
//     portable kernel on the data's pointer;
//   - block_dispatch_<GOARCH>.go: run<Name>, a switch on the tier that
//     calls each ISA's kernel directly;
//   - block_dispatch_noasm.go, every other build: run<Name> calls
//     run<Name>SoA.
func BlockDispatchSources(pkg string, kernels []*Block, isas []*ISA) (map[string][]byte, error) {
	files := map[string][]byte{}
	put := func(name string, b *bytes.Buffer) error { return putFormatted(files, name, b) }
	var err error
	if files["block_soa_gen.go"], err = GoBlockSource(pkg, kernels); err != nil {
		return nil, err
	}
	arches, byArch := byArch(isas)
	var common bytes.Buffer
	fmt.Fprintf(&common, "%spackage %s\n\nimport \"unsafe\"\n", generatedBy, pkg)
	for _, k := range kernels {
		fmt.Fprintf(&common, "\n// %sSoA calls the portable %s kernel on the blocks of n >= 1 creatures\n// at data (whole blocks; internal/gen.Block).\n", k.runName(), k.Name)
		fmt.Fprintf(&common, "func %sSoA%s {\n%sSoA(unsafe.Slice(data, (n+%d)/%d*%d), %s)\n}\n",
			k.runName(), BlockSignature(k, true), k.Name, k.Lanes-1, k.Lanes, k.Stride(), strings.TrimPrefix(k.args(), "data, "))
	}
	if err := put("block_dispatch_gen.go", &common); err != nil {
		return nil, err
	}
	for _, arch := range arches {
		var b bytes.Buffer
		fmt.Fprintf(&b, "%s//go:build %s\n\npackage %s\n", generatedBy, AsmBuild(arch), pkg)
		for _, k := range kernels {
			fmt.Fprintf(&b, "\n// %s calls tier id's %s kernel directly (see impl).\n", k.runName(), k.Name)
			fmt.Fprintf(&b, "func %s(id tierID, %s {\nswitch id {\n", k.runName(), BlockSignature(k, true)[1:])
			ia := byArch[arch]
			for i := len(ia) - 1; i >= 0; i-- {
				fmt.Fprintf(&b, "case id%s:\n%s%s(%s)\n", ia[i].Name, k.Name, ia[i].Name, k.args())
			}
			fmt.Fprintf(&b, "default:\n%sSoA(%s)\n}\n}\n", k.runName(), k.args())
		}
		if err := put("block_dispatch_"+arch+".go", &b); err != nil {
			return nil, err
		}
	}
	var no bytes.Buffer
	tag := "purego || !gc"
	if len(arches) > 0 {
		tag = "!(" + strings.Join(arches, " || ") + ") || " + tag
	}
	fmt.Fprintf(&no, "%s//go:build %s\n\npackage %s\n", generatedBy, tag, pkg)
	for _, k := range kernels {
		fmt.Fprintf(&no, "\n// %s: without assembly, the portable kernel.\n", k.runName())
		fmt.Fprintf(&no, "func %s(_ tierID, %s {\n%sSoA(%s)\n}\n", k.runName(), BlockSignature(k, true)[1:], k.runName(), k.args())
	}
	if err := put("block_dispatch_noasm.go", &no); err != nil {
		return nil, err
	}
	return files, nil
}

func (k *Block) runName() string { return "run" + strings.ToUpper(k.Name[:1]) + k.Name[1:] }

// args are the argument names of k's functions after the data pointer.
func (k *Block) args() string {
	a := []string{"data", "n"}
	if k.Loop != "" {
		a = append(a, k.Loop)
	}
	return strings.Join(append(a, k.Params...), ", ")
}
