package main

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestInterruptCheckpoints: a stop (SIGTERM) writes a checkpoint of the
// generation it stopped after, and the run resumes from it.
func TestInterruptCheckpoints(t *testing.T) {
	dir := t.TempDir()
	ck := filepath.Join(dir, "run.ckpt")
	lines := interruptedLines(t, 3, "-n", "40", "-dir", dir, "-checkpoint", ck, "-checkpoint-every", "1000")
	// However fast the tier, the run stopped after some n >= 3
	// generations; it resumes to n + 9 as a straight run does.
	n := len(lines)
	total := strconv.Itoa(n + 9)
	straight := mustRun(t, "-n", "40", "-generations", total, "-dir", dir)
	rest := mustRun(t, "-resume", ck, "-generations", total, "-dir", dir)
	if got := strings.Join(lines, "\n") + "\n" + rest; n < 3 || got != straight {
		t.Fatalf("interrupted after %d generations; interrupted + resumed:\n%s\nstraight:\n%s", n, got, straight)
	}
}

// TestKillDuringCheckpoints: a run killed with SIGKILL while it writes a
// checkpoint every generation always leaves a checkpoint that resumes.
func TestKillDuringCheckpoints(t *testing.T) {
	dir := t.TempDir()
	ck := filepath.Join(dir, "run.ckpt")
	// Most of such a run's time is spent writing checkpoints (a generation
	// of 300 takes well under a millisecond), so a kill at a random moment
	// lands in the middle of one most of the time.
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 20 {
		cmd, sc, _ := startChild(t, "-n", "300", "-dir", dir, "-checkpoint", ck, "-checkpoint-every", "1", "-force")
		for range 2 + round%4 {
			if !sc.Scan() {
				t.Fatal("no generation line")
			}
		}
		time.Sleep(time.Duration(r.IntN(3000)) * time.Microsecond)
		cmd.Process.Kill()
		cmd.Wait()
		if code, _, errs := runCmd(t, "-resume", ck, "-generations", "1", "-dir", dir); code != 0 {
			t.Fatalf("round %d: the killed run left a checkpoint that does not resume: %s", round, errs)
		}
	}
	// A kill during a save leaves its temporary file; the next save of the
	// checkpoint (the next round's child, or this one) removes it. Where
	// processRuns cannot tell (not unix) they are kept, one per killed
	// save at most.
	data, err := os.ReadFile(ck)
	if err != nil {
		t.Fatal(err)
	}
	if err := writeFileAtomic(ck, data); err != nil {
		t.Fatal(err)
	}
	tmp, _ := filepath.Glob(filepath.Join(dir, ".*.tmp*"))
	if limit := map[bool]int{true: 0, false: 20}[processRunsCanTell]; len(tmp) > limit {
		t.Fatalf("%d temporary files left, want at most %d: %v", len(tmp), limit, tmp)
	}
}
