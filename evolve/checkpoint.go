package evolve

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
)

// Checkpoint file format: one line of JSON,
//
//	{"format":"evocopter-checkpoint","version":1,"sha256":"<hex>","payload":{...}}
//
// followed by a newline. sha256 is the SHA-256 of the payload's bytes as
// they appear in the file, so an edited or cut file is rejected; the final
// newline makes a file cut just before it incomplete too. Every float is
// stored as the 16 hex digits of its IEEE bits, so a resumed run continues
// with exactly the numbers it stopped with (NaN and infinities included).
const (
	CheckpointFormat  = "evocopter-checkpoint"
	CheckpointVersion = 1
)

// Settings are what a run was started with; a resumed run keeps them.
type Settings struct {
	Population int    `json:"population"`
	Seed       uint64 `json:"seed"`
	Kernel     string `json:"kernel"`
}

type checkpointFile struct {
	Format  string          `json:"format"`
	Version int             `json:"version"`
	SHA256  string          `json:"sha256"`
	Payload json.RawMessage `json:"payload"`
}

type checkpointPayload struct {
	Settings   Settings        `json:"settings"`
	Generation int             `json:"generation"`
	NextID     int64           `json:"next_id"`
	RNG        string          `json:"rng"` // hex of the PCG's MarshalBinary
	Creatures  []checkCreature `json:"creatures"`
}

type checkCreature struct {
	ID        int64       `json:"id"`
	Parent    int64       `json:"parent"`
	Born      int         `json:"born"`
	Evaluated bool        `json:"evaluated"`
	Fitness   hexFloat    `json:"fitness"`
	Coeffs    [8]hexFloat `json:"coeffs"`
}

// hexFloat is a float64 stored as the hex digits of its bits.
type hexFloat float64

func (f hexFloat) MarshalJSON() ([]byte, error) {
	return fmt.Appendf(nil, `"%016x"`, math.Float64bits(float64(f))), nil
}

func (f *hexFloat) UnmarshalJSON(b []byte) error {
	s, err := strconv.Unquote(string(b))
	if err != nil || len(s) != 16 {
		return fmt.Errorf("float %s is not 16 hex digits", b)
	}
	bits, err := strconv.ParseUint(s, 16, 64)
	if err != nil {
		return fmt.Errorf("float %s is not 16 hex digits", b)
	}
	*f = hexFloat(math.Float64frombits(bits))
	return nil
}

// MarshalCheckpoint returns the whole state of the run: population,
// fitness, ids, generation, the generator's state and the settings.
func (u *Universe) MarshalCheckpoint(s Settings) ([]byte, error) {
	rng, err := u.pcg.MarshalBinary()
	if err != nil {
		return nil, err
	}
	p := checkpointPayload{Settings: s, Generation: u.Generation, NextID: u.NextID, RNG: hex.EncodeToString(rng)}
	p.Creatures = make([]checkCreature, len(u.Pop))
	for i, c := range u.Pop {
		cc := checkCreature{ID: c.ID, Parent: c.Parent, Born: c.Born, Evaluated: c.Evaluated, Fitness: hexFloat(c.Fitness)}
		for j, x := range c.Coeffs {
			cc.Coeffs[j] = hexFloat(x)
		}
		p.Creatures[i] = cc
	}
	payload, err := json.Marshal(p)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(payload)
	out, err := json.Marshal(checkpointFile{Format: CheckpointFormat, Version: CheckpointVersion,
		SHA256: hex.EncodeToString(sum[:]), Payload: payload})
	return append(out, '\n'), err
}

// ResumeCheckpoint rebuilds the universe and settings a checkpoint holds.
// A file of another format or version, cut short or edited is an error.
func ResumeCheckpoint(data []byte) (*Universe, Settings, error) {
	if !bytes.HasPrefix(data, []byte("{")) {
		return nil, Settings{}, errors.New("not an evocopter checkpoint")
	}
	if !bytes.HasSuffix(data, []byte("}\n")) {
		return nil, Settings{}, errors.New("checkpoint is truncated (it does not end with its closing line)")
	}
	var f checkpointFile
	if err := strictDecode(data, &f); err != nil {
		return nil, Settings{}, fmt.Errorf("damaged checkpoint: %w", err)
	}
	if f.Format != CheckpointFormat {
		return nil, Settings{}, fmt.Errorf("not an evocopter checkpoint (format %q)", f.Format)
	}
	if f.Version != CheckpointVersion {
		return nil, Settings{}, fmt.Errorf("checkpoint format version %d; this evolve reads version %d", f.Version, CheckpointVersion)
	}
	sum := sha256.Sum256(f.Payload)
	if hex.EncodeToString(sum[:]) != f.SHA256 {
		return nil, Settings{}, errors.New("checkpoint is damaged or was edited (its SHA-256 does not match)")
	}
	var p checkpointPayload
	if err := strictDecode(f.Payload, &p); err != nil {
		return nil, Settings{}, fmt.Errorf("damaged checkpoint: %w", err)
	}
	u, err := p.universe()
	if err != nil {
		return nil, Settings{}, fmt.Errorf("inconsistent checkpoint: %w", err)
	}
	return u, p.Settings, nil
}

func (p *checkpointPayload) universe() (*Universe, error) {
	n := len(p.Creatures)
	if n < 2 || n != p.Settings.Population {
		return nil, fmt.Errorf("%d creatures for a population of %d", n, p.Settings.Population)
	}
	if p.Generation < 1 {
		return nil, fmt.Errorf("generation %d", p.Generation)
	}
	rng, err := hex.DecodeString(p.RNG)
	if err != nil {
		return nil, errors.New("generator state is not hex")
	}
	pcg := new(rand.PCG)
	if err := pcg.UnmarshalBinary(rng); err != nil {
		return nil, fmt.Errorf("generator state: %w", err)
	}
	u := newUniverse(p.Settings.Seed, pcg)
	u.Generation, u.NextID = p.Generation, p.NextID
	u.Pop = make([]Creature, n)
	ids := make(map[int64]bool, n)
	for i, cc := range p.Creatures {
		if cc.ID < 1 || cc.ID >= p.NextID || ids[cc.ID] {
			return nil, fmt.Errorf("creature %d: bad or repeated id %d", i, cc.ID)
		}
		if cc.Born < 1 || cc.Born > p.Generation || cc.Parent < 0 || cc.Parent >= cc.ID {
			return nil, fmt.Errorf("creature %d (id %d): born %d, parent %d", i, cc.ID, cc.Born, cc.Parent)
		}
		ids[cc.ID] = true
		c := Creature{ID: cc.ID, Parent: cc.Parent, Born: cc.Born, Evaluated: cc.Evaluated, Fitness: float64(cc.Fitness)}
		for j, x := range cc.Coeffs {
			c.Coeffs[j] = float64(x)
		}
		u.Pop[i] = c
	}
	return u, nil
}

// strictDecode decodes exactly one JSON value with no unknown fields.
func strictDecode(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("trailing data")
	}
	return nil
}
