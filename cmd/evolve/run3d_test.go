package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/evocopter/evocopter/kernel"
	"github.com/evocopter/evocopter/sim"
)

// TestHover3DRunSameEveryTier: a fixed-seed hover3d run prints the same
// lines (apart from the seconds) and saves the same best creature with
// the scalar model and with the fused kernel of every verified tier this
// CPU runs, with one worker and with three.
func TestHover3DRunSameEveryTier(t *testing.T) {
	var wantOut, wantBest string
	for _, tier := range append([]string{sim.TierScalar}, kernel.TierNames(kernel.Hover3DTiers())...) {
		for _, workers := range []string{"1", "3"} {
			dir := t.TempDir()
			code, out, errs := runCmd(t, "-task", "hover3d", "-generations", "5", "-seed", "1", "-dir", dir, "-kernel", tier, "-workers", workers)
			if code != 0 {
				t.Fatalf("%s x%s: exit %d: %s", tier, workers, code, errs)
			}
			files, _ := filepath.Glob(filepath.Join(dir, "creature-*.json"))
			if len(files) != 1 {
				t.Fatalf("%s x%s: saved %v", tier, workers, files)
			}
			best, err := os.ReadFile(files[0])
			if err != nil {
				t.Fatal(err)
			}
			out = secs.ReplaceAllString(out, "")
			if wantOut == "" {
				if strings.Count(out, "Generation") != 5 {
					t.Fatalf("%s: not five generation lines:\n%s", tier, out)
				}
				wantOut, wantBest = out, filepath.Base(files[0])+"\n"+string(best)
				continue
			}
			if out != wantOut {
				t.Errorf("%s x%s: lines differ from the scalar model's:\n%s\nwant\n%s", tier, workers, out, wantOut)
			}
			if got := filepath.Base(files[0]) + "\n" + string(best); got != wantBest {
				t.Errorf("%s x%s: best creature differs from the scalar model's:\n%s\nwant\n%s", tier, workers, got, wantBest)
			}
		}
	}
}
