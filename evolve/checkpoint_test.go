package evolve

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/evocopter/evocopter/sim"
)

func checkpointAt(t *testing.T, gens int) ([]byte, *Universe) {
	t.Helper()
	u, _ := New(24, 5)
	for {
		u.Evaluate(sim.ScalarEvaluator)
		if u.Generation == gens {
			break
		}
		u.Advance()
	}
	data, err := u.MarshalCheckpoint(Settings{Population: 24, Seed: 5, Kernel: "scalar"})
	if err != nil {
		t.Fatal(err)
	}
	return data, u
}

// TestResumeContinuesExactly: a resumed universe makes the same
// generations as the one that was checkpointed.
func TestResumeContinuesExactly(t *testing.T) {
	data, u := checkpointAt(t, 4)
	r, s, err := ResumeCheckpoint(data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(s, Settings{Population: 24, Seed: 5, Kernel: "scalar"}) {
		t.Fatalf("settings %+v", s)
	}
	for range 5 {
		du, dr := u.Advance(), r.Advance()
		u.Evaluate(sim.ScalarEvaluator)
		r.Evaluate(sim.ScalarEvaluator)
		if len(du) != len(dr) || u.Generation != r.Generation || u.NextID != r.NextID {
			t.Fatalf("generation %d/%d differs", u.Generation, r.Generation)
		}
		for i := range u.Pop {
			if !sameCreature(u.Pop[i], r.Pop[i]) {
				t.Fatalf("generation %d creature %d: %+v vs %+v", u.Generation, i, u.Pop[i], r.Pop[i])
			}
		}
	}
	again, _ := r.MarshalCheckpoint(s)
	if more, _ := u.MarshalCheckpoint(s); !bytes.Equal(again, more) {
		t.Fatal("checkpoints of equal universes differ")
	}
}

// TestCheckpointCutOrEdited: every prefix and every edited digit is an
// error, not a panic and not a different run.
func TestCheckpointCutOrEdited(t *testing.T) {
	data, _ := checkpointAt(t, 2)
	for n := range len(data) {
		if _, _, err := ResumeCheckpoint(data[:n]); err == nil {
			t.Fatalf("checkpoint cut to %d of %d bytes accepted", n, len(data))
		}
	}
	edited := 0
	for i, b := range data {
		if b < '0' || b > '9' {
			continue
		}
		e := bytes.Clone(data)
		e[i] = '0' + (b-'0'+1)%10
		if _, _, err := ResumeCheckpoint(e); err == nil {
			t.Fatalf("checkpoint with byte %d changed %q -> %q accepted", i, b, e[i])
		}
		edited++
	}
	if edited < 100 {
		t.Fatalf("only %d digits edited", edited)
	}
	other := strings.Replace(string(data), `"version":1`, `"version":2`, 1)
	if _, _, err := ResumeCheckpoint([]byte(other)); err == nil || !strings.Contains(err.Error(), "version 2") {
		t.Fatalf("version 2: %v", err)
	}
	if _, _, err := ResumeCheckpoint([]byte(`{"matrix": [[1,2,3],[4,5,6]], "constant": [7,8]}` + "\n")); err == nil {
		t.Fatal("a creature file accepted as a checkpoint")
	}
}

// FuzzResumeCheckpoint: no input makes the checkpoint reader panic, and
// whatever it accepts writes back to the same bytes.
func FuzzResumeCheckpoint(f *testing.F) {
	u, _ := New(6, 1)
	u.Evaluate(sim.ScalarEvaluator)
	good, err := u.MarshalCheckpoint(Settings{Population: 6, Seed: 1, Kernel: "scalar"})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte(`{"format":"evocopter-checkpoint","version":1,"sha256":"","payload":{}}` + "\n"))
	f.Add([]byte("{}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, s, err := ResumeCheckpoint(data)
		if err != nil {
			if r != nil || strings.Contains(err.Error(), "\n") {
				t.Fatalf("error %q with a universe", err)
			}
			return
		}
		again, err := r.MarshalCheckpoint(s)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := ResumeCheckpoint(again); err != nil {
			t.Fatalf("a checkpoint it accepted does not read back: %v", err)
		}
	})
}
