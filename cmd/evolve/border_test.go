package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/evocopter/evocopter/bench/border"
	"github.com/evocopter/evocopter/kernel"
)

// TestBenchBorder checks the shape of `evolve bench -border` (not its
// speed): every form listed, measured unless skipped with a reason, two
// work rows per available tier with a break-even size for every border
// this build crosses, and the same in the table.
func TestBenchBorder(t *testing.T) {
	code, out, errs := runCmd(t, "bench", "-border", "-json", "-time", "1ms")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var rep borderReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Calls) != len(border.Forms()) || rep.Share != 0.05 {
		t.Fatalf("report %+v", rep)
	}
	crossed := map[string]bool{}
	for _, c := range rep.Calls {
		if (c.Skip == "") != (c.NsPerCall > 0) {
			t.Errorf("call %s: skipped %q, %v ns", c.Name(), c.Skip, c.NsPerCall)
		}
		crossed[c.Via] = c.Skip == ""
	}
	if !crossed["go"] {
		t.Errorf("the Go baseline was not measured")
	}
	if len(rep.Work) != 2*len(kernel.Available()) {
		t.Fatalf("%d work rows for tiers %v", len(rep.Work), kernel.Available())
	}
	for _, w := range rep.Work {
		for via, ok := range crossed {
			if n, has := w.BreakEven[via]; has != ok || (ok && n < 1) {
				t.Errorf("%s %s: break-even via %s = %d (present %v), crossed %v", w.Tier, w.Kernel, via, n, has, ok)
			}
		}
	}
	code, out, _ = runCmd(t, "bench", "-border", "-time", "1ms")
	if code != 0 || !strings.Contains(out, "12slices") || !strings.Contains(out, "break-even") || strings.Count(out, "\n"+string(kernel.SoA)+" ") != 2 {
		t.Errorf("table: exit %d\n%s", code, out)
	}
}
