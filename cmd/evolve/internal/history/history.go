// Package history records every creature of a run in a SQLite database:
//
//	creatures(id INTEGER PRIMARY KEY, parent INTEGER, born INTEGER,
//	          killed INTEGER, fitness REAL, k0, k1, k2, q0, q1, q2, c0, c1 REAL)
//
// parent is NULL for the creatures of generation 1; born is the generation
// a creature was born into; killed is the last generation it lived in (the
// selection at the end of that generation killed it), NULL while it lives.
// Each generation is written in one transaction. Numbers keep their bits,
// except that SQLite stores -0 as 0: a coefficient's zero sign can only
// change the sign of a zero product, never a fitness (the controller has no
// division), so a creature read back flies exactly as it did. The driver is pure Go
// (modernc.org/sqlite), so the binary still cross-compiles without cgo.
//
// A creature of another task (hover3d: 70 coefficients) has k0..c1 NULL
// and its coefficients in a second table, created with its first row:
//
//	coefficients(id INTEGER PRIMARY KEY, task TEXT, coeffs TEXT)
//
// coeffs is a JSON array whose numbers read back with their bits (-0
// included).
package history

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/evocopter/evocopter/evolve"
	"github.com/evocopter/evocopter/sim"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

const schema = `CREATE TABLE IF NOT EXISTS creatures (
	id INTEGER PRIMARY KEY,
	parent INTEGER,
	born INTEGER NOT NULL,
	killed INTEGER,
	fitness REAL,
	k0 REAL, k1 REAL, k2 REAL, q0 REAL, q1 REAL, q2 REAL, c0 REAL, c1 REAL
)`

// vectorSchema is the table of the coefficients of creatures of a task
// other than vertical.
const vectorSchema = `CREATE TABLE IF NOT EXISTS coefficients (
	id INTEGER PRIMARY KEY,
	task TEXT NOT NULL,
	coeffs TEXT NOT NULL
)`

// DB is an open history.
type DB struct {
	db    *sql.DB
	stmts map[string]*sql.Stmt // prepared statements by their text
}

// Create opens the history at path for a new run: the file may not exist
// yet or may be empty, but it must not hold another run's creatures.
//
// The file is examined read-only first, so that a refused file (another
// run's history, another program's database, not a database at all) is
// left byte for byte as it was: opening it to write would switch its
// journal mode and create the table.
func Create(path string) (*DB, error) {
	err := examine(path, func(tx *sql.Tx) error {
		rows, err := tx.Query(`SELECT name FROM sqlite_master WHERE type = 'table'`)
		if err != nil {
			return err
		}
		var others []string
		hasCreatures := false
		for rows.Next() {
			var name string
			if err := rows.Scan(&name); err != nil {
				rows.Close()
				return err
			}
			switch name {
			case "creatures":
				hasCreatures = true
			case "coefficients":
			default:
				others = append(others, name)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(others) > 0 {
			return fmt.Errorf("holds tables of another program (%s), not an evolve history; give a new file", strings.Join(others, ", "))
		}
		if !hasCreatures {
			return nil
		}
		var n int
		if err := tx.QueryRow(`SELECT count(*) FROM creatures`).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("already holds a run (%d creatures); give a new file, or -resume that run", n)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s %w", path, err)
	}
	return open(path, true)
}

// examine runs check in a read-only transaction on the database at path,
// if there is one (a missing or empty file passes): nothing is written to
// the file, whatever check finds.
func examine(path string, check func(*sql.Tx) error) error {
	if st, err := os.Stat(path); err != nil || st.Size() == 0 {
		return nil
	}
	db, err := sql.Open("sqlite", "file:"+uriEscaper.Replace(path)+"?_pragma=busy_timeout(5000)&_pragma=query_only(1)")
	if err != nil {
		return fmt.Errorf(": %w", err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	tx, err := db.Begin()
	if err != nil {
		return fmt.Errorf(": %w", err)
	}
	defer tx.Rollback()
	if err := check(tx); err != nil {
		if strings.Contains(err.Error(), "not a database") {
			return errors.New("is not a history (not an SQLite database); give a new file")
		}
		return err
	}
	return nil
}

// Open opens an existing history to read it.
func Open(path string) (*DB, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, err
	}
	return open(path, false)
}

var uriEscaper = strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")

func open(path string, write bool) (*DB, error) {
	// A URI, so the characters URIs reserve are escaped. WAL with
	// synchronous=NORMAL commits without waiting for the disk: a crash of
	// the program loses nothing, a power cut at most the last generations
	// (a resume from an older checkpoint writes them again). A reader is
	// query_only rather than mode=ro, so that closing it removes the WAL
	// files as the writer's close does.
	dsn := "file:" + uriEscaper.Replace(path) + "?_pragma=busy_timeout(5000)"
	if write {
		dsn += "&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)"
	} else {
		dsn += "&_pragma=query_only(1)"
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	h := &DB{db: db, stmts: map[string]*sql.Stmt{}}
	if err := h.prepare(write); err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return h, nil
}

func (h *DB) prepare(write bool) error {
	if !write {
		var name string
		err := h.db.QueryRow(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'creatures'`).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			return errors.New("not an evolve history (no creatures table)")
		}
		return err
	}
	_, err := h.db.Exec(schema)
	return err
}

func (h *DB) tx(f func(*sql.Tx) error) error {
	tx, err := h.db.Begin()
	if err != nil {
		return err
	}
	if err := f(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Record writes one generation in one transaction: the evaluated creatures
// of born (creatures already recorded are left as they are) and, for the
// dead, the generation they were killed in. Rows go in prepared statements
// of up to batch rows each, which is several times cheaper than a
// statement per row.
func (h *DB) Record(born, dead []evolve.Creature, killed int) error {
	var rows, vectors []evolve.Creature
	for _, c := range born {
		switch {
		case !c.Evaluated:
		case len(c.Coeffs) == len(sim.Coeffs{}):
			rows = append(rows, c)
		default:
			vectors = append(vectors, c)
		}
	}
	var vecStmts [2]*sql.Stmt
	if len(vectors) > 0 {
		if _, err := h.db.Exec(vectorSchema); err != nil {
			return err
		}
		for i, q := range []string{
			`INSERT OR IGNORE INTO creatures (id, parent, born, fitness) VALUES (?,?,?,?)`,
			`INSERT OR IGNORE INTO coefficients (id, task, coeffs) VALUES (?,?,?)`,
		} {
			st, err := h.stmt(q)
			if err != nil {
				return err
			}
			vecStmts[i] = st
		}
	}
	// Prepare before the transaction takes the one connection.
	var inserts, kills []*sql.Stmt
	for _, n := range chunks(len(rows)) {
		st, err := h.stmt(insertSQL(n))
		if err != nil {
			return err
		}
		inserts = append(inserts, st)
	}
	for _, n := range chunks(len(dead)) {
		st, err := h.stmt(killSQL(n))
		if err != nil {
			return err
		}
		kills = append(kills, st)
	}
	return h.tx(func(tx *sql.Tx) error {
		for _, c := range vectors {
			t, err := sim.TaskOfLen(len(c.Coeffs))
			if err != nil {
				return fmt.Errorf("creature %d: %v", c.ID, err)
			}
			vec, err := json.Marshal(c.Coeffs)
			if err != nil {
				return fmt.Errorf("creature %d: %v", c.ID, err)
			}
			if _, err := tx.Stmt(vecStmts[0]).Exec(c.ID, parentOf(c), c.Born, c.Fitness); err != nil {
				return err
			}
			if _, err := tx.Stmt(vecStmts[1]).Exec(c.ID, t.Name, string(vec)); err != nil {
				return err
			}
		}
		args := make([]any, 0, batch*12)
		for _, st := range inserts {
			n := min(len(rows), batch)
			args = args[:0]
			for _, c := range rows[:n] {
				k := c.Coeffs
				args = append(args, c.ID, parentOf(c), c.Born, c.Fitness, k[0], k[1], k[2], k[3], k[4], k[5], k[6], k[7])
			}
			if _, err := tx.Stmt(st).Exec(args...); err != nil {
				return err
			}
			rows = rows[n:]
		}
		for _, st := range kills {
			n := min(len(dead), batch)
			args = append(args[:0], killed)
			for _, c := range dead[:n] {
				args = append(args, c.ID)
			}
			if _, err := tx.Stmt(st).Exec(args...); err != nil {
				return err
			}
			dead = dead[n:]
		}
		return nil
	})
}

// parentOf is c's parent for the table: NULL in generation 1.
func parentOf(c evolve.Creature) any {
	if c.Parent == 0 {
		return nil
	}
	return c.Parent
}

// chunks splits n rows into statements of at most batch rows.
func chunks(n int) []int {
	var out []int
	for ; n > 0; n -= batch {
		out = append(out, min(n, batch))
	}
	return out
}

// stmt returns query prepared, once per database.
func (h *DB) stmt(query string) (*sql.Stmt, error) {
	if st, ok := h.stmts[query]; ok {
		return st, nil
	}
	st, err := h.db.Prepare(query)
	if err != nil {
		return nil, err
	}
	h.stmts[query] = st
	return st, nil
}

// batch is the most rows one statement writes (12 parameters a row, well
// under SQLite's limit of 32766).
const batch = 100

var insertSQLs, killSQLs [batch + 1]string

func insertSQL(n int) string {
	if insertSQLs[n] == "" {
		insertSQLs[n] = "INSERT OR IGNORE INTO creatures (id, parent, born, fitness, k0, k1, k2, q0, q1, q2, c0, c1) VALUES " +
			strings.TrimSuffix(strings.Repeat("(?,?,?,?,?,?,?,?,?,?,?,?),", n), ",")
	}
	return insertSQLs[n]
}

func killSQL(n int) string {
	if killSQLs[n] == "" {
		killSQLs[n] = "UPDATE creatures SET killed = ? WHERE id IN (" + strings.TrimSuffix(strings.Repeat("?,", n), ",") + ")"
	}
	return killSQLs[n]
}

// Best returns the fittest creature ever recorded (ties: the smallest id).
func (h *DB) Best() (sim.CreatureFile, error) {
	var c sim.CreatureFile
	var fit float64
	var k [8]sql.NullFloat64
	err := h.db.QueryRow(`SELECT id, fitness, k0, k1, k2, q0, q1, q2, c0, c1 FROM creatures
		WHERE fitness IS NOT NULL ORDER BY fitness, id LIMIT 1`).
		Scan(&c.ID, &fit, &k[0], &k[1], &k[2], &k[3], &k[4], &k[5], &k[6], &k[7])
	if errors.Is(err, sql.ErrNoRows) {
		return c, errors.New("the history holds no evaluated creature")
	}
	if err != nil {
		return c, err
	}
	if k[0].Valid {
		for i := range k {
			c.Coeffs[i] = k[i].Float64
		}
	} else {
		v, err := vectorOf(h.db.QueryRow, c.ID)
		if err != nil {
			return c, err
		}
		id := c.ID
		c = sim.NewCreatureFile(v.task, v.coeffs)
		c.ID = id
	}
	c.Fitness = &fit
	return c, nil
}

// vector is a creature's row of the coefficients table.
type vector struct {
	task   *sim.Task
	coeffs []float64
}

// vectorOf reads creature id's coefficients (a task other than vertical)
// with query (a DB's or a Tx's QueryRow).
func vectorOf(query func(string, ...any) *sql.Row, id int64) (vector, error) {
	var name, text string
	if err := query(`SELECT task, coeffs FROM coefficients WHERE id = ?`, id).Scan(&name, &text); err != nil {
		return vector{}, fmt.Errorf("creature %d: its coefficients: %w", id, err)
	}
	t, err := sim.TaskByName(name)
	if err != nil {
		return vector{}, fmt.Errorf("creature %d: %w", id, err)
	}
	var v []float64
	if err := json.Unmarshal([]byte(text), &v); err != nil || len(v) != t.Shape.Len() {
		return vector{}, fmt.Errorf("creature %d: its coefficients are not %d numbers of task %s", id, t.Shape.Len(), t.Name)
	}
	return vector{t, v}, nil
}

// Close closes the database.
func (h *DB) Close() error {
	return h.db.Close()
}
