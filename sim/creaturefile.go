package sim

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
)

// CreatureFile is one creature as stored in a creature file (a member of
// a running population is an evolve.Creature):
//
//	{"matrix": [[k0,k1,k2],[q0,q1,q2]], "constant": [c0,c1]}
//
// optionally with "name", "id" and "fitness". A file holds one creature or
// an array of them. A creature of another task names it and has that
// task's shape: {"task": "hover3d", "matrix": [5 rows of 13], "constant":
// [5 numbers]}; a file without "task" is a vertical creature.
type CreatureFile struct {
	Name    string
	ID      int64
	Fitness *float64 // nil when unknown
	// Task is the creature's task; nil means Vertical.
	Task *Task
	// Coeffs are a vertical creature's coefficients.
	Coeffs Coeffs
	// Vector are the coefficients of a creature of another task, in the
	// flat order of every task (see Shape); use Values for any task.
	Vector []float64
}

// TaskOf is the creature's task (Vertical when Task is nil).
func (c *CreatureFile) TaskOf() *Task {
	if c.Task == nil {
		return Vertical
	}
	return c.Task
}

// Values returns the creature's coefficients in the flat order of every
// task (a vertical creature's Coeffs as a slice).
func (c *CreatureFile) Values() []float64 {
	if c.TaskOf() == Vertical {
		return c.Coeffs[:]
	}
	return c.Vector
}

// NewCreatureFile returns the file form of a creature of task t with the
// flat coefficients v (copied); it panics if v does not fit t's shape.
func NewCreatureFile(t *Task, v []float64) CreatureFile {
	checkCoeffs(t.Shape, v)
	if t == Vertical {
		return CreatureFile{Coeffs: Coeffs(v)}
	}
	return CreatureFile{Task: t, Vector: append([]float64(nil), v...)}
}

// creatureJSON is the file form. Pointers tell a missing or null number
// from a zero.
type creatureJSON struct {
	Task     string       `json:"task,omitempty"`
	Name     string       `json:"name,omitempty"`
	ID       int64        `json:"id,omitempty"`
	Fitness  *float64     `json:"fitness,omitempty"`
	Matrix   [][]*float64 `json:"matrix"`
	Constant []*float64   `json:"constant"`
}

// MarshalJSON writes the file form (a vertical creature without "task",
// as the original's files).
func (c CreatureFile) MarshalJSON() ([]byte, error) {
	t := c.TaskOf()
	v := c.Values()
	if len(v) != t.Shape.Len() {
		return nil, fmt.Errorf("a %s creature has %d coefficients, got %d", t.Name, t.Shape.Len(), len(v))
	}
	j := creatureJSON{Name: c.Name, ID: c.ID, Fitness: c.Fitness}
	if t != Vertical {
		j.Task = t.Name
	}
	p := make([]float64, len(v))
	copy(p, v)
	ptr := func(i int) *float64 { return &p[i] }
	rows, cols := t.Shape.Rows(), t.Shape.Cols()
	for r := range rows {
		row := make([]*float64, cols)
		for k := range row {
			row[k] = ptr(r*cols + k)
		}
		j.Matrix = append(j.Matrix, row)
	}
	for r := range rows {
		j.Constant = append(j.Constant, ptr(rows*cols+r))
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads the file form and checks its shape against its task.
func (c *CreatureFile) UnmarshalJSON(b []byte) error {
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		return errors.New("creature is null")
	}
	var j creatureJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	t := Vertical
	if j.Task != "" {
		var err error
		if t, err = TaskByName(j.Task); err != nil {
			return err
		}
	}
	if j.Matrix == nil {
		return errors.New(`missing "matrix"`)
	}
	if j.Constant == nil {
		return errors.New(`missing "constant"`)
	}
	rows, cols := t.Shape.Rows(), t.Shape.Cols()
	if len(j.Matrix) != rows {
		return fmt.Errorf(`"matrix" has %d rows, want %d rows of %d`, len(j.Matrix), rows, cols)
	}
	for r, row := range j.Matrix {
		if len(row) != cols {
			return fmt.Errorf(`"matrix" row %d has %d entries, want %d`, r, len(row), cols)
		}
	}
	if len(j.Constant) != rows {
		return fmt.Errorf(`"constant" has %d entries, want %d`, len(j.Constant), rows)
	}
	var vals []*float64
	for _, row := range j.Matrix {
		vals = append(vals, row...)
	}
	vals = append(vals, j.Constant...)
	v := make([]float64, len(vals))
	for i, x := range vals {
		if x == nil {
			return fmt.Errorf("coefficient %d is null", i)
		}
		v[i] = *x
	}
	*c = NewCreatureFile(t, v)
	c.Name, c.ID, c.Fitness = j.Name, j.ID, j.Fitness
	return nil
}

// ReadCreatures reads one creature or an array of creatures.
func ReadCreatures(r io.Reader) ([]CreatureFile, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return ParseCreatures(data)
}

// ParseCreatures parses one creature or an array of creatures. An error
// says where: the line and column, and in an array which creature.
func ParseCreatures(data []byte) ([]CreatureFile, error) {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return nil, errors.New("empty file, want a creature or an array of creatures")
	}
	lead := int64(len(data) - len(bytes.TrimLeft(data, " \t\r\n")))
	switch trimmed[0] {
	case '[':
		return parseCreatureArray(data, lead)
	case '{':
		var c CreatureFile
		if err := strictUnmarshalAt(data, lead, &c); err != nil {
			return nil, err
		}
		return []CreatureFile{c}, nil
	}
	return nil, errors.New("not JSON: want a creature object or an array of creatures")
}

// parseCreatureArray parses the array that starts at data[start], one
// creature at a time, so that an error names the creature and its place
// in the file (a creature's own decoding knows only its own bytes).
func parseCreatureArray(data []byte, start int64) ([]CreatureFile, error) {
	dec := json.NewDecoder(bytes.NewReader(data[start:]))
	if _, err := dec.Token(); err != nil { // '['
		return nil, describeJSONErrorAt(data, start, err)
	}
	var out []CreatureFile
	for dec.More() {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, describeJSONErrorAt(data, start, err)
		}
		// The creature's bytes end where the decoder stands now.
		at := start + dec.InputOffset() - int64(len(raw))
		var c CreatureFile
		if err := json.Unmarshal(raw, &c); err != nil {
			line, _ := position(data, at)
			return nil, fmt.Errorf("creature %d of the array (index %d, from line %d): %w", len(out)+1, len(out), line, describeJSONErrorAt(data, at, err))
		}
		out = append(out, c)
	}
	if _, err := dec.Token(); err != nil { // ']'
		return nil, describeJSONErrorAt(data, start, err)
	}
	if rest := bytes.TrimSpace(data[start+dec.InputOffset():]); len(rest) > 0 {
		return nil, errors.New("trailing data after the JSON value")
	}
	if len(out) == 0 {
		return nil, errors.New("empty array, want at least one creature")
	}
	return out, nil
}

// strictUnmarshal decodes exactly one JSON value and rejects trailing data.
func strictUnmarshal(data []byte, v any) error { return strictUnmarshalAt(data, 0, v) }

// describeJSONError is describeJSONErrorAt for offsets that count from the
// start of data.
func describeJSONError(data []byte, err error) error { return describeJSONErrorAt(data, 0, err) }

// strictUnmarshalAt decodes exactly one JSON value, starting at
// data[start], and rejects trailing data.
func strictUnmarshalAt(data []byte, start int64, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data[start:]))
	if err := dec.Decode(v); err != nil {
		return describeJSONErrorAt(data, start, err)
	}
	if dec.More() {
		return errors.New("trailing data after the JSON value")
	}
	return nil
}

// describeJSONErrorAt turns encoding/json's errors into a message that
// names where in data the problem is; the error's offsets count from
// data[start].
func describeJSONErrorAt(data []byte, start int64, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return errors.New("truncated JSON")
	case errors.As(err, &syn):
		line, col := position(data, start+syn.Offset)
		return fmt.Errorf("malformed JSON at line %d, column %d: %w", line, col, syn)
	case errors.As(err, &typ):
		line, col := position(data, start+typ.Offset)
		return fmt.Errorf("wrong JSON type at line %d, column %d: %s is not %s", line, col, typ.Value, typ.Type)
	}
	return err
}

func position(data []byte, offset int64) (line, col int) {
	offset = min(max(offset, 0), int64(len(data)))
	line, col = 1, 1
	for _, b := range data[:offset] {
		if b == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}

// MaxCreatureFile is the largest creature file ReadCreatureFile reads
// (about 250,000 creatures), so that a wrong file is refused before it is
// read into memory.
const MaxCreatureFile = 64 << 20

// ReadCreatureFile reads a creature file; errors name the file.
func ReadCreatureFile(path string) ([]CreatureFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return nil, fmt.Errorf("%s: is a folder, want a creature file", path)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxCreatureFile+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(data) > MaxCreatureFile {
		return nil, fmt.Errorf("%s: larger than %d MiB, too big for a creature file", path, MaxCreatureFile>>20)
	}
	cs, err := ParseCreatures(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return cs, nil
}
