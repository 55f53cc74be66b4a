package main

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"

	"github.com/evocopter/evocopter/evolve"
	"github.com/evocopter/evocopter/sim"
)

// checkDir makes sure results can be saved in dir before any work starts:
// it is a folder that takes new files.
func checkDir(dir string) error {
	if err := probeFolder(dir); err != nil {
		return usagef("-dir %s: %v", dir, err)
	}
	return nil
}

// saveBest writes c as creature-<fitness>-<id>.json in dir and returns the
// path.
func saveBest(dir string, c evolve.Creature) (string, error) {
	return saveCreature(filepath.Join(dir, fmt.Sprintf("creature-%.2f-%d.json", c.Fitness, c.ID)), c)
}

// saveCreature writes c as creature JSON to path and returns the path.
func saveCreature(path string, c evolve.Creature) (string, error) {
	data, err := creatureJSON(c, "  ")
	if err != nil {
		return "", err
	}
	o, err := checkOutput("-dir", path, false)
	if err != nil {
		return "", err
	}
	return path, o.write(append(data, '\n'))
}

// creatureJSON is c as a creature file holds it, with its task (known by
// its number of coefficients), indented by indent (on one line if indent
// is ""). A fitness that is not a finite number is left
// out (JSON has no NaN); such coefficients cannot be written at all.
func creatureJSON(c evolve.Creature, indent string) ([]byte, error) {
	t, err := sim.TaskOfLen(len(c.Coeffs))
	if err != nil {
		return nil, fmt.Errorf("creature %d: %v", c.ID, err)
	}
	sc := sim.NewCreatureFile(t, c.Coeffs)
	sc.ID = c.ID
	if fit := c.Fitness; !math.IsNaN(fit) && !math.IsInf(fit, 0) {
		sc.Fitness = &fit
	}
	for i, x := range c.Coeffs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("creature %d: coefficient %d is %v, which a creature file cannot hold", c.ID, i, x)
		}
	}
	if indent == "" {
		return json.Marshal(sc)
	}
	return json.MarshalIndent(sc, "", indent)
}

// tempFile is what writeFileAtomic needs of its temporary file.
type tempFile interface {
	Write([]byte) (int, error)
	Chmod(os.FileMode) error
	Sync() error
	Close() error
	Name() string
}

// wrapTemp lets tests put faults (a full disk) between writeFileAtomic and
// its temporary file.
var wrapTemp = func(f *os.File) tempFile { return f }

// writeFileAtomic writes data to a temporary file beside path, syncs it and
// renames it over path, then syncs the folder: a crash leaves either the
// old file or the new one, never a torn one, and a failure (disk full,
// folder not writable) leaves the old file and no temporary one. A crash
// can leave a temporary file; the next save of path removes it (see
// removeStaleTemps).
func writeFileAtomic(path string, data []byte) (err error) {
	removeStaleTemps(path)
	f, err := os.CreateTemp(filepath.Dir(path), tempPattern(path))
	if err != nil {
		return fmt.Errorf("saving %s: %w", path, err)
	}
	tmp := wrapTemp(f)
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
			err = fmt.Errorf("saving %s: %w", path, err)
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	mode := fs.FileMode(0o644)
	if st, err := os.Stat(path); err == nil && st.Mode().IsRegular() {
		mode = st.Mode().Perm() // a replaced file keeps its permissions
	}
	if err = tmp.Chmod(mode); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	syncDir(filepath.Dir(path))
	return nil
}

// syncDir makes a rename in dir durable. Best effort: some systems cannot
// sync a folder, and the file itself is already synced.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
