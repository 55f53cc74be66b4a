// Command gensoa writes the portable structure-of-arrays Go kernels
// (package kernel) from the descriptions in internal/gen.
package main

import (
	"flag"
	"log"
	"os"

	"github.com/evocopter/evocopter/internal/gen"
)

func main() {
	out := flag.String("out", "soa_gen.go", "output file")
	pkg := flag.String("pkg", "kernel", "package name")
	flag.Parse()
	src, err := gen.GoSource(*pkg, gen.Kernels())
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		log.Fatal(err)
	}
}
