package history

import (
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/evocopter/evocopter/evolve"
)

// Resume opens the history of a run resumed at generation gen with
// population pop (the checkpoint's) and forgets what it recorded after that
// generation (a run that went on past its last checkpoint), so the resumed
// run writes those generations again.
//
// Forgetting deletes rows, so Resume first makes sure the history is this
// run's: an empty history is (the run was recorded elsewhere or not at
// all); otherwise it must hold creatures of pop with pop's coefficients.
// A history of another run is refused unchanged.
func Resume(path string, gen int, pop []evolve.Creature) (*DB, error) {
	// First read-only: a refused file is left byte for byte (see Create).
	if err := examine(path, func(tx *sql.Tx) error { return sameRun(tx, pop) }); err != nil {
		return nil, fmt.Errorf("%s %w", path, err)
	}
	h, err := open(path, true)
	if err != nil {
		return nil, err
	}
	err = h.tx(func(tx *sql.Tx) error {
		if err := sameRun(tx, pop); err != nil {
			return err
		}
		if hasVectors(tx) {
			if _, err := tx.Exec(`DELETE FROM coefficients WHERE id IN (SELECT id FROM creatures WHERE born > ?)`, gen); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(`DELETE FROM creatures WHERE born > ?`, gen); err != nil {
			return err
		}
		_, err := tx.Exec(`UPDATE creatures SET killed = NULL WHERE killed >= ?`, gen)
		return err
	})
	if err != nil {
		h.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return h, nil
}

// sameRunSample is how many of the population sameRun looks up: ids are
// counted from 1 in every run, so another run's history shares ids with
// this one, but two runs share no coefficients; a few hundred lookups
// tell them apart and stay cheap for a population of millions.
const sameRunSample = 256

// sameRun returns an error if the history holds creatures and pop is not
// the population of the run it recorded: a sampled creature of pop is
// recorded with other coefficients, or none of the sampled ones is
// recorded at all. Creatures of pop missing from the history are fine on
// their own (the history may lag the checkpoint by the generations a
// power cut lost; the resumed run records them).
func sameRun(tx *sql.Tx, pop []evolve.Creature) error {
	var rows int
	if err := tx.QueryRow(`SELECT count(*) FROM creatures`).Scan(&rows); err != nil {
		return err
	}
	if rows == 0 {
		return nil
	}
	errOther := errors.New("holds another run's creatures, not the checkpoint's; give this run's history or a new file")
	step := max(1, len(pop)/sameRunSample)
	found := 0
	for i := 0; i < len(pop); i += step {
		c := pop[i]
		same, err := recordedAs(tx, c)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return err
		}
		if !same {
			return fmt.Errorf("%w (creature %d differs)", errOther, c.ID)
		}
		found++
	}
	if found == 0 {
		return errOther
	}
	return nil
}

// recordedAs reports whether the history holds creature c with c's
// coefficients (sql.ErrNoRows if it does not hold c at all). == rather
// than bits: SQLite stores -0 as 0 (a task's JSON keeps it, == ignores it).
func recordedAs(tx *sql.Tx, c evolve.Creature) (bool, error) {
	var k [8]sql.NullFloat64
	err := tx.QueryRow(`SELECT k0, k1, k2, q0, q1, q2, c0, c1 FROM creatures WHERE id = ?`, c.ID).
		Scan(&k[0], &k[1], &k[2], &k[3], &k[4], &k[5], &k[6], &k[7])
	if err != nil {
		return false, err
	}
	if k[0].Valid {
		if len(c.Coeffs) != len(k) {
			return false, nil
		}
		for i := range k {
			if k[i].Float64 != c.Coeffs[i] {
				return false, nil
			}
		}
		return true, nil
	}
	if !hasVectors(tx) {
		return false, nil
	}
	v, err := vectorOf(tx.QueryRow, c.ID)
	if err != nil {
		return false, nil
	}
	return slices.Equal(v.coeffs, c.Coeffs), nil
}

// hasVectors reports whether the history has the coefficients table.
func hasVectors(tx *sql.Tx) bool {
	var n int
	err := tx.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'coefficients'`).Scan(&n)
	return err == nil && n == 1
}
