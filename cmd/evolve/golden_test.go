package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestGoldenRun: a fixed-seed run of 30 generations prints the same lines
// (apart from the seconds) and saves the same best creature, to the bit, on
// every architecture, with every kernel and worker count. The golden files were written
// on amd64:
//
//	go run ./cmd/evolve -generations 30 -seed 1
func TestGoldenRun(t *testing.T) {
	wantLines, err := os.ReadFile("testdata/golden-seed1-30gen.txt")
	if err != nil {
		t.Fatal(err)
	}
	wantBest, err := os.ReadFile("testdata/golden-seed1-30gen-best.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, tier := range allTiers() {
		if tier == "generic" && testing.Short() {
			continue // the slowest tier; exact on amd64 only anyway
		}
		workerCounts := []string{"1", "3"}
		if tier == "generic" || tier == "scalar" {
			workerCounts = workerCounts[:1] // one creature at a time: no workers
		}
		for _, workers := range workerCounts {
			t.Run("kernel="+tier+"/workers="+workers, func(t *testing.T) {
				dir := t.TempDir()
				code, out, errs := runCmd(t, "-generations", "30", "-seed", "1", "-dir", dir, "-kernel", tier, "-workers", workers)
				if code != 0 {
					t.Fatalf("exit %d: %s", code, errs)
				}
				if got := secs.ReplaceAllString(out, ""); got != string(wantLines) {
					t.Fatalf("generation lines differ from the golden run:\n%s", got)
				}
				files, _ := filepath.Glob(filepath.Join(dir, "creature-*.json"))
				if len(files) != 1 || filepath.Base(files[0]) != "creature-6219.74-7517.json" {
					t.Fatalf("saved %v", files)
				}
				if got, _ := os.ReadFile(files[0]); string(got) != string(wantBest) {
					t.Fatalf("best creature differs from the golden run:\n%s", got)
				}
			})
		}
	}
}
