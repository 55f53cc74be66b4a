package main

import (
	"fmt"

	"github.com/evocopter/evocopter/evolve"
	"github.com/evocopter/evocopter/sim"
)

// checkpointMemoryFactor bounds a checkpoint file by the memory this
// process may use: reading a file of S bytes (about 240 per creature)
// holds S bytes and the population it decodes to (about 1,100 bytes per
// creature once it runs), under 6 S in all.
const checkpointMemoryFactor = 6

// readCheckpoint reads a checkpoint file (-resume); errors are usage
// errors naming the file.
func readCheckpoint(path string) (evolve.Strategy, evolve.Settings, error) {
	have, _ := memoryLimit()
	data, err := readInput("-resume", path, int64(have/checkpointMemoryFactor), "a checkpoint", textSniff("a checkpoint"))
	if err != nil {
		return nil, evolve.Settings{}, err
	}
	u, s, err := evolve.ResumeStrategy(data)
	if err != nil {
		return nil, s, usagef("-resume %s: %w", path, err)
	}
	n := sim.Vertical.Shape.Len()
	if t, err := sim.TaskByName(s.Task); err == nil { // ResumeStrategy checked it
		n = t.Shape.Len()
	}
	if err := checkPopulation("-resume "+path, s.Population, n); err != nil {
		return nil, s, err
	}
	return u, s, nil
}

// checkCheckpointOutput checks -checkpoint: a regular file (it is read
// back), not replacing a file of another run unless force: a file there
// must be the checkpoint being resumed, or empty.
func checkCheckpointOutput(path, resume string, force bool) (*output, error) {
	o, err := checkOutput("-checkpoint", path, false)
	if err != nil {
		return nil, err
	}
	if o.exists && !force && (resume == "" || !sameFile(path, resume)) {
		if size := fileSize(o.target); size > 0 {
			return nil, usagef("-checkpoint %s: the file exists (%d bytes) and is not the checkpoint being resumed; give a new file, -resume it, or add -force to replace it", path, size)
		}
	}
	return o, nil
}

// writeCheckpoint saves the run atomically: a crash or kill while writing
// leaves the previous checkpoint whole. The history (if any) is written up
// to the checkpoint's generation first, so that a checkpoint never holds a
// generation its history lacks.
func writeCheckpoint(o *output, u evolve.Strategy, s evolve.Settings, hist *historyWriter) error {
	if hist != nil {
		if err := hist.Flush(); err != nil {
			return err
		}
	}
	data, err := u.MarshalCheckpoint(s)
	if err != nil {
		return fmt.Errorf("checkpoint %s: %w", o.path, err)
	}
	return o.write(data)
}
