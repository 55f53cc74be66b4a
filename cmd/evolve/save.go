package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/evocopter/evocopter/evolve"
	"github.com/evocopter/evocopter/sim"
)

// checkDir makes sure results can be saved in dir before any work starts.
func checkDir(dir string) error {
	st, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("-dir: %w", err)
	}
	if !st.IsDir() {
		return fmt.Errorf("-dir: %s is not a folder", dir)
	}
	return nil
}

// saveBest writes c as creature-<fitness>-<id>.json in dir and returns the
// path.
func saveBest(dir string, c evolve.Creature) (string, error) {
	fit := c.Fitness
	sc := sim.CreatureFile{ID: c.ID, Fitness: &fit, Coeffs: c.VerticalCoeffs()}
	data, err := json.MarshalIndent(sc, "", "  ")
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, fmt.Sprintf("creature-%.2f-%d.json", c.Fitness, c.ID))
	return path, writeFileAtomic(path, append(data, '\n'))
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
	if err = tmp.Chmod(0o644); err != nil {
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

// checkOutput makes sure a file can be written at path (its folder
// exists) before any work starts; the error names the flag.
func checkOutput(flagName, path string) error {
	dir := filepath.Dir(path)
	st, err := os.Stat(dir)
	if err == nil && !st.IsDir() {
		err = fmt.Errorf("%s is not a folder", dir)
	}
	if err != nil {
		return usagef("%s %s: %v", flagName, path, err)
	}
	return nil
}
