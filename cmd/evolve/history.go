package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"

	"github.com/evocopter/evocopter/evolve"
	"github.com/evocopter/evocopter/internal/history"
)

// openHistory opens -db for the run: a new history, or the one of the run
// being resumed at generation gen, which gets the population again in case
// it was recorded elsewhere or not at all.
func openHistory(path string, u *evolve.Universe, resumed bool) (*history.DB, error) {
	if !resumed {
		h, err := history.Create(path)
		if err != nil {
			return nil, usagef("-db %v", err)
		}
		return h, nil
	}
	h, err := history.Resume(path, u.Generation)
	if err != nil {
		return nil, usagef("-db %v", err)
	}
	if err := h.Record(u.Pop, nil, 0); err != nil {
		h.Close()
		return nil, fmt.Errorf("-db %s: %v", path, err)
	}
	return h, nil
}

// newborn are the creatures born into the current generation.
func newborn(u *evolve.Universe) []evolve.Creature {
	var out []evolve.Creature
	for _, c := range u.Pop {
		if c.Born == u.Generation {
			out = append(out, c)
		}
	}
	return out
}

// bestCommand exports the best creature a history ever recorded as the
// creature JSON that eval reads.
func bestCommand(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("best", flag.ContinueOnError)
	db := fs.String("db", "", "the history (SQLite) written by evolve -db")
	out := fs.String("o", "", "write the creature to this file instead of stdout")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: evolve best -db FILE [-o OUT.json]\n\nprints the best creature ever recorded as creature JSON (evolve eval reads it)\n\nflags:")
		fs.PrintDefaults()
	}
	pos, err := parseFlags(fs, args, stdout)
	if err != nil {
		return err
	}
	if len(pos) > 0 || *db == "" {
		return usagef("best needs -db FILE and nothing else (see best -h)")
	}
	if *out != "" {
		if err := checkOutput("-o", *out); err != nil {
			return err
		}
	}
	h, err := history.Open(*db)
	if err != nil {
		return usagef("-db %v", err)
	}
	defer h.Close()
	c, err := h.Best()
	if err != nil {
		return usagef("-db %s: %v", *db, err)
	}
	data, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	data = append(data, '\n')
	if *out == "" {
		_, err = stdout.Write(data)
		return err
	}
	return writeFileAtomic(*out, data)
}
