// Command genblock writes the portable Go block kernels (package kernel)
// from the descriptions in internal/gen (gen.BlockKernels: the fused 3-D
// flight).
package main

import (
	"flag"
	"log"
	"os"

	"github.com/evocopter/evocopter/internal/gen"
)

func main() {
	out := flag.String("out", "block_soa_gen.go", "output file")
	pkg := flag.String("pkg", "kernel", "package name")
	flag.Parse()
	src, err := gen.GoBlockSource(*pkg, gen.BlockKernels())
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		log.Fatal(err)
	}
}
