//go:build amd64 && gc && !purego

package kernel

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestNoEVEXRegistersOutsideAVX512 reads the generated assembly: only the
// avx512 functions may name X16-X31, Y16-Y31 or Z registers. The Go
// assembler encodes e.g. VMULPD Y16, ... as EVEX without complaint (it
// rejects only instructions that have no EVEX form), and that code would
// fault on a CPU without AVX-512VL; avo's register allocator may hand out
// those registers when a kernel needs more than 16.
func TestNoEVEXRegistersOutsideAVX512(t *testing.T) {
	src, err := os.ReadFile("kernel_amd64.s")
	if err != nil {
		t.Fatal(err)
	}
	high := regexp.MustCompile(`\b([XY](1[6-9]|2[0-9]|3[01])|Z[0-9]+|K[0-7])\b`)
	fn := ""
	for i, line := range strings.Split(string(src), "\n") {
		if strings.HasPrefix(line, "TEXT ") {
			fn = strings.Fields(line)[1]
			continue
		}
		if fn != "" && !strings.Contains(fn, "AVX512") && high.MatchString(line) {
			t.Errorf("kernel_amd64.s:%d: %s uses %s: %s", i+1, fn, high.FindString(line), strings.TrimSpace(line))
		}
	}
	if fn == "" {
		t.Fatal("no TEXT in kernel_amd64.s")
	}
}
