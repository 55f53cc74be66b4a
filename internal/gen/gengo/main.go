// Command gengo writes package kernel's generated Go from the kernel
// descriptions and ISAs of internal/gen: the portable kernels (soa_gen.go)
// and the tier table and dispatch (dispatch_gen.go, dispatch_<GOARCH>.go,
// dispatch_noasm.go), and the same for the block kernels (block_*.go).
// The assembly is the avo program's (kernel/asm).
package main

import (
	"flag"
	"log"
	"os"
	"path/filepath"
	"slices"

	"github.com/evocopter/evocopter/internal/gen"
)

func main() {
	dir := flag.String("dir", ".", "folder of the package")
	pkg := flag.String("pkg", "kernel", "package name")
	flag.Parse()
	files, err := gen.DispatchSources(*pkg, gen.Kernels(), gen.ISAs())
	if err != nil {
		log.Fatal(err)
	}
	if files["soa_gen.go"], err = gen.GoSource(*pkg, gen.Kernels()); err != nil {
		log.Fatal(err)
	}
	blocks, err := gen.BlockDispatchSources(*pkg, gen.BlockKernels(), gen.ISAs())
	if err != nil {
		log.Fatal(err)
	}
	for name, src := range blocks {
		files[name] = src
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if err := os.WriteFile(filepath.Join(*dir, name), files[name], 0o644); err != nil {
			log.Fatal(err)
		}
	}
}
