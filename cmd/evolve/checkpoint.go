package main

import (
	"fmt"
	"os"

	"github.com/evocopter/evocopter/evolve"
)

// readCheckpoint reads a checkpoint file; errors name the file.
func readCheckpoint(path string) (*evolve.Universe, evolve.Settings, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, evolve.Settings{}, fmt.Errorf("-resume: %w", err)
	}
	u, s, err := evolve.ResumeCheckpoint(data)
	if err != nil {
		return nil, s, fmt.Errorf("-resume %s: %w", path, err)
	}
	return u, s, nil
}

// writeCheckpoint saves the run atomically: a crash or kill while writing
// leaves the previous checkpoint whole. The history (if any) is written up
// to the checkpoint's generation first, so that a checkpoint never holds a
// generation its history lacks.
func writeCheckpoint(path string, u *evolve.Universe, s evolve.Settings, hist *historyWriter) error {
	if hist != nil {
		if err := hist.Flush(); err != nil {
			return err
		}
	}
	data, err := u.MarshalCheckpoint(s)
	if err != nil {
		return fmt.Errorf("checkpoint %s: %w", path, err)
	}
	return writeFileAtomic(path, data)
}
