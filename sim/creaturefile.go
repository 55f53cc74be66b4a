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
// an array of them.
type CreatureFile struct {
	Name    string
	ID      int64
	Fitness *float64 // nil when unknown
	Coeffs  Coeffs
}

// creatureJSON is the file form. Pointers tell a missing or null number
// from a zero.
type creatureJSON struct {
	Name     string       `json:"name,omitempty"`
	ID       int64        `json:"id,omitempty"`
	Fitness  *float64     `json:"fitness,omitempty"`
	Matrix   [][]*float64 `json:"matrix"`
	Constant []*float64   `json:"constant"`
}

// MarshalJSON writes the file form.
func (c CreatureFile) MarshalJSON() ([]byte, error) {
	k := c.Coeffs
	f := func(x float64) *float64 { return &x }
	return json.Marshal(creatureJSON{
		Name: c.Name, ID: c.ID, Fitness: c.Fitness,
		Matrix:   [][]*float64{{f(k[K0]), f(k[K1]), f(k[K2])}, {f(k[Q0]), f(k[Q1]), f(k[Q2])}},
		Constant: []*float64{f(k[C0]), f(k[C1])},
	})
}

// UnmarshalJSON reads the file form and checks its shape.
func (c *CreatureFile) UnmarshalJSON(b []byte) error {
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		return errors.New("creature is null")
	}
	var j creatureJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	if j.Matrix == nil {
		return errors.New(`missing "matrix"`)
	}
	if j.Constant == nil {
		return errors.New(`missing "constant"`)
	}
	if len(j.Matrix) != 2 {
		return fmt.Errorf(`"matrix" has %d rows, want 2 rows of 3`, len(j.Matrix))
	}
	for r, row := range j.Matrix {
		if len(row) != 3 {
			return fmt.Errorf(`"matrix" row %d has %d entries, want 3`, r, len(row))
		}
	}
	if len(j.Constant) != 2 {
		return fmt.Errorf(`"constant" has %d entries, want 2`, len(j.Constant))
	}
	vals := []*float64{j.Matrix[0][0], j.Matrix[0][1], j.Matrix[0][2],
		j.Matrix[1][0], j.Matrix[1][1], j.Matrix[1][2], j.Constant[0], j.Constant[1]}
	for i, v := range vals {
		if v == nil {
			return fmt.Errorf("coefficient %d is null", i)
		}
		c.Coeffs[i] = *v
	}
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

// ParseCreatures parses one creature or an array of creatures.
func ParseCreatures(data []byte) ([]CreatureFile, error) {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return nil, errors.New("empty file, want a creature or an array of creatures")
	}
	var out []CreatureFile
	switch trimmed[0] {
	case '[':
		if err := strictUnmarshal(trimmed, &out); err != nil {
			return nil, err
		}
		if len(out) == 0 {
			return nil, errors.New("empty array, want at least one creature")
		}
	case '{':
		var c CreatureFile
		if err := strictUnmarshal(trimmed, &c); err != nil {
			return nil, err
		}
		out = []CreatureFile{c}
	default:
		return nil, errors.New("not JSON: want a creature object or an array of creatures")
	}
	return out, nil
}

// strictUnmarshal decodes exactly one JSON value and rejects trailing data.
func strictUnmarshal(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(v); err != nil {
		return describeJSONError(data, err)
	}
	if dec.More() {
		return errors.New("trailing data after the JSON value")
	}
	return nil
}

// describeJSONError turns encoding/json's errors into a message that names
// where in the file the problem is.
func describeJSONError(data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return errors.New("truncated JSON")
	case errors.As(err, &syn):
		line, col := position(data, syn.Offset)
		return fmt.Errorf("malformed JSON at line %d, column %d: %w", line, col, syn)
	case errors.As(err, &typ):
		line, col := position(data, typ.Offset)
		return fmt.Errorf("wrong JSON type at line %d, column %d: %s is not %s", line, col, typ.Value, typ.Type)
	}
	return err
}

func position(data []byte, offset int64) (line, col int) {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
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
